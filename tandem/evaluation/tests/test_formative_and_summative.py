"""Steps 4 and 5: the formative, the summative, signatures, the response window, locking
and amendments."""

import datetime
from functools import partial

import pytest
from django.db import connection
from django.utils import timezone

from tandem.errors import DomainError
from tandem.evaluation.models import Observation, SummativeEvaluation
from tandem.evaluation.services.formative import formative_save, formative_share
from tandem.evaluation.services.summative import (
    summative_amend,
    summative_lock_expired,
    summative_respond,
    summative_save,
    summative_sign,
)
from tandem.evaluation.tests.demo_cycles import demo_cycle
from tandem.rubrics.models import Standard

pytestmark = pytest.mark.django_db

# Steps 4 and 5 here are taken in late April, within six weeks of the summative's due date
# (May 15); taken in November they are early and ask for a reason (test_early_steps.py).
SPRING = datetime.date(2027, 4, 26)


@pytest.fixture(autouse=True)
def _spring(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: SPRING)


@pytest.fixture
def november(monkeypatch):
    """The demo's today, for the response window's school days across Thanksgiving; a
    summative signed then is early and gives its reason."""
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 11, 24))
    return "The educator leaves the district in December."


@pytest.fixture
def cycle():
    """A one-year self-directed cycle under way, with its goals."""
    return demo_cycle(
        "implementation",
        plan_type="self_directed",
        plan_years=1,
        employment__role_group="teacher",
        goals__isnull=False,
    )


def _observe_to_minimum(cycle):
    minimums = cycle.settings_version.values["observation_minimums"][cycle.plan_type]
    for kind, count in minimums.items():
        for _n in range(count):
            Observation.objects.create(
                cycle=cycle,
                kind=kind,
                observed_on=datetime.date(2026, 11, 2),
                duration_minutes=30,
                observer=cycle.primary_evaluator,
                feedback_due=datetime.date(2026, 11, 9),
                created_by=cycle.primary_evaluator.user,
            )


def _levels(cycle, **by_code):
    standards = Standard.objects.filter(framework_version=cycle.framework_version)
    return {s.pk: (by_code.get(s.code, "proficient"), f"Evidence on {s.code}.") for s in standards}


def _draft(cycle, version=1, **overrides):
    values = {
        "cycle_id": cycle.pk,
        "by": cycle.primary_evaluator.user,
        "version": version,
        "ratings": _levels(cycle),
        "overall": "proficient",
        "rationale": "Observations, the unit assessments and student surveys all agree.",
        "attainments": {g.pk: ("met", "") for g in cycle.goals.all()},
        "next_plan_type": "self_directed",
        "next_plan_years": 2,
        "next_plan_reason": "",
        "observation_shortfall_reason": "",
    }
    return summative_save(**{**values, **overrides})


def test_the_formative_is_shared_once_each_goal_has_progress(cycle):
    evaluator = cycle.primary_evaluator.user
    goals = list(cycle.goals.all())
    formative = formative_save(
        cycle_id=cycle.pk, by=evaluator, version=1, comments="", goal_progress={}, ratings={}
    )
    with pytest.raises(DomainError, match="Describe progress"):
        formative_share(cycle_id=cycle.pk, by=evaluator, version=formative.version)
    formative = formative_save(
        cycle_id=cycle.pk,
        by=evaluator,
        version=formative.version,
        comments="On track.",
        goal_progress={g.pk: "Halfway there." for g in goals},
        ratings={},
    )
    formative_share(cycle_id=cycle.pk, by=evaluator, version=formative.version)
    cycle.refresh_from_db()
    assert cycle.step == "summative"


def test_the_gating_rule_blocks_signing_a_proficient_overall(cycle):
    _observe_to_minimum(cycle)
    _draft(cycle, ratings=_levels(cycle, II="needs_improvement"))
    with pytest.raises(DomainError, match="Standard II"):
        summative_sign(by=cycle.primary_evaluator.user, cycle_id=cycle.pk)
    assert SummativeEvaluation.objects.get(cycle=cycle).status == "draft"


def test_a_summative_written_below_the_observation_minimum_needs_a_reason(cycle):
    summative = _draft(cycle)
    evaluator = cycle.primary_evaluator.user
    with pytest.raises(DomainError, match="fewer observations"):
        summative_sign(by=evaluator, cycle_id=cycle.pk)
    _draft(
        cycle,
        version=summative.version,
        observation_shortfall_reason="The educator was on leave from January to March.",
    )
    summative_sign(by=evaluator, cycle_id=cycle.pk)
    assert SummativeEvaluation.objects.get(cycle=cycle).status == "signed_by_evaluator"


def test_another_next_plan_than_the_rules_propose_needs_a_reason(cycle):
    _observe_to_minimum(cycle)
    _draft(cycle, next_plan_type="directed", next_plan_years=1)
    with pytest.raises(DomainError, match="say why"):
        summative_sign(by=cycle.primary_evaluator.user, cycle_id=cycle.pk)


def test_signing_responding_and_locking(client, cycle, november):
    _observe_to_minimum(cycle)
    summative = _draft(cycle)
    educator, evaluator = cycle.person.user, cycle.primary_evaluator.user

    client.force_login(educator)
    assert (
        "Observations, the unit"
        not in client.get(f"/cycles/{cycle.pk}/summative/").content.decode()
    )

    summative_sign(by=evaluator, cycle_id=cycle.pk, early_reason=november)
    summative.refresh_from_db()
    cycle.refresh_from_db()
    assert cycle.overall_rating == "proficient"
    # Five school days after Tuesday Nov 24: Wed 25, (Thanksgiving Thu 26 and Fri 27 do not
    # count), Mon 30, Tue 1, Wed 2, Thu 3.
    assert summative.response_due == datetime.date(2026, 12, 3)

    summative_respond(
        cycle_id=cycle.pk, by=educator, version=summative.version, response="I disagree on II."
    )
    summative_sign(by=educator, cycle_id=cycle.pk)
    summative.refresh_from_db()
    cycle.refresh_from_db()
    assert (summative.status, summative.educator_signed, cycle.step) == ("locked", True, "complete")
    with pytest.raises(DomainError, match="locked"):
        summative_respond(
            cycle_id=cycle.pk, by=educator, version=summative.version, response="More."
        )
    page = client.get(f"/cycles/{cycle.pk}/summative/").content.decode()
    assert page.count("Signed by") == 2 and "I disagree on II." in page


def test_the_record_locks_unsigned_when_the_response_window_closes(cycle, november):
    _observe_to_minimum(cycle)
    _draft(cycle)
    summative_sign(by=cycle.primary_evaluator.user, cycle_id=cycle.pk, early_reason=november)
    assert summative_lock_expired(today=datetime.date(2026, 12, 3)) == 0
    assert summative_lock_expired(today=datetime.date(2026, 12, 4)) == 1
    summative = SummativeEvaluation.objects.get(cycle=cycle)
    assert (summative.status, summative.educator_signed) == ("locked", False)


def test_a_locked_summative_is_amended_with_a_reason_and_both_versions_are_kept(client, cycle):
    _observe_to_minimum(cycle)
    _draft(cycle)
    evaluator = cycle.primary_evaluator.user
    summative_sign(by=evaluator, cycle_id=cycle.pk)
    summative_sign(by=cycle.person.user, cycle_id=cycle.pk)
    amend = partial(summative_amend, cycle_id=cycle.pk, by=evaluator)
    with pytest.raises(DomainError, match="Standard I"):
        amend(
            reason="Standard I rating was entered on the wrong line.",
            ratings=_levels(cycle, I="needs_improvement"),
            overall="exemplary",
            rationale="Same evidence.",
        )
    amend(
        reason="Standard IV was typed as Proficient; the evidence says Exemplary.",
        ratings=_levels(cycle, IV="exemplary"),
        overall="proficient",
        rationale="Observations, the unit assessments and student surveys all agree.",
    )
    client.force_login(cycle.person.user)
    page = client.get(f"/cycles/{cycle.pk}/summative/").content.decode()
    assert "Version 0: as first signed" in page
    assert "the evidence says Exemplary" in page
    assert "since amended" in page
    assert "Changed since signing" not in page


def test_a_signed_summative_changed_in_the_database_says_so(client, cycle):
    _observe_to_minimum(cycle)
    summative = _draft(cycle)
    summative_sign(by=cycle.primary_evaluator.user, cycle_id=cycle.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE evaluation_standardrating SET level = 'exemplary' WHERE summative_id = %s",
            [summative.pk],
        )
    client.force_login(cycle.person.user)
    assert "Changed since signing" in client.get(f"/cycles/{cycle.pk}/summative/").content.decode()


def test_only_the_evaluator_writes_the_summative(cycle, user_of):
    from django.core.exceptions import PermissionDenied

    for user in (
        cycle.person.user,
        user_of("hr@example.org"),
        user_of("superintendent@example.org"),
    ):
        with pytest.raises(PermissionDenied):
            _draft(cycle, by=user)


def test_the_summative_pdf_is_for_the_evaluator_while_a_draft_then_for_both(client, cycle):
    from tandem.records.models import AccessLogEntry

    _observe_to_minimum(cycle)
    _draft(cycle)
    url = f"/cycles/{cycle.pk}/forms/summative.pdf"
    client.force_login(cycle.person.user)
    assert client.get(url).status_code == 404
    summative_sign(by=cycle.primary_evaluator.user, cycle_id=cycle.pk)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert AccessLogEntry.objects.filter(user=cycle.person.user, channel="pdf", path=url).exists()


def test_the_educator_downloads_the_whole_record_as_one_archive(client, cycle):
    import io
    import zipfile

    _observe_to_minimum(cycle)
    _draft(cycle)
    summative_sign(by=cycle.primary_evaluator.user, cycle_id=cycle.pk)
    client.force_login(cycle.person.user)
    response = client.get("/me/evaluation-record.zip")
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert any(name.endswith("summative.pdf") for name in names)
    assert any(name.endswith("educator-plan.pdf") for name in names)
    # Every cycle with a summative the educator may read (earlier years' and this one).
    summatives = SummativeEvaluation.objects.filter(cycle__person=cycle.person).exclude(
        status="draft"
    )
    assert sum(name.endswith("summative.pdf") for name in names) == summatives.count() >= 1
