"""E-mail notices of what waits on a person in their team's work (issue 16, item 2): each day
something new waits, or a weekly digest on Mondays, as the person chooses; never two a day."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.collaboration.models import NoticePreference, NoticeSent, Team, TeamMember
from tandem.collaboration.selectors.waiting import TeamWaiting, waiting_on
from tandem.errors import DomainError
from tandem.people.models import RoleGrant, User

DIGEST_WEEKDAY = 0  # Monday


def notice_preference_set(*, user: User, frequency: str) -> NoticePreference:
    """The person's choice of a daily notice or a weekly digest."""
    if frequency not in NoticePreference.Frequency.values:
        raise DomainError(_("Choose a daily notice or a weekly digest."))
    preference, _created = NoticePreference.objects.update_or_create(
        user=user, defaults={"frequency": frequency}
    )
    return preference


def _team_people(day: datetime.date) -> list[User]:
    """Everyone who may have something waiting: the members of every team, the key leaders of
    the districts that have one, and the teams' facilitators."""
    members = TeamMember.objects.active_on(day).values("user_id")
    leaders = (
        RoleGrant.objects.active_on(day)
        .exclude(office="")
        .filter(district__team__isnull=False)
        .values("user_id")
    )
    facilitators = Team.objects.filter(facilitator__isnull=False).values("facilitator_id")
    return list(
        User.objects.filter(Q(pk__in=members) | Q(pk__in=leaders) | Q(pk__in=facilitators))
        .filter(is_active=True)
        .exclude(email="")
        .order_by("pk")
    )


def _line(waiting: TeamWaiting, day: datetime.date, new: bool) -> str:
    text = f"- {waiting.action[:1].upper()}{waiting.action[1:]} ({waiting.team.name})"
    if waiting.kind != "meeting" and waiting.due is not None:
        when = date_format(waiting.due, "DATE_FORMAT")
        text += ", " + (
            _("past due since %(date)s") if waiting.overdue_on(day) else _("due %(date)s")
        ) % {"date": when}
    if new:
        text += " " + _("[new]")
    return f"{text}\n  {settings.SITE_URL}{waiting.url}"


def notice_message(
    waiting: list[TeamWaiting], *, new: set[str], frequency: str, day: datetime.date
) -> tuple[str, str]:
    """The subject and body of a notice listing ``waiting``, the items in ``new`` marked."""
    count = len(waiting)
    if frequency == NoticePreference.Frequency.WEEKLY:
        subject = ngettext(
            "This week in your team's work: %(n)s thing waits on you",
            "This week in your team's work: %(n)s things wait on you",
            count,
        ) % {"n": count}
    else:
        subject = ngettext(
            "Waiting on you in your team's work: %(n)s thing, %(new)s new",
            "Waiting on you in your team's work: %(n)s things, %(new)s new",
            count,
        ) % {"n": count, "new": len(new)}
    lines = "\n".join(_line(w, day, w.item in new) for w in waiting)
    footer = _(
        "You get this notice %(how)s. Change it on your team's page in Tandem; what waits on "
        "you is on your home page too: %(home)s"
    ) % {
        "how": _("as a weekly digest")
        if frequency == NoticePreference.Frequency.WEEKLY
        else _("on each day something new waits on you"),
        "home": f"{settings.SITE_URL}/",
    }
    return subject, f"{subject}\n\n{lines}\n\n{footer}\n"


def notices_send(*, today: datetime.date | None = None) -> int:
    """Send the day's notices: to a person on the daily notice when something waits that their
    last notice did not name, to one on the weekly digest on Mondays when anything waits.
    Running it twice a day sends nothing new (one notice per person and day). Returns how
    many were sent."""
    today = today or timezone.localdate()
    people = _team_people(today)
    preferences = dict(
        NoticePreference.objects.filter(user__in=people).values_list("user_id", "frequency")
    )
    sent = 0
    for user in people:
        frequency = preferences.get(user.pk, NoticePreference.Frequency.DAILY)
        if frequency == NoticePreference.Frequency.WEEKLY and today.weekday() != DIGEST_WEEKDAY:
            continue
        waiting = waiting_on(user=user, day=today)
        if not waiting:
            continue
        last = NoticeSent.objects.filter(user=user, sent_on__lt=today).first()
        new = {w.item for w in waiting} - set(last.items if last else [])
        if frequency == NoticePreference.Frequency.DAILY and not new:
            continue
        subject, body = notice_message(waiting, new=new, frequency=frequency, day=today)
        try:
            with transaction.atomic():
                NoticeSent.objects.create(
                    user=user, sent_on=today, frequency=frequency, items=[w.item for w in waiting]
                )
                send_mail(subject, body, None, [user.email])
        except IntegrityError:
            continue  # already sent today
        sent += 1
    return sent
