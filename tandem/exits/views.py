"""Exits' pages: HR's separations, the separation form (confirmed on a page of its own), the
exit survey a leaver opens from a link, its results, and where leavers went."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from tandem.errors import DomainError
from tandem.exits import selectors, services
from tandem.exits.forms import (
    ExitSurveyForm,
    SeparationCorrectionForm,
    SeparationFilterForm,
    SeparationForm,
)
from tandem.exits.models import ExitReason
from tandem.exits.rules import is_state_reader, manages_separations, reads_leavers_of
from tandem.organizations.models import District
from tandem.organizations.selectors import snapshot_day, year_names
from tandem.people.selectors import educator_get, roles_of
from tandem.records.models import AccessLogEntry
from tandem.records.services import access_log_request
from tandem.ui.spreadsheet import csv_response


def _separations(request):
    roles = roles_of(request.user)
    if not roles.personnel_districts:
        raise Http404(_("Only district HR and administrators keep separations."))
    form = SeparationFilterForm(request.GET or None, years=selectors.separation_years(roles=roles))
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    separations = selectors.separation_list(
        roles=roles,
        school_year=chosen.get("year"),
        kind=chosen.get("kind", ""),
        reason=chosen.get("reason", ""),
        search=chosen.get("q", "").strip()[:100],
    )
    return roles, form, separations


@login_required
def separation_list(request):
    roles, form, separations = _separations(request)
    page = Paginator(separations, 25).get_page(request.GET.get("page"))
    access_log_request(request, list(page))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "csv_query": query.urlencode(),
        "districts": District.objects.filter(pk__in=roles.personnel_districts).order_by("name"),
    }
    template = "exits/_separation_rows.html" if request.htmx else "exits/separation_list.html"
    return render(request, template, context)


@login_required
def separation_csv(request):
    _roles, _form, separations = _separations(request)
    separations = list(separations)
    access_log_request(request, separations, channel=AccessLogEntry.Channel.EXPORT)
    return csv_response(
        filename=f"separations-{timezone.localdate():%Y-%m-%d}.csv",
        header=[
            _("Name"),
            _("State educator identifier"),
            _("District"),
            _("Role group"),
            _("Last day"),
            _("School year"),
            _("Type"),
            _("Reason"),
            _("Note"),
        ],
        rows=(
            [
                s.employment.person.sort_name,
                s.employment.person.state_id or "",
                s.employment.district.name,
                s.employment.get_role_group_display(),
                s.last_day.isoformat(),
                selectors.year_label(s.school_year),
                s.get_kind_display(),
                s.get_reason_display(),
                s.note,
            ]
            for s in separations
        ),
    )


@login_required
def separation_new(request, pk):
    """The form, then a page of its own that says what ending the employment ends, then the
    record. Only the confirmation (``confirmed``) writes."""
    roles = roles_of(request.user)
    employment = educator_get(roles=roles, employment_id=pk)
    if employment is None or not manages_separations(request.user, employment.district_id):
        raise Http404(_("No such educator among those whose separations you record."))
    if hasattr(employment, "separation"):
        return redirect(employment.separation)
    form = SeparationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("confirmed") == "yes":
            try:
                separation = services.separation_record(
                    employment_id=employment.pk,
                    by=request.user,
                    last_day=data["last_day"],
                    kind=data["kind"],
                    reason=data["reason"],
                    note=data["note"],
                    send_survey=data["send_survey"],
                )
            except DomainError as error:
                form.add_error(None, error)
            else:
                return redirect(separation)
        else:
            return render(
                request,
                "exits/separation_confirm.html",
                {
                    "employment": employment,
                    "form": form,
                    "data": data,
                    "access_ends": data["last_day"] + datetime.timedelta(days=1),
                    "kind": dict(form.fields["kind"].choices)[data["kind"]],
                    "reason": ExitReason(data["reason"]).label,
                },
            )
    return render(request, "exits/separation_form.html", {"employment": employment, "form": form})


def _separation_of(request, pk):
    separation = selectors.separation_get(roles=roles_of(request.user), separation_id=pk)
    if separation is None:
        raise Http404(_("No such separation among those you keep."))
    return separation


@login_required
def separation_detail(request, pk):
    separation = _separation_of(request, pk)
    access_log_request(request, [separation])
    history = separation.history.select_related("history_user").order_by("-history_date")
    invitation = getattr(separation, "survey_invitation", None)
    return render(
        request,
        "exits/separation_detail.html",
        {"separation": separation, "history": history, "invitation": invitation},
    )


@login_required
def separation_correct(request, pk):
    separation = _separation_of(request, pk)
    initial = {
        "last_day": separation.last_day,
        "kind": separation.kind,
        "reason": separation.reason,
        "note": separation.note,
        "version": separation.version,
    }
    form = SeparationCorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.separation_correct(
                separation_id=separation.pk, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error)
        else:
            return redirect(separation)
    access_log_request(request, [separation])
    return render(
        request, "exits/separation_correct.html", {"separation": separation, "form": form}
    )


@never_cache
def exit_survey(request, token):
    """The survey a leaver opens from the e-mail's link, without signing in: the token is the
    key, used once. Nothing of who answers is logged or kept with the answers."""
    invitation = selectors.survey_invitation_open(token)
    done = request.GET.get("sent") == "1"
    if invitation is None and not done:
        raise Http404(_("This survey link has been used or has expired."))
    form = ExitSurveyForm(request.POST or None)
    if invitation and request.method == "POST" and form.is_valid():
        try:
            services.exit_survey_answer(token=token, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error)
        else:
            return redirect(f"{request.path}?sent=1")
    district = invitation.separation.employment.district.name if invitation else ""
    return render(
        request,
        "exits/exit_survey.html",
        {"form": form, "district": district, "done": done and invitation is None},
    )


@login_required
def exit_survey_results(request, pk):
    district = get_object_or_404(District, pk=pk)
    if not reads_leavers_of(request.user, district.pk):
        raise Http404(_("No exit-survey results of this district for you."))
    table, comments = selectors.exit_survey_results(district=district)
    rows = table.as_rows()
    return render(
        request,
        "exits/exit_survey_results.html",
        {
            "district": district,
            "rows": rows,
            "reasons": ExitReason.choices,
            "comments": [(row, comments.get(row.key, [])) for row in rows],
        },
    )


def _leaver_years() -> list[str]:
    """The school years whose next October 1 has passed: those whose leavers are known."""
    today = timezone.localdate()
    return [
        name for name in year_names() if datetime.date(snapshot_day(name).year + 1, 10, 1) <= today
    ]


@login_required
def where_leavers_went(request):
    """The state's table for its analysts and administrators, as aggregates only; a district's
    HR and administrators see their own districts' leavers exactly."""
    roles = roles_of(request.user)
    state = is_state_reader(request.user)
    if not state and not roles.personnel_districts:
        raise Http404(_("Where leavers went is for the state and the districts' HR."))
    years = _leaver_years()
    year = request.GET.get("year") if request.GET.get("year") in years else None
    year = year or (years[-1] if years else None)
    districts = list(
        District.objects.order_by("name")
        if state
        else District.objects.filter(pk__in=roles.personnel_districts).order_by("name")
    )
    tables = None
    if year:
        population = selectors.leaver_destinations(year)
        tables = selectors.leaver_tables(population, districts, state=state, aggregates_only=state)
    context = {
        "years": years,
        "year": year,
        "next_year": selectors.year_label(int(year[:4]) + 1) if year else "",
        "state": state,
        "destinations": selectors.DESTINATIONS,
        "by_district": tables["districts"].as_rows() if tables else [],
        "by_role_group": tables["role_groups"].as_rows() if tables else [],
        "any_hidden": bool(tables) and any(t.any_hidden for t in tables.values()),
    }
    return render(request, "exits/where_leavers_went.html", context)
