"""Equitable access to excellent educators (pipeline.md §5): which students get inexperienced,
out-of-field and ineffective teachers, per school, per district, between the highest- and
lowest-poverty and -minority quarters of schools, and per student group.

Counts come from the database in one grouped query per level; what is then done in Python
is arithmetic over schools (a few thousand rows at the state's size), never over educators.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from tandem.insights.selectors import summary
from tandem.insights.selectors.population import (
    INEFFECTIVE,
    first_hired,
    inexperienced,
    inexperienced_years,
    last_rating,
    snapshot_day,
    teaching,
    year_end,
)
from tandem.licensure.coverage import with_coverage
from tandem.organizations.models import (
    ENROLLMENT_GROUPS,
    ENROLLMENT_RACES,
    School,
    SchoolEnrollment,
)

MEASURES = ("inexperienced", "out_of_field", "ineffective")
HOW = {
    "inexperienced": _(
        "Teachers on staff on October 1 who had worked fewer than %(years)s full year(s) in the "
        "state's public schools that day (counted from their first day in any district), "
        "divided by all teachers on staff that day. A teacher at two schools counts at each."
    ),
    "out_of_field": _(
        "Teachers on staff on October 1 holding at least one assignment that none of their "
        "licenses in force that day covers (the license's field is the assignment's subject "
        "and its grades include the assignment's), divided by all teachers on staff that day."
    ),
    "ineffective": _(
        "Teachers on staff on October 1 whose latest summative rating by June 30 of the year "
        "was Needs Improvement or Unsatisfactory (a rating from before Tandem when Tandem has "
        "none), divided by all teachers on staff that day. Teachers never rated count among "
        "those not rated ineffective."
    ),
    "quartiles": _(
        "Schools with student counts for the year are ordered by their share of %(share)s; "
        "the highest quarter is the last quarter of that order (a quarter is the number of "
        "schools divided by four, rounded down; ties keep the order of the schools' codes) and "
        "the lowest the first. Each side's figure is its teachers with the trait divided by "
        "all its teachers."
    ),
    "students": _(
        "For each school, its share of teachers with the trait is weighted by how many "
        "students of the group it enrolls; the weighted shares are added and divided by all "
        "the group's students in the schools with teachers on staff: the share of the "
        "group's students whose teachers have the trait."
    ),
}
SHARES = {
    "poverty": _("economically disadvantaged students"),
    "minority": _("students of color (all students but those counted as White)"),
}
STUDENT_GROUPS = ("all", *ENROLLMENT_GROUPS, *ENROLLMENT_RACES)


@dataclass(frozen=True)
class Figure:
    """A share with what it was computed from, and in plain words how."""

    numerator: float
    denominator: float
    how: str

    @property
    def share(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


@dataclass
class Counts:
    """An organization's teachers on staff and how many of them have each trait."""

    teachers: int = 0
    inexperienced: int = 0
    out_of_field: int = 0
    ineffective: int = 0

    def add(self, other: "Counts") -> None:
        for name in ("teachers", *MEASURES):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figure(self, measure: str) -> Figure:
        return Figure(getattr(self, measure), self.teachers, how_computed(measure))


@dataclass
class SchoolRow:
    school_id: int
    district_id: int
    counts: Counts
    enrollment: dict[str, int] = field(default_factory=dict)

    def share_of(self, which: str) -> float | None:
        total = self.enrollment.get("total")
        if not total:
            return None
        if which == "poverty":
            return self.enrollment["economically_disadvantaged"] / total
        return (total - self.enrollment["white"]) / total


def how_computed(measure: str, **values) -> str:
    if measure == "inexperienced":
        values.setdefault("years", inexperienced_years())
    return str(HOW[measure]) % values if values else str(HOW[measure])


def _counts(year_name: str, by: str | None, district=None) -> dict:
    """``counted``, read from the precomputed figures while they are recent (``summary``)."""
    build = summary.build_for(year_name)
    if build is None:
        return counted(year_name, by, district)
    level = {"school": "school", "school__district": "district", None: None}[by]
    rows = summary.equity_counts(build, year_name, level, district)
    return {key: Counts(**row) for key, row in rows.items()}


def counted(year_name: str, by: str | None, district=None) -> dict:
    """Teachers on staff and each trait, grouped by ``by`` (``school``, ``school__district``
    or None for one total), distinct people in each group, counted from the live tables."""
    day = snapshot_day(year_name)
    assignments = teaching(day)
    if district is not None:
        assignments = assignments.filter(school__district=district)
    assignments = with_coverage(assignments, day).annotate(
        first_hired=first_hired(), rating=last_rating(year_end(year_name))
    )
    person = "employment__person"
    aggregates = {
        "teachers": Count(person, distinct=True),
        "inexperienced": Count(person, filter=inexperienced(day), distinct=True),
        "out_of_field": Count(person, filter=Q(covered=False), distinct=True),
        "ineffective": Count(person, filter=Q(rating__in=INEFFECTIVE), distinct=True),
    }
    if by is None:
        return {None: Counts(**assignments.aggregate(**aggregates))}
    rows = assignments.values(by).annotate(**aggregates).order_by(by)
    return {row.pop(by): Counts(**row) for row in rows}


def schools(year_name: str, district=None) -> list[SchoolRow]:
    """Each school with teachers on staff in the year: its counts and its enrollment."""
    counts = _counts(year_name, "school", district)
    enrollments = SchoolEnrollment.objects.filter(
        school_year__name=year_name, school_id__in=counts
    ).values("school_id", "total", *ENROLLMENT_GROUPS, *ENROLLMENT_RACES)
    by_school = {row.pop("school_id"): row for row in enrollments}
    districts = dict(School.objects.filter(pk__in=counts).values_list("pk", "district_id"))
    return [
        SchoolRow(school_id, districts[school_id], school_counts, by_school.get(school_id, {}))
        for school_id, school_counts in sorted(counts.items(), key=lambda item: item[0])
    ]


def districts(year_name: str) -> dict[int, Counts]:
    """Each district's teachers on staff in the year and their traits, a teacher once."""
    return _counts(year_name, "school__district", None)


def state(year_name: str, district=None) -> Counts:
    return _counts(year_name, None, district)[None]


def quartiles(rows: list[SchoolRow], which: str) -> tuple[list[SchoolRow], list[SchoolRow]]:
    """(lowest, highest) quarter of the schools with enrollment by ``which`` share."""
    ranked = sorted(
        (row for row in rows if row.share_of(which) is not None),
        key=lambda row: (row.share_of(which), row.school_id),
    )
    quarter = len(ranked) // 4
    if quarter == 0:
        return [], []
    return ranked[:quarter], ranked[-quarter:]


def gaps(year_name: str, district=None) -> dict[str, dict[str, Figure]]:
    """For each trait, its share among the teachers of the highest- and lowest-poverty and
    -minority quarters of schools: ``{"inexperienced": {"high_poverty": Figure, ...}}``."""
    rows = schools(year_name, district)
    result = {measure: {} for measure in MEASURES}
    for which in SHARES:
        low, high = quartiles(rows, which)
        for side, chosen in (("low", low), ("high", high)):
            total = Counts()
            for row in chosen:
                total.add(row.counts)
            for measure in MEASURES:
                how = f"{how_computed(measure)} {how_computed('quartiles', share=SHARES[which])}"
                result[measure][f"{side}_{which}"] = Figure(
                    getattr(total, measure), total.teachers, how
                )
    return result


def student_groups(year_name: str, district=None) -> dict[str, dict[str, Figure]]:
    """For each student group, the share of its students whose teachers have each trait:
    ``{"english_learners": {"out_of_field": Figure, ...}}``."""
    rows = [row for row in schools(year_name, district) if row.enrollment and row.counts.teachers]
    result = {}
    for group in STUDENT_GROUPS:
        column = "total" if group == "all" else group
        students = sum(row.enrollment[column] for row in rows)
        result[group] = {
            measure: Figure(
                sum(
                    row.enrollment[column] * getattr(row.counts, measure) / row.counts.teachers
                    for row in rows
                ),
                students,
                f"{how_computed(measure)} {how_computed('students')}",
            )
            for measure in MEASURES
        }
    return result
