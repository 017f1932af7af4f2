"""Reminders by e-mail: at most one a day per person and item, from a scheduled task."""

import datetime

import pytest

from tandem.evaluation.models import EvaluationCycle, Reminder
from tandem.evaluation.reminders import reminders_send
from tandem.evaluation.tasks import daily_evaluation_work

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 24)


def test_an_overdue_self_assessment_reminds_its_educator_once_a_day(mailoutbox):
    sent = reminders_send(today=TODAY)
    teacher = EvaluationCycle.objects.get(person__user__email="teacher@example.org")
    mine = [m for m in mailoutbox if m.to == ["teacher@example.org"]]
    assert sent == len(mailoutbox) > 0
    assert len(mine) == 1
    assert "Past due since" in mine[0].subject and "self-assessment" in mine[0].subject
    assert f"/cycles/{teacher.pk}/" in mine[0].body

    assert reminders_send(today=TODAY) == 0  # nothing twice in a day
    assert len(mailoutbox) == sent
    assert reminders_send(today=TODAY + datetime.timedelta(days=1)) == sent


def test_nothing_far_from_its_due_date_is_reminded(mailoutbox):
    reminders_send(today=TODAY)
    reminded = {r.item for r in Reminder.objects.all()}
    far = EvaluationCycle.objects.filter(step="implementation", plan_years=1).first()
    assert f"cycle:{far.pk}:implementation" not in reminded  # formative due Feb 1


def test_the_daily_task_sends_reminders_and_locks_closed_summatives(mailoutbox):
    result = daily_evaluation_work.call()
    assert result["reminded"] == len(mailoutbox) > 0
    assert result["locked"] == 0
