"""Registration with a waitlist, attendance, the assessment of learning and completion.

Every change of a registration locks its offering's row first (``select_for_update``), so
that two educators asking for the last place at once are served one after the other: the
first gets it, the second joins the waitlist.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.learning.models import (
    Attendance,
    Completion,
    Offering,
    Registration,
    Session,
    SurveyResponse,
)
from tandem.learning.rules import facilitates
from tandem.licensure.models import PointsEntry, Topic
from tandem.licensure.services import points_record

Status = Registration.Status


def _locked(offering_id: int) -> Offering:
    return Offering.objects.select_for_update().get(pk=offering_id)


def registration_register(*, offering_id: int, person_id: int) -> Registration:
    """A place while one is free, else the end of the waitlist."""
    with transaction.atomic():
        offering = _locked(offering_id)
        if offering.starts_on < timezone.localdate():
            raise DomainError(_("This offering has begun; registration is closed."))
        live = offering.registrations.exclude(status=Status.CANCELLED)
        if live.filter(person_id=person_id).exists():
            raise DomainError(_("You are already registered or on the waitlist."))
        now = timezone.now()
        if live.filter(status=Status.REGISTERED).count() < offering.capacity:
            return Registration.objects.create(
                offering=offering, person_id=person_id, status=Status.REGISTERED
            )
        return Registration.objects.create(
            offering=offering, person_id=person_id, status=Status.WAITLISTED, waitlisted_at=now
        )


def registration_cancel(*, registration_id: int, person_id: int) -> Registration | None:
    """Cancel the educator's registration; a freed place goes to the first on the waitlist,
    who is returned."""
    with transaction.atomic():
        registration = Registration.objects.filter(pk=registration_id, person_id=person_id).first()
        if registration is None:
            raise DomainError(_("There is no such registration of yours."))
        offering = _locked(registration.offering_id)
        registration.refresh_from_db()
        if registration.status == Status.CANCELLED:
            raise DomainError(_("This registration is already cancelled."))
        if hasattr(registration, "completion"):
            raise DomainError(_("A completed offering cannot be cancelled."))
        freed = registration.status == Status.REGISTERED
        registration.status = Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        return waitlist_promote(offering) if freed else None


def waitlist_promote(offering: Offering) -> Registration | None:
    """Give a free place to the first on the waitlist. The caller holds the offering's lock."""
    taken = offering.registrations.filter(status=Status.REGISTERED).count()
    if taken >= offering.capacity:
        return None
    first = (
        offering.registrations.filter(status=Status.WAITLISTED)
        .order_by("waitlisted_at", "pk")
        .first()
    )
    if first is not None:
        first.status = Status.REGISTERED
        first.promoted_at = timezone.now()
        first.save(update_fields=["status", "promoted_at"])
    return first


def attendance_record(*, session: Session, present: set[int], by) -> int:
    """The sign-in sheet of one session: ``present`` holds the registrations signed in; every
    other registered participant is recorded absent. Returns how many were present."""
    offering = session.offering
    if not facilitates(by, offering):
        raise DomainError(_("Only the facilitator takes attendance."))
    with transaction.atomic():
        registered = list(
            offering.registrations.filter(status=Status.REGISTERED).values_list("pk", flat=True)
        )
        unknown = present - set(registered)
        if unknown:
            raise DomainError(_("Someone signed in is not registered for this offering."))
        for pk in registered:
            Attendance.objects.update_or_create(
                registration_id=pk,
                session=session,
                defaults={"present": pk in present, "recorded_by": by},
            )
    return len(present)


def completion_record(*, registration: Registration, passed: bool, by) -> Completion:
    """The assessment of learning of one participant who attended every session. Passed, it
    earns the offering's points in its topic; not passed, it is recorded with none."""
    offering = registration.offering
    if not facilitates(by, offering):
        raise DomainError(_("Only the facilitator records the assessment of learning."))
    if registration.status != Status.REGISTERED:
        raise DomainError(_("Only a participant with a place completes an offering."))
    if hasattr(registration, "completion"):
        raise DomainError(_("This participant's completion is already recorded."))
    sessions = offering.sessions.count()
    attended = registration.attendance.filter(present=True).count()
    if attended < sessions:
        raise DomainError(
            _("%(name)s attended %(attended)d of %(sessions)d sessions.")
            % {"name": registration.person, "attended": attended, "sessions": sessions}
        )
    with transaction.atomic():
        completion = Completion.objects.create(
            registration=registration,
            passed=passed,
            points=offering.points if passed else 0,
            topic=offering.topic,
            completed_on=timezone.localdate(),
            recorded_by=by,
        )
        if passed:
            ledger_record(completion)
    return completion


def ledger_record(completion: Completion) -> None:
    """The completion's points into the educator's ledger, which follows them across
    districts and counts toward renewal; a content offering's points are for the license
    field of its first subject."""
    registration = completion.registration
    offering = registration.offering
    subject = (
        offering.subjects.order_by("name").first() if completion.topic == Topic.CONTENT else None
    )
    points_record(
        registration.person,
        points=completion.points,
        topic=completion.topic,
        source_kind=PointsEntry.Source.OFFERING,
        source_id=completion.pk,
        earned_on=completion.completed_on,
        description=offering.title,
        content_field=subject.name if subject else "",
    )


def survey_answer(
    *, registration_id: int, person_id: int, rating, comment: str = ""
) -> SurveyResponse:
    """The participant's own end-of-offering survey, once, after their completion is
    recorded: a rating of 1 to 5 and an optional comment."""
    registration = (
        Registration.objects.filter(pk=registration_id, person_id=person_id)
        .select_related("completion")
        .first()
    )
    if registration is None:
        raise DomainError(_("There is no such registration of yours."))
    if not hasattr(registration, "completion"):
        raise DomainError(_("The survey opens once your completion is recorded."))
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise DomainError(_("Choose a rating from 1 to 5."))
    with transaction.atomic():
        if SurveyResponse.objects.filter(registration=registration).exists():
            raise DomainError(_("You have already answered this offering's survey."))
        return SurveyResponse.objects.create(
            registration=registration, rating=rating, comment=comment.strip()
        )
