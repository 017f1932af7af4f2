"""The district's staff roster for the state: its checks, its exceptions and its file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.errors import DomainError
from tandem.organizations.models import District
from tandem.organizations.selectors import school_year_for
from tandem.people.selectors import roles_of
from tandem.reporting import selectors, services
from tandem.reporting.forms import ReportingExceptionForm, RosterFilterForm
from tandem.reporting.models import ReportingException
from tandem.ui.spreadsheet import csv_response


def _district(request, pk) -> District:
    """The district, when its roster opens to the user; a 404 like a missing one otherwise."""
    district = District.objects.filter(pk=pk).first()
    if district is None or not request.user.has_perm("reporting.view_staff_roster", district):
        raise Http404(_("No such district among those whose state reporting you prepare."))
    return district


def _filters(request, district: District, data: QueryDict):
    """The bound filter form and the school year it selects: the one asked for, else (none
    asked, or one that is not the district's, which the form says) the year of today."""
    years = list(selectors.school_years(district=district))
    default = school_year_for(district_id=district.pk, day=roles_of(request.user).day)
    default = default or next(iter(years), None)
    if not data.get("year") and default is not None:
        data = data.copy()
        data["year"] = str(default.pk)
    form = RosterFilterForm(data, school_years=years, schools=district.schools.order_by("name"))
    form.is_valid()
    asked = form.cleaned_data.get("year")
    return form, next((y for y in years if y.pk == asked), default)


def _roster_page(request, district, *, data, exception_form=None):
    form, year = _filters(request, district, data)
    context = {"district": district, "form": form, "school_year": year}
    if year is not None:
        rows = selectors.staff_roster(
            roles=roles_of(request.user), district=district, school_year=year
        )
        shown = selectors.rows_matching(
            rows,
            problem=form.cleaned_data.get("problem", ""),
            school_id=form.cleaned_data.get("school"),
        )
        blocking = [row for row in rows if row.blocks_the_file]
        may_mark = request.user.has_perm("reporting.mark_exception", district)
        context.update(
            rows=shown,
            total=len(rows),
            with_problems=sum(1 for row in rows if row.problems),
            blocking=len(blocking),
            excepted=[row for row in rows if row.exception],
            may_mark=may_mark,
            exception_form=(exception_form or ReportingExceptionForm(rows=blocking))
            if may_mark
            else None,
        )
    template = "reporting/_roster_rows.html" if request.htmx else "reporting/staff_roster.html"
    return render(request, template, context)


@login_required
def staff_roster(request, pk):
    """Every educator of the year's roster with what keeps their row from the state's file."""
    return _roster_page(request, _district(request, pk), data=request.GET)


@login_required
def staff_roster_csv(request, pk):
    """The state's file, once every row is right or excepted; otherwise back to the page,
    which says how many rows are in the way."""
    district = _district(request, pk)
    form, year = _filters(request, district, request.GET)
    page = reverse("reporting:staff_roster", args=[district.pk])
    if year is None or "year" in form.errors:
        messages.error(request, _("Choose one of the district's school years."))
        return redirect(page)
    try:
        header, rows = services.staff_roster_export(
            by=request.user, district=district, school_year=year, path=request.path
        )
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{page}?year={year.pk}")
    response = csv_response(
        filename=f"staff-roster-{district.org_code}-{year.name}.csv", header=header, rows=rows
    )
    patch_cache_control(response, no_store=True, private=True)
    return response


@login_required
@require_POST
def exception_add(request, pk):
    district = _district(request, pk)
    if not request.user.has_perm("reporting.mark_exception", district):
        raise PermissionDenied
    filters, year = _filters(request, district, request.POST)
    if year is None or "year" in filters.errors:
        raise Http404
    form = ReportingExceptionForm(
        request.POST,
        rows=[
            row
            for row in selectors.staff_roster(
                roles=roles_of(request.user), district=district, school_year=year
            )
            if row.blocks_the_file
        ],
    )
    if form.is_valid():
        try:
            services.reporting_exception_add(
                by=request.user,
                district=district,
                school_year=year,
                person_id=form.cleaned_data["person"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("The row goes to the state as it is, with your reason."))
            return redirect(
                f"{reverse('reporting:staff_roster', args=[district.pk])}?year={year.pk}"
            )
        except DomainError as error:
            form.add_error(None, error)
    return _roster_page(request, district, data=QueryDict(f"year={year.pk}"), exception_form=form)


@login_required
@require_POST
def exception_remove(request, pk, exception_pk):
    district = _district(request, pk)
    exception = ReportingException.objects.filter(pk=exception_pk, district=district).first()
    if exception is None:
        raise Http404
    try:
        services.reporting_exception_remove(by=request.user, exception_id=exception.pk)
        messages.success(request, _("The exception was removed; the row's problems count again."))
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(
        f"{reverse('reporting:staff_roster', args=[district.pk])}?year={exception.school_year_id}"
    )
