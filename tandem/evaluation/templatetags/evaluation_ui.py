"""Small pieces of the caseload and progress tables, written in Python because they repeat
on every row of long tables (an include per cell costs more than the rest of the row), and the
step indicator of a cycle's pages."""

import re

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.evaluation.models import EvaluationCycle, Observation

register = template.Library()


@register.simple_tag
def due(next_due):
    """When the step is due, or since when it is overdue."""
    if next_due is not None and next_due.ended_unfinished:
        return _("Ended unfinished")
    if next_due is None or next_due.due is None:
        return "—"
    when = date_format(next_due.due, "DATE_FORMAT")
    if next_due.overdue:
        return format_html('<strong class="overdue">{}</strong>', _("Overdue since %s") % when)
    return when


@register.simple_tag
def shortfall(next_due):
    """How many observations the cycle lacks against the district's minimums."""
    if next_due is None or next_due.shortfall is None:
        return "—"
    if not next_due.shortfall:
        return _("Minimum met")
    parts = [
        ngettext("%d announced", "%d announced", n) % n
        if kind == Observation.Kind.ANNOUNCED
        else ngettext("%d unannounced", "%d unannounced", n) % n
        for kind, n in next_due.shortfall.items()
    ]
    if not next_due.shortfall_pressing:
        return _("%(observations)s to go") % {"observations": ", ".join(parts)}
    return format_html(
        '<strong class="overdue">{}</strong> {} {}',
        _("Below the minimum:"),
        ", ".join(parts),
        _("to go"),
    )


@register.filter
def at_field(by_field, name):
    """What ``by_field`` (a dict by form field) holds for the field ``name``, or None."""
    return by_field.get(name) if by_field else None


# The step's name without the number its label starts with ("3. Plan implementation"): the step
# indicator counts the steps itself.
NUMBERED = re.compile(r"^\d+\.\s*")


@register.inclusion_tag("evaluation/_step_indicator.html")
def step_indicator(cycle):
    """The five steps of a cycle as a USWDS step indicator: done, current, still to come."""
    values = [value for value, _label in EvaluationCycle.Step.choices]
    current = values.index(cycle.step)
    steps = [
        {"name": NUMBERED.sub("", str(label)), "done": index < current, "current": index == current}
        for index, (value, label) in enumerate(EvaluationCycle.Step.choices)
        if value != EvaluationCycle.Step.COMPLETE
    ]
    return {
        "steps": steps,
        "number": current + 1,
        "total": len(steps),
        "complete": cycle.step == EvaluationCycle.Step.COMPLETE,
        "complete_label": EvaluationCycle.Step.COMPLETE.label,
    }
