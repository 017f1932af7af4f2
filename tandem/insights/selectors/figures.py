"""The figures as every format shows them (the API and the dashboards): each one
counted by its finest groups and passed through the one ``suppress``, exact for a reader
with a right to the records and suppressed for a reader of aggregates only.

A figure's ``Filters`` are those of the dashboards' addresses; a filter a figure cannot be
cut by is not offered for it.
"""

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tandem.evaluation.models import EvaluationCycle
from tandem.evaluation.selectors import STATE_REPORT_GROUPS, assigned_at_end, report_population
from tandem.insights.selectors import equity, retention, summary
from tandem.insights.selectors.population import year_end
from tandem.organizations.models import School
from tandem.people.models import StaffAssignment
from tandem.records.suppression import Row, SuppressedTable, Table, suppress


@dataclass(frozen=True)
class Filters:
    """What a dashboard is narrowed to: a school year by name and, optionally, a district, a
    school of it, a role group and a plan type."""

    year: str
    district_id: int | None = None
    school_id: int | None = None
    role_group: str = ""
    plan_type: str = ""


class RatingGroup(NamedTuple):
    """The finest group a rating is counted in, and the rating."""

    district_id: int
    schools: frozenset
    role_group: str
    has_pts: bool
    plan_type: str
    rating: str


def year_start(year_name: str) -> datetime.date:
    """The first day a school year's summative ratings are counted for it: July 1."""
    return datetime.date(int(year_name[:4]), 7, 1)


def rated_cycles(year_name: str):
    """The cycles whose overall summative rating counts for the school year: complete, rated,
    ended between July 1 and June 30."""
    return EvaluationCycle.objects.filter(
        step=EvaluationCycle.Step.COMPLETE,
        end_date__range=(year_start(year_name), year_end(year_name)),
    ).exclude(overall_rating="")


def rated(filters: Filters) -> QuerySet[EvaluationCycle]:
    """The one live count of ratings: the cycles whose overall rating counts for the filters'
    year (``rated_cycles``), in the district, of an educator assigned to the school on the
    cycle's end date, in the role group and of the plan type asked for. The dashboards'
    ratings, per-standard ratings and drill-down and the precomputed figures all start here."""
    cycles = rated_cycles(filters.year)
    if filters.district_id is not None:
        cycles = cycles.filter(district_id=filters.district_id)
    if filters.school_id is not None:
        cycles = cycles.filter(assigned_at_end(filters.school_id))
    if filters.role_group:
        cycles = cycles.filter(employment__role_group=filters.role_group)
    if filters.plan_type:
        cycles = cycles.filter(plan_type=filters.plan_type)
    return cycles


def rated_groups(filters: Filters) -> dict[int, RatingGroup]:
    """Each cycle of ``rated`` with its finest group and rating, by cycle: the schools are
    those its educator was assigned to on the cycle's end date."""
    rows = list(
        rated(filters)
        .order_by()
        .values_list(
            "pk",
            "employment_id",
            "end_date",
            "district_id",
            "employment__role_group",
            "employment__has_pts",
            "plan_type",
            "overall_rating",
        )
    )
    held: dict[int, list] = {}
    for employment_id, school_id, start, end in StaffAssignment.objects.filter(
        employment_id__in={row[1] for row in rows}, school__isnull=False
    ).values_list("employment_id", "school_id", "start_date", "end_date"):
        held.setdefault(employment_id, []).append((school_id, start, end))
    return {
        pk: RatingGroup(
            district_id,
            frozenset(
                school
                for school, start, end in held.get(employment_id, ())
                if start <= end_date and (end is None or end >= end_date)
            ),
            role_group,
            has_pts,
            plan_type,
            rating,
        )
        for pk, employment_id, end_date, district_id, role_group, has_pts, plan_type, rating in rows
    }


def rating_groups_counted(filters: Filters) -> Counter[RatingGroup]:
    """``rating_groups`` counted from the live tables."""
    return Counter(rated_groups(filters).values())


def rating_groups(filters: Filters) -> tuple[Counter[RatingGroup], datetime.datetime | None]:
    """The overall ratings of the filters' year by finest group (district, schools on the
    end date, role group, PTS, plan type), read from the precomputed figures while they are
    recent, else counted live; with when they were counted (None: now)."""
    build = summary.build_for(filters.year)
    if build is None:
        return rating_groups_counted(filters), None
    return Counter(
        {RatingGroup(*group): n for *group, n in summary.rating_groups(build, filters)}
    ), build.built_at


def rating_population(filters: Filters) -> dict[tuple, Counter]:
    """Overall summative ratings of the cycles that ended in the school year (July 1 to June
    30), counted by the state report's finest groups (role group × PTS, evaluation.md §7);
    read from the precomputed figures while they are recent."""
    build = summary.build_for(filters.year)
    if build is None:
        return rating_population_counted(filters)
    population: dict[tuple, Counter] = {}
    for role_group, has_pts, rating, n in summary.rating_counts(build, filters):
        population.setdefault((role_group, has_pts), Counter())[rating] += n
    return population


def rating_population_counted(filters: Filters) -> dict[tuple, Counter]:
    """``rating_population`` counted from the live tables."""
    return report_population(rated(filters))


def rating_distribution(filters: Filters, *, aggregates_only: bool) -> SuppressedTable:
    """The distribution of overall summative ratings in the state report's rows."""
    return suppress(
        rating_population(filters), [STATE_REPORT_GROUPS], aggregates_only=aggregates_only
    )["ratings"]


EQUITY_SIDES = (
    ("high_poverty", _("Highest-poverty quarter of schools"), "poverty", 1),
    ("low_poverty", _("Lowest-poverty quarter of schools"), "poverty", 0),
    ("high_minority", _("Highest-minority quarter of schools"), "minority", 1),
    ("low_minority", _("Lowest-minority quarter of schools"), "minority", 0),
)
WITHOUT = {measure: f"not_{measure}" for measure in equity.MEASURES}


def equity_population(filters: Filters) -> tuple[dict[int, Counter], list[equity.SchoolRow]]:
    """Per school, its teachers with and without each trait (a teacher at two schools counts
    at each, as the quarters count them)."""
    rows = equity.schools(filters.year, filters.district_id)
    population = {}
    for row in rows:
        counts = Counter()
        for measure in equity.MEASURES:
            have = getattr(row.counts, measure)
            counts[measure] = have
            counts[WITHOUT[measure]] = row.counts.teachers - have
        population[row.school_id] = counts
    return population, rows


def equity_tables(filters: Filters, *, aggregates_only: bool) -> dict[str, SuppressedTable]:
    """For each trait, a table of its teachers with and without it: every school together,
    the four quarters of schools and, for a district, each school. Only the ineffective
    trait judges anyone, so rules 2 and 3 apply to it alone."""
    population, rows = equity_population(filters)
    table_rows = [Row("all", _("Every school (a teacher at two counts at each)"), lambda key: True)]
    for key, label, which, end in EQUITY_SIDES:
        chosen = {row.school_id for row in equity.quartiles(rows, which)[end]}
        table_rows.append(Row(key, label, lambda school, chosen=chosen: school in chosen))
    if filters.district_id is not None:
        names = dict(School.objects.filter(district=filters.district_id).values_list("pk", "name"))
        table_rows += [
            Row(row.school_id, names[row.school_id], lambda school, pk=row.school_id: school == pk)
            for row in rows
        ]
    tables = [
        Table(
            name=measure,
            rows=table_rows,
            columns=(measure, WITHOUT[measure]),
            judgement=measure == "ineffective",
            margin="all",
        )
        for measure in equity.MEASURES
    ]
    return suppress(population, tables, aggregates_only=aggregates_only)


def next_year(year_name: str) -> str:
    """The school year after ``year_name``: 2026-27 after 2025-26."""
    start = int(year_name[:4]) + 1
    return f"{start}-{(start + 1) % 100:02d}"


def retention_build(year_name: str):
    """The build ``retention_table`` reads for ``year_name``, if it counted the next year too."""
    build = summary.build_for(year_name)
    return build if build and next_year(year_name) in build.school_years else None


def retention_table(
    filters: Filters, *, by: str | None = None, aggregates_only: bool
) -> tuple[SuppressedTable, str]:
    """Retention from the year to the next, for the district (or the state, unduplicated),
    per job class and group, with how it was computed. Staying judges nobody, so only the
    size rule applies of rules 1–3."""
    after = next_year(filters.year)
    level = retention.STATE if filters.district_id is None else retention.DISTRICT
    found = retention.retention(filters.year, after, level, by, filters.district_id)
    population, labels = {}, {}
    for figure in found:
        key = figure.job_class if by is None else f"{figure.job_class}:{figure.group}"
        population[key] = Counter(retained=figure.retained, left=figure.staff - figure.retained)
        label = StaffAssignment.Position(figure.job_class).label
        labels[key] = label if by is None else f"{label}: {figure.group}"
    table = Table(
        name="retention",
        rows=[
            Row("all", _("Every job class (a person in two counts in each)"), lambda key: True),
            *(Row(key, labels[key], lambda group, key=key: group == key) for key in population),
        ],
        columns=("retained", "left"),
        judgement=False,
        margin="all",
    )
    how = found[0].how if found else ""
    return suppress(population, [table], aggregates_only=aggregates_only)["retention"], how
