"""Selection on HR's, principals' and panel members' home page."""

from django import template

from tandem.organizations.models import District
from tandem.people.selectors import roles_of
from tandem.selection.selectors import postings_selected_by

register = template.Library()


@register.inclusion_tag("selection/_home.html", takes_context=True)
def selection_home(context):
    roles = roles_of(context["request"].user)
    return {
        "postings": postings_selected_by(roles),
        "stage_districts": District.objects.filter(pk__in=roles.personnel_districts),
    }
