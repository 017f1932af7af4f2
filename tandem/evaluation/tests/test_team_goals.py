"""A team goal is one text in every cycle that shares it: it never reaches into a cycle whose
goals are final, and never changes a signed record (issue 11, from the security review)."""

import pytest

from tandem.errors import DomainError
from tandem.evaluation.models import EducatorPlan, EvaluationCycle, Goal
from tandem.evaluation.services.plan import goal_add, goal_update
from tandem.evaluation.tests.demo_cycles import demo_cycle
from tandem.people.services import api_token_create
from tandem.records.services import signature_sign

pytestmark = pytest.mark.django_db

STATEMENT = "By June, every student in our grade team will write a full argument with evidence."
GOAL = {"kind": "student_learning", "statement": STATEMENT}
PAST_GOAL_SETTING = ["implementation", "formative", "summative", "complete"]


def _colleague_of(cycle):
    """Another cycle of the same evaluator in the same district."""
    return (
        EvaluationCycle.objects.filter(
            primary_evaluator=cycle.primary_evaluator, district=cycle.district
        )
        .exclude(pk=cycle.pk)
        .first()
    )


@pytest.fixture
def pair():
    """Two cycles of one evaluator, both still at goal-setting."""
    cycle = demo_cycle("self_assessment")
    other = _colleague_of(cycle)
    EvaluationCycle.objects.filter(pk=other.pk).update(step="self_assessment")
    EducatorPlan.objects.filter(cycle=other).delete()
    other.refresh_from_db()
    return cycle, other


def _move(cycle, step):
    EvaluationCycle.objects.filter(pk=cycle.pk).update(step=step)


@pytest.mark.parametrize("step", PAST_GOAL_SETTING)
def test_a_team_goal_is_not_shared_with_a_cycle_past_goal_setting(client, pair, step):
    cycle, other = pair
    _move(other, step)
    client.force_login(cycle.primary_evaluator.user)
    response = client.post(
        f"/cycles/{cycle.pk}/plan/goals/",
        {"new-kind": GOAL["kind"], "new-statement": STATEMENT, "team": [other.pk]},
    )
    assert response.status_code == 200
    assert "its goals no longer change" in response.content.decode()
    assert not Goal.objects.filter(statement=STATEMENT).exists()


def test_the_page_offers_only_cycles_whose_goals_may_still_change(client, pair):
    cycle, other = pair
    client.force_login(cycle.primary_evaluator.user)
    offered = client.get(f"/cycles/{cycle.pk}/plan/").context["team"]
    assert other in offered
    _move(other, "summative")
    offered = client.get(f"/cycles/{cycle.pk}/plan/").context["team"]
    assert other not in offered


def test_the_api_refuses_a_team_goal_reaching_a_cycle_at_the_summative(client, pair):
    cycle, other = pair
    _move(other, "summative")
    _token, raw = api_token_create(user=cycle.primary_evaluator.user, name="sis")
    response = client.post(
        f"/api/cycles/{cycle.pk}/goals",
        {**GOAL, "team_cycle_ids": [other.pk]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 422, response.content
    assert not Goal.objects.filter(statement=STATEMENT).exists()


@pytest.mark.parametrize("step", PAST_GOAL_SETTING)
def test_a_shared_goal_stops_changing_once_any_of_its_cycles_moves_on(pair, step):
    cycle, other = pair
    evaluator = cycle.primary_evaluator.user
    goal = goal_add(cycle_id=cycle.pk, by=evaluator, values=GOAL, team_cycle_ids=[other.pk])
    _move(other, step)
    with pytest.raises(DomainError, match="its goals no longer change"):
        goal_update(
            cycle_id=cycle.pk,
            goal_id=goal.pk,
            by=evaluator,
            version=goal.version,
            values={**GOAL, "statement": STATEMENT + " Changed."},
        )
    goal.refresh_from_db()
    assert goal.statement == STATEMENT


def test_the_educator_does_not_rewrite_a_goal_shared_with_colleagues(pair):
    cycle, other = pair
    goal = goal_add(
        cycle_id=cycle.pk, by=cycle.primary_evaluator.user, values=GOAL, team_cycle_ids=[other.pk]
    )
    with pytest.raises(DomainError, match="only among educators you evaluate"):
        goal_update(
            cycle_id=cycle.pk,
            goal_id=goal.pk,
            by=cycle.person.user,
            version=goal.version,
            values={**GOAL, "statement": STATEMENT + " Mine."},
        )


def test_a_team_goal_still_changes_while_every_cycle_is_at_goal_setting(pair):
    cycle, other = pair
    evaluator = cycle.primary_evaluator.user
    goal = goal_add(cycle_id=cycle.pk, by=evaluator, values=GOAL, team_cycle_ids=[other.pk])
    changed = goal_update(
        cycle_id=cycle.pk,
        goal_id=goal.pk,
        by=evaluator,
        version=goal.version,
        values={**GOAL, "statement": STATEMENT + " Revised."},
    )
    assert set(changed.cycles.all()) == {cycle, other}
    assert other.goals.get(pk=goal.pk).statement.endswith("Revised.")


def test_a_cycle_holding_a_signed_record_never_shares_a_team_goal():
    """Whatever its step says, a cycle with a signed record keeps its goals as signed."""
    signed = (
        EvaluationCycle.objects.filter(
            summative_evaluation__status="locked", primary_evaluator__user__isnull=False
        )
        .select_related("primary_evaluator__user")
        .first()
    )
    cycle = _colleague_of(signed)
    signature_sign(
        signer=signed.primary_evaluator.user,
        record=signed.summative_evaluation,
        capacity="Evaluator",
    )
    EvaluationCycle.objects.filter(pk__in=[cycle.pk, signed.pk]).update(step="educator_plan")
    EducatorPlan.objects.filter(cycle=signed).update(status="draft")
    with pytest.raises(DomainError, match="its goals no longer change"):
        goal_add(
            cycle_id=cycle.pk,
            by=signed.primary_evaluator.user,
            values=GOAL,
            team_cycle_ids=[signed.pk],
        )
