"""Small-group suppression for published aggregates.

Follows the state's rules for its public educator-evaluation report
(../shared/domain/evaluation.md §7): a group's row is hidden when

1. fewer than 6 educators are in it;
2. everyone in it falls in the same category;
3. exactly one educator falls in a different category from all the others;

and then, so that no hidden row can be recovered by subtracting shown rows
from a shown total:

4. when a row that splits a total is hidden (Administrators or Teachers of All
   Educators), every row below that total is hidden, the total itself kept;
5. when one of two complementary rows is hidden (teachers with and without
   professional teacher status), both are.

Rules 4 and 5 are one rule over a declared hierarchy: if any child of a
parent is hidden, all its children and their descendants are; and a hidden
parent hides its children, whose sum would give it away.
"""

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

MINIMUM_GROUP = 6


@dataclass(frozen=True)
class GroupResult:
    name: str
    counts: Counter
    suppressed: bool
    reason: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, category) -> float | None:
        """Percent of the group in ``category``; None when suppressed."""
        if self.suppressed or not self.total:
            return None
        return round(100 * self.counts[category] / self.total, 1)


@dataclass
class Hierarchy:
    """Parent group name → the child groups that split it."""

    children: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def descendants(self, name: str) -> list[str]:
        out: list[str] = []
        for child in self.children.get(name, ()):
            out.append(child)
            out.extend(self.descendants(child))
        return out


# The state report's rows (evaluation.md §7): All → Administrators, Teachers;
# Administrators → Principals; Teachers → with PTS, without PTS.
STATE_REPORT_HIERARCHY = Hierarchy(
    {
        "all": ["administrators", "teachers"],
        "administrators": ["principals"],
        "teachers": ["teachers_pts", "teachers_non_pts"],
    }
)


def primary_reason(counts: Counter) -> str:
    """Why a single group must be hidden on its own, or '' when it may be shown."""
    total = sum(counts.values())
    present = [n for n in counts.values() if n > 0]
    if total < MINIMUM_GROUP:
        return "fewer than 6"
    if len(present) == 1:
        return "all alike"
    if len(present) == 2 and min(present) == 1:
        return "one differs"
    return ""


def suppress(
    groups: Mapping[str, Counter], hierarchy: Hierarchy | None = None
) -> dict[str, GroupResult]:
    """Apply the primary rules to each group, then hide siblings until nothing is recoverable."""
    hierarchy = hierarchy or Hierarchy()
    reasons = {name: primary_reason(counts) for name, counts in groups.items()}
    changed = True
    while changed:
        changed = False
        for parent, children in hierarchy.children.items():
            hidden_child = any(reasons.get(c) for c in children if c in groups)
            if not hidden_child and not reasons.get(parent):
                continue
            for name in hierarchy.descendants(parent):
                if name in groups and not reasons[name]:
                    reasons[name] = "complementary"
                    changed = True
    return {
        name: GroupResult(name, Counter(counts), bool(reasons[name]), reasons[name])
        for name, counts in groups.items()
    }


def small_rows_hidden(sizes: Mapping[object, int]) -> set:
    """The rows of a count table by place (a district's schools) hidden from those who read
    aggregates only: each row counting 1 to 5 educators (rule 1) and, when that hides exactly
    one row, the smallest other row that counts anyone, so the total less the rows shown does
    not give the hidden row back (what rules 4 and 5 guard against). A row of none is shown."""
    hidden = {key for key, size in sizes.items() if 0 < size < MINIMUM_GROUP}
    if len(hidden) == 1:
        others = [
            (size, str(key), key) for key, size in sizes.items() if size and key not in hidden
        ]
        if others:
            hidden.add(min(others)[2])
    return hidden
