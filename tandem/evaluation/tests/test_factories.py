"""The cycle factories build rows the models accept, and a factory cycle is as confidential as
any: its evaluator opens it, an unrelated user does not."""

import pytest

from tandem.evaluation import selectors
from tandem.evaluation.tests import factories
from tandem.people.selectors import roles_of
from tandem.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory",
    [
        factories.EvaluationCycleFactory,
        factories.SelfAssessmentFactory,
        factories.GoalFactory,
        factories.EducatorPlanFactory,
        factories.ObservationFactory,
        factories.EvidenceFactory,
        factories.FormativeAssessmentFactory,
        factories.SummativeEvaluationFactory,
        factories.RecordShareFactory,
    ],
    ids=lambda f: f.__name__,
)
def test_the_factory_builds_a_valid_row(factory):
    factory().full_clean()


def test_a_cycle_keeps_its_districts_settings_and_its_evaluators_assignment():
    cycle = factories.EvaluationCycleFactory()
    assert cycle.settings_version.district == cycle.district == cycle.school_year.district
    assignment = cycle.employment.evaluator_assignments.get()
    assert (assignment.evaluator, assignment.role) == (cycle.primary_evaluator, "primary")


def test_a_cycle_is_open_to_its_evaluator_and_not_to_an_unrelated_user():
    cycle = factories.EvaluationCycleFactory()
    evaluator, stranger = cycle.primary_evaluator.user, UserFactory()
    assert selectors.cycle_get(roles=roles_of(evaluator), cycle_id=cycle.pk) == cycle
    assert evaluator.has_perm("evaluation.act_as_evaluator", cycle)
    assert selectors.cycle_get(roles=roles_of(stranger), cycle_id=cycle.pk) is None
    assert not stranger.has_perm("evaluation.act_as_evaluator", cycle)
    assert not stranger.has_perm("evaluation.observe", cycle)


def test_a_team_goal_is_shared_by_the_cycles_it_names():
    first, second = factories.EvaluationCycleFactory.create_batch(2)
    goal = factories.GoalFactory(cycle=first, cycles=[first, second])
    assert goal.is_team_goal and set(goal.cycles.all()) == {first, second}
