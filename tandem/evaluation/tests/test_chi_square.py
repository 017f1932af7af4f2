"""The chi-square survival function and goodness-of-fit test, against published values."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.evaluation.chi_square import (
    chi_square_sf,
    goodness_of_fit,
    pooled_bins,
    regularized_gamma_q,
)


# Critical values from the standard chi-square table: the statistic whose upper tail is p.
@pytest.mark.parametrize(
    ("statistic", "df", "p"),
    [
        (3.841458820694124, 1, 0.05),
        (6.634896601021214, 1, 0.01),
        (10.827566170662733, 1, 0.001),
        (5.991464547107979, 2, 0.05),
        (9.21034037197618, 2, 0.01),
        (7.814727903251178, 3, 0.05),
        (11.344866730144373, 3, 0.01),
        (16.26623619623813, 3, 0.001),
        (18.307038053275146, 10, 0.05),
        (124.34211340400407, 100, 0.05),
        (0.10258658877510106, 2, 0.95),
    ],
)
def test_the_survival_function_gives_the_tables_p_values(statistic, df, p):
    assert chi_square_sf(statistic, df) == pytest.approx(p, rel=1e-9)


@given(st.floats(min_value=0, max_value=200))
def test_with_two_degrees_of_freedom_it_is_an_exponential(x):
    assert chi_square_sf(x, 2) == pytest.approx(math.exp(-x / 2), rel=1e-9, abs=1e-300)


@given(st.floats(min_value=0, max_value=100))
def test_with_one_degree_of_freedom_it_is_the_normal_tail(x):
    assert chi_square_sf(x, 1) == pytest.approx(math.erfc(math.sqrt(x / 2)), rel=1e-8, abs=1e-300)


def test_q_is_one_at_zero_and_refuses_what_it_does_not_define():
    assert regularized_gamma_q(1.5, 0) == 1.0
    with pytest.raises(ValueError):
        regularized_gamma_q(0, 1)


def test_adjacent_categories_expecting_fewer_than_five_are_pooled():
    bins = pooled_bins([1, 2, 30, 7], [0.5, 5.0, 26.0, 8.5], ["u", "n", "p", "e"])
    assert [(b.categories, b.observed, b.expected) for b in bins] == [
        (("u", "n"), 3, 5.5),
        (("p",), 30, 26.0),
        (("e",), 7, 8.5),
    ]
    # u + n still expect fewer than 5 (3.5): they join their only neighbour.
    bins = pooled_bins([1, 2, 30, 7], [0.5, 3.0, 28.0, 8.5], ["u", "n", "p", "e"])
    assert [b.categories for b in bins] == [("u", "n", "p"), ("e",)]
    # The bin expecting least joins the neighbour expecting less: p (2) joins e (3), not n (6).
    bins = pooled_bins([5, 9, 1, 1], [10.0, 6.0, 2.0, 3.0], ["u", "n", "p", "e"])
    assert [b.categories for b in bins] == [("u",), ("n",), ("p", "e")]


def test_goodness_of_fit_by_hand():
    # 40 ratings against a reference of 10/20/50/20 %: expected 4, 8, 20, 8. The first bin
    # joins the second (4 < 5): bins (u+n, p, e) observe 6, 24, 10 and expect 12, 20, 8.
    fit = goodness_of_fit([2, 4, 24, 10], [10, 20, 50, 20], ["u", "n", "p", "e"])
    statistic = (6 - 12) ** 2 / 12 + (24 - 20) ** 2 / 20 + (10 - 8) ** 2 / 8
    assert fit.statistic == pytest.approx(statistic)
    assert fit.degrees_of_freedom == 2
    assert fit.p_value == pytest.approx(math.exp(-statistic / 2))


def test_no_test_without_a_reference_or_with_one_bin_left():
    assert goodness_of_fit([3, 3, 3, 3], [0, 0, 0, 0], list("unpe")) is None
    assert goodness_of_fit([1, 1, 1, 1], [5, 5, 5, 5], list("unpe")) is None
