"""The staff directory, the access log and API tokens."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.errors import DomainError
from tandem.organizations.models import District, School
from tandem.organizations.vocabulary import RoleGroup
from tandem.people import selectors, services
from tandem.people.forms import AccessLogFilterForm, ApiTokenForm
from tandem.records.selectors import access_log_days, access_log_entries
from tandem.records.services import access_log_request
from tandem.ui.forms import act_and_say
from tandem.ui.params import int_or_none
from tandem.ui.spreadsheet import csv_response


@login_required
def educator_list(request):
    roles = selectors.roles_of(request.user)
    if not roles.staff_districts:
        raise Http404(_("You have no staff directory."))
    search = request.GET.get("q", "").strip()[:100]
    district_id = int_or_none(request.GET.get("district"))
    school_id = int_or_none(request.GET.get("school"))
    role_group = request.GET.get("role_group", "")
    sort = request.GET.get("sort", "name")
    educators = selectors.educator_list(
        roles=roles,
        search=search,
        district_id=district_id,
        school_id=school_id,
        role_group=role_group,
        sort=sort,
    )
    page = Paginator(educators, 25).get_page(request.GET.get("page"))
    assignments = selectors.current_assignments(employment_ids=[e.pk for e in page], day=roles.day)
    rows = [(e, assignments.get(e.pk, [])) for e in page]
    context = {
        "page": page,
        "rows": rows,
        "q": search,
        "district_id": district_id,
        "school_id": school_id,
        "role_group": role_group,
        "role_groups": RoleGroup.choices,
        "districts": District.objects.filter(pk__in=roles.staff_districts).order_by("name"),
        "schools": School.objects.filter(
            district__in=roles.staff_districts, district_id=district_id
        ).order_by("name"),
        "default_sort": "name",
    }
    template = "people/_educator_rows.html" if request.htmx else "people/educator_list.html"
    return render(request, template, context)


@login_required
def educator_detail(request, pk):
    roles = selectors.roles_of(request.user)
    employment = selectors.educator_get(roles=roles, employment_id=pk)
    if employment is None:
        raise Http404(_("No such educator in your directory."))
    context = {
        "employment": employment,
        "assignments": employment.assignments.select_related("school").order_by("-start_date"),
        "personnel": request.user.has_perm("people.view_personnel_record", employment),
    }
    if context["personnel"]:
        context["evaluators"] = employment.evaluator_assignments.select_related(
            "evaluator", "school_year"
        ).order_by("-start_date", "role")
        context["leaves"] = employment.leaves.all()
        context["other_employments"] = (
            employment.person.employments.exclude(pk=employment.pk)
            .filter(district__in=roles.staff_districts)
            .select_related("district")
        )
        access_log_request(request, [employment])
    return render(request, "people/educator_detail.html", context)


# A page of the access log holds this many days on which someone opened the records.
DAYS_PER_PAGE = 7


def _access_log_filtered(request, roles):
    """The filter form and the openings it selects: by default everyone's but the educator's
    own. When the filters do not validate, the default shows and the form says why."""
    readers = selectors.access_log_readers(person_id=roles.person_id).exclude(pk=request.user.pk)
    form = AccessLogFilterForm(request.GET or None, readers=readers)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    entries = access_log_entries(
        person_id=roles.person_id,
        user_id=chosen.get("reader"),
        except_user_id=None if chosen.get("own") else request.user.pk,
        channel=chosen.get("channel", ""),
        since=chosen.get("since"),
        until=chosen.get("until"),
    )
    return form, entries


@login_required
def access_log(request):
    """Who opened the confidential records of the signed-in educator: by day, then person,
    then record (issue 11)."""
    roles = selectors.roles_of(request.user)
    form, entries = _access_log_filtered(request, roles)
    page = Paginator(access_log_days(entries), DAYS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "days": selectors.access_log_grouped(roles=roles, entries=entries, days=list(page)),
        "csv_query": query.urlencode(),
    }
    template = "people/_access_log_days.html" if request.htmx else "people/access_log.html"
    return render(request, template, context)


@login_required
def access_log_csv(request):
    """Every opening the filters select, one a row; filters that do not validate go back to the
    page, which says why."""
    roles = selectors.roles_of(request.user)
    form, entries = _access_log_filtered(request, roles)
    if form.errors:
        return redirect(f"{reverse('people:access_log')}?{request.GET.urlencode()}")
    return csv_response(
        filename=f"who-opened-my-records-{timezone.localdate():%Y-%m-%d}.csv",
        header=[
            _("When"),
            _("Who"),
            _("Their role"),
            _("Their relation to you"),
            _("What they opened"),
            _("Address"),
            _("How"),
        ],
        rows=selectors.access_log_rows(roles=roles, entries=entries),
    )


@login_required
def token_list(request):
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = services.api_token_create(
                user=request.user, name=form.cleaned_data["name"]
            )
            form = ApiTokenForm()
        except DomainError as error:
            form.add_error(None, error)
    tokens = request.user.api_tokens.all()
    return render(
        request, "people/token_list.html", {"form": form, "tokens": tokens, "new_token": new_token}
    )


@login_required
@require_POST
def token_revoke(request, pk):
    act_and_say(
        request,
        partial(services.api_token_revoke, user=request.user, token_id=pk),
        lambda token: _("The token “%(name)s” is revoked.") % {"name": token.name},
    )
    return redirect("people:token_list")
