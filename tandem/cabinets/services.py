"""Every write of the advisory cabinets, each all or nothing, each asking its rule first.

Edits of a meeting's agenda or minutes and of a member's feedback name the version they
started from: a save from a stale tab is refused instead of overwriting the newer text.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.cabinets.models import (
    Application,
    Cabinet,
    DistrictLocale,
    Feedback,
    Meeting,
    Round,
    Term,
    Topic,
)
from tandem.cabinets.rules import is_member, runs_cabinets
from tandem.errors import DomainError
from tandem.organizations.vocabulary import RoleGroup
from tandem.people.models import Employment, Person, User

Status = Application.Status


def _require_staff(by: User) -> None:
    if not runs_cabinets(by):
        raise DomainError(_("Only state staff run the advisory cabinets."))


def _text(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(_("Write the %(what)s.") % {"what": what})
    return value


def round_open(
    *,
    cabinet: Cabinet,
    by: User,
    school_year: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    term_starts_on: datetime.date,
    term_ends_on: datetime.date,
    seats: int,
) -> Round:
    _require_staff(by)
    if closes_on < opens_on:
        raise DomainError(_("The application window closes before it opens."))
    if term_ends_on <= term_starts_on:
        raise DomainError(_("The term ends before it starts."))
    if Round.objects.filter(cabinet=cabinet, school_year=school_year).exists():
        raise DomainError(
            _("This cabinet already has a round for %(year)s.") % {"year": school_year}
        )
    return Round.objects.create(
        cabinet=cabinet,
        school_year=school_year,
        opens_on=opens_on,
        closes_on=closes_on,
        term_starts_on=term_starts_on,
        term_ends_on=term_ends_on,
        seats=seats,
    )


def employment_for(cabinet: Cabinet, person_id: int, day: datetime.date) -> Employment | None:
    """The educator's employment in force that the cabinet takes, the latest begun first."""
    return (
        Employment.objects.active_on(day)
        .filter(person_id=person_id, role_group__in=cabinet.role_groups)
        .select_related("district__cabinet_locale")
        .order_by("-start_date", "-pk")
        .first()
    )


def application_submit(*, round_id: int, by: User, statement: str) -> Application:
    """Apply to a round while it is open; role, district, region and district type come from
    the applicant's records of the day."""
    day = timezone.localdate()
    person = Person.objects.filter(user=by).first() if by.is_authenticated else None
    if person is None:
        raise DomainError(_("Only educators apply to an advisory cabinet."))
    statement = _text(statement, _("statement"))
    with transaction.atomic():
        round = Round.objects.select_related("cabinet").get(pk=round_id)
        if not round.is_open(day):
            raise DomainError(_("Applications to this cabinet are not open."))
        employment = employment_for(round.cabinet, person.pk, day)
        if employment is None:
            raise DomainError(
                _("The %(cabinet)s takes educators in these roles: %(roles)s.")
                % {
                    "cabinet": round.cabinet,
                    "roles": ", ".join(
                        str(RoleGroup(value).label) for value in round.cabinet.role_groups
                    ),
                }
            )
        district = employment.district
        locale = getattr(district, "cabinet_locale", None)
        try:
            with transaction.atomic():
                return Application.objects.create(
                    round=round,
                    person=person,
                    statement=statement,
                    role_group=employment.role_group,
                    district=district,
                    region=district.region,
                    district_type=locale.kind if locale else "",
                )
        except IntegrityError:
            raise DomainError(_("You have already applied in this round.")) from None


def application_withdraw(*, application_id: int, by: User) -> Application:
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application_id)
        if getattr(getattr(by, "person", None), "pk", None) != application.person_id:
            raise DomainError(_("Only the applicant withdraws an application."))
        if application.status != Status.SUBMITTED:
            raise DomainError(_("A decided application cannot be withdrawn."))
        application.status = Status.WITHDRAWN
        application.save(update_fields=["status"])
        return application


def application_decide(*, application_id: int, by: User, select: bool) -> Application:
    """Select an applicant, which records their term for the round's school year, or not."""
    _require_staff(by)
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("round").get(pk=application_id)
        )
        round = Round.objects.select_for_update().get(pk=application.round_id)
        if application.status != Status.SUBMITTED:
            raise DomainError(_("This application is already decided or withdrawn."))
        if select:
            taken = round.applications.filter(status=Status.SELECTED).count()
            if taken >= round.seats:
                raise DomainError(_("All %(seats)d seats are filled.") % {"seats": round.seats})
        application.status = Status.SELECTED if select else Status.DECLINED
        application.decided_at = timezone.now()
        application.decided_by = by
        application.save(update_fields=["status", "decided_at", "decided_by"])
        if select:
            Term.objects.create(
                cabinet_id=round.cabinet_id,
                person_id=application.person_id,
                application=application,
                starts_on=round.term_starts_on,
                ends_on=round.term_ends_on,
                recorded_by=by,
            )
        return application


def term_renew(*, term_id: int, by: User, ends_on: datetime.date) -> Term:
    """A further term that starts the day after this one ends."""
    _require_staff(by)
    with transaction.atomic():
        term = Term.objects.select_for_update().get(pk=term_id)
        if Term.objects.filter(renews=term).exists():
            raise DomainError(_("This term is already renewed."))
        starts_on = term.ends_on + datetime.timedelta(days=1)
        if ends_on <= starts_on:
            raise DomainError(_("The renewed term must end after %(day)s.") % {"day": starts_on})
        return Term.objects.create(
            cabinet_id=term.cabinet_id,
            person_id=term.person_id,
            renews=term,
            starts_on=starts_on,
            ends_on=ends_on,
            recorded_by=by,
        )


def district_locale_set(*, district_id: int, by: User, kind: str) -> DistrictLocale:
    _require_staff(by)
    locale, _created = DistrictLocale.objects.update_or_create(
        district_id=district_id, defaults={"kind": kind}
    )
    return locale


def meeting_schedule(
    *,
    cabinet: Cabinet,
    by: User,
    subject: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
    agenda: str = "",
) -> Meeting:
    _require_staff(by)
    if ends_at <= starts_at:
        raise DomainError(_("The meeting ends before it starts."))
    return Meeting.objects.create(
        cabinet=cabinet,
        subject=_text(subject, _("subject")),
        starts_at=starts_at,
        ends_at=ends_at,
        place=_text(place, _("place")),
        agenda=agenda.strip(),
        created_by=by,
    )


def meeting_record(
    *, meeting_id: int, version: int, by: User, agenda: str, minutes: str
) -> Meeting:
    """Save the agenda and the minutes, from the version the editor started from."""
    _require_staff(by)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
        if meeting.version != version:
            raise DomainError(
                _("Someone saved this meeting since you opened it: reload to see their changes.")
            )
        if minutes.strip() and timezone.localtime(meeting.starts_at).date() > timezone.localdate():
            raise DomainError(_("Minutes are recorded once the meeting has taken place."))
        meeting.agenda = agenda.strip()
        meeting.minutes = minutes.strip()
        meeting.version += 1
        meeting.save(update_fields=["agenda", "minutes", "version", "changed_at"])
        return meeting


def topic_open(
    *, cabinet: Cabinet, by: User, title: str, question: str, closes_on: datetime.date
) -> Topic:
    _require_staff(by)
    if closes_on < timezone.localdate():
        raise DomainError(_("The topic would close before today."))
    return Topic.objects.create(
        cabinet=cabinet,
        title=_text(title, _("title")),
        question=_text(question, _("question")),
        closes_on=closes_on,
        created_by=by,
    )


def topic_close(*, topic_id: int, by: User) -> Topic:
    _require_staff(by)
    with transaction.atomic():
        topic = Topic.objects.select_for_update().get(pk=topic_id)
        if topic.closed_at is None:
            topic.closed_at = timezone.now()
            topic.save(update_fields=["closed_at"])
        return topic


def feedback_save(*, topic_id: int, by: User, text: str, version: int) -> Feedback:
    """A member's feedback: ``version`` 0 gives it for the first time, else it names the
    version being changed."""
    text = _text(text, _("feedback"))
    with transaction.atomic():
        topic = Topic.objects.select_for_update().select_related("cabinet").get(pk=topic_id)
        if not is_member(by, topic.cabinet):
            raise DomainError(_("Only the cabinet's members give feedback."))
        if not topic.is_open(timezone.localdate()):
            raise DomainError(_("This topic is closed: feedback can no longer change."))
        person_id = by.person.pk
        feedback = Feedback.objects.filter(topic=topic, person_id=person_id).first()
        current = feedback.version if feedback else 0
        if version != current:
            raise DomainError(
                _("Your feedback was saved elsewhere since you opened it: reload to see it.")
            )
        if feedback is None:
            return Feedback.objects.create(topic=topic, person_id=person_id, text=text)
        feedback.text = text
        feedback.version += 1
        feedback.save(update_fields=["text", "version", "changed_at"])
        return feedback
