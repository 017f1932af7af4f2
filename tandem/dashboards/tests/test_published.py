"""No hidden count is recovered by comparing views: every view a reader of aggregates only can
open (the state's, each district's, each filter, the public page) is decided together, proved
by exhaustive search on random small populations; and a page reading a kept decision says
when it was made."""

from collections import Counter
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.dashboards import figures as dashboard_figures
from tandem.dashboards import published
from tandem.dashboards.figures import LEVELS, ON_TIME, Filters, view_tables
from tandem.insights.selectors.population import year_names
from tandem.organizations.vocabulary import PlanType, RoleGroup
from tandem.records.suppression import MINIMUM_GROUP as MINIMUM
from tandem.records.tests.test_suppression import _alternative

YEAR = "2025-26"
SCHOOLS = {1: [11, 12], 2: [21, 22]}
ROLES = (RoleGroup.TEACHER, RoleGroup.SISP)
PLANS = (PlanType.values[0], PlanType.values[1])
RATINGS = [level for level, _label in LEVELS]


def _units(filters):
    """The places of the small world, in place of the database's."""
    if filters.district_id:
        return [(s, f"School {s}") for s in SCHOOLS[filters.district_id]]
    return [(d, f"District {d}") for d in SCHOOLS]


@st.composite
def populations(draw):
    """2 districts × 2 schools × 2 role groups × 2 plan types, each rated cycle done on time."""
    population = {}
    for district, schools in SCHOOLS.items():
        for school in schools:
            for role in ROLES:
                for plan in PLANS:
                    counts = Counter({r: draw(st.integers(0, 8)) for r in RATINGS})
                    total = sum(counts.values())
                    counts[ON_TIME] = counts[plan] = total
                    key = (YEAR, (district, frozenset({school})), role, True, plan)
                    population[key] = +counts
    return population


def _everything_shown(population):
    """Every view's cycle tables as the joint decision shows them: (finest groups, category,
    count) of each shown cell, and each hidden row's finest groups with its true counts."""
    views = published.reachable(YEAR, SCHOOLS)
    decision = published.decide(YEAR, {"cycles": population}, [], views)
    variables = [g for g in population if population[g]]
    shown, hidden, decided = set(), [], {}
    for view in views:
        assert published.narrowed(view) == (view, []), "a view such a reader can open"
        for table in view_tables(view, [], trend_year=YEAR)["cycles"]:
            counts, reasons = decision.views[published._view_key(view)][table.name]
            for row in table.rows:
                groups = frozenset(g for g in variables if row.includes(g))
                decided.setdefault(groups, set()).add(bool(reasons[row.key]))
                if reasons[row.key]:
                    hidden.append((view, table.name, row.key, groups))
                    assert row.key not in counts, "nothing of a hidden row is kept"
                elif groups:
                    for column in table.columns:
                        shown.add((groups, column, counts[row.key][column]))
    for groups, verdicts in decided.items():
        assert not groups or len(verdicts) == 1, "hidden in one view, hidden in all"
    return variables, shown, hidden


def _other_value(variables, constraints, target, value) -> bool:
    """``_alternative`` (exhaustive search) over fewer unknowns: finest groups in the same
    shown rows, all in the hidden row or all out of it, only ever show up as their sum, so
    each such class is one unknown; the answer is the same."""
    classes: dict = {}
    for g in variables:
        signature = frozenset(n for n, (groups, _t) in enumerate(constraints) if g in groups)
        classes.setdefault((signature, g in target), []).append(g)
    merged = {g: key for key, members in classes.items() for g in members}
    return _alternative(
        list(classes),
        [(frozenset(merged[g] for g in groups), total) for groups, total in constraints],
        frozenset(merged[g] for g in target),
        value,
    )


@settings(max_examples=40, deadline=None, derandomize=True)
@given(populations())
def test_no_hidden_row_of_any_view_is_implied_by_every_view_shown(population):
    with mock.patch.object(dashboard_figures, "_units", _units):
        variables, shown, hidden = _everything_shown(population)
    constraints = {}
    for groups, column, count in shown:
        constraints.setdefault(column, []).append((groups, count))
    for view, name, key, groups in hidden:
        for column, of_column in constraints.items():
            value = sum(population[g][column] for g in groups)
            if value:
                found = _other_value(variables, of_column, groups, value)
                assert found, (view, name, key, column)


def test_a_reader_of_counts_narrows_by_one_filter_at_a_time(db):
    from tandem.dashboards.figures import filters_from
    from tandem.organizations.models import District

    district = District.objects.order_by("pk").first()
    params = {"district": district.pk, "role_group": "teacher", "plan_type": PLANS[0]}
    filters, problems = filters_from(params, aggregates_only=True)
    assert filters.role_group == "teacher" and filters.plan_type == ""
    assert filters.district_id == district.pk
    assert len(problems) == 1 and "one of school, role group or plan type" in problems[0]
    exact, none = filters_from(params)
    assert exact.plan_type == PLANS[0] and none == []
    with pytest.raises(ValueError):
        published.shown_tables(Filters(YEAR, district.pk, role_group="teacher", plan_type="x"))


@pytest.mark.django_db
def test_a_page_reading_a_kept_decision_says_as_of_when(client, user_of):
    """Every year's decision is kept first, so the page reads them and makes none."""
    made = published.make_decision(YEAR)
    for year in year_names():
        if year != YEAR:
            published.make_decision(year)
    kept = published.decision(YEAR)
    assert kept.made_at == made.made_at, "the second read is the kept decision"
    client.force_login(user_of("analyst@example.org"))
    page = client.get("/dashboards/state/", {"year": YEAR}).content.decode()
    assert "Counts as of" in page
    assert "one of school, role group or plan type at a time" in page
    shown = dashboard_figures.figures(Filters(YEAR), aggregates_only=True)
    assert {f.as_of for f in shown.values()} == {made.made_at}
    client.logout()
    assert "Counts as of" in client.get("/figures/", {"year": YEAR}).content.decode()
    client.force_login(user_of("hr@example.org"))
    from tandem.people.selectors import roles_of

    district = min(roles_of(user_of("hr@example.org")).personnel_districts)
    exact = client.get(f"/districts/{district}/dashboard/", {"year": YEAR}).content.decode()
    assert "Counts as of" not in exact, "exact readers are not given a kept decision"


@pytest.mark.django_db
def test_a_filtered_state_view_keeps_its_own_total_when_smaller_rows_protect_enough():
    """A hidden plan type's row needed a complement, and the rows counting the state's
    teachers were taken for one because the row standing for them in the search was the
    teachers' trend row, not known as a total: the analyst filtered to teachers saw the
    state's All hidden. A total is now known by the groups it counts and hidden last."""
    view = published.make_decision(YEAR).views[(None, None, RoleGroup.TEACHER, "")]
    for table in ("ratings", "steps", "plans"):
        counts, reasons = view[table]
        assert not reasons["all"] and sum(counts["all"].values()) > MINIMUM, table
    assert not view["trend"][1][YEAR]
    assert any(view["ratings_plan"][1].values()), "the complement is found below the total"
