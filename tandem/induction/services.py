"""Writes of induction: the district's rules, trained mentors, assignments and mentoring logs."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.induction import selectors
from tandem.induction.models import (
    InductionRules,
    MentorAssignment,
    MentoringLog,
    TrainedMentor,
)
from tandem.organizations.models import District, SchoolYear
from tandem.people.models import Employment, EvaluatorAssignment, Person, User
from tandem.records.versions import version_bump, version_check

RULE_FIELDS = (
    "orientation_required",
    "mentor_within_days",
    "support_team_required",
    "release_time_required",
    "incoming_mentor_required",
    "induction_year_hours",
    "professional_hours",
)
MOST_HOURS_A_DAY = Decimal("12")


def _require(user: User, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise DomainError(_("You may not do this with this induction record."))


@transaction.atomic
def induction_rules_save(
    *, district: District, school_year: SchoolYear, values: dict, version: int, by: User
) -> InductionRules:
    """Save the district's induction rules for a school year (the first save from the state's
    values, or from the year before's); a save from a stale page is refused."""
    _require(by, "induction.manage", district)
    if school_year.district_id != district.pk:
        raise DomainError(_("Choose one of the district's school years."))
    rules = (
        InductionRules.objects.select_for_update()
        .filter(district=district, school_year=school_year)
        .first()
    )
    if rules is None:
        if version != 0:
            raise DomainError(_("Someone changed these rules. Reload and try again."))
        rules = InductionRules(district=district, school_year=school_year, updated_by=by)
    else:
        version_check(rules, version)
        rules.version += 1
    for name in RULE_FIELDS:
        setattr(rules, name, values[name])
    rules.updated_by = by
    rules.updated_at = timezone.now()
    rules.save()
    return rules


@transaction.atomic
def trained_mentor_save(
    *,
    district: District,
    person: Person,
    trained_on: datetime.date,
    subjects: str,
    grade_levels: str,
    capacity: int,
    end_date: datetime.date | None,
    by: User,
) -> TrainedMentor:
    """Record that an educator of the district was trained to mentor, or change the record."""
    _require(by, "induction.manage", district)
    if not Employment.objects.filter(person=person, district=district).active_on().exists():
        raise DomainError(_("A mentor must be employed by the district today."))
    if trained_on > timezone.localdate():
        raise DomainError(_("The training date cannot be in the future."))
    if end_date is not None and end_date < trained_on:
        raise DomainError(_("A mentor cannot stop mentoring before being trained."))
    mentor, _created = TrainedMentor.objects.select_for_update().get_or_create(
        person=person,
        district=district,
        defaults={"trained_on": trained_on, "capacity": capacity},
    )
    mentor.trained_on = trained_on
    mentor.subjects = subjects
    mentor.grade_levels = grade_levels
    mentor.capacity = capacity
    mentor.end_date = end_date
    mentor.save()
    return mentor


@transaction.atomic
def mentor_assign(
    *,
    mentee: Employment,
    mentor: TrainedMentor,
    evaluator: Person | None,
    start_date: datetime.date,
    by: User,
) -> MentorAssignment:
    """Assign a trained mentor from ``start_date``; a mentor assigned before stops the day
    before (or on the day the new one starts, if that is the day the old one began)."""
    _require(by, "induction.manage", mentee.district)
    mentor = TrainedMentor.objects.select_for_update().select_related("person").get(pk=mentor.pk)
    if mentor.district_id != mentee.district_id:
        raise DomainError(_("Choose one of the district's trained mentors."))
    if mentor.person_id == mentee.person_id:
        raise DomainError(_("A teacher cannot mentor themselves."))
    if not mentor.mentors_on(start_date):
        raise DomainError(
            _("%(mentor)s is not a trained mentor on %(date)s.")
            % {"mentor": mentor.person, "date": start_date.isoformat()}
        )
    if start_date < mentee.start_date:
        raise DomainError(_("A mentor cannot start before the teacher's employment."))
    load = mentor.assignments.active_on(start_date).exclude(mentee=mentee).count()
    if load >= mentor.capacity:
        raise DomainError(
            _("%(mentor)s already mentors %(n)s teachers, as many as the record allows.")
            % {"mentor": mentor.person, "n": load}
        )
    if evaluator is not None and not _evaluates(evaluator, mentee, start_date):
        raise DomainError(
            _("The support team's evaluator must be one of the teacher's evaluators.")
        )
    previous = (
        MentorAssignment.objects.select_for_update()
        .filter(mentee=mentee, end_date__isnull=True)
        .first()
    )
    if previous is not None:
        if start_date < previous.start_date:
            raise DomainError(
                _("The new mentor cannot start before the current one began (%(date)s).")
                % {"date": previous.start_date.isoformat()}
            )
        previous.end_date = max(previous.start_date, start_date - datetime.timedelta(days=1))
        previous.save(update_fields=["end_date"])
    return MentorAssignment.objects.create(
        mentee=mentee, mentor=mentor, evaluator=evaluator, start_date=start_date, assigned_by=by
    )


def _evaluates(person: Person, mentee: Employment, day: datetime.date) -> bool:
    return (
        EvaluatorAssignment.objects.filter(evaluatee=mentee, evaluator=person)
        .active_on(day)
        .exists()
    )


def _check_entry(
    *, assignment: MentorAssignment, date: datetime.date, hours: Decimal, excluding=None
):
    if date > timezone.localdate():
        raise DomainError(_("Mentoring cannot be logged for a day still to come."))
    if date < assignment.start_date or (assignment.end_date and date > assignment.end_date):
        raise DomainError(_("The date must fall while this mentor was assigned."))
    if not Decimal("0") < hours <= MOST_HOURS_A_DAY:
        raise DomainError(_("Hours must be more than 0 and at most 12."))
    # Lock the mentee's person so that two entries for one day cannot pass 12 together.
    Person.objects.select_for_update().filter(pk=assignment.mentee.person_id).first()
    already = selectors.hours_on(
        mentee_id=assignment.mentee.person_id, day=date, excluding=excluding
    )
    if already + hours > MOST_HOURS_A_DAY:
        raise DomainError(
            _("%(date)s already has %(hours)s hours logged; a day holds at most 12.")
            % {"date": date.isoformat(), "hours": already}
        )


@transaction.atomic
def mentoring_log_add(
    *,
    assignment: MentorAssignment,
    date: datetime.date,
    hours: Decimal,
    kind: str,
    topic: str,
    notes: str,
    by: User,
) -> MentoringLog:
    """A mentor or mentee logs time together; it counts once the other confirms it."""
    _require(by, "induction.add_log", assignment)
    _check_entry(assignment=assignment, date=date, hours=hours)
    return MentoringLog.objects.create(
        assignment=assignment,
        mentee_id=assignment.mentee.person_id,
        district_id=assignment.mentee.district_id,
        date=date,
        hours=hours,
        kind=kind,
        topic=topic,
        notes=notes,
        entered_by=by,
    )


@transaction.atomic
def mentoring_log_edit(
    *,
    log: MentoringLog,
    version: int,
    date: datetime.date,
    hours: Decimal,
    kind: str,
    topic: str,
    notes: str,
    by: User,
) -> MentoringLog:
    """The one who entered an unconfirmed entry corrects it; the history keeps the before."""
    log = (
        MentoringLog.objects.select_for_update().select_related("assignment__mentee").get(pk=log.pk)
    )
    _require(by, "induction.edit_log", log)
    version_check(log, version)
    _check_entry(assignment=log.assignment, date=date, hours=hours, excluding=log.pk)
    log.date, log.hours, log.kind, log.topic, log.notes = date, hours, kind, topic, notes
    version_bump(log, "date", "hours", "kind", "topic", "notes")
    return log


@transaction.atomic
def mentoring_log_confirm(*, log: MentoringLog, version: int, by: User) -> MentoringLog:
    """The other party confirms the entry: its hours count from now on, and it is read-only."""
    log = (
        MentoringLog.objects.select_for_update()
        .select_related("assignment__mentor", "assignment__mentee")
        .get(pk=log.pk)
    )
    if log.is_confirmed:
        raise DomainError(_("This entry is already confirmed."))
    if log.entered_by_id == by.pk:
        raise DomainError(_("The other person confirms an entry, not the one who entered it."))
    _require(by, "induction.confirm_log", log)
    version_check(log, version)
    log.confirmed_by = by
    log.confirmed_at = timezone.now()
    version_bump(log, "confirmed_by", "confirmed_at")
    return log
