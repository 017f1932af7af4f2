"""Who may read or change each record of a cycle at each step: one rule in ``evaluation.rules``,
and the page, the printable, the API and the service give the same answer (issue 10)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from tandem.errors import DomainError
from tandem.evaluation.models import (
    EducatorPlan,
    EvaluationCycle,
    FormativeAssessment,
    Observation,
    SummativeEvaluation,
)
from tandem.evaluation.services.formative import formative_save
from tandem.evaluation.services.observations import observation_record, observation_update
from tandem.evaluation.services.plan import goal_add
from tandem.evaluation.services.self_assessment import self_assessment_save
from tandem.evaluation.services.summative import summative_save
from tandem.evaluation.tests.demo_cycles import demo_cycle
from tandem.people.services import api_token_create

pytestmark = pytest.mark.django_db


def _cycle(step):
    return demo_cycle(
        step, plan_years=1, employment__role_group="teacher", leave_demo_accounts=True
    )


def _fresh(cycle):
    """The cycle read again, as a new request reads it."""
    return EvaluationCycle.objects.get(pk=cycle.pk)


def _bearer(user):
    _token, raw = api_token_create(user=user, name="sis")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _summative_draft(cycle, *, by=None, rationale="Started."):
    """A first save of the summative with nothing rated, by its evaluator unless ``by``."""
    return summative_save(
        cycle_id=cycle.pk,
        by=by or cycle.primary_evaluator.user,
        version=1,
        ratings={},
        overall="",
        rationale=rationale,
        attainments={},
        next_plan_type="",
        next_plan_years=1,
        next_plan_reason="",
        observation_shortfall_reason="",
    )


def test_the_summative_draft_is_the_evaluators_on_the_page_the_pdf_and_the_api(client):
    cycle = _cycle("implementation")
    _summative_draft(cycle)
    educator, evaluator = cycle.person.user, cycle.primary_evaluator.user
    assert not educator.has_perm("evaluation.view_summative", _fresh(cycle))
    assert evaluator.has_perm("evaluation.view_summative", _fresh(cycle))

    client.force_login(educator)
    assert client.get(f"/cycles/{cycle.pk}/summative/").context["summative"] is None
    assert client.get(f"/cycles/{cycle.pk}/forms/summative.pdf").status_code == 404
    api = client.get(f"/api/cycles/{cycle.pk}/summative", **_bearer(educator))
    assert api.status_code == 404

    client.force_login(evaluator)
    assert client.get(f"/cycles/{cycle.pk}/summative/").context["summative"] is not None
    api = client.get(f"/api/cycles/{cycle.pk}/summative", **_bearer(evaluator))
    assert api.status_code == 200


def test_a_signed_summative_no_longer_changes_on_the_page_or_through_the_service(client):
    cycle = _cycle("implementation")
    _summative_draft(cycle)
    SummativeEvaluation.objects.filter(cycle=cycle).update(
        status=SummativeEvaluation.Status.SIGNED_BY_EVALUATOR
    )
    evaluator = cycle.primary_evaluator.user
    assert not evaluator.has_perm("evaluation.edit_summative", _fresh(cycle))
    client.force_login(evaluator)
    assert client.get(f"/cycles/{cycle.pk}/summative/").context["editable"] is False
    with pytest.raises(DomainError, match="a correction is an amendment"):
        _summative_draft(cycle)


def test_only_the_evaluator_may_write_the_summative():
    cycle = _cycle("implementation")
    assert not cycle.person.user.has_perm("evaluation.edit_summative", _fresh(cycle))
    with pytest.raises(PermissionDenied):
        _summative_draft(cycle, by=cycle.person.user, rationale="")


def test_the_formative_draft_is_hidden_from_the_educator_until_shared_then_fixed(client):
    cycle = _cycle("implementation")
    evaluator, educator = cycle.primary_evaluator.user, cycle.person.user
    formative_save(
        cycle_id=cycle.pk, by=evaluator, version=1, comments="Draft.", goal_progress={}, ratings={}
    )
    assert not educator.has_perm("evaluation.view_formative", _fresh(cycle))
    client.force_login(educator)
    assert client.get(f"/cycles/{cycle.pk}/formative/").context["formative"] is None
    assert client.get(f"/cycles/{cycle.pk}/forms/formative.pdf").status_code == 404

    FormativeAssessment.objects.filter(cycle=cycle).update(status=FormativeAssessment.Status.SHARED)
    assert educator.has_perm("evaluation.view_formative", _fresh(cycle))
    assert not evaluator.has_perm("evaluation.edit_formative", _fresh(cycle))
    with pytest.raises(DomainError, match="no longer changes"):
        formative_save(
            cycle_id=cycle.pk, by=evaluator, version=2, comments="", goal_progress={}, ratings={}
        )


def test_an_observation_is_the_observers_until_its_feedback_is_shared(client):
    cycle = _cycle("implementation")
    evaluator, educator = cycle.primary_evaluator.user, cycle.person.user
    observation = observation_record(
        cycle_id=cycle.pk,
        by=evaluator,
        kind=Observation.Kind.UNANNOUNCED,
        observed_on=datetime.date(2026, 11, 23),
        duration_minutes=15,
    )
    assert not educator.has_perm("evaluation.view_observation", observation)
    client.force_login(educator)
    url = f"/cycles/{cycle.pk}/observations/{observation.pk}/"
    assert client.get(url).status_code == 404
    assert client.get(f"{url}feedback.pdf").status_code == 404
    listed = client.get(f"/api/cycles/{cycle.pk}/observations", **_bearer(educator)).json()
    assert observation.pk not in [o["id"] for o in listed]

    Observation.objects.filter(pk=observation.pk).update(
        feedback="Shared.", feedback_shared_at=datetime.datetime(2026, 11, 24, tzinfo=datetime.UTC)
    )
    observation.refresh_from_db()
    assert educator.has_perm("evaluation.view_observation", observation)
    assert client.get(url).status_code == 200
    assert not evaluator.has_perm("evaluation.edit_observation", observation)
    with pytest.raises(DomainError, match="no longer changes"):
        observation_update(
            observation_id=observation.pk,
            by=evaluator,
            version=observation.version,
            notes="",
            feedback="",
        )


def test_observations_are_recorded_only_while_the_plan_is_carried_out():
    cycle = _cycle("self_assessment")
    evaluator = cycle.primary_evaluator.user
    assert not evaluator.has_perm("evaluation.record_observation", _fresh(cycle))
    assert not evaluator.has_perm("evaluation.add_evidence", _fresh(cycle))
    with pytest.raises(DomainError, match="can no longer change here"):
        observation_record(
            cycle_id=cycle.pk,
            by=evaluator,
            kind=Observation.Kind.UNANNOUNCED,
            observed_on=datetime.date(2026, 11, 23),
            duration_minutes=15,
        )


def test_the_educators_goals_change_only_while_the_plan_is_theirs(client):
    cycle = _cycle("educator_plan")
    educator, evaluator = cycle.person.user, cycle.primary_evaluator.user
    assert EducatorPlan.objects.get(cycle=cycle).status == EducatorPlan.Status.SUBMITTED
    assert not educator.has_perm("evaluation.edit_educator_plan", _fresh(cycle))
    assert evaluator.has_perm("evaluation.edit_educator_plan", _fresh(cycle))
    client.force_login(educator)
    assert client.get(f"/cycles/{cycle.pk}/plan/").context["editable"] is False
    goal = {"kind": "student_learning", "statement": "By June, every student reads at grade level."}
    with pytest.raises(DomainError, match="only if it is returned"):
        goal_add(cycle_id=cycle.pk, by=educator, values=goal)


def test_the_self_assessment_is_the_educators_to_write_and_to_read_until_sent(client):
    cycle = _cycle("self_assessment")
    educator, evaluator = cycle.person.user, cycle.primary_evaluator.user
    assert educator.has_perm("evaluation.edit_self_assessment", _fresh(cycle))
    assert not evaluator.has_perm("evaluation.edit_self_assessment", _fresh(cycle))
    assert not evaluator.has_perm("evaluation.view_self_assessment", _fresh(cycle))
    client.force_login(evaluator)
    assert client.get(f"/cycles/{cycle.pk}/forms/self-assessment.pdf").status_code == 404
    with pytest.raises(PermissionDenied):
        self_assessment_save(
            cycle_id=cycle.pk,
            by=evaluator,
            version=1,
            student_learning_analysis="",
            practice_summary="",
            ratings={},
        )
