"""Writes of exits: a separation recorded or corrected, and an exit-survey answer.

A separation ends the employment on its last day and, the same day, what gave the person
access through it: their assignments in the district, their role grants there and the
evaluations they conduct there. Everything is dated, so access runs through the last day and
stops the day after (people.selectors.roles_of reads the dates).
"""

import datetime
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.exits.models import (
    SEPARATION_KINDS,
    ExitReason,
    ExitSurveyInvitation,
    ExitSurveyTotals,
    Separation,
)
from tandem.exits.rules import manages_separations
from tandem.exits.selectors import SURVEY_LINK_DAYS, survey_invitation_open, survey_token_digest
from tandem.organizations.selectors import school_year_for
from tandem.people.models import Employment, EvaluatorAssignment, RoleGrant, StaffAssignment, User

NOTE_LIMIT = 2000


def school_year_of(*, district_id: int, day: datetime.date) -> int:
    """The calendar year the district's school year of ``day`` began (a summer day belongs to
    the year just ended); July 1 starts a year when the district keeps no calendar for it."""
    year = school_year_for(district_id=district_id, day=day)
    if year is not None and year.end_date >= day - datetime.timedelta(days=92):
        return year.start_date.year
    return day.year if day.month >= 7 else day.year - 1


def _checked(*, employment: Employment, last_day, kind: str, reason: str, note: str) -> str:
    """The note, stripped, once every field is right; else a DomainError naming the first
    wrong one."""
    if not isinstance(last_day, datetime.date):
        raise DomainError(_("Give the last day of work as a date."))
    if last_day < employment.start_date:
        raise DomainError(
            _("The last day cannot come before the employment began (%(day)s).")
            % {"day": employment.start_date.isoformat()}
        )
    if last_day > timezone.localdate() + datetime.timedelta(days=366):
        raise DomainError(_("Give a last day within a year from today."))
    if kind not in dict(SEPARATION_KINDS):
        raise DomainError(_("Choose the type of separation."))
    if reason not in ExitReason.values:
        raise DomainError(_("Choose the main reason for leaving."))
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        raise DomainError(_("A note holds at most 2,000 characters."))
    return note


def _end_access(separation: Separation, by: User) -> None:
    """End on the last day whatever of the person's in the district ran past it, and move what
    the separation ended before to the (corrected) last day, never past its own end."""
    employment = separation.employment
    last_day = separation.last_day
    models = {
        "rolegrant": RoleGrant,
        "assignment": StaffAssignment,
        "evaluator": EvaluatorAssignment,
    }
    for entry in separation.ended:
        row = models[entry["model"]].objects.filter(pk=entry["pk"]).first()
        if row is None:
            continue
        before = entry["end_date"] and datetime.date.fromisoformat(entry["end_date"])
        row.end_date = min(before, last_day) if before else last_day
        row._history_user = by
        row.save(update_fields=["end_date"])
    runs_on = Q(end_date__isnull=True) | Q(end_date__gt=last_day)
    user_id = employment.person.user_id
    running = {
        "assignment": StaffAssignment.objects.filter(employment=employment),
        "evaluator": EvaluatorAssignment.objects.filter(
            evaluator_id=employment.person_id, evaluatee__district_id=employment.district_id
        ),
        "rolegrant": RoleGrant.objects.filter(
            Q(district_id=employment.district_id) | Q(school__district_id=employment.district_id),
            user_id=user_id,
        )
        if user_id
        else RoleGrant.objects.none(),
    }
    for name, rows in running.items():
        for row in rows.filter(runs_on).select_for_update(of=("self",)):
            row._history_user = by
            if row.start_date > last_day:
                row.delete()  # it would never have begun; its history keeps it
                continue
            separation.ended.append(
                {
                    "model": name,
                    "pk": row.pk,
                    "end_date": row.end_date.isoformat() if row.end_date else None,
                }
            )
            row.end_date = last_day
            row.save(update_fields=["end_date"])
    employment.end_date = last_day
    employment.separation_reason = separation.kind
    employment._history_user = by
    employment.save(update_fields=["end_date", "separation_reason"])


@transaction.atomic
def separation_record(
    *,
    employment_id: int,
    by: User,
    last_day: datetime.date,
    kind: str,
    reason: str,
    note: str = "",
    send_survey: bool = True,
) -> Separation:
    """Record that an employment ends on ``last_day``, end the access it gave the day after,
    and send the leaver the exit survey when an e-mail address is known."""
    employment = (
        Employment.objects.select_for_update().select_related("person").filter(pk=employment_id)
    ).first()
    if employment is None or not manages_separations(by, employment.district_id):
        raise DomainError(_("Only the district's HR and administrators record a separation."))
    if Separation.objects.filter(employment=employment).exists():
        raise DomainError(_("This employment's separation is recorded already; correct it."))
    note = _checked(employment=employment, last_day=last_day, kind=kind, reason=reason, note=note)
    separation = Separation(
        employment=employment,
        last_day=last_day,
        school_year=school_year_of(district_id=employment.district_id, day=last_day),
        kind=kind,
        reason=reason,
        note=note,
        recorded_by=by,
    )
    _end_access(separation, by)
    separation._history_user = by
    separation.save()
    if send_survey:
        _survey_invite(separation)
    return separation


@transaction.atomic
def separation_correct(
    *,
    separation_id: int,
    by: User,
    version: int,
    last_day: datetime.date,
    kind: str,
    reason: str,
    note: str,
    why: str,
) -> Separation:
    """Correct a separation read at ``version``; the history keeps what it said, who changed
    it and why, and the access it ended moves with the last day."""
    separation = (
        Separation.objects.select_for_update()
        .select_related("employment__person")
        .filter(pk=separation_id)
        .first()
    )
    if separation is None or not manages_separations(by, separation.employment.district_id):
        raise DomainError(_("Only the district's HR and administrators correct a separation."))
    if separation.version != version:
        raise DomainError(
            _("Someone changed this separation after you opened it. Reload it and try again.")
        )
    why = why.strip()
    if not why:
        raise DomainError(_("Say why the separation is corrected: the history keeps it."))
    if len(why) > 500:
        raise DomainError(_("Why it is corrected holds at most 500 characters."))
    note = _checked(
        employment=separation.employment, last_day=last_day, kind=kind, reason=reason, note=note
    )
    if (last_day, kind, reason, note) == (
        separation.last_day,
        separation.kind,
        separation.reason,
        separation.note,
    ):
        raise DomainError(_("Nothing was changed: the separation says this already."))
    separation.last_day, separation.kind, separation.reason = last_day, kind, reason
    separation.note = note
    separation.school_year = school_year_of(
        district_id=separation.employment.district_id, day=last_day
    )
    _end_access(separation, by)
    separation.version += 1
    separation._history_user = by
    separation._change_reason = why
    separation.save()
    return separation


def _survey_invite(separation: Separation) -> None:
    """Make the one-time link and send it once the separation is saved."""
    person = separation.employment.person
    address = person.email or (person.user.email if person.user else "")
    if not address:
        return
    raw = secrets.token_urlsafe(32)
    ExitSurveyInvitation.objects.create(
        separation=separation,
        digest=survey_token_digest(raw),
        sent_to=address,
        sent_on=timezone.localdate(),
    )
    link = settings.SITE_URL + reverse("exits:exit_survey", args=[raw])
    district = separation.employment.district.name
    body = _(
        "Thank you for your work in %(district)s.\n\n"
        "Would you tell us why you are leaving? The survey takes two minutes. Your answers are "
        "added to the district's totals and kept apart from your name: no one, not even the "
        "district's HR, can tell which answers were yours.\n\n"
        "%(link)s\n\n"
        "The link works once, for %(days)s days."
    ) % {"district": district, "link": link, "days": SURVEY_LINK_DAYS}
    subject = _("Why are you leaving %(district)s?") % {"district": district}
    transaction.on_commit(lambda: send_mail(subject, body, None, [address]))


@transaction.atomic
def exit_survey_answer(*, token: str, reason: str, comment: str = "") -> None:
    """Add one leaver's answer to the district's totals of the year they left, and mark the
    link used. The two writes are in one transaction and nothing ties one to the other (see
    ``ExitSurveyTotals``); nothing is logged for the same reason."""
    invitation = survey_invitation_open(token)
    if invitation is None:
        raise DomainError(_("This survey link has been used or has expired."))
    invitation = ExitSurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.answered:
        raise DomainError(_("This survey link has been used or has expired."))
    if reason not in ExitReason.values:
        raise DomainError(_("Choose the main reason you are leaving."))
    comment = comment.strip()
    if len(comment) > NOTE_LIMIT:
        raise DomainError(_("A comment holds at most 2,000 characters."))
    separation = invitation.separation
    district_id = separation.employment.district_id
    totals, _created = ExitSurveyTotals.objects.select_for_update().get_or_create(
        district_id=district_id, school_year=separation.school_year
    )
    totals.reasons[reason] = totals.reasons.get(reason, 0) + 1
    totals.answers += 1
    if comment:
        # At a random place, so the list's order says nothing about who wrote what.
        totals.comments.insert(secrets.randbelow(len(totals.comments) + 1), comment)
    totals.save(update_fields=["reasons", "answers", "comments"])
    invitation.answered = True
    invitation.save(update_fields=["answered"])
