"""Reads about induction: who is in it, their mentors and hours, and the yearly report."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from tandem.induction.matching import Fit, fit, grades_in
from tandem.induction.models import (
    STATE_RULES,
    InductionRules,
    MentorAssignment,
    MentoringLog,
    TrainedMentor,
)
from tandem.licensure.selectors import professional_teachers
from tandem.organizations.models import District, SchoolYear
from tandem.organizations.selectors import school_year_before, school_year_for
from tandem.organizations.vocabulary import RoleGroup
from tandem.people.models import Employment, Person, StaffAssignment, in_force_on
from tandem.people.selectors import Roles, current_assignments

ZERO = Decimal("0")


def rules_for(*, district: District, school_year: SchoolYear) -> InductionRules:
    """The district's rules for the year, or the state's values (unsaved) until HR saves."""
    saved = InductionRules.objects.filter(district=district, school_year=school_year).first()
    return saved or InductionRules(district=district, school_year=school_year, **STATE_RULES)


def rules_saved_before(*, district: District, school_year: SchoolYear) -> InductionRules | None:
    """The district's rules of the latest earlier year it saved, to start a new year from."""
    return (
        InductionRules.objects.filter(
            district=district, school_year__start_date__lt=school_year.start_date
        )
        .order_by("-school_year__start_date")
        .first()
    )


def hiring_window_start(school_year: SchoolYear) -> datetime.date:
    """From when a start counts as this year's: the day after the year before ended (a
    teacher hired in the summer starts teaching with this year)."""
    before = school_year_before(school_year)
    return before.end_date + datetime.timedelta(days=1) if before else school_year.start_date


def _first_teaching_day():
    """The person's first day as a teacher in any district: induction is the first year in the
    role, wherever it was taught."""
    return Subquery(
        Employment.objects.filter(person=OuterRef("person"), role_group=RoleGroup.TEACHER)
        .order_by()
        .values("person")
        .annotate(first=Min("role_start_date"))
        .values("first")[:1]
    )


def _teachers_starting(
    district: District, school_year: SchoolYear, *, since: datetime.date
) -> QuerySet[Employment]:
    """The district's teachers employed during the year who began teaching, or in the
    district, on or after ``since``; annotated with ``first_teaching_day``."""
    return (
        Employment.objects.filter(district=district, role_group=RoleGroup.TEACHER)
        .filter(start_date__lte=school_year.end_date)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=school_year.start_date))
        .annotate(first_teaching_day=_first_teaching_day())
        .filter(Q(first_teaching_day__gte=since) | Q(start_date__gte=since))
        .select_related("person", "person__user")
    )


@dataclass
class Inductee:
    """A beginning or incoming teacher of the year, with their mentor and hours so far."""

    employment: Employment
    beginning: bool
    first_day: datetime.date
    mentor_due: datetime.date
    mentor_required: bool
    current: MentorAssignment | None = None
    first_assigned_on: datetime.date | None = None
    hours: Decimal = ZERO
    unconfirmed: int = 0
    schools: list = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return gettext("Beginning") if self.beginning else gettext("Incoming")

    @property
    def got_mentor_late(self) -> bool:
        return self.first_assigned_on is not None and self.first_assigned_on > self.mentor_due

    def mentor_overdue(self, day: datetime.date) -> bool:
        return self.current is None and self.first_assigned_on is None and day > self.mentor_due


def induction_roster(*, district: District, day: datetime.date) -> tuple[SchoolYear | None, list]:
    """The district's beginning teachers (first year as a teacher anywhere) and incoming ones
    (new to the district this year), employed on ``day``, in the school year of ``day``."""
    year = school_year_for(district_id=district.pk, day=day)
    if year is None:
        return None, []
    rules = rules_for(district=district, school_year=year)
    since = hiring_window_start(year)
    employments = list(
        _teachers_starting(district, year, since=since)
        .filter(in_force_on(day))
        .order_by("person__last_name", "person__first_name")
    )
    ids = [e.pk for e in employments]
    assignments: dict[int, list[MentorAssignment]] = {}
    for assignment in (
        MentorAssignment.objects.filter(mentee_id__in=ids, start_date__gte=since)
        .select_related("mentor__person", "evaluator")
        .order_by("start_date", "pk")
    ):
        assignments.setdefault(assignment.mentee_id, []).append(assignment)
    hours = _confirmed_hours(
        person_ids=[e.person_id for e in employments], since=since, until=year.end_date
    )
    waiting = dict(
        MentoringLog.objects.filter(assignment__mentee_id__in=ids, confirmed_at__isnull=True)
        .values("assignment__mentee_id")
        .annotate(n=Count("pk"))
        .values_list("assignment__mentee_id", "n")
    )
    schools = current_assignments(employment_ids=ids, day=day)
    roster = []
    for employment in employments:
        beginning = employment.first_teaching_day is not None and (
            employment.first_teaching_day >= since
        )
        first_day = max(employment.start_date, year.start_date)
        theirs = assignments.get(employment.pk, [])
        roster.append(
            Inductee(
                employment=employment,
                beginning=beginning,
                first_day=first_day,
                mentor_due=first_day + datetime.timedelta(days=rules.mentor_within_days),
                mentor_required=beginning or rules.incoming_mentor_required,
                current=next(
                    (
                        a
                        for a in theirs
                        if a.start_date <= day and (a.end_date is None or a.end_date >= day)
                    ),
                    None,
                ),
                first_assigned_on=theirs[0].start_date if theirs else None,
                hours=hours.get(employment.person_id, ZERO),
                unconfirmed=waiting.get(employment.pk, 0),
                schools=schools.get(employment.pk, []),
            )
        )
    return year, roster


def _confirmed_hours(
    *, person_ids, since: datetime.date | None = None, until: datetime.date | None = None
) -> dict[int, Decimal]:
    """Each person's confirmed mentored hours in every district, between two dates."""
    logs = MentoringLog.objects.filter(mentee_id__in=list(person_ids), confirmed_at__isnull=False)
    if since:
        logs = logs.filter(date__gte=since)
    if until:
        logs = logs.filter(date__lte=until)
    return dict(
        logs.order_by()
        .values("mentee_id")
        .annotate(total=Sum("hours"))
        .values_list("mentee_id", "total")
    )


@dataclass
class TowardProfessional:
    """A teacher past the induction year and the mentored hours counted toward the
    Professional license (hours dated after their induction year, in any district)."""

    employment: Employment
    first_day: datetime.date
    induction_year_end: datetime.date
    hours: Decimal
    needed: Decimal

    @property
    def short_by(self) -> Decimal:
        return max(self.needed - self.hours, ZERO)


def induction_year_end(*, years: list[SchoolYear], first_day: datetime.date) -> datetime.date:
    """The last day of the school year in which a teacher first taught: the district's year
    (of ``years``) that holds that day, or else the 30th of June after it."""
    year = next((y for y in years if y.contains(first_day)), None)
    if year is not None:
        return year.end_date
    june = datetime.date(first_day.year, 6, 30)
    return june if first_day <= june else datetime.date(first_day.year + 1, 6, 30)


def hours_short(*, district: District, day: datetime.date) -> tuple[list, list]:
    """Who falls short of the rule's hours: beginning teachers below the district's
    induction-year minimum (when it sets one), and teachers in their second or third year,
    not yet holding the Professional license, below the hours beyond the induction year
    that it needs."""
    year, roster = induction_roster(district=district, day=day)
    if year is None:
        return [], []
    rules = rules_for(district=district, school_year=year)
    first_year_short = (
        [
            inductee
            for inductee in roster
            if inductee.beginning and inductee.hours < rules.induction_year_hours
        ]
        if rules.induction_year_hours
        else []
    )
    since = hiring_window_start(year)
    two_years_before = since.replace(year=since.year - 2)
    later = list(
        Employment.objects.filter(district=district, role_group=RoleGroup.TEACHER)
        .filter(in_force_on(day))
        .annotate(first_teaching_day=_first_teaching_day())
        .filter(first_teaching_day__gte=two_years_before, first_teaching_day__lt=since)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )
    years = list(SchoolYear.objects.filter(district=district))
    ends = {e.pk: induction_year_end(years=years, first_day=e.first_teaching_day) for e in later}
    totals: dict[int, list[tuple[datetime.date, Decimal]]] = {}
    for person_id, date, hours in MentoringLog.objects.filter(
        mentee_id__in=[e.person_id for e in later], confirmed_at__isnull=False
    ).values_list("mentee_id", "date", "hours"):
        totals.setdefault(person_id, []).append((date, hours))
    toward = []
    # A teacher who already holds the Professional license needs no more mentored hours.
    professional = professional_teachers(person_ids=[e.person_id for e in later], day=day)
    for employment in later:
        if employment.person_id in professional:
            continue
        beyond = sum(
            (h for d, h in totals.get(employment.person_id, []) if d > ends[employment.pk]), ZERO
        )
        if beyond < rules.professional_hours:
            toward.append(
                TowardProfessional(
                    employment=employment,
                    first_day=employment.first_teaching_day,
                    induction_year_end=ends[employment.pk],
                    hours=beyond,
                    needed=rules.professional_hours,
                )
            )
    return first_year_short, toward


@dataclass
class MentorLoad:
    mentor: TrainedMentor
    mentees: list[MentorAssignment]
    schools: list

    @property
    def load(self) -> int:
        return len(self.mentees)

    @property
    def is_full(self) -> bool:
        return self.load >= self.mentor.capacity


def mentor_loads(*, district: District, day: datetime.date) -> list[MentorLoad]:
    """Each of the district's trained mentors (current or not) with their mentees on ``day``."""
    mentors = list(TrainedMentor.objects.filter(district=district).select_related("person"))
    by_mentor: dict[int, list[MentorAssignment]] = {}
    for assignment in (
        MentorAssignment.objects.filter(mentor__district=district)
        .active_on(day)
        .select_related("mentee__person")
    ):
        by_mentor.setdefault(assignment.mentor_id, []).append(assignment)
    schools = _schools_of(person_ids=[m.person_id for m in mentors], district=district, day=day)
    return [
        MentorLoad(
            mentor=mentor,
            mentees=by_mentor.get(mentor.pk, []),
            schools=schools.get(mentor.person_id, []),
        )
        for mentor in mentors
    ]


def _schools_of(*, person_ids, district: District, day: datetime.date) -> dict[int, list]:
    out: dict[int, list] = {}
    for assignment in (
        StaffAssignment.objects.filter(
            employment__person_id__in=list(person_ids), employment__district=district
        )
        .filter(school__isnull=False)
        .active_on(day)
        .select_related("school", "employment")
        .order_by("school__name")
    ):
        schools = out.setdefault(assignment.employment.person_id, [])
        if assignment.school not in schools:
            schools.append(assignment.school)
    return out


@dataclass
class Suggestion:
    load: MentorLoad
    fit: Fit


def mentor_suggestions(*, mentee: Employment, day: datetime.date) -> list[Suggestion]:
    """The district's trained mentors for ``mentee``, best first (``matching.Fit``)."""
    assignments = current_assignments(employment_ids=[mentee.pk], day=day).get(mentee.pk, [])
    mentee_grades = frozenset().union(*(grades_in(a.grade_level) for a in assignments))
    suggestions = [
        Suggestion(
            load=load,
            fit=fit(
                mentee_schools={a.school_id for a in assignments if a.school_id},
                mentee_subjects={a.subject for a in assignments},
                mentee_grades=mentee_grades,
                mentor_schools={school.pk for school in load.schools},
                mentor_subjects=load.mentor.subject_list(),
                mentor_grades=grades_in(load.mentor.grade_levels),
                load=load.load,
                capacity=load.mentor.capacity,
            ),
        )
        for load in mentor_loads(district=mentee.district, day=day)
        if load.mentor.mentors_on(day) and load.mentor.person_id != mentee.person_id
    ]
    return sorted(suggestions, key=lambda s: (*s.fit.order_key(), s.load.mentor.person.sort_name))


def assignments_of(*, mentee: Employment) -> QuerySet[MentorAssignment]:
    return mentee.mentor_assignments.select_related("mentor__person", "evaluator", "assigned_by")


@dataclass
class HoursEntry:
    """One confirmed or waiting entry as another district sees it: the date, the hours, the
    kind and where; the topic and notes stay with the district where they were written."""

    log: MentoringLog
    own: bool


def hours_record(*, person: Person, district: District) -> tuple[list[HoursEntry], Decimal]:
    """Every mentoring entry of the person, in every district, and the confirmed total.

    Hours belong to the person and follow them; what was said stays with its district, so a
    district reads the topic and notes of its own entries only (the page shows the others'
    date, hours, kind and district).
    """
    logs = list(
        MentoringLog.objects.filter(mentee=person)
        .select_related("district", "assignment__mentor__person")
        .order_by("-date", "-pk")
    )
    total = sum((log.hours for log in logs if log.is_confirmed), ZERO)
    return [HoursEntry(log=log, own=log.district_id == district.pk) for log in logs], total


@dataclass
class MyMentoring:
    """One mentoring relation the user is part of, as mentor or as mentee."""

    assignment: MentorAssignment
    as_mentor: bool
    logs: list[MentoringLog]
    waiting_on_me: list[MentoringLog]
    confirmed_hours: Decimal


def my_mentoring(*, roles: Roles) -> list[MyMentoring]:
    """The user's mentoring relations (in force, or with entries still to confirm)."""
    if roles.person_id is None:
        return []
    assignments = list(
        MentorAssignment.objects.filter(
            Q(mentor__person_id=roles.person_id) | Q(mentee__person_id=roles.person_id)
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=roles.day) | Q(logs__isnull=False))
        .distinct()
        .select_related("mentor__person", "mentee__person", "mentee__district", "evaluator")
        .order_by("-start_date")
    )
    logs: dict[int, list[MentoringLog]] = {}
    for log in MentoringLog.objects.filter(assignment__in=assignments).select_related(
        "entered_by", "confirmed_by"
    ):
        logs.setdefault(log.assignment_id, []).append(log)
    out = []
    for assignment in assignments:
        theirs = logs.get(assignment.pk, [])
        out.append(
            MyMentoring(
                assignment=assignment,
                as_mentor=assignment.mentor.person_id == roles.person_id,
                logs=theirs,
                waiting_on_me=[
                    log
                    for log in theirs
                    if not log.is_confirmed and log.entered_by_id != roles.user_id
                ],
                confirmed_hours=sum((log.hours for log in theirs if log.is_confirmed), ZERO),
            )
        )
    return out


def waiting_on(*, roles: Roles) -> int:
    """How many entries wait for this user to confirm them."""
    if roles.person_id is None:
        return 0
    return (
        MentoringLog.objects.filter(confirmed_at__isnull=True)
        .filter(
            Q(assignment__mentor__person_id=roles.person_id)
            | Q(assignment__mentee__person_id=roles.person_id)
        )
        .exclude(entered_by_id=roles.user_id)
        .count()
    )


def hours_on(*, mentee_id: int, day: datetime.date, excluding: int | None = None) -> Decimal:
    """The mentee's hours entered for one day (confirmed or not), in every district."""
    logs = MentoringLog.objects.filter(mentee_id=mentee_id, date=day)
    if excluding:
        logs = logs.exclude(pk=excluding)
    return logs.aggregate(total=Coalesce(Sum("hours"), ZERO))["total"]


@dataclass
class NeedsYou:
    district: District
    without_mentor: int
    late: int
    unconfirmed: int

    @property
    def anything(self) -> bool:
        return bool(self.without_mentor or self.late or self.unconfirmed)


def needs_you(*, district_ids, day: datetime.date) -> list[NeedsYou]:
    """For HR's home page: per district, the teachers whose mentor is overdue, those who got one
    late, and entries waiting to be confirmed."""
    out = []
    for district in District.objects.filter(pk__in=list(district_ids)).order_by("name"):
        _, roster = induction_roster(district=district, day=day)
        out.append(
            NeedsYou(
                district=district,
                without_mentor=sum(
                    1 for i in roster if i.mentor_required and i.mentor_overdue(day)
                ),
                late=sum(1 for i in roster if i.got_mentor_late),
                unconfirmed=sum(i.unconfirmed for i in roster),
            )
        )
    return out


def has_mentoring(*, roles: Roles) -> bool:
    """Whether the user mentors or is mentored today."""
    if roles.person_id is None:
        return False
    return (
        MentorAssignment.objects.active_on(roles.day)
        .filter(Q(mentor__person_id=roles.person_id) | Q(mentee__person_id=roles.person_id))
        .exists()
    )


@dataclass
class InductionReport:
    """The yearly report to the state (603 CMR 7.12(3)), prefilled from Tandem's records."""

    district: District
    school_year: SchoolYear
    served: list[Employment]
    beginning: list[Employment]
    mentors: list[TrainedMentor]
    observations: int
    hours_with_beginning: Decimal
    hours_all: Decimal
    teachers_hired: int
    beginning_hired: int
    retained_into_year: tuple[int, int] | None
    still_employed: tuple[int, int]


def induction_report(*, district: District, school_year: SchoolYear) -> InductionReport:
    since = hiring_window_start(school_year)
    beginning = [
        e
        for e in _teachers_starting(district, school_year, since=since).order_by(
            "person__last_name", "person__first_name"
        )
        if e.first_teaching_day is not None and e.first_teaching_day >= since
    ]
    in_year = Q(start_date__lte=school_year.end_date) & (
        Q(end_date__isnull=True) | Q(end_date__gte=school_year.start_date)
    )
    year_assignments = MentorAssignment.objects.filter(mentee__district=district).filter(in_year)
    served_ids = set(year_assignments.values_list("mentee_id", flat=True))
    mentors = list(
        TrainedMentor.objects.filter(pk__in=year_assignments.values("mentor_id")).select_related(
            "person"
        )
    )
    logs = MentoringLog.objects.filter(
        district=district,
        confirmed_at__isnull=False,
        date__gte=school_year.start_date,
        date__lte=school_year.end_date,
    )
    beginning_people = [e.person_id for e in beginning]
    hired = (
        Employment.objects.filter(district=district, role_group=RoleGroup.TEACHER)
        .filter(start_date__gte=since, start_date__lte=school_year.end_date)
        .count()
    )
    return InductionReport(
        district=district,
        school_year=school_year,
        served=[e for e in beginning if e.pk in served_ids],
        beginning=beginning,
        mentors=mentors,
        observations=logs.filter(kind=MentoringLog.Kind.OBSERVATION).count(),
        hours_with_beginning=logs.filter(mentee_id__in=beginning_people).aggregate(
            total=Coalesce(Sum("hours"), ZERO)
        )["total"],
        hours_all=logs.aggregate(total=Coalesce(Sum("hours"), ZERO))["total"],
        teachers_hired=hired,
        beginning_hired=sum(1 for e in beginning if e.start_date >= since),
        retained_into_year=_retained_into(district, school_year),
        still_employed=(
            sum(1 for e in beginning if e.end_date is None or e.end_date >= school_year.end_date),
            len(beginning),
        ),
    )


def _retained_into(district: District, school_year: SchoolYear) -> tuple[int, int] | None:
    """Of the year before's beginning teachers, how many still teach in the district on this
    year's first day (the state's retention: the same role from one year to the next)."""
    before = school_year_before(school_year)
    if before is None:
        return None
    since = hiring_window_start(before)
    previous = [
        e
        for e in _teachers_starting(district, before, since=since)
        if e.first_teaching_day is not None and e.first_teaching_day >= since
    ]
    still = Employment.objects.filter(
        district=district,
        role_group=RoleGroup.TEACHER,
        person_id__in=[e.person_id for e in previous],
    ).filter(in_force_on(school_year.start_date))
    return still.values("person_id").distinct().count(), len(previous)


def school_years(*, district: District) -> QuerySet[SchoolYear]:
    return SchoolYear.objects.filter(district=district).order_by("-start_date")
