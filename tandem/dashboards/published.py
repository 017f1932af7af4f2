"""What a reader of aggregates only sees, decided together for every view such a reader can
open (issue 13 item 2).

Each view is safe alone, but a reader can open many (the state's dashboard, each district's,
each filter, the public page) and subtract one from another: all role groups less teachers is
the rest, the state less the other districts is the district hidden. So the rows of every
view an aggregates-only reader can reach go through one ``suppress`` call per population and
school year, over the same finest groups, and each view shows its rows as that call decided:
a row hidden there is hidden in every view that shows it. Years decide apart because no row
counts two years (the trend's row of a year is that year's view's row).

Such a reader narrows a view by its district and by at most one of school, role group and
plan type: every combination would multiply the views past what can be decided in time.

The decision is kept in the cache per year, made again by a background task and on demand
when missing; the page then says when it was made.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, replace

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.dashboards.figures import (
    Filters,
    cycle_population,
    staff_population,
    standard_population,
    view_tables,
)
from tandem.insights.selectors.population import year_names
from tandem.organizations.models import District, School
from tandem.organizations.vocabulary import PlanType, RoleGroup
from tandem.records.suppression import PROTECTED, SuppressedTable, suppress

CACHE_SECONDS = 2 * 24 * 3600
# The filters besides the year and the district, of which such a reader uses one at a time.
NARROWING = ("school_id", "role_group", "plan_type")


def narrowed(filters: Filters) -> tuple[Filters, list[str]]:
    """The view an aggregates-only reader gets for ``filters``: a school's district, and the
    first of school, role group and plan type asked for; the others are named as dropped."""
    if filters.school_id and not filters.district_id:
        district_id = School.objects.filter(pk=filters.school_id).values_list(
            "district_id", flat=True
        )
        filters = replace(filters, district_id=district_id.first())
    asked = [name for name in NARROWING if getattr(filters, name)]
    if len(asked) <= 1:
        return filters, []
    kept = asked[0]
    dropped = {name: (None if name == "school_id" else "") for name in asked[1:]}
    words = {
        "school_id": _("school"),
        "role_group": _("role group"),
        "plan_type": _("plan type"),
    }
    problem = _(
        "Counts are narrowed by one of school, role group or plan type at a time, so that no "
        "hidden group can be worked out by comparing one view with another; showing the "
        "%(kept)s you chose, for every %(dropped)s."
    ) % {"kept": words[kept], "dropped": _(" and every ").join(words[n] for n in asked[1:])}
    return replace(filters, **dropped), [problem]


def reachable(year: str, schools: dict[int, list[int]] | None = None) -> list[Filters]:
    """Every view of ``year`` an aggregates-only reader can open: the state's and each
    district's, each alone or narrowed by one school, role group or plan type (the public
    page shows the state's). ``schools`` (by district) defaults to every district's."""
    narrowing = [
        {},
        *({"role_group": value} for value in RoleGroup.values),
        *({"plan_type": value} for value in PlanType.values),
    ]
    if schools is None:
        schools = {pk: [] for pk in District.objects.order_by("pk").values_list("pk", flat=True)}
        for pk, district_id in School.objects.order_by("pk").values_list("pk", "district_id"):
            schools[district_id].append(pk)
    views = [Filters(year, **n) for n in narrowing]
    for district_id, its_schools in schools.items():
        views += [Filters(year, district_id, **n) for n in narrowing]
        views += [Filters(year, district_id, school) for school in its_schools]
    return views


def _view_key(filters: Filters) -> tuple:
    return (filters.district_id, filters.school_id, filters.role_group, filters.plan_type)


@dataclass(frozen=True)
class Decision:
    """Each view's rows of one year as shown: counts and why hidden, by table and row."""

    year: str
    made_at: datetime.datetime
    standards: list[tuple[str, str]]
    views: dict[tuple, dict[str, tuple[dict, dict]]]


def decide(
    year: str,
    populations: dict[str, dict],
    standards: list,
    views: list[Filters],
    counted_at: datetime.datetime | None = None,
) -> Decision:
    """One ``suppress`` call per population over the tables of every view (the trend with
    only this year's row), each view's tables named apart; as of ``counted_at`` when some
    counts were read from the precomputed figures, else now."""
    shown: dict[tuple, dict] = {_view_key(v): {} for v in views}
    tables: dict[str, list] = {kind: [] for kind in populations}
    owner = {}
    for view in views:
        for kind, of_view in view_tables(view, standards, trend_year=year).items():
            for table in of_view:
                name = f"{_view_key(view)}:{table.name}"
                owner[name] = (_view_key(view), table.name)
                if kind in tables:
                    tables[kind].append(replace(table, name=name))
    for kind, population in populations.items():
        for name, result in suppress(population, tables[kind], aggregates_only=True).items():
            key, table_name = owner[name]
            rows = [row.key for row in result.table.rows]
            # Only what is shown is kept: a hidden row's counts never leave this call.
            shown[key][table_name] = (
                {row: result.counts(row) for row in rows if not result.hidden(row)},
                {row: result.reason(row) for row in rows},
            )
    return Decision(year, counted_at or timezone.now(), standards, shown)


def make_decision(year: str) -> Decision:
    """Count the year (its ratings from the precomputed figures while recent), decide every
    view together and keep it."""
    whole = Filters(year)
    standards, names = standard_population(whole)
    cycles, counted_at = cycle_population(whole, every_year=False)
    populations = {"staff": staff_population(whole), "cycles": cycles, "standards": standards}
    made = decide(year, populations, names, reachable(year), counted_at)
    cache.set(_cache_key(year), made, CACHE_SECONDS)
    return made


def _cache_key(year: str) -> str:
    return f"dashboards:published:{year}"


def decision(year: str) -> Decision:
    """The kept decision of the year, made now if there is none."""
    return cache.get(_cache_key(year)) or make_decision(year)


def _shown(table, counts: dict, reasons: dict) -> SuppressedTable:
    """A table as decided; a row the decision does not know (new since) is hidden."""
    keys = [row.key for row in table.rows]
    return SuppressedTable(
        table,
        {k: counts.get(k, Counter()) for k in keys},
        {k: reasons.get(k, PROTECTED) for k in keys},
        aggregates_only=True,
    )


def shown_tables(filters: Filters) -> tuple[dict[str, SuppressedTable], datetime.datetime]:
    """A view's tables as the joint decision shows them, and when the oldest decision it
    reads was made. ``filters`` must be a view such a reader can open (``narrowed``)."""
    filters, dropped = narrowed(filters)
    if dropped:
        raise ValueError(dropped[0])
    key = _view_key(filters)
    current = decision(filters.year)
    if key not in current.views:
        current = make_decision(filters.year)
        if key not in current.views:
            raise ValueError(_("No such view for readers of counts."))
    out, made = {}, [current.made_at]
    for tables in view_tables(filters, current.standards).values():
        for table in tables:
            if table.name != "trend":
                out[table.name] = _shown(table, *current.views[key][table.name])
                continue
            counts, reasons = {}, {}
            for year in year_names():
                of_year = current if year == filters.year else decision(year)
                made.append(of_year.made_at)
                year_counts, year_reasons = of_year.views.get(key, {}).get("trend", ({}, {}))
                counts[year] = year_counts.get(year, Counter())
                reasons[year] = year_reasons.get(year, PROTECTED)
            out[table.name] = _shown(table, counts, reasons)
    return out, min(made)
