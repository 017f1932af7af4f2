"""Onboarding on the home page, which tandem/views.py (above every app) leaves to this tag:
what is overdue in the onboardings HR or a principal oversees, and the new educator's own
checklist."""

from django import template

from tandem.onboarding import selectors
from tandem.people.selectors import roles_of
from tandem.records.services import access_log_request

register = template.Library()

# The overdue steps the home page lists; the list page holds the rest.
SHOWN = 10


@register.inclusion_tag("onboarding/_home.html", takes_context=True)
def onboarding_home(context):
    request = context["request"]
    roles = roles_of(request.user)
    overdue, overdue_total = [], 0
    if selectors.oversees_onboarding(roles):
        tasks = selectors.overdue_tasks(roles=roles)
        overdue = list(tasks[:SHOWN])
        overdue_total = len(overdue) if len(overdue) < SHOWN else tasks.count()
    own = selectors.own_onboardings(roles=roles)
    access_log_request(request, {t.onboarding for t in overdue} | set(own))
    return {
        "overdue": overdue,
        "overdue_total": overdue_total,
        "oversees": selectors.oversees_onboarding(roles),
        "own": own,
        "today": roles.day,
    }
