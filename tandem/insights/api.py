"""The insights' figures over the API (issue 13 item 7): rating distribution, equity and
retention, by the dashboards' filters, each answer passed through the one ``suppress`` for a
reader of aggregates only, as the pages show it, and exact for a district's HR and
administrators on their own district."""

import datetime
from dataclasses import astuple
from typing import Literal

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from ninja import Field, Query, Router, Schema

from tandem.api_types import ObjectId
from tandem.insights.rules import EXACT, figures_reading
from tandem.insights.selectors import figures, population, summary
from tandem.insights.selectors.equity import how_computed
from tandem.insights.selectors.retention import GROUPINGS
from tandem.organizations.models import School
from tandem.organizations.vocabulary import PlanType, RoleGroup
from tandem.records.suppression import SuppressedTable

router = Router(tags=["insights"])

YEAR = r"^\d{4}-\d{2}$"


class FigureFilter(Schema):
    year: str = Field(pattern=YEAR, description="School year by name, e.g. 2025-26")
    district_id: ObjectId | None = Field(None, description="None: the whole state")
    school_id: ObjectId | None = Field(None, description="A school (its district is implied)")


class RatingFilter(FigureFilter):
    role_group: Literal[tuple(RoleGroup.values)] | Literal[""] = ""  # type: ignore[valid-type]
    plan_type: Literal[tuple(PlanType.values)] | Literal[""] = ""  # type: ignore[valid-type]


class RetentionFilter(Schema):
    year: str = Field(pattern=YEAR, description="The first of the two school years")
    district_id: ObjectId | None = Field(None, description="None: the state, unduplicated")
    by: Literal[tuple(GROUPINGS)] | None = None  # type: ignore[valid-type]


class CellOut(Schema):
    column: str
    count: int | None
    percent: float | None


class RowOut(Schema):
    key: str
    label: str
    hidden: bool = Field(description="Suppressed: every figure of the row is null")
    reason: str = Field(description="Why it is hidden (fewer than 6, all alike, …), or ''")
    total: int | None
    cells: list[CellOut]


class TableOut(Schema):
    name: str
    how: str = ""
    rows: list[RowOut]


class FiguresOut(Schema):
    year: str
    district_id: int | None
    exact: bool = Field(description="False: suppressed for a reader of aggregates only")
    as_of: datetime.datetime | None = Field(
        description="When the figures were counted (precomputed); null: counted just now"
    )
    tables: list[TableOut]


def _reading(request, district_id: int | None) -> bool:
    """Whether the caller reads the figures exact; 404 when not at all."""
    reading = figures_reading(request.user, district_id)
    if reading is None:
        raise Http404("No such figures among those you may read.")
    return reading == EXACT


def _scope(filters: FigureFilter) -> int | None:
    """The district the filters narrow to, a school's when one is asked for."""
    if filters.school_id is None:
        return filters.district_id
    district_id = School.objects.filter(pk=filters.school_id).values_list("district_id", flat=True)
    district_id = district_id.first()
    if district_id is None or filters.district_id not in (None, district_id):
        raise Http404("No such school in that district.")
    return district_id


def _out(filters: figures.Filters, exact: bool, build, tables: list[TableOut]) -> dict:
    return FiguresOut(
        year=filters.year,
        district_id=filters.district_id,
        exact=exact,
        as_of=build.built_at if build else None,
        tables=tables,
    ).dict()


def _answered(figure: str, filters: figures.Filters, exact: bool, build, answer) -> dict:
    """``answer()``, kept in the cache while it is read from one build of the precomputed
    figures: the same build, filters and reading give the same answer, so only the first
    request after a rebuild suppresses."""
    if build is None:
        return answer()
    stamp = build.built_at.timestamp()
    key = ":".join(map(str, ("insights", figure, build.pk, stamp, exact, *astuple(filters))))
    cached = cache.get(key)
    if cached is None:
        cached = answer()
        cache.set(key, cached, settings.INSIGHTS_FIGURES_MAX_AGE)
    return cached


def _kept(year: str) -> str:
    """The school year named, if any district keeps it: else 404, as a missing record."""
    if year not in population.year_names():
        raise Http404(f"No district keeps a school year {year}.")
    return year


def table_out(table: SuppressedTable, how: str = "") -> TableOut:
    columns = [str(column) for column in table.table.columns]
    return TableOut(
        name=table.table.name,
        how=how,
        rows=[
            RowOut(
                key=str(row.key),
                label=str(row.label),
                hidden=row.hidden,
                reason=row.reason,
                total=row.total,
                cells=[
                    CellOut(column=column, count=count, percent=percent)
                    for column, (count, percent) in zip(columns, row.cells, strict=True)
                ],
            )
            for row in table.as_rows()
        ],
    )


@router.get("/insights/ratings", response=FiguresOut, summary="Rating distribution")
def rating_distribution(request, filters: Query[RatingFilter]):
    """Overall summative ratings of the cycles that ended in the school year, in the state
    report's rows (evaluation.md §7)."""
    district_id = _scope(filters)
    exact = _reading(request, district_id)
    chosen = figures.Filters(
        _kept(filters.year), district_id, filters.school_id, filters.role_group, filters.plan_type
    )
    build = None if filters.school_id else summary.build_for(filters.year)

    def answer():
        table = figures.rating_distribution(chosen, aggregates_only=not exact)
        return _out(chosen, exact, build, [table_out(table)])

    return _answered("ratings", chosen, exact, build, answer)


@router.get("/insights/equity", response=FiguresOut, summary="Equitable access")
def equity(request, filters: Query[FigureFilter]):
    """Teachers inexperienced, out-of-field and ineffective, with and without the trait: every
    school, the highest and lowest quarters of schools by poverty and minority share and, for
    a district, each school by its id."""
    if filters.school_id is not None:
        raise Http404("Equity figures are for a district or the state, not one school.")
    exact = _reading(request, filters.district_id)
    chosen = figures.Filters(_kept(filters.year), filters.district_id)
    build = summary.build_for(filters.year)

    def answer():
        tables = figures.equity_tables(chosen, aggregates_only=not exact)
        return _out(
            chosen,
            exact,
            build,
            [table_out(table, how_computed(name)) for name, table in tables.items()],
        )

    return _answered("equity", chosen, exact, build, answer)


@router.get("/insights/retention", response=FiguresOut, summary="Retention")
def retention(request, filters: Query[RetentionFilter]):
    """Of those in a job class on the year's October 1, how many were in it on the next
    year's, per job class (and the group ``by`` names): in the district, or the state."""
    exact = _reading(request, filters.district_id)
    chosen = figures.Filters(_kept(filters.year), filters.district_id)
    build = figures.retention_build(filters.year)

    def answer():
        table, how = figures.retention_table(chosen, by=filters.by, aggregates_only=not exact)
        return _out(chosen, exact, build, [table_out(table, how)])

    return _answered(f"retention:{filters.by}", chosen, exact, build, answer)
