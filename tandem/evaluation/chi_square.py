"""The chi-square goodness-of-fit test, written out so that no statistics package is needed:
its survival function is the regularized upper incomplete gamma function Q(k/2, x/2)
(series for small x, Lentz's continued fraction otherwise, as in Numerical Recipes §6.2)."""

import math
from dataclasses import dataclass

_EPSILON = 1e-15
_TINY = 1e-300
_ITERATIONS = 10_000


def regularized_gamma_q(a: float, x: float) -> float:
    """Q(a, x) = Γ(a, x) / Γ(a), for a > 0 and x ≥ 0."""
    if a <= 0 or x < 0:
        raise ValueError("Q(a, x) needs a > 0 and x >= 0.")
    if x == 0:
        return 1.0
    log_prefix = -x + a * math.log(x) - math.lgamma(a)
    if x < a + 1:
        term = total = 1 / a
        denominator = a
        for _ in range(_ITERATIONS):
            denominator += 1
            term *= x / denominator
            total += term
            if abs(term) < abs(total) * _EPSILON:
                break
        return max(0.0, 1 - total * math.exp(log_prefix))
    b = x + 1 - a
    c = 1 / _TINY
    d = 1 / b
    fraction = d
    for i in range(1, _ITERATIONS):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = d if abs(d) > _TINY else _TINY
        c = b + an / c
        c = c if abs(c) > _TINY else _TINY
        d = 1 / d
        fraction *= d * c
        if abs(d * c - 1) < _EPSILON:
            break
    return math.exp(log_prefix) * fraction


def chi_square_sf(statistic: float, degrees_of_freedom: int) -> float:
    """The chance of a statistic at least this large if the null hypothesis holds."""
    return regularized_gamma_q(degrees_of_freedom / 2, statistic / 2)


@dataclass(frozen=True)
class Bin:
    """Adjacent categories pooled together, with the counts observed and expected in them."""

    categories: tuple
    observed: int
    expected: float


@dataclass(frozen=True)
class GoodnessOfFit:
    statistic: float
    degrees_of_freedom: int
    p_value: float
    bins: tuple[Bin, ...]


def pooled_bins(observed: list[int], expected: list[float], categories: list) -> list[Bin]:
    """Categories in their order, adjacent ones pooled until every bin expects at least 5
    (the usual condition for the chi-square approximation): the bin expecting least joins
    whichever neighbour expects less."""
    bins = [Bin((c,), o, e) for c, o, e in zip(categories, observed, expected, strict=True)]
    while len(bins) > 1 and min(b.expected for b in bins) < 5:
        i = min(range(len(bins)), key=lambda k: (bins[k].expected, k))
        neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(bins)]
        j = min(neighbours, key=lambda k: (bins[k].expected, k))
        a, b = sorted((i, j))
        merged = Bin(
            bins[a].categories + bins[b].categories,
            bins[a].observed + bins[b].observed,
            bins[a].expected + bins[b].expected,
        )
        bins[a : b + 1] = [merged]
    return bins


def goodness_of_fit(observed: list[int], reference: list[int], categories: list):
    """Whether ``observed`` counts could come from the distribution of ``reference`` counts
    (same categories, in order); None when no test can be made (no reference, or one bin
    left after pooling)."""
    n = sum(observed)
    reference_total = sum(reference)
    if not n or not reference_total:
        return None
    expected = [n * r / reference_total for r in reference]
    bins = pooled_bins(observed, expected, categories)
    if len(bins) < 2:
        return None
    statistic = sum((b.observed - b.expected) ** 2 / b.expected for b in bins)
    return GoodnessOfFit(
        statistic, len(bins) - 1, chi_square_sf(statistic, len(bins) - 1), tuple(bins)
    )
