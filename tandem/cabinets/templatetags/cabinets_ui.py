"""The advisory cabinets on the home page: the topics waiting on a member's feedback."""

from django import template

from tandem.cabinets.selectors import topics_awaiting
from tandem.people.selectors import roles_of

register = template.Library()


@register.inclusion_tag("cabinets/_home.html")
def cabinets_home(user):
    roles = roles_of(user)
    return {"topics": list(topics_awaiting(roles.person_id, roles.day)) if roles.person_id else []}
