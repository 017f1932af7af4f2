"""The summative ratings a district brought from before Tandem, on a page of their own."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from tandem.evaluation import selectors
from tandem.people.selectors import educator_get, roles_of
from tandem.records.services import access_log_request


@login_required
def prior_ratings(request, pk):
    """Read by whoever may read the educator's personnel record in the district."""
    employment = educator_get(roles=roles_of(request.user), employment_id=pk)
    if employment is None or not request.user.has_perm("people.view_personnel_record", employment):
        raise Http404(_("No such educator in your directory."))
    ratings = selectors.prior_ratings_of(employment)
    access_log_request(request, ratings)
    return render(
        request, "evaluation/prior_ratings.html", {"employment": employment, "ratings": ratings}
    )
