"""The demo's five years of cycles follow the framework's rules from one year to the next."""

import itertools
from collections import defaultdict

import pytest

from tandem.evaluation.framework import overall_rating_problems, plan_type_proposal
from tandem.evaluation.models import EvaluationCycle, SummativeEvaluation

pytestmark = pytest.mark.django_db


def test_every_educators_plans_follow_the_rules_year_to_year():
    """Replays each educator's cycles: each plan is the one the rules propose from the last
    summative (or another with a recorded reason), and every year is covered once."""
    cycles = defaultdict(list)
    for cycle in EvaluationCycle.objects.select_related("employment").order_by("start_date"):
        cycles[cycle.employment_id].append(cycle)
    replayed = 0
    for history in cycles.values():
        last_rating, last_plan = "", ""
        for earlier, later in itertools.pairwise(history):
            assert earlier.step == "complete" and earlier.end_date < later.start_date
        for cycle in history:
            proposal = plan_type_proposal(
                employment=cycle.employment,
                on=cycle.start_date,
                last_rating=last_rating,
                last_plan_type=last_plan,
            )
            assert cycle.proposed_plan_type == proposal.plan_type, cycle.pk
            assert cycle.plan_type == cycle.proposed_plan_type or cycle.plan_type_reason
            last_rating, last_plan = cycle.overall_rating, cycle.plan_type
            replayed += 1
    assert replayed > 1500
    assert {c.plan_type for h in cycles.values() for c in h} == {
        "developing",
        "self_directed",
        "directed",
        "improvement",
    }


def test_the_demo_holds_cycles_at_every_step():
    steps = set(EvaluationCycle.objects.values_list("step", flat=True))
    assert steps == {s for s, _label in EvaluationCycle.Step.choices}


def test_last_years_summatives_obey_the_overall_rating_rules():
    checked = 0
    for summative in (
        SummativeEvaluation.objects.filter(standard_ratings__isnull=False)
        .select_related("cycle__employment")
        .distinct()
    ):
        levels = {
            r.standard.code: r.level for r in summative.standard_ratings.select_related("standard")
        }
        assert not overall_rating_problems(
            role_group=summative.cycle.employment.role_group,
            plan_type=summative.cycle.plan_type,
            overall=summative.overall_rating,
            standard_ratings=levels,
        )
        checked += 1
    assert checked > 300
