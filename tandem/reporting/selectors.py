"""Reads of the state reporting: the district's staff roster of a school year, row by row,
with what keeps each row from going to the state (evaluation.md §7)."""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tandem.evaluation.models import (
    EvaluationCycle,
    FormativeAssessment,
    StandardRating,
    SummativeEvaluation,
)
from tandem.evaluation.selectors import cycle_visible
from tandem.organizations.models import District, SchoolYear
from tandem.people.models import Employment, StaffAssignment
from tandem.people.selectors import Roles, in_directory
from tandem.reporting.codes import state_reporting_codes
from tandem.reporting.models import ReportingException


class ProblemKind(models.TextChoices):
    """What keeps a row from the state's file until it is fixed or excepted."""

    NO_RATING = "no_rating", _lazy("No summative or formative evaluation in the year")
    NO_STATE_ID = "no_state_id", _lazy("No state identifier (pending)")
    STANDARDS_MISSING = "standards_missing", _lazy("A rating without every standard's rating")
    NO_ASSIGNMENT = "no_assignment", _lazy("No primary assignment in the year")


@dataclass(frozen=True)
class Problem:
    kind: str
    message: str
    fix_url: str | None
    """Where the reader fixes it; None when that page does not open to them."""
    fix_label: str = ""


@dataclass
class RosterRow:
    """One educator of the district's staff in the year, as the state's file reports them."""

    employment: Employment
    assignment: StaffAssignment | None
    """The primary assignment: the largest FTE, then the earliest start (``primary_assignment``)."""
    cycle: EvaluationCycle | None
    """The cycle whose rating is reported or, with none, the latest cycle of the year."""
    report: SummativeEvaluation | FormativeAssessment | None
    """The signed summative, or the shared formative evaluation of a two-year plan's first year."""
    pts: bool = False
    """Professional teacher status held at the year's end (granted by then, when dated)."""
    ratings: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    exception: ReportingException | None = None

    @property
    def person(self):
        return self.employment.person

    @property
    def school(self):
        return self.assignment.school if self.assignment else None

    @property
    def evaluated(self) -> bool:
        return self.report is not None

    @property
    def blocks_the_file(self) -> bool:
        return bool(self.problems) and self.exception is None


def school_years(*, district: District) -> QuerySet[SchoolYear]:
    return SchoolYear.objects.filter(district=district).order_by("-start_date")


def _overlapping(year: SchoolYear, prefix: str = "") -> Q:
    return Q(**{f"{prefix}start_date__lte": year.end_date}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": year.start_date})
    )


def primary_assignment(assignments: list[StaffAssignment]) -> StaffAssignment | None:
    """The assignment the state's file reports an educator under (evaluation.md §7, "primary
    district assignment"): of those in force at any time in the year, the largest FTE; between
    equal FTEs the earliest start, then the first recorded. Central office counts like a school."""
    return min(assignments, key=lambda a: (-a.fte, a.start_date, a.pk), default=None)


def _rated_report(cycles: list[EvaluationCycle], year: SchoolYear):
    """(cycle, report) of the rating the year reports: a summative the evaluator signed for a
    cycle that ended in the year, else a formative evaluation shared in the year (the end of
    the first year of a two-year plan); the latest of each. (None, None) when not evaluated."""
    signed = [
        cycle
        for cycle in cycles
        if year.contains(cycle.end_date)
        and getattr(cycle, "summative_evaluation", None) is not None
        and cycle.summative_evaluation.status != SummativeEvaluation.Status.DRAFT
    ]
    if signed:
        cycle = max(signed, key=lambda c: (c.end_date, c.pk))
        return cycle, cycle.summative_evaluation
    formative = [
        cycle
        for cycle in cycles
        if getattr(cycle, "formative_assessment", None) is not None
        and cycle.formative_assessment.kind == FormativeAssessment.Kind.EVALUATION
        and cycle.formative_assessment.status == FormativeAssessment.Status.SHARED
        and cycle.formative_assessment.shared_at is not None
        and year.contains(timezone.localtime(cycle.formative_assessment.shared_at).date())
    ]
    if formative:
        cycle = max(formative, key=lambda c: (c.formative_assessment.shared_at, c.pk))
        return cycle, cycle.formative_assessment
    return None, None


def _problems(row: RosterRow, *, standards, roles: Roles, visible_cycles: set[int]):
    employment = row.employment
    educator_url = (
        reverse("people:educator_detail", args=[employment.pk])
        if in_directory(roles, employment)
        else None
    )
    educator_label = _("Open the educator's page")

    def report_link(cycle, step):
        if cycle is None or cycle.pk not in visible_cycles:
            return None, ""
        label = _("Open the summative") if step == "summative" else _("Open the formative")
        return reverse(f"evaluation:{step}", args=[cycle.pk]), label

    problems = []
    if not employment.person.state_id:
        problems.append(
            Problem(
                ProblemKind.NO_STATE_ID,
                _("The state has not yet given this educator a state identifier (MEPID)."),
                educator_url,
                educator_label,
            )
        )
    if row.assignment is None:
        problems.append(
            Problem(
                ProblemKind.NO_ASSIGNMENT,
                _("No staff assignment in force during the year decides the school."),
                educator_url,
                educator_label,
            )
        )
    if row.report is None:
        url, label = report_link(row.cycle, "summative")
        problems.append(
            Problem(
                ProblemKind.NO_RATING,
                _("No signed summative or shared formative evaluation in the year.")
                if row.cycle
                else _("No evaluation cycle in the year."),
                url or educator_url,
                label or educator_label,
            )
        )
    else:
        missing = [code for code in standards if code not in row.ratings]
        if missing:
            step = "summative" if isinstance(row.report, SummativeEvaluation) else "formative"
            url, label = report_link(row.cycle, step)
            problems.append(
                Problem(
                    ProblemKind.STANDARDS_MISSING,
                    _("Rated overall, but not on Standard %(codes)s.")
                    % {"codes": ", ".join(missing)},
                    url,
                    label,
                )
            )
    return problems


def staff_roster(*, roles: Roles, district: District, school_year: SchoolYear) -> list[RosterRow]:
    """One row per educator employed in the district at any time in the school year, by name,
    each with its problems (links only to pages ``roles`` opens) and exception. A fixed number
    of queries, however many rows."""
    standards = state_reporting_codes().standards
    employments: dict[int, Employment] = {}
    for employment in (
        Employment.objects.filter(_overlapping(school_year), district=district)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "start_date", "pk")
    ):
        # A person rehired in the year is one row, under the later employment.
        employments[employment.person_id] = employment
    by_employment = {employment.pk: employment for employment in employments.values()}
    assignments: dict[int, list[StaffAssignment]] = {}
    for assignment in StaffAssignment.objects.filter(
        _overlapping(school_year), employment_id__in=by_employment
    ).select_related("school"):
        assignments.setdefault(assignment.employment_id, []).append(assignment)
    ratings = StandardRating.objects.select_related("standard")
    cycles: dict[int, list[EvaluationCycle]] = {}
    for cycle in (
        EvaluationCycle.objects.filter(
            employment_id__in=by_employment,
            start_date__lte=school_year.end_date,
            end_date__gte=school_year.start_date,
        )
        .select_related("summative_evaluation", "formative_assessment")
        .prefetch_related(
            Prefetch("summative_evaluation__standard_ratings", queryset=ratings),
            Prefetch("formative_assessment__standard_ratings", queryset=ratings),
        )
    ):
        cycles.setdefault(cycle.employment_id, []).append(cycle)
    exceptions = {
        exception.person_id: exception
        for exception in ReportingException.objects.filter(
            district=district, school_year=school_year
        ).select_related("by")
    }
    rows = []
    for employment in by_employment.values():
        own_cycles = cycles.get(employment.pk, [])
        cycle, report = _rated_report(own_cycles, school_year)
        if cycle is None and own_cycles:
            cycle = max(own_cycles, key=lambda c: (c.start_date, c.pk))
        rows.append(
            RosterRow(
                employment=employment,
                assignment=primary_assignment(assignments.get(employment.pk, [])),
                cycle=cycle,
                report=report,
                pts=employment.has_pts
                and (employment.pts_date is None or employment.pts_date <= school_year.end_date),
                ratings={r.standard.code: r.level for r in report.standard_ratings.all()}
                if report
                else {},
                exception=exceptions.get(employment.person_id),
            )
        )
    shown_cycles = [row.cycle.pk for row in rows if row.cycle]
    visible = set(
        EvaluationCycle.objects.filter(cycle_visible(roles), pk__in=shown_cycles).values_list(
            "pk", flat=True
        )
        if shown_cycles
        else []
    )
    for row in rows:
        row.problems = _problems(row, standards=standards, roles=roles, visible_cycles=visible)
    return rows


def rows_matching(rows: list[RosterRow], *, problem: str, school_id: int | None) -> list[RosterRow]:
    """The rows with this problem ("any" for any, "" for every row) at this school (None for
    every school)."""
    return [
        row
        for row in rows
        if (
            not problem
            or (problem == "any" and row.problems)
            or any(p.kind == problem for p in row.problems)
        )
        and (school_id is None or (row.school is not None and row.school.pk == school_id))
    ]
