"""The content of a joint strategic plan as plain data, and the pure rules about it.

A plan is::

    {"vision": str, "theory_of_action": str,
     "goals": [{"key", "title", "baseline", "target", "target_date",
                "measures": [{"key", "name", "unit", "baseline", "target"}]}],
     "strategies": [{"key", "title", "goal_keys",
                     "initiatives": [{"key", "title",
                                      "steps": [{"key", "title", "owner", "due"}]}]}]}

Keys are stable across versions, so a measure's progress follows it from one adopted version
to the next, and versions compare item by item.
"""

import datetime
import difflib
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Units that count whole things, people most of all: a reading of "9.68 teachers" is none.
WHOLE_UNITS = frozenset(
    {
        "teachers",
        "teacher",
        "people",
        "members",
        "mentors",
        "principals",
        "students",
        "staff",
        "roles",
        "schools",
        "districts",
        "leaders",
    }
)


def counts_whole(unit: str) -> bool:
    """The measure counts whole things (its unit names people or places), so its values are
    whole numbers."""
    return unit.strip().lower() in WHOLE_UNITS


def is_percent(unit: str) -> bool:
    return unit.strip().lower() in {"%", "percent", "per cent"}


def measure_value(value, unit: str) -> str:
    """A measure's value written with its unit: 72.5%, 9 teachers, 3.5 hours; no trailing
    zeros, and a percent sign against the number."""
    number = f"{float(value):,.2f}".rstrip("0").rstrip(".")
    if is_percent(unit):
        return f"{number}%"
    return f"{number} {unit.strip()}".strip()


def empty_content() -> dict:
    return {"vision": "", "theory_of_action": "", "goals": [], "strategies": []}


def next_key(content: dict, prefix: str) -> str:
    """A key not used anywhere in the plan, such as g3 or m12."""
    used = set(_all_keys(content))
    n = 1
    while f"{prefix}{n}" in used:
        n += 1
    return f"{prefix}{n}"


# The parts that a part of each kind holds: their kind, and the field that lists them.
_HOLDS = {
    "goal": ("measure", "measures"),
    "strategy": ("initiative", "initiatives"),
    "initiative": ("step", "steps"),
}


def parts(content: dict):
    """(kind, the part, the list that holds it) for every goal, measure, strategy, initiative
    and action step, in plan order."""

    def within(kind, items):
        for item in items:
            yield kind, item, items
            if kind in _HOLDS:
                inner_kind, field = _HOLDS[kind]
                yield from within(inner_kind, item[field])

    yield from within("goal", content["goals"])
    yield from within("strategy", content["strategies"])


def _all_keys(content: dict):
    return (part["key"] for _kind, part, _siblings in parts(content))


def find(content: dict, key: str) -> tuple[str, dict, list] | None:
    """(kind, the item, the list that holds it) for a key, or None."""
    return next((found for found in parts(content) if found[1]["key"] == key), None)


def measures(content: dict) -> list[tuple[dict, dict]]:
    """(goal, measure) for every measure of success, in plan order."""
    return [(goal, m) for goal in content["goals"] for m in goal["measures"]]


def adoption_problems(content: dict) -> list[str]:
    """What a plan must hold before the parties sign it."""
    problems = []
    if not content["vision"].strip():
        problems.append(_("Write the shared vision."))
    if not content["theory_of_action"].strip():
        problems.append(_("Write the theory of action."))
    if not content["goals"]:
        problems.append(_("Add at least one measurable goal."))
    for goal in content["goals"]:
        if not goal["measures"]:
            problems.append(
                _("Goal “%(goal)s” needs at least one measure of success.")
                % {"goal": goal["title"]}
            )
    if not content["strategies"]:
        problems.append(_("Add at least one strategy."))
    for strategy in content["strategies"]:
        steps = [s for i in strategy["initiatives"] for s in i["steps"]]
        if not steps:
            problems.append(
                _("Strategy “%(s)s” needs an initiative with at least one action step.")
                % {"s": strategy["title"]}
            )
    return problems


def lines(content: dict) -> list[str]:
    """The plan as labelled lines, one fact a line, for comparing versions."""
    out = [
        _("Vision: %(text)s") % {"text": content["vision"]},
        _("Theory of action: %(text)s") % {"text": content["theory_of_action"]},
    ]
    for goal in content["goals"]:
        out.append(
            _("Goal: %(title)s (baseline %(baseline)s; target %(target)s by %(date)s)")
            % {
                "title": goal["title"],
                "baseline": goal["baseline"],
                "target": goal["target"],
                "date": goal["target_date"],
            }
        )
        for m in goal["measures"]:
            out.append(_("  Measure: %(name)s, from %(baseline)s to %(target)s %(unit)s") % {**m})
    for strategy in content["strategies"]:
        out.append(_("Strategy: %(title)s") % {"title": strategy["title"]})
        for initiative in strategy["initiatives"]:
            out.append(_("  Initiative: %(title)s") % {"title": initiative["title"]})
            for step in initiative["steps"]:
                out.append(
                    _("    Action step: %(title)s (owner %(owner)s, due %(due)s)") % {**step}
                )
    return out


@dataclass(frozen=True)
class ComparedLine:
    change: str  # "same", "changed", "added", "removed"
    left: str
    right: str


def compare(earlier: dict, later: dict) -> list[ComparedLine]:
    """The two versions side by side, line against line, with what changed marked."""
    a, b = lines(earlier), lines(later)
    rows = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [ComparedLine("same", line, line) for line in a[i1:i2]]
        elif tag == "replace":
            left, right = a[i1:i2], b[j1:j2]
            for k in range(max(len(left), len(right))):
                rows.append(
                    ComparedLine(
                        "changed"
                        if k < len(left) and k < len(right)
                        else ("removed" if k < len(left) else "added"),
                        left[k] if k < len(left) else "",
                        right[k] if k < len(right) else "",
                    )
                )
        elif tag == "delete":
            rows += [ComparedLine("removed", a[i], "") for i in range(i1, i2)]
        else:
            rows += [ComparedLine("added", "", b[j]) for j in range(j1, j2)]
    return rows


def parse_date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
