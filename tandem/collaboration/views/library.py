"""The resource library."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from tandem.collaboration.forms.library import ResourceForm
from tandem.collaboration.models import Resource, Topic
from tandem.collaboration.selectors import library as library_selectors
from tandem.collaboration.selectors.teams import is_partnership_staff, team_list
from tandem.collaboration.services import library
from tandem.people.selectors import roles_of
from tandem.records.files import stored_file_response
from tandem.records.uploads import upload_limit
from tandem.ui.forms import form_act
from tandem.ui.params import int_or_none


@login_required
@upload_limit("MAX_UPLOAD_BYTES")
def resource_list(request):
    q = request.GET.get("q", "").strip()[:100]
    topic = request.GET.get("topic", "")
    kind = request.GET.get("kind", "")
    roles = roles_of(request.user)
    teams = list(team_list(roles=roles, user=request.user))
    is_partnership = is_partnership_staff(roles)
    form = None
    if is_partnership or teams:
        form = ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form is None:
            raise Http404
        team_id = int_or_none(request.POST.get("team"))
        share = partial(
            library.resource_share,
            by=request.user,
            team_id=team_id if team_id in {t.pk for t in teams} else None,
        )
        if form_act(request, form, share, _("Shared in the library.")):
            return redirect("collaboration:resource_list")
        if form.errors and request.FILES:
            form.add_error(None, _("Choose the file again: a browser does not keep it."))
    page = Paginator(library_selectors.resource_list(q=q, topic=topic, kind=kind), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "collaboration/resource_list.html",
        {
            "page": page,
            "q": q,
            "topic": topic,
            "kind": kind,
            "topics": Topic.objects.all(),
            "kinds": Resource.Kind.choices,
            "form": form,
            "teams": teams,
            "is_partnership": is_partnership,
        },
        status=422 if form is not None and form.errors else 200,
    )


@login_required
@require_safe
def resource_file(request, resource_pk):
    """A file from the library, open to every signed-in user as the library is."""
    resource = get_object_or_404(
        Resource.objects.select_related("file"), pk=resource_pk, file__isnull=False
    )
    return stored_file_response(resource.file)
