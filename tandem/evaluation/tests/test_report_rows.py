"""A report's rows per standard or goal (ratings, progress, attainment) follow what was typed:
one function writes all three, so a blank deletes, a change saves and a new value adds the
same way for each."""

from functools import partial

import pytest

from tandem.evaluation.models import GoalProgress
from tandem.evaluation.services.ratings import report_rows_write
from tandem.evaluation.tests.factories import FormativeAssessmentFactory, GoalFactory

pytestmark = pytest.mark.django_db


def test_a_blank_deletes_a_change_saves_a_new_value_adds_and_the_rest_stay_untouched():
    formative = FormativeAssessmentFactory()
    kept, changed, emptied, added = GoalFactory.create_batch(4, cycle=formative.cycle)
    for goal in (kept, changed, emptied):
        GoalProgress.objects.create(formative=formative, goal=goal, progress="Begun")
    report_rows_write(
        formative.goal_progress.all(),
        {kept.pk: ("Begun",), changed.pk: ("Halfway",), emptied.pk: ("",), added.pk: ("New",)},
        key="goal_id",
        fields=("progress",),
        create=partial(GoalProgress.objects.create, formative=formative),
    )
    progress = dict(formative.goal_progress.values_list("goal_id", "progress"))
    assert progress == {kept.pk: "Begun", changed.pk: "Halfway", added.pk: "New"}
    assert GoalProgress.history.filter(goal=kept).count() == 1
    assert GoalProgress.history.filter(goal=changed).count() == 2


def test_a_blank_for_a_goal_without_a_row_adds_nothing():
    formative = FormativeAssessmentFactory()
    goal = GoalFactory(cycle=formative.cycle)
    report_rows_write(
        formative.goal_progress.all(),
        {goal.pk: ("",)},
        key="goal_id",
        fields=("progress",),
        create=partial(GoalProgress.objects.create, formative=formative),
    )
    assert not formative.goal_progress.exists()
