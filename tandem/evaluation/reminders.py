"""The day's e-mail reminders: what each person must do next in a cycle, and when."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tandem.evaluation.models import (
    EducatorPlan,
    EvaluationCycle,
    Observation,
    Reminder,
    SummativeEvaluation,
)
from tandem.evaluation.selectors import cycle_next_due

# Reminders start this many calendar days before a due date and go on daily while it is past.
DAYS_BEFORE = 5


@dataclass(frozen=True)
class Due:
    user_id: int
    email: str
    item: str
    subject: str
    body: str


def _cycle_dues(cycle: EvaluationCycle, today: datetime.date) -> list[Due]:
    next_due = cycle_next_due(cycle, day=today)
    due, step = next_due.due, cycle.step
    plan = getattr(cycle, "educator_plan", None)
    summative = getattr(cycle, "summative_evaluation", None)
    educator = cycle.person.user
    evaluator = cycle.primary_evaluator.user if cycle.primary_evaluator else None
    if (
        step == EvaluationCycle.Step.SUMMATIVE
        and summative
        and summative.status == SummativeEvaluation.Status.SIGNED_BY_EVALUATOR
    ):
        who, due, what = (
            educator,
            summative.response_due,
            _("sign your summative evaluation (and respond if you wish)"),
        )
    elif step == EvaluationCycle.Step.SELF_ASSESSMENT:
        who, what = educator, _("send your self-assessment and proposed goals")
    elif step == EvaluationCycle.Step.EDUCATOR_PLAN and (
        plan is None or plan.status in (EducatorPlan.Status.DRAFT, EducatorPlan.Status.RETURNED)
    ):
        who, what = educator, _("send your educator plan for approval")
    elif step == EvaluationCycle.Step.EDUCATOR_PLAN:
        who, what = (
            evaluator,
            _("approve or return the educator plan of %(name)s") % {"name": cycle.person},
        )
    elif step in (EvaluationCycle.Step.IMPLEMENTATION, EvaluationCycle.Step.FORMATIVE):
        who, what = evaluator, _("write the formative for %(name)s") % {"name": cycle.person}
    else:
        who, what = (
            evaluator,
            _("write and sign the summative evaluation of %(name)s") % {"name": cycle.person},
        )
    if who is None or due is None or (due - today).days > DAYS_BEFORE:
        return []
    when = date_format(due, "DATE_FORMAT")
    subject = (
        _("Past due since %(date)s: %(what)s") if due < today else _("Due %(date)s: %(what)s")
    ) % {"date": when, "what": what}
    link = settings.SITE_URL + reverse("evaluation:cycle_detail", args=[cycle.pk])
    return [Due(who.pk, who.email, f"cycle:{cycle.pk}:{step}", subject, f"{subject}\n\n{link}\n")]


def _feedback_dues(today: datetime.date) -> list[Due]:
    soon = today + datetime.timedelta(days=2)
    dues = []
    for observation in Observation.objects.filter(
        feedback_shared_at__isnull=True, feedback_due__lte=soon, observer__user__isnull=False
    ).select_related("observer__user", "cycle__person"):
        user = observation.observer.user
        subject = _("Written feedback due %(date)s: your observation of %(name)s") % {
            "date": date_format(observation.feedback_due, "DATE_FORMAT"),
            "name": observation.cycle.person,
        }
        link = settings.SITE_URL + reverse(
            "evaluation:observation", args=[observation.cycle_id, observation.pk]
        )
        dues.append(
            Due(
                user.pk,
                user.email,
                f"observation:{observation.pk}",
                subject,
                f"{subject}\n\n{link}\n",
            )
        )
    return dues


def reminders_send(*, today: datetime.date | None = None) -> int:
    """Send the day's reminders; one already sent today for the same item is not repeated,
    so running this twice a day sends nothing new. Returns how many were sent."""
    today = today or timezone.localdate()
    cycles = (
        EvaluationCycle.objects.filter(start_date__lte=today, end_date__gte=today)
        .exclude(step=EvaluationCycle.Step.COMPLETE)
        .select_related(
            "person__user",
            "primary_evaluator__user",
            "settings_version",
            "school_year",
            "educator_plan",
            "summative_evaluation",
        )
    )
    sent = 0
    dues = [due for cycle in cycles.iterator(chunk_size=2000) for due in _cycle_dues(cycle, today)]
    for due in dues + _feedback_dues(today):
        try:
            with transaction.atomic():
                Reminder.objects.create(user_id=due.user_id, item=due.item, sent_on=today)
                send_mail(due.subject, due.body, None, [due.email])
        except IntegrityError:
            continue  # already reminded today
        sent += 1
    return sent
