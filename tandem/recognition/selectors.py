"""Reading recognition: eligibility from Tandem's own records, conflicts of interest, the
scores a user may see, the shortlist's totals and the public honourees."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet, Sum
from django.utils.translation import gettext as _

from tandem.licensure.coverage import with_coverage
from tandem.organizations.vocabulary import RoleGroup
from tandem.people.models import Employment, StaffAssignment, in_force_on
from tandem.people.selectors import roles_of
from tandem.recognition.models import (
    Application,
    Criterion,
    Cycle,
    EligibilityRule,
    Nomination,
    Program,
    Reader,
    Recusal,
    Score,
    Stage,
)

Kind = EligibilityRule.Kind
# The positions whose day is spent teaching students.
INSTRUCTIONAL = (
    StaffAssignment.Position.CLASSROOM_TEACHER,
    StaffAssignment.Position.SPECIAL_EDUCATION_TEACHER,
)


def cycle_get(pk: int) -> Cycle | None:
    return (
        Cycle.objects.select_related("program__district")
        .prefetch_related("stages", "program__rules", "program__criteria")
        .filter(pk=pk)
        .first()
    )


def cycle_list(day: datetime.date) -> QuerySet[Cycle]:
    """Cycles whose selection has not closed, soonest deadline first."""
    return (
        Cycle.objects.filter(Exists(Stage.objects.filter(cycle=OuterRef("pk"), closes_on__gte=day)))
        .select_related("program__district")
        .prefetch_related("stages")
        .order_by("program__name", "year")
    )


def stage_open(cycle: Cycle, kind: str, day: datetime.date) -> bool:
    """A stage is open until the end of its closing day."""
    return any(s.kind == kind and day <= s.closes_on for s in cycle.stages.all())


def employment_of(person_id: int, day: datetime.date) -> Employment | None:
    """The educator's employment on ``day``; of several, the one with the most FTE."""
    employments = (
        Employment.objects.filter(person_id=person_id)
        .active_on(day)
        .annotate(
            fte=Sum("assignments__fte", filter=in_force_on(day, prefix="assignments__")),
        )
        .order_by("-fte", "pk")
    )
    return employments.first()


def school_of(employment: Employment, day: datetime.date):
    """The school of the employment's largest assignment on ``day``; None at central office."""
    assignment = (
        employment.assignments.filter(in_force_on(day), school__isnull=False)
        .select_related("school")
        .order_by("-fte", "pk")
        .first()
    )
    return assignment.school if assignment else None


@dataclass(frozen=True)
class Verdict:
    rule: EligibilityRule
    met: bool
    reason: str


def _teaching_years(person_id: int, day: datetime.date) -> int:
    """Whole years taught, counting each day once across districts."""
    spans = sorted(
        (e.start_date, min(e.end_date or day, day))
        for e in Employment.objects.filter(
            person_id=person_id, role_group=RoleGroup.TEACHER, start_date__lte=day
        )
    )
    days, reach = 0, None
    for start, end in spans:
        if reach is not None and start <= reach:
            start = reach + datetime.timedelta(days=1)
        if end >= start:
            days += (end - start).days + 1
            reach = end
    return int(days // 365.25)


def eligibility(person_id: int, program: Program, day: datetime.date) -> list[Verdict]:
    """Each of the program's rules, met or not, with its reason in plain words."""
    employment = employment_of(person_id, day)
    assignments = (
        list(
            with_coverage(
                StaffAssignment.objects.filter(in_force_on(day), employment__person_id=person_id),
                day,
            ).select_related("school")
        )
        if employment
        else []
    )
    fte = sum((a.fte for a in assignments), Decimal(0))
    verdicts = []
    for rule in program.rules.all():
        met, reason = _judge(rule, person_id, employment, assignments, fte, day)
        verdicts.append(Verdict(rule=rule, met=met, reason=reason))
    return verdicts


def _judge(rule, person_id, employment, assignments, fte, day) -> tuple[bool, str]:
    if rule.kind == Kind.YEARS:
        years = _teaching_years(person_id, day)
        return years >= rule.threshold, _(
            "%(years)d whole years of teaching on record; the program asks %(needed)s."
        ) % {"years": years, "needed": f"{rule.threshold.normalize():f}"}
    if employment is None:
        return False, _("No district employs this educator today.")
    if rule.kind == Kind.ROLE_GROUP:
        return employment.role_group == rule.role_group, _(
            "Employed as %(actual)s; the program is for %(wanted)s."
        ) % {
            "actual": employment.get_role_group_display(),
            "wanted": RoleGroup(rule.role_group).label,
        }
    if rule.kind == Kind.FULL_TIME:
        return fte >= rule.threshold, _(
            "Assignments today total %(fte)s FTE; full-time is %(needed)s."
        ) % {"fte": f"{fte.normalize():f}", "needed": f"{rule.threshold.normalize():f}"}
    if rule.kind == Kind.DIRECT_INSTRUCTION:
        teaching = sum((a.fte for a in assignments if a.position in INSTRUCTIONAL), Decimal(0))
        return bool(fte) and teaching * 2 > fte, _(
            "%(teaching)s of %(fte)s FTE is in classroom teaching; most of the day must be."
        ) % {"teaching": f"{teaching.normalize():f}", "fte": f"{fte.normalize():f}"}
    uncovered = [a for a in assignments if not a.covered]
    if not assignments:
        return False, _("No teaching assignment is on record today.")
    if uncovered:
        return False, _("No license in force covers: %(list)s.") % {
            "list": "; ".join(_assignment_text(a) for a in uncovered)
        }
    return True, _("A license in force covers every assignment: %(list)s.") % {
        "list": "; ".join(_assignment_text(a) for a in assignments)
    }


def _assignment_text(assignment) -> str:
    return (
        " ".join(
            p
            for p in (
                assignment.subject,
                assignment.grade_level and _("grade %s") % assignment.grade_level,
            )
            if p
        )
        or assignment.get_position_display()
    )


def schools_of(roles) -> frozenset[int]:
    """The schools the user works at on the roles' day."""
    if roles.person_id is None:
        return frozenset()
    return frozenset(
        StaffAssignment.objects.filter(
            in_force_on(roles.day), employment__person_id=roles.person_id, school__isnull=False
        ).values_list("school_id", flat=True)
    )


def conflict_of(
    user, application: Application, schools: frozenset[int] | None = None
) -> str | None:
    """Why ``user`` may not read ``application`` as a reader: their own, a declared conflict,
    or working at the applicant's school or in their district; None when there is none.
    ``schools`` (``schools_of``) spares a list a query for each application."""
    roles = roles_of(user)
    if roles.person_id is not None and roles.person_id == application.person_id:
        return _("This is your own application.")
    declared = next((r for r in application.recusals.all() if r.reader_id == user.pk), None)
    if declared is not None:
        return _("You declared a conflict: %(reason)s") % {"reason": declared.reason}
    schools = schools_of(roles) if schools is None else schools
    if application.school_id in schools:
        return _("You work at the applicant's school.")
    if application.district_id in roles.employment_districts:
        return _("You work in the applicant's district.")
    return None


def is_reader(user, cycle: Cycle) -> bool:
    return user.is_authenticated and Reader.objects.filter(cycle=cycle, user=user).exists()


def nominations_of_cycle(cycle: Cycle) -> QuerySet[Nomination]:
    return cycle.nominations.select_related("person", "nominator", "district", "cycle__program")


def nominations_by(user, cycle: Cycle) -> QuerySet[Nomination]:
    return nominations_of_cycle(cycle).filter(nominator=user)


def applications_of_cycle(cycle: Cycle) -> QuerySet[Application]:
    return (
        cycle.applications.select_related("person", "school", "district", "cycle__program")
        .prefetch_related("recusals")
        .order_by("pk")
    )


def totals_of(applications) -> dict[int, Decimal]:
    """Each application's total: the mean over its readers of the points they gave."""
    per_reader: dict[int, list[int]] = defaultdict(list)
    for row in (
        Score.objects.filter(application__in=applications)
        .values("application", "reader")
        .annotate(total=Sum("points"))
        .order_by()
    ):
        per_reader[row["application"]].append(row["total"])
    return {
        pk: (Decimal(sum(totals)) / len(totals)).quantize(Decimal("0.01"))
        for pk, totals in per_reader.items()
    }


def reading_list(user, cycle: Cycle) -> list[Application]:
    """The applications this reader may open: their conflicts are left out."""
    schools = schools_of(roles_of(user))
    return [a for a in applications_of_cycle(cycle) if conflict_of(user, a, schools) is None]


def scores_of(application: Application) -> dict[int, list[Score]]:
    """Each reader's scores on the application, by reader's user id."""
    out: dict[int, list[Score]] = defaultdict(list)
    for score in application.scores.select_related("criterion", "reader").order_by(
        "reader_id", "criterion__order", "criterion_id"
    ):
        out[score.reader_id].append(score)
    return dict(out)


def has_scored(user, application: Application) -> bool:
    criteria = Criterion.objects.filter(program_id=application.cycle.program_id).count()
    given = application.scores.filter(reader=user).count()
    return criteria > 0 and given >= criteria


def invitations_of(person_id: int | None, day: datetime.date) -> QuerySet[Nomination]:
    """Nominations of the educator in cycles whose application stage is still open and to
    which they have not applied."""
    if person_id is None:
        return Nomination.objects.none()
    open_cycles = Stage.objects.filter(kind=Stage.Kind.APPLICATION, closes_on__gte=day).values(
        "cycle_id"
    )
    return (
        Nomination.objects.filter(person_id=person_id, cycle_id__in=open_cycles)
        .exclude(cycle__applications__person_id=person_id)
        .select_related("cycle__program")
        .order_by("cycle_id", "pk")
    )


def readings_waiting(user, day: datetime.date) -> QuerySet[Cycle]:
    """Cycles this user reads whose reading stage is still open."""
    if not user.is_authenticated:
        return Cycle.objects.none()
    return Cycle.objects.filter(
        Exists(Reader.objects.filter(cycle=OuterRef("pk"), user=user)),
        Exists(
            Stage.objects.filter(cycle=OuterRef("pk"), kind=Stage.Kind.READING, closes_on__gte=day)
        ),
    ).select_related("program")


def honourees() -> QuerySet[Application]:
    """Every selected applicant, newest year first: what the public page shows."""
    return (
        Application.objects.filter(status=Application.Status.SELECTED)
        .select_related("person", "school", "cycle__program")
        .only(
            "citation",
            "person__first_name",
            "person__last_name",
            "school__name",
            "cycle__year",
            "cycle__program__name",
        )
        .order_by("-cycle__year", "cycle__program__name", "person__last_name")
    )


def recusal_of(user, application: Application) -> Recusal | None:
    return application.recusals.filter(reader=user).first()
