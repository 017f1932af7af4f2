"""Step 3: observations with school-day feedback deadlines, and evidence files."""

import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tandem.errors import DomainError
from tandem.evaluation import selectors
from tandem.evaluation.models import EvaluationCycle, Evidence, Observation
from tandem.evaluation.services.observations import (
    evidence_add,
    feedback_due_date,
    observation_feedback_share,
    observation_record,
    observation_update,
)
from tandem.evaluation.templatetags.evaluation_ui import shortfall
from tandem.evaluation.tests.demo_cycles import demo_cycle
from tandem.records.models import AccessLogEntry, StoredFile

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def cycle():
    return demo_cycle("implementation", plan_type="developing")


def _observe(cycle, **overrides):
    values = {
        "cycle_id": cycle.pk,
        "by": cycle.primary_evaluator.user,
        "kind": "unannounced",
        "observed_on": datetime.date(2026, 11, 23),
        "duration_minutes": 15,
        "notes": "Students worked in pairs on ratios; two groups stalled on the second task.",
    }
    return observation_record(**{**values, **overrides})


def test_feedback_is_due_five_school_days_later_skipping_thanksgiving(cycle):
    observation = _observe(cycle)
    # Tue 24 and Wed 25 count, Thanksgiving Thu 26 and Fri 27 do not, then Mon 30 to Wed 2.
    assert observation.feedback_due == datetime.date(2026, 12, 2)


def test_an_observation_synced_twice_from_a_tablet_is_stored_once(cycle):
    client_id = uuid.uuid4()
    first = _observe(cycle, client_id=client_id)
    again = _observe(cycle, client_id=client_id)
    assert first.pk == again.pk
    assert Observation.objects.filter(client_id=client_id).count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"observed_on": datetime.date(2026, 12, 1)}, "not be in the future"),
        ({"duration_minutes": 0}, "minutes"),
        ({"kind": "sneaky"}, "announced or unannounced"),
        ({"element_ids": [999999]}, "elements of this cycle's rubric"),
    ],
)
def test_a_bad_observation_is_refused_and_nothing_is_stored(cycle, overrides, message):
    before = Observation.objects.count()
    with pytest.raises(DomainError, match=message):
        _observe(cycle, **overrides)
    assert Observation.objects.count() == before


def test_only_the_evaluators_record_observations(cycle, user_of):
    from django.core.exceptions import PermissionDenied

    for user in (cycle.person.user, user_of("hr@example.org")):
        with pytest.raises(PermissionDenied):
            _observe(cycle, by=user)


def test_the_educator_sees_an_observation_once_its_feedback_is_shared(client, cycle):
    observation = _observe(cycle)
    client.force_login(cycle.person.user)
    assert client.get(f"/cycles/{cycle.pk}/observations/{observation.pk}/").status_code == 404
    assert "two groups stalled" not in client.get(f"/cycles/{cycle.pk}/evidence/").content.decode()
    evaluator = cycle.primary_evaluator.user
    client.force_login(evaluator)
    response = client.post(
        f"/cycles/{cycle.pk}/observations/{observation.pk}/share/",
        {
            "version": observation.version,
            "notes": observation.notes,
            "feedback": "Strong start.",
            "confirmed": "1",
        },
    )
    assert response.status_code == 302
    client.force_login(cycle.person.user)
    page = client.get(f"/cycles/{cycle.pk}/observations/{observation.pk}/").content.decode()
    assert "Strong start." in page and "two groups stalled" in page


def test_shared_feedback_no_longer_changes(cycle):
    observation = _observe(cycle)
    evaluator = cycle.primary_evaluator.user
    observation = observation_update(
        observation_id=observation.pk, by=evaluator, version=1, notes="n", feedback="f"
    )
    observation_feedback_share(observation_id=observation.pk, by=evaluator, version=2)
    with pytest.raises(DomainError, match="no longer changes"):
        observation_update(
            observation_id=observation.pk, by=evaluator, version=3, notes="x", feedback="y"
        )


def test_the_caseload_flags_a_cycle_below_the_observation_minimum(cycle):
    counted = selectors.with_observation_counts(EvaluationCycle.objects.filter(pk=cycle.pk)).get()
    before = selectors.observation_shortfall(counted)
    assert before == {"announced": 1, "unannounced": 4}  # a Developing Educator Plan's minimums
    _observe(cycle)
    counted = selectors.with_observation_counts(EvaluationCycle.objects.filter(pk=cycle.pk)).get()
    assert selectors.observation_shortfall(counted) == {"announced": 1, "unannounced": 3}


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("lesson.pdf", b"MZ\x90\x00 a Windows program renamed"),
        ("notes.txt", b"\x00\x01\x02 binary"),
        ("photo.jpg", b"\x00<svg onload=alert(1)>"),
        ("empty.pdf", b""),
    ],
)
def test_a_file_whose_content_is_not_accepted_is_refused_and_nothing_is_stored(
    client, cycle, settings, name, content
):
    client.force_login(cycle.person.user)
    response = client.post(
        f"/cycles/{cycle.pk}/evidence/add/",
        {"kind": "artifact", "title": "Unit plan", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert (
        "not a file Tandem accepts" in response.content.decode()
        or "empty" in response.content.decode()
    )
    assert not Evidence.objects.filter(cycle=cycle).exists()
    assert not StoredFile.objects.filter(uploaded_by=cycle.person.user).exists()
    assert not (settings.MEDIA_ROOT / "evidence").exists()


def test_a_file_over_the_size_limit_is_refused(client, cycle, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    client.force_login(cycle.person.user)
    response = client.post(
        f"/cycles/{cycle.pk}/evidence/add/",
        {
            "kind": "artifact",
            "title": "Big",
            "file": SimpleUploadedFile("big.pdf", PDF + b"x" * 2000),
        },
    )
    assert "at most" in response.content.decode()
    assert not StoredFile.objects.filter(uploaded_by=cycle.person.user).exists()


def test_an_evidence_file_belongs_to_the_cycles_district(cycle):
    evidence = evidence_add(
        cycle_id=cycle.pk,
        by=cycle.person.user,
        kind="artifact",
        title="Unit plan",
        upload=SimpleUploadedFile("unit.pdf", PDF),
    )
    assert evidence.file.district_id == cycle.district_id


def test_an_evidence_file_is_served_only_to_those_who_may_open_the_cycle(client, cycle, user_of):
    client.force_login(cycle.person.user)
    client.post(
        f"/cycles/{cycle.pk}/evidence/add/",
        {"kind": "artifact", "title": "Unit plan", "file": SimpleUploadedFile("unit.pdf", PDF)},
    )
    item = Evidence.objects.get(cycle=cycle)
    assert item.file.content_type == "application/pdf"
    url = f"/cycles/{cycle.pk}/evidence/{item.pk}/file/"
    for email in (
        "union.president@example.org",
        "committee.chair@example.org",
        "analyst@example.org",
    ):
        client.force_login(user_of(email))
        assert client.get(url).status_code == 404
    evaluator = cycle.primary_evaluator.user
    client.force_login(evaluator)
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    assert AccessLogEntry.objects.filter(
        user=evaluator, object_id=item.pk, channel="export"
    ).exists()


def test_the_evaluators_home_shows_each_cycles_observation_shortfall(client, cycle):
    client.force_login(cycle.primary_evaluator.user)
    page = client.get("/").content.decode()
    assert "announced to go" in page


def test_a_shortfall_is_red_only_at_the_formative_or_summative_and_near_its_date(cycle):
    """Alarm fatigue: observations still to come in November are not an alarm."""
    counted = selectors.with_observation_counts(EvaluationCycle.objects.filter(pk=cycle.pk)).get()
    day = datetime.date(2026, 11, 24)
    assert selectors.observation_shortfall(counted)
    assert not selectors.cycle_next_due(counted, day=day).shortfall_pressing
    counted.step = "formative"
    formative_due = selectors.step_due_dates(counted)["formative"]
    assert not selectors.cycle_next_due(
        counted, day=formative_due - datetime.timedelta(60)
    ).shortfall_pressing
    assert selectors.cycle_next_due(
        counted, day=formative_due - datetime.timedelta(10)
    ).shortfall_pressing
    assert "Below the minimum:" in shortfall(selectors.cycle_next_due(counted, day=formative_due))


def test_unsaved_observation_notes_come_back_with_every_tagged_element(client, cycle):
    observation = _observe(cycle)
    evaluator = cycle.primary_evaluator.user
    client.force_login(evaluator)
    elements = list(
        cycle.framework_version.standards.values_list("indicators__elements__pk", flat=True)[:2]
    )
    stale = {"version": 99, "notes": "Typed but refused.", "feedback": "", "elements": elements}
    response = client.post(
        f"/cycles/{cycle.pk}/observations/{observation.pk}/", stale, HTTP_HX_REQUEST="true"
    )
    assert "Not saved" in response.content.decode()
    form = client.get(f"/cycles/{cycle.pk}/observations/{observation.pk}/").context["form"]
    assert form["notes"].value() == "Typed but refused."
    assert sorted(int(v) for v in form["elements"].value()) == sorted(elements)


def test_feedback_after_a_friday_observation_is_due_after_the_february_vacation_week(cycle):
    # Friday Feb 12, 2027; Feb 15-19 is the February vacation (Presidents' Day week), so five
    # school days run Mon 22 to Fri 26 rather than ending on Fri 19.
    assert feedback_due_date(cycle, datetime.date(2027, 2, 12)) == datetime.date(2027, 2, 26)
