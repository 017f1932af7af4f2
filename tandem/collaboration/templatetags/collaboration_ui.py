"""A team's work on the home page, which sits above and cannot import this app's selectors."""

from django import template

from tandem.collaboration.selectors.waiting import waiting_on
from tandem.people.selectors import roles_of

register = template.Library()


@register.inclusion_tag("collaboration/_waiting.html")
def team_waiting(user):
    """What waits on the person in their teams' work, most urgent first."""
    day = roles_of(user).day
    return {"waiting": waiting_on(user=user, day=day), "day": day}
