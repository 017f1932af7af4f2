"""The one suppression function: the state's rules one by one on small examples, and a property
test proving by exhaustive search that no hidden count is implied by what is shown."""

from collections import Counter
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.evaluation.selectors import STATE_REPORT_GROUPS, STEP_COLUMNS, school_steps_table
from tandem.organizations.vocabulary import RoleGroup
from tandem.records.suppression import (
    ALL_ALIKE,
    FEWER_THAN_6,
    ONE_DIFFERS,
    PROTECTED,
    Row,
    Table,
    primary_reason,
    suppress,
)

LEVELS = ("exemplary", "proficient", "needs_improvement", "unsatisfactory")


def test_a_group_of_five_is_hidden():
    assert primary_reason(Counter(proficient=3, exemplary=2), LEVELS) == FEWER_THAN_6


def test_a_group_all_alike_is_hidden():
    assert primary_reason(Counter(proficient=40), LEVELS) == ALL_ALIKE


def test_a_group_where_one_educator_differs_is_hidden():
    assert primary_reason(Counter(proficient=30, unsatisfactory=1), LEVELS) == ONE_DIFFERS


def test_a_varied_group_of_six_is_shown():
    assert primary_reason(Counter(proficient=4, exemplary=2), LEVELS) == ""


def test_steps_judge_nobody_so_only_the_size_rule_applies():
    assert primary_reason(Counter(observation=40), ("observation",), judgement=False) == ""
    assert primary_reason(Counter(observation=4), ("observation",), judgement=False) == (
        FEWER_THAN_6
    )


def _state(population):
    return suppress(population, [STATE_REPORT_GROUPS])["ratings"]


def test_hiding_teachers_hides_every_row_below_all_educators_but_keeps_the_total():
    table = _state(
        {
            (RoleGroup.SCHOOL_ADMIN, False): Counter(proficient=4, exemplary=2),
            (RoleGroup.DISTRICT_ADMIN, False): Counter(proficient=2),
            (RoleGroup.TEACHER, True): Counter(proficient=30),
            (RoleGroup.TEACHER, False): Counter(proficient=14, needs_improvement=1),
        }
    )
    assert table.reason("teachers") == ONE_DIFFERS
    assert table.grand_total == 53 and table.column_total("proficient") == 50
    assert table.reason("administrators") == table.reason("principals") == PROTECTED
    assert table.hidden("teachers_pts") and table.hidden("teachers_non_pts")
    assert not table.hidden("all")


def test_hiding_one_pts_row_hides_its_complement_and_nothing_of_it_is_shown():
    table = _state(
        {
            (RoleGroup.TEACHER, True): Counter(proficient=18, exemplary=5, needs_improvement=2),
            (RoleGroup.TEACHER, False): Counter(proficient=2, needs_improvement=1),
        }
    )
    assert table.reason("teachers_non_pts") == FEWER_THAN_6
    assert table.reason("teachers_pts") == PROTECTED
    assert not table.hidden("teachers") and table.share("teachers", "proficient") == 71.4
    pts = next(row for row in table.as_rows() if row.key == "teachers_pts")
    assert pts.total is None and pts.cells == [(None, None)] * 4
    assert table.cell("teachers_pts", "proficient") is None
    assert table.share("teachers_pts", "proficient") is None


def test_exact_mode_shows_the_same_table_with_nothing_hidden():
    population = {(RoleGroup.TEACHER, False): Counter(proficient=2, needs_improvement=1)}
    table = suppress(population, [STATE_REPORT_GROUPS], aggregates_only=False)["ratings"]
    assert not table.any_hidden and table.cell("teachers_non_pts", "needs_improvement") == 1
    assert _state(population).hidden("teachers_non_pts")


def _schools_table(schools, *, judgement=True):
    return Table(
        name="schools",
        rows=(
            Row("all", "All", lambda key: True),
            *(Row(s, s, lambda key, s=s: key[0] == s) for s in schools),
        ),
        columns=LEVELS,
        judgement=judgement,
        margin="all",
    )


def test_a_lone_hidden_school_takes_the_next_smallest_with_it():
    population = {
        ("a", "t"): Counter(proficient=2, exemplary=2),
        ("b", "t"): Counter(proficient=20, exemplary=10),
        ("c", "t"): Counter(proficient=8, exemplary=4),
        ("d", "t"): Counter(proficient=40, exemplary=30),
    }
    table = suppress(population, [_schools_table("abcd")])["schools"]
    assert [table.reason(s) for s in "abcd"] == [FEWER_THAN_6, "", PROTECTED, ""]
    assert table.grand_total == 116


def test_hidden_schools_together_must_pass_the_rules_too():
    """Two hidden schools of 2 and 3 are, as the total less the rest, a group of 5."""
    population = {
        ("a", "t"): Counter(proficient=1, exemplary=1),
        ("b", "t"): Counter(proficient=2, exemplary=1),
        ("c", "t"): Counter(proficient=8, exemplary=4),
        ("d", "t"): Counter(proficient=40, exemplary=30),
    }
    table = suppress(population, [_schools_table("abcd")])["schools"]
    assert [table.reason(s) for s in "abcd"] == [FEWER_THAN_6, FEWER_THAN_6, PROTECTED, ""]


def test_a_school_hidden_in_one_table_is_not_given_back_by_another_cut_the_other_way():
    """By school and by role group, both with the district's total: the small school is all
    teachers, so its count is teachers less the teachers of the schools shown unless one more
    row is hidden."""
    population = {
        ("a", "teacher"): Counter(proficient=2, exemplary=1),
        ("b", "teacher"): Counter(proficient=10, exemplary=5),
        ("b", "admin"): Counter(proficient=5, exemplary=3),
    }
    roles = Table(
        name="roles",
        rows=(
            Row("all", "All", lambda key: True),
            Row("teacher", "Teachers", lambda key: key[1] == "teacher"),
            Row("admin", "Administrators", lambda key: key[1] == "admin"),
        ),
        columns=LEVELS,
        margin="all",
    )
    result = suppress(population, [_schools_table("ab"), roles])
    assert result["schools"].reason("a") == FEWER_THAN_6
    assert result["schools"].reason("b") == PROTECTED
    shown = [
        (name, row.key)
        for name, table in result.items()
        for row in table.as_rows()
        if not row.hidden
    ]
    assert ("schools", "all") in shown


# -- the property: nothing hidden is implied by what is shown ----------------------------------

SCHOOLS = ("north", "south", "east")
ROLES = ("admin", "teacher", "specialist")


def _tables(schools, roles):
    """What a dashboard shows together: ratings by school with the district's total, and by
    role in the state report's hierarchy (All → Administrators; Teachers → the two kinds)."""
    teaching = [r for r in roles if r != "admin"]
    by_role = Table(
        name="roles",
        rows=(
            Row("all", "All", lambda key: True),
            Row("admin", "Administrators", lambda key: key[1] == "admin"),
            Row("teaching", "Teachers", lambda key: key[1] in teaching),
            *(Row(r, r, lambda key, r=r: key[1] == r) for r in teaching),
        ),
        columns=LEVELS,
        hierarchy={"all": ("admin", "teaching"), "teaching": tuple(teaching)},
        margin="all",
    )
    return [_schools_table(schools), by_role]


small_count = st.one_of(st.just(0), st.integers(0, 3), st.integers(0, 12))


@st.composite
def populations(draw):
    schools = SCHOOLS[: draw(st.integers(2, 3))]
    roles = ROLES[: draw(st.integers(2, 3))]
    return (
        schools,
        roles,
        {
            (s, r): Counter({level: draw(small_count) for level in LEVELS})
            for s in schools
            for r in roles
        },
    )


def _alternative(variables, constraints, target, value) -> bool:
    """Whether nonnegative integers meet every (groups, total) constraint with the groups of
    ``target`` summing to something other than ``value`` (exhaustive search)."""
    free = [g for g in variables if not any(g in groups for groups, _t in constraints)]
    if any(g in target for g in free):
        return True
    bounded = [g for g in variables if g not in free]
    bound = {g: min(t for groups, t in constraints if g in groups) for g in bounded}

    def search(i, assigned):
        for groups, total in constraints:
            done = sum(assigned.get(g, 0) for g in groups)
            if done > total or (all(g in assigned for g in groups) and done != total):
                return False
        if i == len(bounded):
            return sum(assigned[g] for g in target if g in assigned) != value
        g = bounded[i]
        choices = range(bound[g] + 1)
        for groups, total in constraints:
            if g in groups and all(o in assigned for o in groups if o != g):
                choices = [total - sum(assigned[o] for o in groups if o != g)]
                break
        return any(search(i + 1, {**assigned, g: n}) for n in choices if n >= 0)

    return search(0, {})


def _assert_nothing_implied(population, tables):
    """For every hidden row and every count it holds someone in, another population agrees
    with every cell, total and margin shown in all the tables and gives that count another
    value. A finest group that counts nobody is taken as known to be empty, as the function
    does; every row shown passes the state's rules on its own."""
    result = suppress(population, tables)
    variables = [g for g in population if sum(population[g].values())]
    groups = {
        (t.name, row.key): frozenset(g for g in variables if row.includes(g))
        for t in tables
        for row in t.rows
    }
    shown = [(t, row.key) for t in tables for row in t.rows if not result[t.name].hidden(row.key)]
    for t, key in shown:
        counts = {c: result[t.name].cell(key, c) for c in t.columns}
        assert primary_reason(counts, t.columns, judgement=t.judgement) == "", (t.name, key)
    for category in {c for t in tables for c in (*t.columns, *t.extra)}:
        constraints = [
            (groups[(t.name, key)], result[t.name].cell(key, category))
            for t, key in shown
            if groups[(t.name, key)] and category in (*t.columns, *t.extra)
        ]
        for t in tables:
            for row in t.rows:
                if not result[t.name].hidden(row.key):
                    continue
                target = groups[(t.name, row.key)]
                value = sum(population[g][category] for g in target)
                if value:
                    found = _alternative(variables, constraints, target, value)
                    assert found, (t.name, row.key, category)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(populations())
def test_no_hidden_rating_count_is_implied_by_the_tables_shown_with_it(drawn):
    """Ratings by school with the district's total, beside ratings by role in the state
    report's hierarchy, as a dashboard shows them together."""
    schools, roles, population = drawn
    _assert_nothing_implied(population, _tables(schools, roles))


REPORT_GROUPS = [
    (role_group, pts)
    for role_group in (RoleGroup.SCHOOL_ADMIN, RoleGroup.DISTRICT_ADMIN, RoleGroup.TEACHER)
    for pts in (True, False)
]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.fixed_dictionaries(
        {g: st.fixed_dictionaries({level: small_count for level in LEVELS}) for g in REPORT_GROUPS}
    )
)
def test_no_hidden_row_of_the_state_report_is_implied_by_its_other_rows(population):
    _assert_nothing_implied(
        {g: Counter(counts) for g, counts in population.items()}, [STATE_REPORT_GROUPS]
    )


@st.composite
def cycles_under_way(draw):
    """Cycles by the set of schools of their educator (some in two, some in none), each step
    counted, and how many of them are past due."""
    population = {}
    for schools in ({1}, {2}, {3}, {1, 2}, set()):
        counts = Counter({step: draw(small_count) for step in STEP_COLUMNS[:3]})
        counts["overdue"] = draw(st.integers(0, sum(counts.values())))
        population[frozenset(schools)] = counts
    return population


@settings(max_examples=200, deadline=None, derandomize=True)
@given(cycles_under_way())
def test_no_hidden_step_count_is_implied_when_schools_share_cycles(population):
    schools = [SimpleNamespace(pk=pk, name=f"School {pk}") for pk in (1, 2, 3)]
    _assert_nothing_implied(population, [school_steps_table(schools)])
