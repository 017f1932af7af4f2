"""The day's e-mail reminders: what each person must do next in a cycle, and when."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tandem.evaluation.models import EvaluationCycle, Observation, Reminder
from tandem.evaluation.waiting import (
    CYCLE_RELATIONS,
    EDUCATOR,
    Waiting,
    cycles_waiting,
    feedback_waiting,
)

# Reminders start this many calendar days before a due date and go on daily while it is past;
# written feedback is reminded two days before it is due.
DAYS_BEFORE = 5
FEEDBACK_DAYS_BEFORE = 2
BATCH = 2000


def _in_batches(cycles, today):
    """What the cycles wait for, read a batch of cycles at a time (the state's are many)."""
    batch = []
    for cycle in cycles.iterator(chunk_size=BATCH):
        batch.append(cycle)
        if len(batch) == BATCH:
            yield from cycles_waiting(batch, today)
            batch = []
    yield from cycles_waiting(batch, today)


@dataclass(frozen=True)
class Due:
    user_id: int
    email: str
    item: str
    subject: str
    body: str


def _due(waiting: Waiting, user, today: datetime.date) -> Due | None:
    """A reminder of ``waiting`` for ``user``, from five days before its date and daily after."""
    if user is None or waiting.due is None or (waiting.due - today).days > DAYS_BEFORE:
        return None
    when = date_format(waiting.due, "DATE_FORMAT")
    subject = (
        _("Past due since %(date)s: %(what)s")
        if waiting.overdue_on(today)
        else _("Due %(date)s: %(what)s")
    ) % {"date": when, "what": waiting.action}
    link = settings.SITE_URL + waiting.url
    return Due(user.pk, user.email, waiting.item, subject, f"{subject}\n\n{link}\n")


def _actor(waiting: Waiting):
    cycle = waiting.cycle
    if waiting.party == EDUCATOR:
        return cycle.person.user
    return cycle.primary_evaluator.user if cycle.primary_evaluator else None


def reminders_send(*, today: datetime.date | None = None) -> int:
    """Send the day's reminders; one already sent today for the same item is not repeated,
    so running this twice a day sends nothing new. Returns how many were sent."""
    today = today or timezone.localdate()
    cycles = (
        EvaluationCycle.objects.filter(start_date__lte=today, end_date__gte=today)
        .exclude(step=EvaluationCycle.Step.COMPLETE)
        .select_related(*CYCLE_RELATIONS)
        .order_by("pk")
    )
    observations = Observation.objects.filter(
        feedback_shared_at__isnull=True,
        feedback_due__lte=today + datetime.timedelta(days=FEEDBACK_DAYS_BEFORE),
        observer__user__isnull=False,
    ).select_related("observer__user", "cycle__person")
    reminders = [(waiting, _actor(waiting)) for waiting in _in_batches(cycles, today)] + [
        (feedback_waiting(o), o.observer.user) for o in observations
    ]
    dues = [due for waiting, user in reminders if (due := _due(waiting, user, today))]
    sent = 0
    for due in dues:
        try:
            with transaction.atomic():
                Reminder.objects.create(user_id=due.user_id, item=due.item, sent_on=today)
                send_mail(due.subject, due.body, None, [due.email])
        except IntegrityError:
            continue  # already reminded today
        sent += 1
    return sent
