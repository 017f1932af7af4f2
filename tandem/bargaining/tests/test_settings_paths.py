"""Adopted evaluation settings change only by the bargained path (issue 5, item 7): every
other way in is tried here and refused, and nothing changes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction

from tandem.bargaining import services
from tandem.bargaining.services import DEFAULT_EVALUATION_SETTINGS
from tandem.bargaining.tests.factories import as_offered, settings_bargain
from tandem.errors import DomainError
from tandem.organizations.models import DistrictSettingsVersion, SettingsProposal
from tandem.people.models import User

pytestmark = pytest.mark.django_db

TABLE = "organizations_districtsettingsversion"


@pytest.fixture
def version(ashford):
    """Ashford's baseline: the version in force for most of its educators."""
    return DistrictSettingsVersion.objects.get(district=ashford, bargaining_unit__isnull=True)


def _unchanged(version):
    stored = DistrictSettingsVersion.objects.get(pk=version.pk)
    return stored.values == DEFAULT_EVALUATION_SETTINGS and stored.effective_from == (
        version.effective_from
    )


def test_saving_an_edited_version_is_refused(version):
    version.values = {**version.values, "feedback_school_days": 30}
    with pytest.raises(ValidationError, match="cannot be changed"):
        version.save()
    assert _unchanged(version)


def test_update_and_delete_through_the_orm_are_refused(version):
    versions = DistrictSettingsVersion.objects.filter(pk=version.pk)
    with pytest.raises(PermissionDenied):
        versions.update(values={})
    with pytest.raises(PermissionDenied):
        versions.delete()
    with pytest.raises(PermissionDenied):
        version.delete()
    assert _unchanged(version)


@pytest.mark.parametrize(
    "sql",
    [
        f"UPDATE {TABLE} SET values = '{{}}' WHERE id = %s",
        f"UPDATE {TABLE} SET effective_from = '2030-01-01' WHERE id = %s",
        f"DELETE FROM {TABLE} WHERE id = %s",
    ],
)
def test_the_database_refuses_update_and_delete_in_raw_sql(version, sql):
    """Triggers (migration 0004) stop a console session or a bug that skips the ORM."""
    sql = sql.replace("values", '"values"')
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [version.pk])
    assert _unchanged(version)


def test_a_unit_version_cannot_be_created_without_an_adopted_proposal(ashford, unit_a, waiting):
    arguments = {
        "district": ashford,
        "bargaining_unit": unit_a,
        "number": 9,
        "effective_from": datetime.date(2030, 1, 1),
        "values": DEFAULT_EVALUATION_SETTINGS,
    }
    with pytest.raises(ValidationError, match="only through a proposal"):
        DistrictSettingsVersion.objects.create(**arguments)
    with pytest.raises(ValidationError, match="only through a proposal"):
        DistrictSettingsVersion.objects.create(**arguments, proposal=waiting)
    assert not DistrictSettingsVersion.objects.filter(number=9).exists()


def test_the_database_refuses_a_unit_version_without_a_proposal(ashford, unit_a):
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (district_id, bargaining_unit_id, number, effective_from, "
            '"values", adopted_at, note) VALUES (%s, %s, 9, %s, %s, %s, %s)',
            [ashford.pk, unit_a.pk, "2030-01-01", "{}", "2026-11-24 12:00:00", ""],
        )


def test_a_second_baseline_cannot_be_made(ashford):
    with pytest.raises(DomainError, match="already has evaluation settings"):
        services.district_settings_establish(
            district=ashford, effective_from=datetime.date(2030, 1, 1)
        )
    with pytest.raises(ValidationError, match="made once"):
        DistrictSettingsVersion.objects.create(
            district=ashford,
            number=9,
            effective_from=datetime.date(2030, 1, 1),
            values=DEFAULT_EVALUATION_SETTINGS,
        )


def test_the_old_public_service_is_gone():
    """Renamed: only ``district_settings_establish`` and adoption write versions now."""
    assert not hasattr(services, "settings_version_adopt")


@pytest.fixture
def superuser():
    """A Django superuser, enrolled in two-factor sign-in as staff must be."""
    from allauth.mfa.models import Authenticator

    user = User.objects.create_superuser(email="root@example.org", password="x")
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


@pytest.mark.parametrize("model", ["districtsettingsversion", "settingsproposal"])
def test_the_admin_reads_but_cannot_add_change_or_delete(
    client, superuser, version, waiting, model
):
    client.force_login(superuser)
    pk = version.pk if model == "districtsettingsversion" else waiting.pk
    base = f"/admin/organizations/{model}/"
    assert client.get(base).status_code == 200
    assert client.get(f"{base}{pk}/change/").status_code == 200  # read-only view
    assert client.get(f"{base}add/").status_code == 403
    assert client.post(f"{base}add/", {"number": 9}).status_code == 403
    assert client.post(f"{base}{pk}/change/", {"number": 9}).status_code == 403
    assert client.post(f"{base}{pk}/delete/", {"post": "yes"}).status_code == 403
    assert _unchanged(version)
    waiting.refresh_from_db()
    assert waiting.status == "proposed"


def test_the_api_has_no_route_that_writes_settings(client, ashford, version, waiting, user_of):
    client.force_login(user_of("superintendent@example.org"))
    base = f"/api/districts/{ashford.pk}"
    paths = [
        f"{base}/settings-versions",
        f"{base}/settings-versions/{version.pk}",
        f"{base}/settings-proposals",
        f"{base}/settings-proposals/{waiting.pk}",
        f"{base}/settings-proposals/{waiting.pk}/adopt",
    ]
    body = {"values": {}, "status": "adopted"}
    for path in paths:
        for method in (client.post, client.put, client.patch, client.delete):
            response = method(path, body, content_type="application/json")
            assert response.status_code in (404, 405), (method, path, response.status_code)
    assert client.get(f"{base}/settings-versions").status_code == 200
    assert _unchanged(version)
    waiting.refresh_from_db()
    assert waiting.status == "proposed"


def test_the_api_lists_versions_and_proposals_to_readers_only(client, ashford, user_of):
    client.force_login(user_of("committee.chair@example.org"))
    items = client.get(f"/api/districts/{ashford.pk}/settings-versions").json()["items"]
    assert {(v["bargaining_unit_id"] is None, v["number"]) for v in items} == {
        (True, 1),
        (False, 1),
    }
    proposals = client.get(f"/api/districts/{ashford.pk}/settings-proposals").json()["items"]
    assert sorted(p["status"] for p in proposals) == ["adopted", "proposed"]
    other = SettingsProposal.objects.exclude(district=ashford).first()
    if other is not None:
        assert (
            client.get(f"/api/districts/{other.district_id}/settings-versions").status_code == 404
        )


def test_re_proposing_bad_values_on_the_page_names_the_problem_and_changes_nothing(
    client, reauthenticated, ashford, waiting, who
):
    services.settings_proposal_decline(
        by=who["management"],
        proposal_id=waiting.pk,
        reason="Starting over now.",
    )
    reauthenticated(who["management"])
    url = f"/districts/{ashford.pk}/settings/propose/?unit={waiting.bargaining_unit_id}"
    form = client.get(url).context["form"]
    data = as_offered(
        form,
        unit=waiting.bargaining_unit_id,
        effective_from="2028-01-03",
        rationale="Article 12.",
        feedback_school_days="0",
        due_summative="13-45",
    )
    count = SettingsProposal.objects.count()
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and "Nothing was proposed" in page
    assert "Written feedback after an observation" in page  # the field with the problem
    assert SettingsProposal.objects.count() == count

    data["feedback_school_days"] = "4"
    response = client.post(url, data)
    assert "The due date of summative is not a real date." in response.content.decode()
    assert SettingsProposal.objects.count() == count


def test_a_cycle_begun_after_adoption_reads_the_new_version_from_its_effective_date():
    from tandem.evaluation.models import EvaluationCycle
    from tandem.evaluation.services import cycles as evaluation
    from tandem.people.models import Employment

    today = datetime.date(2026, 11, 24)
    employment = Employment.objects.filter(
        district__name="Bellmont Public Schools",
        role_group="teacher",
        evaluation_cycles__isnull=False,
    ).first()
    EvaluationCycle.objects.filter(employment=employment).update(
        step="complete", overall_rating="proficient"
    )
    changed = {**DEFAULT_EVALUATION_SETTINGS, "feedback_school_days": 2}
    tomorrow = today + datetime.timedelta(days=1)
    version = settings_bargain(
        unit=employment.bargaining_unit, values=changed, effective_from=tomorrow
    )
    school_year = employment.district.school_years.get(start_date__lte=today, end_date__gte=today)
    cycle = evaluation.cycle_start(
        employment_id=employment.pk, school_year=school_year, start_date=tomorrow
    )
    assert cycle.settings_version == version
    assert cycle.settings_version.values["feedback_school_days"] == 2
