"""The arithmetic of professional learning effectiveness (issue 15, item 7), on plain records
so that it can be checked by hand; ``selectors.effectiveness_*`` read the records.

For one offering and one measure (the summative rating of the standard an addressed
indicator belongs to, or the mean goal attainment of a cycle), each educator's change runs
from their *cycle before* (the last whose summative was locked and that ended by the day the
offering began) to their *cycle after* (the first that began on or after the day it ended).

Participants (who completed and passed it) are compared with similar educators who did not
take it: exact matching on the district and role group of the cycle before, the experience
band on the day the offering began and the prior rating (of the same standard; for goal
attainment, the prior overall rating). A participant with no similar educator is left out
and counted as unmatched. This is a matched comparison, not an experiment: educators chose
the offering, and whatever moved them to choose it may move their ratings too.
"""

import datetime
import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.records.suppression import (
    ALL_ALIKE,
    FEWER_THAN_6,
    MINIMUM_GROUP,
    ONE_DIFFERS,
    primary_reason,
)

Z_95 = 1.959964  # the standard normal's 97.5th percentile

# Mirrors the insights' experience bands (years in the state's schools; low < years <= high).
EXPERIENCE_BANDS = (("first_year", 0, 1), ("2_3", 1, 3), ("4_10", 3, 10), ("over_10", 10, None))


def experience_band(first_hired: datetime.date | None, day: datetime.date) -> str:
    if first_hired is None:
        return "unknown"
    years = (day - first_hired).days / 365.25
    for key, _low, high in EXPERIENCE_BANDS:
        if high is None or years < high:
            return key
    return EXPERIENCE_BANDS[-1][0]


@dataclass(frozen=True)
class CycleRecord:
    """One educator's cycle with a locked summative, as scores: a rating 1 (unsatisfactory)
    to 4 (exemplary); goal attainment 0 (did not meet) to 4 (exceeded), averaged over goals."""

    person_id: int
    district_id: int
    role_group: str
    start_date: datetime.date
    end_date: datetime.date
    overall: int | None
    standards: Mapping[int, int] = field(default_factory=dict)
    goals: float | None = None


def cycles_around(
    cycles: Iterable[CycleRecord], starts_on: datetime.date, ends_on: datetime.date
) -> tuple[CycleRecord | None, CycleRecord | None]:
    """The cycle before an offering and the cycle after it, of one educator."""
    before = after = None
    for cycle in cycles:
        if cycle.end_date <= starts_on and (before is None or cycle.end_date > before.end_date):
            before = cycle
        if cycle.start_date >= ends_on and (after is None or cycle.start_date < after.start_date):
            after = cycle
    return before, after


@dataclass(frozen=True)
class Comparison:
    """Participants' mean change against matched educators' on one measure.

    ``difference`` is the participants' mean change less the matched educators' mean change
    weighted to the participants' cells (the effect on those who took it, under the
    matching). ``low``–``high`` is a 95% interval by the normal approximation with a
    Welch-type standard error: the participants' variance of change over their number, plus
    the matched educators' weighted variance times the sum of their squared weights (each
    weighs its cell's share of the participants over the cell's number of matched educators,
    so the weights sum to 1 and small cells count for more, as they should). With fewer than
    two participants or no spread in the weights there is no interval.

    ``reason`` is why the figures are hidden ('' when shown): either group fails the state's
    small-group rules (``records.suppression.primary_reason`` over the changes as categories:
    fewer than 6, everyone alike, or one differing), since a mean of such a group tells a
    reader what happened to its members. The sample sizes are shown even then."""

    measure: str
    participants: int
    comparison: int
    unmatched: int
    participant_change: float | None = None
    comparison_change: float | None = None
    difference: float | None = None
    low: float | None = None
    high: float | None = None
    reason: str = ""

    @property
    def hidden(self) -> bool:
        return bool(self.reason)


def _variance(values: list[float]) -> float:
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / (len(values) - 1)


def compare(
    measure: str,
    participants: Mapping[int, tuple[Hashable, float]],
    others: Mapping[int, tuple[Hashable, float]],
) -> Comparison:
    """``participants`` and ``others`` map a person to (their matching cell, their change)."""
    by_cell: dict[Hashable, list[float]] = defaultdict(list)
    for cell, change in others.values():
        by_cell[cell].append(change)
    matched = {p: (cell, y) for p, (cell, y) in participants.items() if cell in by_cell}
    unmatched = len(participants) - len(matched)
    share = Counter(cell for cell, _y in matched.values())
    used = [(cell, y) for cell, y in others.values() if cell in share]
    treated = Counter(y for _c, y in matched.values())
    compared = Counter(y for _c, y in used)
    reason = primary_reason(treated, list(treated)) or primary_reason(compared, list(compared))
    if not reason and min(len(matched), len(used)) < MINIMUM_GROUP:
        reason = FEWER_THAN_6
    if reason:
        return Comparison(measure, len(matched), len(used), unmatched, reason=reason)
    n = len(matched)
    changes = [y for _c, y in matched.values()]
    mean_t = sum(changes) / n
    weights = [share[cell] / (n * len(by_cell[cell])) for cell, _y in used]
    mean_c = sum(w * y for w, (_c, y) in zip(weights, used, strict=True))
    difference = mean_t - mean_c
    squares = sum(w * w for w in weights)
    low = high = None
    if n > 1 and squares < 1:
        spread = sum(w * (y - mean_c) ** 2 for w, (_c, y) in zip(weights, used, strict=True))
        error = math.sqrt(_variance(changes) / n + spread / (1 - squares) * squares)
        low, high = difference - Z_95 * error, difference + Z_95 * error
    return Comparison(
        measure,
        n,
        len(used),
        unmatched,
        participant_change=mean_t,
        comparison_change=mean_c,
        difference=difference,
        low=low,
        high=high,
    )


@dataclass(frozen=True)
class Satisfaction:
    """The end-of-offering survey's ratings (1–5), hidden under 6 answers."""

    responses: int
    counts: Mapping[int, int]
    reason: str

    @property
    def mean(self) -> float | None:
        if self.reason or not self.responses:
            return None
        return sum(r * c for r, c in self.counts.items()) / self.responses


def satisfaction(ratings: Iterable[int]) -> Satisfaction:
    counts = Counter(ratings)
    total = sum(counts.values())
    reason = primary_reason(counts, range(1, 6), judgement=False) if total else ""
    return Satisfaction(total, {} if reason else dict(counts), reason)


@dataclass(frozen=True)
class Educator:
    """What the matching reads of one educator: first day in the state's schools, whether
    they took the offering, and their cycles with a locked summative."""

    person_id: int
    first_hired: datetime.date | None
    cycles: tuple[CycleRecord, ...]


def measures(
    educators: Iterable[Educator],
    *,
    took: set[int],
    excluded: set[int],
    starts_on: datetime.date,
    ends_on: datetime.date,
    standards: Mapping[int, str],
    district_id: int | None = None,
) -> list[Comparison]:
    """One comparison per standard (labelled by ``standards``) and one of goal attainment.
    ``took``: the participants; ``excluded``: others registered for it (neither group).
    ``district_id`` keeps only educators whose cycle before was in that district."""
    indicator_changes = {s: ({}, {}) for s in standards}
    goal_changes: tuple[dict, dict] = ({}, {})
    for educator in educators:
        person = educator.person_id
        if person in excluded:
            continue
        before, after = cycles_around(educator.cycles, starts_on, ends_on)
        if before is None or after is None:
            continue
        if district_id is not None and before.district_id != district_id:
            continue
        group = 0 if person in took else 1
        like = (
            before.district_id,
            before.role_group,
            experience_band(educator.first_hired, starts_on),
        )
        for standard in standards:
            prior, later = before.standards.get(standard), after.standards.get(standard)
            if prior is not None and later is not None:
                indicator_changes[standard][group][person] = ((*like, prior), later - prior)
        if before.goals is not None and after.goals is not None and before.overall is not None:
            goal_changes[group][person] = ((*like, before.overall), after.goals - before.goals)
    out = [compare(label, *indicator_changes[s]) for s, label in standards.items()]
    out.append(compare(_("Goal attainment"), *goal_changes))
    return out


SMALL_SAMPLE = 30
REASONS = {
    FEWER_THAN_6: gettext_lazy("fewer than 6 educators in a group"),
    ALL_ALIKE: gettext_lazy("everyone in a group changed alike: the figure would tell each one's"),
    ONE_DIFFERS: gettext_lazy("one educator in a group changed unlike all the others"),
}


def caveats(comparison: Comparison) -> list[str]:
    """What a reader must keep in mind beside one figure, in plain words."""
    if comparison.hidden:
        reason = REASONS.get(comparison.reason, comparison.reason)
        return [_("Not shown: %(reason)s.") % {"reason": reason}]
    out = [
        _(
            "A matched comparison, not an experiment: educators chose this offering, and "
            "what led them to it may also have moved their ratings."
        )
    ]
    if min(comparison.participants, comparison.comparison) < SMALL_SAMPLE:
        out.append(
            _(
                "Small samples (%(n)d and %(m)d): the figure could move a good deal with a few people."
            )
            % {"n": comparison.participants, "m": comparison.comparison}
        )
    if comparison.low is not None and comparison.low <= 0 <= comparison.high:
        out.append(_("The interval includes no difference at all: this may be chance."))
    if comparison.unmatched:
        out.append(
            _("%(n)d participants had no similar educator to compare with and are left out.")
            % {"n": comparison.unmatched}
        )
    return out
