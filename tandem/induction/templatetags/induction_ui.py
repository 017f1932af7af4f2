"""Induction on the home page, which sits above and cannot import this app's selectors."""

from django import template

from tandem.induction import selectors
from tandem.people.selectors import roles_of

register = template.Library()


@register.inclusion_tag("induction/_needs_you.html")
def induction_needs_you(user):
    """For HR and administrators, each district's teachers waiting for a mentor; for mentors
    and mentees, the entries waiting for them to confirm."""
    roles = roles_of(user)
    districts = selectors.needs_you(district_ids=roles.personnel_districts, day=roles.day)
    waiting = selectors.waiting_on(roles=roles)
    return {
        "districts": districts,
        "waiting": waiting,
        "needs": waiting or any(n.anything for n in districts),
        "mentoring": waiting or selectors.has_mentoring(roles=roles),
    }
