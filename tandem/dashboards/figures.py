"""The dashboards' figures for one set of filters: the suppressed tables that the page, its
CSV and XLSX downloads, its PDF and the public page all render (and a later API can).

Each figure is a table over one population, counted by its finest groups in the database:

- *cycles* of a school year (the year's cycles, by where they stand, their plan type and
  their summative rating), and of every year for the trend;
- *staff* on the year's October 1 snapshot (role group, experience, career status);
- *standard ratings* of the year's summative evaluations.

A finest group is (year, unit, role group, PTS, plan type) for cycles: the unit is the
district on the state's dashboard and the set of schools an educator was assigned to during
the cycle on a district's (an educator at two schools counts in both). The tables of one
population go through ``suppress`` together, so that a row hidden in one cannot be worked out
from another. Drill-down (``behind``) answers the records a count stands for, from the same
filters and the same dimensions.
"""

import datetime
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tandem.evaluation.models import EvaluationCycle, StandardRating, SummativeEvaluation
from tandem.evaluation.selectors import assigned_at_end
from tandem.insights.selectors import figures as insights_figures
from tandem.insights.selectors.population import (
    EXPERIENCE_BANDS,
    experience_band,
    first_hired,
    snapshot_day,
    year_end,
    year_names,
)
from tandem.organizations.models import District, School
from tandem.organizations.vocabulary import PlanType, RoleGroup
from tandem.people.models import Employment, StaffAssignment, in_force_on
from tandem.records.suppression import (
    ALL_ALIKE,
    FEWER_THAN_6,
    ONE_DIFFERS,
    PROTECTED,
    Row,
    SuppressedTable,
    Table,
    suppress,
)
from tandem.rubrics.models import PerformanceLevel
from tandem.ui.params import int_or_none

ON_TIME, LATE, NOT_DONE = "on_time", "late", "not_done"
UNDER_WAY = [s for s in EvaluationCycle.Step.values if s != EvaluationCycle.Step.COMPLETE]
STATUSES = [
    (ON_TIME, _l("Done on time")),
    (LATE, _l("Done late")),
    (NOT_DONE, _l("Not done by the end date")),
    *(
        (value, _l("Under way: %(step)s") % {"step": label})
        for value, label in EvaluationCycle.Step.choices
        if value in UNDER_WAY
    ),
]
LEVELS = [(level, label) for level, label in PerformanceLevel.choices]
BANDS = [(key, label) for key, label, _low, _high in EXPERIENCE_BANDS]
CAREER = [("pts", _l("Professional teacher status")), ("non_pts", _l("Without it"))]
TEACHING = (RoleGroup.TEACHER, RoleGroup.SISP)
ALL = "all"
# Why a row is hidden, in the words every format shows.
WHY = {
    FEWER_THAN_6: _l("fewer than 6 counted"),
    ALL_ALIKE: _l("all of them alike"),
    ONE_DIFFERS: _l("all but one alike"),
    PROTECTED: _l("it would let another hidden group be worked out"),
}


@dataclass(frozen=True)
class Filters(insights_figures.Filters):
    """What a dashboard is narrowed to, read from its address (GET) so a view bookmarks."""

    def params(self) -> dict[str, str]:
        values = {
            "year": self.year,
            "district": self.district_id,
            "school": self.school_id,
            "role_group": self.role_group,
            "plan_type": self.plan_type,
        }
        return {name: str(value) for name, value in values.items() if value}

    def query(self, **extra) -> str:
        return urlencode({**self.params(), **{k: v for k, v in extra.items() if v}})


def default_year(years: list[str], day: datetime.date) -> str:
    """The latest year that has ended (its ratings are in), else the latest."""
    counted = [name for name in years if year_end(name) < day]
    return (counted or years or [f"{day.year}-{(day.year + 1) % 100:02d}"])[-1]


def place_from(
    params: Mapping, *, district: District | None, problems: list
) -> tuple[int | None, int | None]:
    """The district and school a page's parameters ask for (the district fixed on a
    district's page), each that does not exist named in ``problems`` and left out."""
    district_id = district.pk if district else None
    if district is None and params.get("district"):
        district_id = int_or_none(params["district"])
        if district_id is None or not District.objects.filter(pk=district_id).exists():
            problems.append(_("There is no such district; showing every district."))
            district_id = None
    school_id = None
    if params.get("school"):
        school_id = int_or_none(params["school"])
        schools = School.objects.filter(pk=school_id) if school_id else School.objects.none()
        if district_id:
            schools = schools.filter(district_id=district_id)
        if not schools.exists():
            problems.append(_("There is no such school here; showing every school."))
            school_id = None
    return district_id, school_id


def filters_from(
    params: Mapping, *, district: District | None = None, aggregates_only: bool = False
) -> tuple[Filters, list]:
    """The filters a page's parameters ask for and the problems with them, each named; a
    parameter with a problem filters nothing. On a district's dashboard the district is fixed;
    a reader of aggregates only gets the views of ``published.narrowed``."""
    problems = []
    years = year_names()
    day = timezone.localdate()
    year = params.get("year", "")
    if year and year not in years:
        problems.append(_("There is no school year %(year)s; showing the latest.") % {"year": year})
        year = ""
    district_id, school_id = place_from(params, district=district, problems=problems)
    role_group = params.get("role_group", "")
    if role_group and role_group not in RoleGroup.values:
        problems.append(_("There is no such role group; showing every role group."))
        role_group = ""
    plan_type = params.get("plan_type", "")
    if plan_type and plan_type not in PlanType.values:
        problems.append(_("There is no such plan type; showing every plan type."))
        plan_type = ""
    filters = Filters(
        year or default_year(years, day), district_id, school_id, role_group, plan_type
    )
    if aggregates_only:
        from tandem.dashboards.published import narrowed

        filters, dropped = narrowed(filters)
        problems += dropped
    return filters, problems


@dataclass
class Figure:
    """One table as shown: what it counts, its columns and the suppressed result."""

    name: str
    title: str
    row_heading: str
    columns: list[tuple[str, str]]
    table: SuppressedTable
    note: str = ""
    as_of: datetime.datetime | None = None
    rows: list = field(init=False)

    def __post_init__(self):
        self.rows = [
            replace(row, reason=str(WHY.get(row.reason, row.reason))) if row.hidden else row
            for row in self.table.as_rows()
        ]

    @property
    def any_hidden(self) -> bool:
        return self.table.any_hidden

    def summary(self) -> str:
        """The chart in words, for screen readers and the PDF."""
        parts = []
        for row in self.rows:
            if row.hidden:
                parts.append(
                    _("%(row)s: not shown (%(why)s)") % {"row": row.label, "why": row.reason}
                )
            elif row.total:
                shares = ", ".join(
                    f"{label} {share:g}%"
                    for (_key, label), (_count, share) in zip(self.columns, row.cells, strict=True)
                    if share
                )
                parts.append(f"{row.label} ({row.total}): {shares}")
            else:
                parts.append(_("%(row)s: none") % {"row": row.label})
        return f"{self.title}. " + "; ".join(parts) + "."

    def header(self) -> list[str]:
        return [
            str(self.row_heading),
            _("Total"),
            *(str(label) for _key, label in self.columns),
            _("Not shown because"),
        ]

    def download_rows(self) -> list[list]:
        """The rows of the CSV and XLSX: exactly what the page shows, nothing of a hidden row."""
        return [
            [str(row.label), row.total, *(count for count, _share in row.cells), row.reason]
            for row in self.rows
        ]


# -- the dimensions a row or a column is cut by -------------------------------------------


def _units(filters: Filters) -> list[tuple[int, str]]:
    """The rows of a by-unit table: the districts on the state's dashboard, the schools on a
    district's (or the one school filtered to)."""
    if filters.district_id:
        schools = School.objects.filter(district_id=filters.district_id)
        if filters.school_id:
            schools = schools.filter(pk=filters.school_id)
        return list(schools.order_by("name").values_list("pk", "name"))
    return list(District.objects.order_by("name").values_list("pk", "name"))


def _in_unit(pk, *, school: bool):
    """A finest group's unit is (its district, the schools of its educator)."""
    if school:
        return lambda key: pk in key[1][1]
    return lambda key: key[1][0] == pk


def within(filters: Filters, *, plan: bool = True):
    """Whether a finest group is in the view the filters select (the plan type is no
    dimension of the staff figures)."""

    def test(key) -> bool:
        district, schools = key[1]
        return (
            (not filters.district_id or district == filters.district_id)
            and (not filters.school_id or filters.school_id in schools)
            and (not filters.role_group or key[2] == filters.role_group)
            and (not plan or not filters.plan_type or key[4] == filters.plan_type)
        )

    return test


def _rows(
    dimension: str, filters: Filters, *, year: str | None, margin: bool, plan: bool = True
) -> list[Row]:
    """Rows cut by ``dimension`` within the filters' view, each limited to ``year`` when one
    is given."""
    in_view = within(filters, plan=plan)

    def within_year(test):
        if year:
            return lambda key: key[0] == year and in_view(key) and test(key)
        return lambda key: in_view(key) and test(key)

    rows = [Row(ALL, _("All"), within_year(lambda key: True))] if margin else []
    if dimension == "unit":
        school = bool(filters.district_id)
        rows += [
            Row(pk, name, within_year(_in_unit(pk, school=school))) for pk, name in _units(filters)
        ]
    elif dimension == "role_group":
        shown = [
            (v, label)
            for v, label in RoleGroup.choices
            if v == filters.role_group or not filters.role_group
        ]
        rows += [Row(v, label, within_year(lambda key, v=v: key[2] == v)) for v, label in shown]
    elif dimension == "plan_type":
        shown = [
            (v, label)
            for v, label in PlanType.choices
            if v == filters.plan_type or not filters.plan_type
        ]
        rows += [Row(v, label, within_year(lambda key, v=v: key[4] == v)) for v, label in shown]
    elif dimension == "year":
        rows += [
            Row(name, name, lambda key, name=name: key[0] == name and in_view(key))
            for name in (year_names() if year is None else [year])
        ]
    return rows


def _table(name, rows, columns, *, judgement=True, margin=True) -> Table:
    return Table(
        name=name,
        rows=rows,
        columns=tuple(key for key, _label in columns),
        judgement=judgement,
        margin=ALL if margin else None,
    )


# -- the populations -----------------------------------------------------------------------


def _status(day: datetime.date) -> Case:
    """Where a cycle stands: done on time (its summative locked by its end date), done late,
    not done (its end date passed), or the step it is at."""
    return Case(
        When(
            step=EvaluationCycle.Step.COMPLETE,
            summative_evaluation__locked_at__date__lte=F("end_date"),
            then=Value(ON_TIME),
        ),
        When(step=EvaluationCycle.Step.COMPLETE, then=Value(LATE)),
        When(end_date__lt=day, then=Value(NOT_DONE)),
        default=F("step"),
        output_field=CharField(),
    )


def _at_school(school_id: int, employment: str = "employment_id") -> Exists:
    """The cycle's educator was assigned to the school at some time during the cycle."""
    return Exists(
        StaffAssignment.objects.filter(
            employment=OuterRef(employment),
            school_id=school_id,
            start_date__lte=OuterRef("end_date"),
        ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("start_date")))
    )


def cycles(filters: Filters) -> QuerySet[EvaluationCycle]:
    """The cycles begun in the filters' year that they select, with ``status``."""
    qs = EvaluationCycle.objects.filter(school_year__name=filters.year)
    if filters.district_id:
        qs = qs.filter(district_id=filters.district_id)
    if filters.school_id:
        qs = qs.filter(_at_school(filters.school_id))
    if filters.role_group:
        qs = qs.filter(employment__role_group=filters.role_group)
    if filters.plan_type:
        qs = qs.filter(plan_type=filters.plan_type)
    return qs.annotate(status=_status(timezone.localdate()))


def _schools_during(cycle_rows) -> dict[int, frozenset]:
    """The schools each cycle's educator was assigned to during the cycle, by cycle."""
    employment_ids = {row["employment_id"] for row in cycle_rows}
    held: dict[int, list] = {}
    for employment_id, school_id, start, end in StaffAssignment.objects.filter(
        employment_id__in=employment_ids, school__isnull=False
    ).values_list("employment_id", "school_id", "start_date", "end_date"):
        held.setdefault(employment_id, []).append((school_id, start, end))
    return {
        row["pk"]: frozenset(
            school
            for school, start, end in held.get(row["employment_id"], ())
            if start <= row["end_date"] and (end is None or end >= row["start_date"])
        )
        for row in cycle_rows
    }


def _population(rows, key_of, categories_of) -> dict:
    population: dict = {}
    for row in rows:
        counts = population.setdefault(key_of(row), Counter())
        for category in categories_of(row):
            counts[category] += 1
    return population


def _cycle_keys(filters: Filters) -> tuple[list[dict], dict]:
    """The cycles the filters select, each with its finest group: (year, (district, the
    schools of its educator during the cycle), role group, PTS, plan type)."""
    fields = ["school_year__name", "employment__role_group", "employment__has_pts", "plan_type"]
    fields += ["status", "district_id"]
    qs = cycles(filters).order_by()
    rows = list(qs.values("pk", "employment_id", "start_date", "end_date", *fields))
    schools = _schools_during(rows)
    keys = {
        row["pk"]: (
            row["school_year__name"],
            (row["district_id"], schools[row["pk"]]),
            row["employment__role_group"],
            row["employment__has_pts"],
            row["plan_type"],
        )
        for row in rows
    }
    return rows, keys


def _rating_key(year: str, group: insights_figures.RatingGroup) -> tuple:
    return (
        year,
        (group.district_id, group.schools),
        group.role_group,
        group.has_pts,
        group.plan_type,
    )


def cycle_population(
    filters: Filters, *, every_year: bool = True
) -> tuple[dict, datetime.datetime | None]:
    """The cycles the filters select counted by finest group, and when the ratings were
    counted (None: now). The cycles begun in the year count where each stands and its plan
    type, live; the ratings that count for the year (and every year's, unless not
    ``every_year``: the trend) are those of ``insights.selectors.figures.rating_groups``,
    counted once for the insights, their API and the dashboards, precomputed while recent.
    A two-year plan's rating counts in the year it ended, as the state report counts it."""
    rows, keys = _cycle_keys(filters)
    population = _population(
        rows, lambda row: keys[row["pk"]], lambda row: [row["status"], row["plan_type"]]
    )
    counted = []
    for year in year_names() if every_year else [filters.year]:
        groups, as_of = insights_figures.rating_groups(replace(filters, year=year))
        counted.append(as_of)
        for group, n in groups.items():
            population.setdefault(_rating_key(year, group), Counter())[group.rating] += n
    return population, min((when for when in counted if when), default=None)


def staff_population(filters: Filters) -> dict:
    """Educators on staff on the year's October 1, by (year, (district, schools), role group,
    PTS): their experience band, and for teachers and specialists their career status."""
    day = snapshot_day(filters.year)
    qs = Employment.objects.filter(in_force_on(day))
    if filters.district_id:
        qs = qs.filter(district_id=filters.district_id)
    if filters.school_id:
        qs = qs.filter(
            Exists(
                StaffAssignment.objects.filter(
                    in_force_on(day), employment=OuterRef("pk"), school_id=filters.school_id
                )
            )
        )
    if filters.role_group:
        qs = qs.filter(role_group=filters.role_group)
    qs = qs.annotate(first_hired=first_hired("person")).annotate(band=experience_band(day))
    rows = list(qs.order_by().values("pk", "district_id", "role_group", "has_pts", "band"))
    schools: dict[int, set] = {}
    for employment_id, school_id in StaffAssignment.objects.filter(
        in_force_on(day), employment__in=qs, school__isnull=False
    ).values_list("employment_id", "school_id"):
        schools.setdefault(employment_id, set()).add(school_id)

    def key_of(row):
        unit = (row["district_id"], frozenset(schools.get(row["pk"], ())))
        return (filters.year, unit, row["role_group"], row["has_pts"], "")

    def categories_of(row):
        career = []
        if row["role_group"] in TEACHING:
            career = ["pts" if row["has_pts"] else "non_pts"]
        return [row["band"], *career]

    return _population(rows, key_of, categories_of)


def standard_ratings(filters: Filters) -> QuerySet[StandardRating]:
    """The standards' ratings in the locked summative evaluations of the cycles whose overall
    rating counts for the filters' year (``insights.selectors.figures.rated``)."""
    return StandardRating.objects.filter(
        summative__cycle__in=insights_figures.rated(filters).values("pk"),
        summative__status=SummativeEvaluation.Status.LOCKED,
    )


def standard_population(filters: Filters) -> tuple[dict, list[tuple[str, str]]]:
    """The year's standard ratings by the finest group of their cycle (that of its overall
    rating) and the standard; counted live, as the precomputed figures keep no standard."""
    keys = {
        pk: _rating_key(filters.year, group)
        for pk, group in insights_figures.rated_groups(filters).items()
    }
    population: dict = {}
    standards: dict[str, str] = {}
    for cycle_id, code, name, level in (
        standard_ratings(filters)
        .order_by()
        .values_list("summative__cycle_id", "standard__code", "standard__name", "level")
    ):
        standards.setdefault(code, f"{code}. {name}")
        population.setdefault((*keys[cycle_id], code), Counter())[level] += 1
    return population, sorted(standards.items())


# -- the figures ---------------------------------------------------------------------------

UNIT_HEADING = {True: _l("School"), False: _l("District")}
# The figures of overall ratings, read from the precomputed figures while they are recent.
RATING_FIGURES = ("ratings", "ratings_role", "ratings_plan", "trend")
# Each figure: the population it counts, and the dimensions of its rows and its columns.
DIMENSIONS = {
    "staff": ("staff", "role_group", "band"),
    "career": ("staff", "unit", "career"),
    "steps": ("cycles", "unit", "status"),
    "plans": ("cycles", "unit", "plan_type"),
    "ratings": ("cycles", "unit", "rating"),
    "ratings_role": ("cycles", "role_group", "rating"),
    "ratings_plan": ("cycles", "plan_type", "rating"),
    "trend": ("cycles", "year", "rating"),
    "standards": ("standards", "standard", "rating"),
}


def view_tables(
    filters: Filters, standards: list[tuple[str, str]], *, trend_year: str | None = None
) -> dict[str, list[Table]]:
    """The tables of one dashboard view by the population they count, each row limited to
    the view; the trend has every year's row, or only ``trend_year``'s."""
    year = filters.year

    def rows(dimension, *, margin=True):
        return _rows(dimension, filters, year=year, margin=margin)

    in_view = within(filters)
    return {
        "staff": [
            _table(
                "staff",
                _rows("role_group", filters, year=year, margin=True, plan=False),
                BANDS,
                judgement=False,
            ),
            _table("career", _rows("unit", filters, year=year, margin=True, plan=False), CAREER),
        ],
        "cycles": [
            _table("steps", rows("unit"), STATUSES, judgement=False),
            _table("plans", rows("unit"), PlanType.choices),
            _table("ratings", rows("unit"), LEVELS),
            _table("ratings_role", rows("role_group", margin=False), LEVELS, margin=False),
            _table("ratings_plan", rows("plan_type", margin=False), LEVELS, margin=False),
            _table(
                "trend",
                _rows("year", filters, year=trend_year, margin=False),
                LEVELS,
                margin=False,
            ),
        ],
        "standards": [
            _table(
                "standards",
                [
                    Row(code, label, lambda key, c=code: key[-1] == c and in_view(key))
                    for code, label in standards
                ],
                LEVELS,
                margin=False,
            )
        ],
    }


def exact_tables(
    filters: Filters,
) -> tuple[dict[str, SuppressedTable], datetime.datetime | None]:
    """Every table of a view with nothing hidden, for a reader with a right to the records,
    and when its overall ratings were counted (None: now)."""
    standards, names = standard_population(filters)
    tables = view_tables(filters, names)
    cycle_counts, as_of = cycle_population(filters)
    populations = {
        "staff": staff_population(filters),
        "cycles": cycle_counts,
        "standards": standards,
    }
    out: dict[str, SuppressedTable] = {}
    for kind, population in populations.items():
        out |= suppress(population, tables[kind], aggregates_only=False)
    return out, as_of


def figures(filters: Filters, *, aggregates_only: bool) -> dict[str, Figure]:
    """Every figure of a dashboard for the filters, by name: exact for a reader with a right
    to the records, and for a reader of aggregates only as the joint decision over every view
    such a reader can open hides them (``published``), as of when it was made. A figure
    counted from the precomputed ratings says as of when they were counted."""
    if aggregates_only:
        # The joint decision is itself made from this module's tables.
        from tandem.dashboards import published

        tables, as_of = published.shown_tables(filters)
        counted_at = dict.fromkeys(tables, as_of)
    else:
        tables, as_of = exact_tables(filters)
        counted_at = dict.fromkeys(RATING_FIGURES, as_of)
    unit = UNIT_HEADING[bool(filters.district_id)]
    specs = [
        (
            "staff",
            _("Educators by role group and years of experience"),
            _("Role group"),
            BANDS,
            _(
                "Educators on staff on October 1 of the year, by their years in the state's public "
                "schools that day."
            ),
        ),
        (
            "career",
            _("Teachers and specialists by career status"),
            unit,
            CAREER,
            _(
                "Teachers and specialized instructional support personnel on staff on October 1, "
                "with and without professional teacher status."
            ),
        ),
        (
            "steps",
            _("Evaluations due in the year, by where they stand"),
            unit,
            STATUSES,
            _(
                "Cycles of the year. Done on time: the summative evaluation was locked by the cycle's "
                "end date; not done: the end date has passed without it."
            ),
        ),
        (
            "plans",
            _("Educator plans"),
            unit,
            PlanType.choices,
            _("Cycles of the year by plan type."),
        ),
        (
            "ratings",
            _("Summative ratings"),
            unit,
            LEVELS,
            _("Overall summative ratings of the year's completed cycles."),
        ),
        ("ratings_role", _("Summative ratings by role group"), _("Role group"), LEVELS, ""),
        ("ratings_plan", _("Summative ratings by plan type"), _("Plan type"), LEVELS, ""),
        (
            "trend",
            _("Summative ratings over the years"),
            _("School year"),
            LEVELS,
            _("Every year's completed cycles, with the other filters applied."),
        ),
        (
            "standards",
            _("Summative ratings per standard"),
            _("Standard"),
            LEVELS,
            _("Each standard's rating in the year's locked summative evaluations."),
        ),
    ]
    return {
        name: Figure(
            name, title, heading, list(columns), tables[name], note, as_of=counted_at.get(name)
        )
        for name, title, heading, columns, note in specs
    }


# -- drill-down ----------------------------------------------------------------------------


def behind(filters: Filters, name: str, row_key: str, column: str) -> QuerySet:
    """The records one count of the figure ``name`` stands for: its cycles, or for the staff
    figures the employments. Only for readers with a right to the records (the view asks)."""
    population, row_dimension, column_dimension = DIMENSIONS[name]
    if population == "staff":
        day = snapshot_day(filters.year)
        qs = Employment.objects.filter(in_force_on(day))
        if filters.district_id:
            qs = qs.filter(district_id=filters.district_id)
        if filters.role_group:
            qs = qs.filter(role_group=filters.role_group)
        school = filters.school_id
        if row_dimension == "unit" and row_key != ALL:
            school = int_or_none(row_key)
        if school:
            qs = qs.filter(
                Exists(
                    StaffAssignment.objects.filter(
                        in_force_on(day), employment=OuterRef("pk"), school_id=school
                    )
                )
            )
        if row_dimension == "role_group" and row_key != ALL:
            qs = qs.filter(role_group=row_key)
        if column_dimension == "band":
            qs = qs.annotate(first_hired=first_hired("person")).annotate(band=experience_band(day))
            qs = qs.filter(band=column)
        else:
            qs = qs.filter(role_group__in=TEACHING, has_pts=column == "pts")
        return qs.select_related("person", "district").order_by(
            "person__last_name", "person__first_name", "pk"
        )
    rating = column_dimension == "rating"
    if rating:
        # The cycles whose rating counts for the year (a trend row's), at a school on the
        # cycle's end date, as the ratings are counted.
        year = row_key if row_dimension == "year" else filters.year
        qs = insights_figures.rated(replace(filters, year=year))
    else:
        qs = cycles(filters)
    if row_dimension == "unit" and row_key != ALL:
        school = int_or_none(row_key)
        at_school = assigned_at_end if rating else _at_school
        qs = qs.filter(at_school(school)) if school else qs.none()
    elif row_dimension == "role_group":
        qs = qs.filter(employment__role_group=row_key)
    elif row_dimension == "plan_type":
        qs = qs.filter(plan_type=row_key)
    elif row_dimension == "standard":
        qs = qs.filter(
            Exists(
                standard_ratings(filters).filter(
                    summative__cycle=OuterRef("pk"), standard__code=row_key, level=column
                )
            )
        )
    if rating and row_dimension != "standard":
        qs = qs.filter(overall_rating=column)
    if column_dimension == "status":
        qs = qs.filter(status=column)
    elif column_dimension == "plan_type":
        qs = qs.filter(plan_type=column)
    return qs.select_related("person", "employment", "school_year").order_by(
        "person__last_name", "person__first_name", "pk"
    )
