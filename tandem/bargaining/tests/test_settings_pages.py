"""The evaluation settings pages: who reads them, and the bargained path through them."""

import datetime

import pytest

from tandem.bargaining.tests.factories import as_offered
from tandem.organizations.models import DistrictSettingsVersion, SettingsProposal
from tandem.rubrics.models import FrameworkVersion

pytestmark = pytest.mark.django_db


def _settings_url(district):
    return f"/districts/{district.pk}/settings/"


def test_the_settings_page_shows_each_unit_and_who_signed_each_step(client, ashford, user_of):
    client.force_login(user_of("teacher@example.org"))
    page = client.get(_settings_url(ashford)).content.decode()
    assert "District baseline" in page and "Unit B" in page
    assert "within 5 school days" in page and "May 15" in page  # readable, not JSON
    assert "Agreed for the union" in page and "Adopted for the school committee" in page
    assert "Proposed, waiting for the union" in page
    assert "Propose new settings" not in page  # a teacher does not propose


def test_the_settings_page_lists_in_few_queries(
    client, ashford, user_of, django_assert_max_num_queries
):
    client.force_login(user_of("facilitator@example.org"))
    client.get(_settings_url(ashford))
    with django_assert_max_num_queries(20):
        assert client.get(_settings_url(ashford)).status_code == 200


def test_another_districts_staff_cannot_read_the_settings(client, ashford, waiting):
    from tandem.people.models import RoleGrant

    other = RoleGrant.objects.filter(role="district_hr").exclude(district=ashford).first().user
    client.force_login(other)
    assert client.get(_settings_url(ashford)).status_code == 404
    assert client.get(f"{_settings_url(ashford)}proposals/{waiting.pk}/").status_code == 404


def test_signing_first_asks_for_the_password_again(client, ashford, waiting, who):
    client.force_login(who["union"])
    url = f"{_settings_url(ashford)}proposals/{waiting.pk}/agree/"
    response = client.post(url)
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    waiting.refresh_from_db()
    assert waiting.status == "proposed"


def test_the_wrong_office_holder_is_refused_on_the_page(
    client, reauthenticated, ashford, waiting, who
):
    reauthenticated(who["committee"])
    assert client.post(f"{_settings_url(ashford)}proposals/{waiting.pk}/agree/").status_code == 403
    reauthenticated(who["union"])
    assert client.post(f"{_settings_url(ashford)}proposals/{waiting.pk}/adopt/").status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == "proposed"


def test_propose_agree_and_adopt_through_the_pages(
    client, reauthenticated, ashford, unit_a, waiting, who
):
    reauthenticated(who["management"])
    decline = f"{_settings_url(ashford)}proposals/{waiting.pk}/decline/"
    assert client.post(decline, {"reason": "short"}).status_code == 200  # the reason is too short
    client.post(decline, {"reason": "Replaced by the December agreement."})

    url = f"{_settings_url(ashford)}propose/?unit={unit_a.pk}"
    form = client.get(url).context["form"]
    teacher_rubric = FrameworkVersion.objects.filter(
        status="published", framework__role_group="teacher"
    ).first()
    assert teacher_rubric.pk in [
        value for value, _label in form.fields["framework_teacher"].choices
    ]
    adopted = DistrictSettingsVersion.objects.filter(bargaining_unit=unit_a).latest(
        "effective_from"
    )
    assert adopted.effective_from > datetime.date(2026, 11, 24)  # adopted, not yet in force
    # The form starts from the unit's last adopted settings, so nothing bargained is undone.
    assert form.initial["response_school_days"] == adopted.values["response_school_days"] != 5
    data = as_offered(
        form,
        unit=unit_a.pk,
        effective_from="2028-01-03",
        rationale="Article 12: a second unannounced visit.",
        obs_developing_unannounced="5",
        due_directed_formative="01-20",
        framework_teacher=str(teacher_rubric.pk),
    )
    response = client.post(url, data)
    assert response.status_code == 302
    proposal = SettingsProposal.objects.get(bargaining_unit=unit_a, status="proposed")
    assert proposal.values["observation_minimums"]["developing"]["unannounced"] == 5
    assert proposal.values["due_dates_by_plan"] == {"directed": {"formative": "01-20"}}
    assert proposal.values["frameworks"] == {"teacher": teacher_rubric.pk}

    reauthenticated(who["union"])
    page = client.get(f"{_settings_url(ashford)}proposals/{proposal.pk}/").content.decode()
    assert "Agree for the union" in page
    assert "The settings it would replace" in page and "Replaced on Jan. 3, 2028" in page
    assert f"{teacher_rubric.framework.name}, version {teacher_rubric.number}" in page
    client.post(f"{_settings_url(ashford)}proposals/{proposal.pk}/agree/")

    reauthenticated(who["committee"])
    client.post(f"{_settings_url(ashford)}proposals/{proposal.pk}/adopt/")
    version = DistrictSettingsVersion.objects.get(proposal=proposal)
    assert version.values == proposal.values

    page = client.get(f"{_settings_url(ashford)}proposals/{proposal.pk}/").content.decode()
    for user in who.values():
        assert str(user) in page
    assert "Changed since signing" not in page
