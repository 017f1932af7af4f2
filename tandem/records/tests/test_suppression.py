from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from tandem.records.suppression import (
    STATE_REPORT_HIERARCHY,
    primary_reason,
    small_rows_hidden,
    suppress,
)

LEVELS = ["exemplary", "proficient", "needs_improvement", "unsatisfactory"]


def test_a_group_of_five_is_hidden():
    assert primary_reason(Counter(proficient=3, exemplary=2)) == "fewer than 6"


def test_a_group_all_alike_is_hidden():
    assert primary_reason(Counter(proficient=40)) == "all alike"


def test_a_group_where_one_educator_differs_is_hidden():
    assert primary_reason(Counter(proficient=30, unsatisfactory=1)) == "one differs"


def test_a_varied_group_of_six_is_shown():
    assert primary_reason(Counter(proficient=4, exemplary=2)) == ""


def test_hiding_teachers_hides_every_row_below_all_educators_but_keeps_the_total():
    groups = {
        "all": Counter(proficient=50, exemplary=10, needs_improvement=2),
        "administrators": Counter(proficient=6, exemplary=2),
        "principals": Counter(proficient=4, exemplary=2),
        "teachers": Counter(proficient=44, exemplary=8, needs_improvement=1) + Counter(),
        "teachers_pts": Counter(proficient=30, exemplary=6),
        "teachers_non_pts": Counter(proficient=14, exemplary=2, needs_improvement=1),
    }
    groups["teachers"] = Counter(proficient=44, needs_improvement=1)
    result = suppress(groups, STATE_REPORT_HIERARCHY)
    assert result["teachers"].reason == "one differs"
    assert not result["all"].suppressed
    assert all(
        result[n].suppressed
        for n in ["administrators", "principals", "teachers_pts", "teachers_non_pts"]
    )


def test_hiding_one_pts_row_hides_its_complement():
    groups = {
        "teachers": Counter(proficient=20, exemplary=5, needs_improvement=3),
        "teachers_pts": Counter(proficient=18, exemplary=5, needs_improvement=2),
        "teachers_non_pts": Counter(proficient=2, needs_improvement=1),
    }
    result = suppress(groups, STATE_REPORT_HIERARCHY)
    assert result["teachers_non_pts"].reason == "fewer than 6"
    assert result["teachers_pts"].reason == "complementary"
    assert not result["teachers"].suppressed


groups_strategy = st.fixed_dictionaries(
    {
        name: st.fixed_dictionaries({level: st.integers(0, 12) for level in LEVELS}).map(Counter)
        for name in ["administrators", "principals", "teachers_pts", "teachers_non_pts"]
    }
)


@given(groups_strategy)
def test_no_hidden_row_can_be_recovered_by_subtracting_shown_rows(parts):
    """Property: for every split total, either every part is shown or every part is hidden."""
    parts["principals"] = Counter(
        {k: min(v, parts["administrators"][k]) for k, v in parts["principals"].items()}
    )
    groups = dict(parts)
    groups["teachers"] = parts["teachers_pts"] + parts["teachers_non_pts"]
    groups["all"] = groups["teachers"] + parts["administrators"]
    result = suppress(groups, STATE_REPORT_HIERARCHY)
    for parent, children in STATE_REPORT_HIERARCHY.children.items():
        if len(children) < 2:
            continue
        hidden = [result[c].suppressed for c in children]
        if not result[parent].suppressed:
            assert all(hidden) or not any(hidden), (parent, hidden)
    for group in result.values():
        if not group.suppressed:
            assert primary_reason(group.counts) == ""
            assert group.share("proficient") is not None
        else:
            assert group.share("proficient") is None


@given(st.dictionaries(st.integers(0, 40), st.integers(0, 60), max_size=12))
def test_no_small_row_is_shown_and_no_hidden_row_stands_alone(sizes):
    hidden = small_rows_hidden(sizes)
    assert {key for key, size in sizes.items() if 0 < size < 6} <= hidden
    assert all(sizes[key] for key in hidden)
    counted = [key for key, size in sizes.items() if size]
    assert len(hidden) != 1 or len(counted) == 1


def test_a_lone_small_school_takes_the_next_smallest_with_it():
    assert small_rows_hidden({"a": 4, "b": 30, "c": 12, "d": 0}) == {"a", "c"}
    assert small_rows_hidden({"a": 4, "b": 3, "c": 12}) == {"a", "b"}
    assert small_rows_hidden({"a": 40, "b": 30}) == set()
