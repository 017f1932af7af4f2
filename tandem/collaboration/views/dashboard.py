"""The facilitator's dashboard."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from tandem.collaboration.selectors.dashboard import facilitated_teams
from tandem.collaboration.selectors.teams import is_partnership_staff
from tandem.people.selectors import roles_of


@login_required
def facilitator_dashboard(request):
    """A facilitator's teams at a glance; only the partnership's facilitators open it."""
    roles = roles_of(request.user)
    if not is_partnership_staff(roles):
        raise Http404(_("This page is for the partnership's facilitators."))
    return render(
        request,
        "collaboration/facilitator_dashboard.html",
        {"rows": facilitated_teams(user=request.user, day=roles.day), "today": roles.day},
    )
