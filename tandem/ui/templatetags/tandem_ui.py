"""Template tags shared by every page: query strings, sortable headers, list filters,
accessible fields."""

from django import template
from django.conf import settings

from tandem.records.files import KINDS

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some keys replaced (None drops a key)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.inclusion_tag("ui/_sort_header.html", takes_context=True)
def sort_header(context, key, label):
    current = context["request"].GET.get("sort", context.get("default_sort", ""))
    return {
        "request": context["request"],
        "key": key,
        "label": label,
        "current": current,
        "next_sort": f"-{key}" if current == key else key,
    }


@register.inclusion_tag("ui/_filter_select.html")
def filter_select(name, label, everything, options, selected, key="pk"):
    """A list page's filter: a select named ``name`` whose first choice, ``everything`` ("All
    schools"), filters nothing. Options are (value, label) pairs, plain strings, or records
    (their ``key``, shown by name); the one equal to ``selected`` is selected."""
    rows = []
    for option in options:
        if isinstance(option, tuple | list):
            value, text = option
        elif isinstance(option, str):
            value = text = option
        else:
            value, text = getattr(option, key), option.name
        rows.append((value, text, value == selected))
    return {"name": name, "label": label, "everything": everything, "options": rows}


@register.filter
def character_limit(bound_field):
    """How many characters a field takes (its widget's maxlength), or None for no limit."""
    limit = bound_field.field.widget.attrs.get("maxlength")
    return int(limit) if limit else None


@register.filter
def described(bound_field):
    """Render a field's widget tied to its help text, errors and character limit by
    aria-describedby; a field with a limit is a USWDS character count's field."""
    ids = []
    attrs = {}
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_help")
    if character_limit(bound_field):
        ids.append(f"{bound_field.auto_id}_info")
        own = bound_field.field.widget.attrs.get("class")
        attrs["class"] = (
            f"{own} usa-character-count__field" if own else "usa-character-count__field"
        )
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def count_of(counter, key):
    """A Counter's count for ``key`` (templates read ``counter.items`` as a key, not a method)."""
    return counter.get(key, 0)


@register.filter
def file_kind(stored_file):
    """What a stored file is, in words (“PDF”, “Word document”)."""
    return KINDS[stored_file.content_type].label


# The sections of the header's navigation, by the namespace (and page-name prefix) of a page.
NAV_SECTIONS = [
    ("evaluation", "", "evaluations"),
    ("people", "educator", "educators"),
    ("collaboration", "", "teams"),
    ("organizations", "school", "schools"),
    ("organizations", "district", "districts"),
    ("bargaining", "", "districts"),
    ("rubrics", "", "rubrics"),
    ("imports", "", "imports"),
    ("learning", "", "learning"),
    ("leadership", "", "leadership"),
    ("newsletter", "", "newsletter"),
]


@register.simple_tag(takes_context=True)
def nav_section(context):
    """The header's section a page belongs to ("home", "evaluations" …), or "" for none."""
    match = getattr(context.get("request"), "resolver_match", None)
    if match is None:
        return ""
    if match.url_name == "home":
        return "home"
    for namespace, prefix, section in NAV_SECTIONS:
        if match.namespace == namespace and (match.url_name or "").startswith(prefix):
            return section
    return ""


# Django's message levels as USWDS alerts: errors and warnings interrupt (role alert), the rest
# waits its turn (role status).
ALERTS = {"error": "alert", "warning": "alert", "success": "status", "info": "status"}


@register.filter
def alert_kind(message):
    """The USWDS alert of a message: "success", "error", "warning" or "info" (debug)."""
    return message.level_tag if message.level_tag in ALERTS else "info"


@register.filter
def alert_role(message):
    return ALERTS.get(message.level_tag, "status")


@register.inclusion_tag("ui/_official_banner.html")
def official_banner():
    """The USWDS "official website" banner, shown when the deploying government is named
    (settings.OFFICIAL_SITE_OF: a state's own .gov deployment, never the demo)."""
    return {"government": settings.OFFICIAL_SITE_OF}
