"""Small-group suppression: the one function every aggregate shown to a reader of aggregates
only goes through (union and committee leaders, state analysts, a public page).

The state's rules for its public educator-evaluation report (../shared/domain/evaluation.md §7)
hide a group's row when

1. fewer than 6 educators are in it;
2. everyone in it falls in the same category;
3. exactly one educator falls in a different category from all the others;

and, so that no hidden row can be recovered from what is shown beside it,

4. when a row that splits a total is hidden, every row below that total is hidden;
5. when one of two complementary rows is hidden, both are.

Rules 4 and 5 are one rule over a table's declared hierarchy. On top of them, complementary
suppression ("protected") runs to a fixed point over every table shown together:

- the hidden parts of a shown total that they split are together a group too (the total less
  the parts shown), so they must pass rules 1–3 as one group, or the next smallest part is
  hidden;
- no hidden row may be a linear combination of the rows shown, in any of the tables shown
  together (totals, margins, another table cut the other way): while one is, the smallest
  shown row whose hiding breaks the derivation is hidden, totals last.

The input is the count of each category in each *finest* group (a school × role group × PTS,
say): a table's row counts the finest groups it ``includes``, so overlapping rows, margins
and tables cut different ways share one set of unknowns. A finest group that counts nobody
is taken as known to be empty (the cautious reading: it gives a reader more to subtract with).
A whole row is hidden, never single cells of it. Rows that count nobody are shown: they say
nothing about anyone.
"""

from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

MINIMUM_GROUP = 6
FEWER_THAN_6 = "fewer than 6"
ALL_ALIKE = "all alike"
ONE_DIFFERS = "one differs"
PROTECTED = "protected"


@dataclass(frozen=True)
class Row:
    """One row of a table: the finest groups it counts (``includes``), under a label."""

    key: Hashable
    label: Any
    includes: Callable[[Hashable], bool]


@dataclass(frozen=True)
class Table:
    """Rows × columns as shown.

    ``columns`` split a row's total (ratings, steps); ``extra`` are further counts of a row's
    members outside that split (past due). ``judgement`` applies rules 2 and 3: they keep a
    person's rating from being read off a group, and a step or a due date judges nobody.
    ``hierarchy`` maps a row to the rows that split it (rules 4 and 5); ``margin`` is the row
    that is the table's total (its column totals and grand total)."""

    name: str
    rows: Sequence[Row]
    columns: Sequence[Hashable]
    extra: Sequence[Hashable] = ()
    judgement: bool = True
    hierarchy: Mapping[Hashable, Sequence[Hashable]] = field(default_factory=dict)
    margin: Hashable | None = None


def primary_reason(counts: Mapping, columns: Sequence, *, judgement: bool = True) -> str:
    """Why a group must be hidden on its own (rules 1–3), or '' when it may be shown."""
    present = [counts.get(c, 0) for c in columns if counts.get(c, 0) > 0]
    total = sum(present)
    if total == 0:
        return ""
    if total < MINIMUM_GROUP:
        return FEWER_THAN_6
    if judgement and len(present) == 1:
        return ALL_ALIKE
    if judgement and len(present) == 2 and min(present) == 1:
        return ONE_DIFFERS
    return ""


@dataclass(frozen=True)
class ShownRow:
    """A row as every format shows it (page, CSV, XLSX, PDF, API): nothing of a hidden row."""

    key: Hashable
    label: Any
    hidden: bool
    reason: str
    total: int | None
    cells: list[tuple[int | None, float | None]]
    extra: list[int | None]


class SuppressedTable:
    """A table after suppression; a hidden row answers None for every figure of it."""

    def __init__(self, table: Table, counts: dict, reasons: dict, *, aggregates_only: bool):
        self.table = table
        self.aggregates_only = aggregates_only
        self._counts = counts
        self._reasons = reasons

    def reason(self, row) -> str:
        return self._reasons[row]

    def counts(self, row) -> Counter:
        """A shown row's count per category, as kept with a decision; nothing of a hidden one."""
        return Counter() if self.hidden(row) else Counter(self._counts[row])

    def hidden(self, row) -> bool:
        return bool(self._reasons[row])

    @property
    def any_hidden(self) -> bool:
        return any(self._reasons.values())

    def cell(self, row, column) -> int | None:
        return None if self.hidden(row) else self._counts[row][column]

    def total(self, row) -> int | None:
        if self.hidden(row):
            return None
        return sum(self._counts[row][c] for c in self.table.columns)

    def share(self, row, column) -> float | None:
        """Percent of the row in ``column``; None when hidden or empty."""
        total = self.total(row)
        if not total:
            return None
        return round(100 * self._counts[row][column] / total, 1)

    def column_total(self, column) -> int | None:
        return self.cell(self.table.margin, column)

    @property
    def grand_total(self) -> int | None:
        return self.total(self.table.margin)

    def as_rows(self) -> list[ShownRow]:
        columns = self.table.columns
        return [
            ShownRow(
                row.key,
                row.label,
                self.hidden(row.key),
                self.reason(row.key),
                self.total(row.key),
                [(self.cell(row.key, c), self.share(row.key, c)) for c in columns],
                [self.cell(row.key, c) for c in self.table.extra],
            )
            for row in self.table.rows
        ]


def suppress(
    population: Mapping[Hashable, Mapping],
    tables: Sequence[Table],
    *,
    aggregates_only: bool = True,
) -> dict[str, SuppressedTable]:
    """The tables shown together, each row hidden by rules 1–5 and complementary suppression
    when ``aggregates_only``; exact, with nothing hidden, for a reader with a right to the
    records. ``population`` maps each finest group to its count per category."""
    ids = [(t.name, row.key) for t in tables for row in t.rows]
    by_id = {(t.name, row.key): (t, row) for t in tables for row in t.rows}
    counts = {
        i: sum((Counter(population[g]) for g in population if row.includes(g)), Counter())
        for i, (_t, row) in by_id.items()
    }
    reasons = {i: "" for i in ids}
    if aggregates_only:
        sizes = {g: sum(Counter(population[g]).values()) for g in population}
        members = {
            i: frozenset(g for g in population if sizes[g] and row.includes(g))
            for i, (_t, row) in by_id.items()
        }
        for i, (t, _row) in by_id.items():
            reasons[i] = primary_reason(counts[i], t.columns, judgement=t.judgement)
        _protect(tables, ids, counts, members, reasons)
    return {
        t.name: SuppressedTable(
            t,
            {row.key: counts[(t.name, row.key)] for row in t.rows},
            {row.key: reasons[(t.name, row.key)] for row in t.rows},
            aggregates_only=aggregates_only,
        )
        for t in tables
    }


def _protect(tables, ids, counts, members, reasons) -> None:
    """Hide rows ("protected") until no hidden one can be worked out (rules 4, 5 and beyond)."""
    _settle(tables, ids, counts, members, reasons)
    # Hiding more only makes a row harder to work out, so a row found safe stays safe. Rows
    # counting the same finest groups count the same, so each set of groups is checked once.
    safe: set = set()
    while True:
        shown = list({members[i]: i for i in ids if not reasons[i] and members[i]}.values())
        leak = None
        for i in ids:
            if not reasons[i] or members[i] in safe:
                continue
            if _derivable(i, shown, counts, members):
                leak = i
                break
            safe.add(members[i])
        if leak is None:
            return
        reasons[_next_to_hide(tables, leak, shown, counts, members)] = PROTECTED
        _settle(tables, ids, counts, members, reasons)


def _settle(tables, ids, counts, members, reasons) -> None:
    while (
        _hierarchy_pass(tables, reasons)
        or _union_pass(tables, counts, members, reasons)
        or _same_pass(ids, members, reasons)
    ):
        pass


def _same_pass(ids, members, reasons) -> bool:
    """A row counting the same finest groups as a hidden one (in another table, or another
    view of the same figures) is hidden with it: it would show the same counts."""
    hidden = {members[i] for i in ids if reasons[i] and members[i]}
    changed = False
    for i in ids:
        if not reasons[i] and members[i] in hidden:
            reasons[i] = PROTECTED
            changed = True
    return changed


def _descendants(hierarchy, key) -> list:
    out = []
    for child in hierarchy.get(key, ()):
        out.append(child)
        out.extend(_descendants(hierarchy, child))
    return out


def _hierarchy_pass(tables, reasons) -> bool:
    """Rules 4 and 5: a hidden row hides the rows below it, and a hidden part hides every
    row below the total it splits."""
    changed = False
    for t in tables:
        for parent, children in t.hierarchy.items():
            if not (reasons[(t.name, parent)] or any(reasons[(t.name, c)] for c in children)):
                continue
            for key in _descendants(t.hierarchy, parent):
                if not reasons[(t.name, key)]:
                    reasons[(t.name, key)] = PROTECTED
                    changed = True
    return changed


def _partitions(t: Table, members) -> list[tuple[Hashable, list]]:
    """The shown totals of a table with the rows that split them without overlap."""
    splits = list(t.hierarchy.items())
    if not t.hierarchy and t.margin is not None:
        splits.append((t.margin, [r.key for r in t.rows if r.key != t.margin]))
    out = []
    for parent, children in splits:
        parts = [members[(t.name, c)] for c in children]
        whole = frozenset().union(*parts)
        if sum(map(len, parts)) == len(whole) and whole == members[(t.name, parent)]:
            out.append((parent, list(children)))
    return out


def _union_pass(tables, counts, members, reasons) -> bool:
    """The hidden parts of a shown total are shown as one group (the total less the rest):
    that group must pass rules 1–3, or the next smallest part is hidden too."""
    for t in tables:
        for parent, children in _partitions(t, members):
            if reasons[(t.name, parent)]:
                continue
            hidden = [c for c in children if reasons[(t.name, c)]]
            if not hidden:
                continue
            together = sum((counts[(t.name, c)] for c in hidden), Counter())
            if not primary_reason(together, t.columns, judgement=t.judgement):
                continue
            shown = [c for c in children if not reasons[(t.name, c)] and members[(t.name, c)]]
            if shown:
                smallest = min(
                    shown, key=lambda c: (sum(counts[(t.name, c)].values()), children.index(c))
                )
                reasons[(t.name, smallest)] = PROTECTED
                return True
    return False


def _next_to_hide(tables, leak, shown, counts, members):
    """The shown row to hide so that ``leak`` can no longer be worked out: the smallest whose
    hiding breaks every derivation, rows of the same table first and totals last."""
    # A total is known by the groups it counts: ``shown`` keeps one row of each set of
    # groups, which may be a plain row of another table (a view's trend row of the year
    # counts what its total does), and hiding it hides the total with it.
    totals = {
        members[i]
        for t in tables
        for i in [(t.name, t.margin), *((t.name, parent) for parent in t.hierarchy)]
        if i in members
    }
    order = {i: n for n, i in enumerate(shown)}
    candidates = sorted(
        shown,
        key=lambda i: (members[i] in totals, i[0] != leak[0], sum(counts[i].values()), order[i]),
    )
    for candidate in candidates:
        if not _derivable(leak, [i for i in shown if i != candidate], counts, members):
            return candidate
    # Derivable in more than one way: hide the first that shares a group, and look again.
    return next((c for c in candidates if members[c] & members[leak]), candidates[0])


def _derivable(hidden, shown, counts, members) -> bool:
    """Whether a reader could work out a count the hidden row holds from the rows shown: in
    some category, once the groups a reader knows to be empty there are set aside, the hidden
    row's sum is a linear combination of the sums shown."""
    shown = _linked(hidden, shown, members)
    splits = _splits(shown, members)
    for column, value in counts[hidden].items():
        if not value:
            continue
        emptied = _emptied(column, shown, splits, counts, members)
        if _in_span(members[hidden] - emptied, [members[i] - emptied for i in shown]):
            return True
    return False


def _linked(hidden, shown, members) -> list:
    """The shown rows tied to the hidden one through shared finest groups, at any remove:
    a derivation can use no others."""
    reach, linked, rest = set(members[hidden]), [], list(shown)
    while True:
        touching = [i for i in rest if members[i] & reach]
        if not touching:
            return linked
        for i in touching:
            reach |= members[i]
        linked.extend(touching)
        taken = set(touching)
        rest = [i for i in rest if i not in taken]


def _splits(shown, members) -> list[tuple[Hashable, list, frozenset]]:
    """Each shown row with the disjoint shown rows of one table inside it, and what they
    leave of it."""
    out = []
    for whole in shown:
        inside = [i for i in shown if i != whole and members[i] < members[whole]]
        for table in {i[0] for i in inside}:
            parts = [i for i in inside if i[0] == table]
            covered = frozenset().union(*(members[i] for i in parts))
            if sum(len(members[i]) for i in parts) == len(covered):
                out.append((whole, parts, members[whole] - covered))
    return out


def _emptied(column, shown, splits, counts, members) -> frozenset:
    """The finest groups a reader knows count nobody in ``column``: those of a shown row
    counting none there, and what the parts inside a shown row leave of it when they account
    for all its count there."""
    emptied = frozenset().union(*(members[i] for i in shown if not counts[i][column]))
    for whole, parts, rest in splits:
        if counts[whole][column] == sum(counts[i][column] for i in parts):
            emptied |= rest
    return emptied


def _in_span(target: frozenset, shown: list[frozenset]) -> bool:
    """Whether the sum over ``target``'s finest groups is a linear combination of the sums
    over the ``shown`` sets (exact elimination: integers, and fractions where they arise)."""
    basis: list[tuple[Hashable, dict]] = []
    for groups in shown:
        vector = _reduced(basis, dict.fromkeys(groups, 1))
        if vector:
            pivot = next(iter(vector))
            scale = vector[pivot]
            if scale == -1:
                vector = {g: -v for g, v in vector.items()}
            elif scale != 1:
                vector = {g: Fraction(v) / scale for g, v in vector.items()}
            basis.append((pivot, vector))
    return not _reduced(basis, dict.fromkeys(target, 1))


def _reduced(basis, vector: dict) -> dict:
    """``vector`` less its part along the basis, taken in order (an echelon form: a row is
    zero at the pivots of the rows before it)."""
    for pivot, row in basis:
        factor = vector.get(pivot)
        if factor:
            for g, value in row.items():
                new = vector.get(g, 0) - factor * value
                if new:
                    vector[g] = new
                else:
                    del vector[g]
    return vector
