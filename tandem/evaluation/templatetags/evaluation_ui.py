"""Small pieces of the caseload and progress tables, written in Python because they repeat
on every row of long tables (an include per cell costs more than the rest of the row)."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.evaluation.models import Observation

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
