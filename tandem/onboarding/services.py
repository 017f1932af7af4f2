"""Onboarding's writes: an accepted application becomes an employee of the district with a
checklist; HR ticks the checklist off and configures the district's steps.

The offers app calls ``onboard`` once the applicant has accepted and the application has
ended as hired, in the same transaction.
"""

import datetime

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.bargaining.selectors import bargaining_unit_for
from tandem.errors import DomainError
from tandem.hiring.models import Application
from tandem.hiring.services import application_event_record
from tandem.onboarding.models import (
    DEFAULT_STEPS,
    Onboarding,
    OnboardingStep,
    OnboardingTask,
    PersonLink,
)
from tandem.organizations.models import District
from tandem.people.models import Employment, Person, StaffAssignment, User
from tandem.people.services import employment_begin, person_account_move
from tandem.records.versions import version_bump, version_check


def _linked_educator(
    applicant: Person, *, state_id: str, educator: Person | None
) -> tuple[Person, str | None]:
    """The record to employ and why it is not the applicant's own (None when it is).

    An applicant the state already knows by another record is that record: named by HR
    (``educator``, a match HR confirmed) or found by the state identifier HR typed.
    """
    if educator is not None and educator.pk != applicant.pk:
        if not educator.state_id:
            raise DomainError(
                _("Link only to an educator the state knows, with a state educator identifier.")
            )
        if applicant.state_id:
            raise DomainError(
                _(
                    "The applicant's record already holds the state educator identifier "
                    "%(state_id)s; it cannot be linked to another educator."
                )
                % {"state_id": applicant.state_id}
            )
        return educator, PersonLink.Basis.CONFIRMED
    if not state_id or state_id == applicant.state_id:
        return applicant, None
    if applicant.state_id:
        raise DomainError(
            _(
                "The applicant's record holds the state educator identifier %(held)s, not "
                "%(typed)s. Check the identifier."
            )
            % {"held": applicant.state_id, "typed": state_id}
        )
    existing = Person.objects.filter(state_id=state_id).first()
    if existing is not None:
        return existing, PersonLink.Basis.STATE_ID
    return applicant, None


def _refuse_unless_ready(application: Application, *, start_date: datetime.date | None) -> None:
    if application.outcome != Application.Outcome.HIRED:
        raise DomainError(
            _(
                "Only an application whose offer was accepted (hired) can be onboarded; "
                "this one is %(where)s."
            )
            % {
                "where": application.get_outcome_display().lower()
                if application.outcome
                else application.get_stage_display().lower()
            }
        )
    if Onboarding.objects.filter(application=application).exists():
        raise DomainError(_("This application has already been onboarded."))
    if start_date is None:
        raise DomainError(_("Give the first day of employment."))


@transaction.atomic
def onboard(
    application: Application,
    *,
    actor: User,
    start_date: datetime.date,
    state_id: str = "",
    educator: Person | None = None,
) -> Employment:
    """Employ a hired applicant in the posting's district from ``start_date``, with the
    vacancy's assignment, and open their onboarding checklist.

    The applicant the state already knows under another record (the same ``state_id``, or the
    ``educator`` HR confirmed) is employed as that record: the applicant's sign-in and their
    applications move to it, so there is never a second person with one state identifier.
    Refused, with nothing written, when the application is not hired, is already onboarded,
    or the person is employed in the district in a period the new employment overlaps.
    """
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("posting__vacancy__district", "posting__vacancy__school", "person")
        .get(pk=application.pk)
    )
    _refuse_unless_ready(application, start_date=start_date)
    vacancy = application.posting.vacancy
    applicant = application.person
    person, basis = _linked_educator(
        applicant, state_id=(state_id or "").strip().upper(), educator=educator
    )
    overlapping = Employment.objects.filter(person=person, district=vacancy.district).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start_date)
    )
    if overlapping.exists():
        raise DomainError(
            _(
                "%(name)s is already employed in %(district)s in a period that overlaps one "
                "starting %(date)s. Change their assignment on their record instead."
            )
            % {"name": person, "district": vacancy.district.name, "date": start_date}
        )

    if basis is not None:
        _link(applicant=applicant, educator=person, application=application, actor=actor)
    elif state_id and not applicant.state_id:
        applicant.state_id = state_id.strip().upper()
        applicant.save(update_fields=["state_id"])

    employment = employment_begin(
        person=person,
        district=vacancy.district,
        bargaining_unit=bargaining_unit_for(
            district_id=vacancy.district_id,
            role_group=StaffAssignment.ROLE_GROUPS[vacancy.position],
            on=timezone.localdate(),
        ),
        start_date=start_date,
        school=vacancy.school,
        position=vacancy.position,
        subject=vacancy.subject,
        grade_level=vacancy.grade_levels,
        fte=vacancy.fte,
    )
    onboarding = Onboarding.objects.create(
        application=application,
        employment=employment,
        district=vacancy.district,
        school=vacancy.school,
        started_by=actor,
    )
    _checklist_open(onboarding, start_date=start_date)
    if basis is not None:
        PersonLink.objects.create(
            applicant=applicant,
            educator=person,
            onboarding=onboarding,
            basis=basis,
            linked_by=actor,
        )
    application_event_record(
        application,
        actor=actor,
        action="Onboarded",
        detail=_("Employed in %(district)s from %(date)s: %(position)s at %(where)s.")
        % {
            "district": vacancy.district.name,
            "date": start_date,
            "position": vacancy.get_position_display(),
            "where": vacancy.school.name if vacancy.school else _("the central office"),
        },
    )
    return employment


def _link(*, applicant: Person, educator: Person, application: Application, actor: User) -> None:
    """Move the applicant's sign-in and applications to the educator's record."""
    moving = list(Application.objects.select_for_update().filter(person=applicant))
    both = Application.objects.filter(
        person=educator, posting__in=[a.posting_id for a in moving]
    ).exists()
    if both:
        raise DomainError(
            _(
                "%(name)s applied to the same posting under both records; end one of the two "
                "applications before linking them."
            )
            % {"name": educator}
        )
    person_account_move(source=applicant, target=educator)
    for moved in moving:
        moved.person = educator
        moved.save(update_fields=["person"])
    application_event_record(
        application,
        actor=actor,
        action="Linked to the state's record",
        detail=_("The applicant is %(name)s, state educator identifier %(state_id)s.")
        % {"name": educator, "state_id": educator.state_id},
    )


def _checklist_open(onboarding: Onboarding, *, start_date: datetime.date) -> None:
    steps = list(OnboardingStep.objects.filter(district=onboarding.district))
    for position, step in enumerate(steps or DEFAULT_STEPS):
        OnboardingTask.objects.create(
            onboarding=onboarding,
            step=step if isinstance(step, OnboardingStep) else None,
            title=str(step.title),
            description=str(step.description),
            checked_by=step.checked_by,
            due_on=start_date + datetime.timedelta(days=step.days_after_start),
            position=position,
        )


@transaction.atomic
def onboarding_task_tick(
    task: OnboardingTask, *, actor: User, version: int, note: str = ""
) -> OnboardingTask:
    """Record that ``actor`` did the step, with a note; only from the version they read."""
    task = (
        OnboardingTask.objects.select_for_update(of=("self",))
        .select_related("onboarding__employment")
        .get(pk=task.pk)
    )
    if not actor.has_perm("onboarding.tick_task", task):
        raise DomainError(_("You may not tick off this step."))
    version_check(task, version)
    if task.is_done:
        raise DomainError(
            _("%(who)s already ticked this step off on %(when)s.")
            % {"who": task.done_by, "when": timezone.localtime(task.done_at).date()}
        )
    task.done_at = timezone.now()
    task.done_by = actor
    task.note = note.strip()
    version_bump(task, "done_at", "done_by", "note")
    return task


def _refuse_unless_manager(actor: User, district: District) -> None:
    if not actor.has_perm("onboarding.manage_district", district):
        raise DomainError(_("Only the district's HR may change its onboarding checklist."))


@transaction.atomic
def onboarding_step_add(
    *,
    district: District,
    actor: User,
    title: str,
    description: str = "",
    days_after_start: int = 0,
    checked_by: str,
) -> OnboardingStep:
    """Add a step to the district's checklist, for the checklists opened from now on."""
    _refuse_unless_manager(actor, district)
    title = title.strip()
    if not title:
        raise DomainError(_("Name the step."))
    if OnboardingStep.objects.filter(district=district, title__iexact=title).exists():
        raise DomainError(_("The checklist already has a step named %(title)s.") % {"title": title})
    last = OnboardingStep.objects.filter(district=district).aggregate(m=Max("position"))["m"]
    return OnboardingStep.objects.create(
        district=district,
        title=title,
        description=description.strip(),
        days_after_start=days_after_start,
        checked_by=checked_by,
        position=0 if last is None else last + 1,
    )


@transaction.atomic
def onboarding_step_remove(*, step: OnboardingStep, actor: User) -> None:
    """Take a step off the district's checklist; checklists already open keep their copy."""
    _refuse_unless_manager(actor, step.district)
    step.delete()


@transaction.atomic
def onboarding_steps_from_default(*, district: District, actor: User) -> list[OnboardingStep]:
    """Copy the default checklist into the district's own, to change from there."""
    _refuse_unless_manager(actor, district)
    if OnboardingStep.objects.filter(district=district).exists():
        raise DomainError(_("The district already has its own checklist."))
    return [
        OnboardingStep.objects.create(
            district=district,
            title=str(step.title),
            description=str(step.description),
            days_after_start=step.days_after_start,
            checked_by=step.checked_by,
            position=position,
        )
        for position, step in enumerate(DEFAULT_STEPS)
    ]
