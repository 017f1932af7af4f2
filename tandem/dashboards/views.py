"""The state's and districts' dashboards, their downloads and PDF, the records behind a
count, and the public figures. Every number comes from ``figures``, suppressed there."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.dashboards import figures as dashboard_figures
from tandem.dashboards import public, talent
from tandem.dashboards.charts import bar_chart
from tandem.dashboards.figures import DIMENSIONS, Filters, behind, filters_from
from tandem.insights.selectors.population import year_names
from tandem.organizations.models import District, School
from tandem.organizations.vocabulary import PlanType, RoleGroup
from tandem.people.selectors import current_assignments, roles_of
from tandem.records.models import AccessLogEntry
from tandem.records.services import access_log_request
from tandem.ui.pdf import pdf_response
from tandem.ui.spreadsheet import csv_response, xlsx_response

FORMATS = ("csv", "xlsx")


class Shown:
    """A figure as a page shows it: its chart, and each cell with the link to the records
    behind it (for a reader with a right to them)."""

    def __init__(self, figure, drill: int | None, filters: Filters):
        self.figure = figure
        if drill:
            drill = reverse("dashboards:district_educators", args=[drill, figure.name])
        self.chart = bar_chart(figure, f"summary-{figure.name}")
        self.rows = [
            (
                row,
                [
                    (
                        count,
                        share,
                        f"{drill}?{filters.query(row=row.key, column=key)}"
                        if drill and count
                        else None,
                    )
                    for (key, _label), (count, share) in zip(figure.columns, row.cells, strict=True)
                ],
            )
            for row in figure.rows
        ]


def _dashboard(request, *, district: District | None, whole: bool, template_context: dict):
    """The page, one table as CSV or XLSX (``?format=…&table=…``) or the page as a PDF
    (``?format=pdf``), all from the same suppressed figures."""
    filters, problems = filters_from(request.GET, district=district, aggregates_only=not whole)
    figures = dashboard_figures.figures(filters, aggregates_only=not whole)
    stem = f"dashboard-{district.org_code if district else 'state'}-{filters.year}"
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        figure = figures.get(request.GET.get("table", ""))
        if figure is None:
            raise Http404(_("There is no such table on this dashboard."))
        respond = csv_response if fmt == "csv" else xlsx_response
        return respond(
            filename=f"{stem}-{figure.name}.{fmt}",
            header=figure.header(),
            rows=figure.download_rows(),
        )
    drill = district.pk if whole and district else None
    chosen_district = district or (
        District.objects.filter(pk=filters.district_id).first() if filters.district_id else None
    )
    context = {
        **template_context,
        "filters": filters,
        "problems": problems,
        "figures": [Shown(f, drill, filters) for f in figures.values()],
        "whole": whole,
        "years": year_names(),
        "districts": None if district else District.objects.order_by("name"),
        "schools": School.objects.filter(district=chosen_district).order_by("name")
        if chosen_district
        else None,
        "role_groups": RoleGroup.choices,
        "plan_types": PlanType.choices,
        "chosen_district": chosen_district,
        "query": filters.query(),
        "as_of": _as_of(figures.values()),
    }
    if fmt == "pdf":
        return pdf_response(
            template="dashboards/pdf/dashboard.html", context=context, filename=f"{stem}.pdf"
        )
    return render(request, "dashboards/dashboard.html", context)


def _as_of(figures):
    """When the decision the figures were hidden by was made (None for exact figures)."""
    return min((f.as_of for f in figures if f.as_of), default=None)


@login_required
def state_dashboard(request):
    """The state's figures over every district, as aggregates only."""
    if not request.user.has_perm("dashboards.view_state"):
        raise Http404(_("The state's dashboard is for the state's analysts and administrators."))
    return _dashboard(
        request,
        district=None,
        whole=False,
        template_context={
            "heading": _("The state's dashboard"),
            "here": reverse("dashboards:state"),
        },
    )


def _district_of(request, pk) -> District:
    district = District.objects.filter(pk=pk).first()
    if district is None or not request.user.has_perm("dashboards.view_district", district):
        raise Http404(_("No such district among those whose figures you may see."))
    return district


@login_required
def district_dashboard(request, pk):
    """A district's figures: exact for its HR and administrators, with the educators behind
    each count; suppressed for its union and committee leaders and the state's readers."""
    district = _district_of(request, pk)
    return _dashboard(
        request,
        district=district,
        whole=request.user.has_perm("dashboards.view_district_whole", district),
        template_context={
            "heading": _("Dashboard of %(district)s") % {"district": district.name},
            "here": reverse("dashboards:district", args=[district.pk]),
            "district": district,
        },
    )


@login_required
def district_educators(request, pk, figure):
    """The educators one count of a district's dashboard stands for, logged as read."""
    district = District.objects.filter(pk=pk).first()
    if district is None or not request.user.has_perm("dashboards.view_district_whole", district):
        raise Http404(_("No such district among those whose records you may read."))
    name = figure
    if name not in DIMENSIONS:
        raise Http404(_("There is no such figure on this dashboard."))
    filters, problems = filters_from(request.GET, district=district)
    records = behind(filters, name, request.GET.get("row", ""), request.GET.get("column", ""))
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    access_log_request(request, list(page), channel=AccessLogEntry.Channel.PAGE)
    staff = DIMENSIONS[name][0] == "staff"
    employments = [r if staff else r.employment for r in page]
    assignments = current_assignments(
        employment_ids=[e.pk for e in employments], day=roles_of(request.user).day
    )
    return render(
        request,
        "dashboards/educators.html",
        {
            "district": district,
            "filters": filters,
            "problems": problems,
            "page": page,
            "rows": [
                (record, employment, assignments.get(employment.pk, []))
                for record, employment in zip(page, employments, strict=True)
            ],
            "staff": staff,
            "back": reverse("dashboards:district", args=[district.pk]) + "?" + filters.query(),
            "query": request.GET.urlencode(),
        },
    )


PUBLIC_CACHE_SECONDS = 600


def public_figures(request):
    """The state's and each district's ratings and equity gaps, with no sign-in and no name:
    suppressed as published counts are, and cached (the same for everyone)."""
    filters, problems = filters_from({"year": request.GET.get("year", "")})
    key = f"dashboards:public:{filters.year}"
    shown = cache.get(key)
    if shown is None:
        figures = public.public_figures(filters)
        shown = render_to_string(
            "dashboards/_public_figures.html",
            {"figures": [Shown(f, None, filters) for f in figures], "as_of": _as_of(figures)},
        )
        cache.set(key, shown, PUBLIC_CACHE_SECONDS)
    return render(
        request,
        "dashboards/public.html",
        {"filters": filters, "problems": problems, "years": year_names(), "shown": shown},
    )


def _talent_dashboard(request, *, district: District | None, whole: bool, template_context):
    """The talent dashboard, or one of its tables as CSV or XLSX (``?format=…&table=…``)."""
    filters, problems = talent.talent_filters_from(
        request.GET, district=district, aggregates_only=not whole
    )
    figures = talent.talent_figures(filters, aggregates_only=not whole)
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        figure = figures.get(request.GET.get("table", ""))
        if figure is None:
            raise Http404(_("There is no such table on this dashboard."))
        stem = f"talent-{district.org_code if district else 'state'}-{filters.year}"
        respond = csv_response if fmt == "csv" else xlsx_response
        return respond(
            filename=f"{stem}-{figure.name}.{fmt}",
            header=figure.header(),
            rows=figure.download_rows(),
        )
    return render(
        request,
        "dashboards/talent.html",
        {
            **template_context,
            "filters": filters,
            "problems": problems,
            "figures": [Shown(f, None, filters) for f in figures.values()],
            "whole": whole,
            "years": talent.hiring_years(timezone.localdate()),
            "districts": None if district else District.objects.order_by("name"),
            "schools": School.objects.filter(district=district).order_by("name")
            if district and whole
            else None,
            "query": filters.query(),
        },
    )


@login_required
def state_talent(request):
    """The state's talent figures over every district, as aggregates only."""
    if not request.user.has_perm("dashboards.view_state"):
        raise Http404(_("The state's dashboard is for the state's analysts and administrators."))
    return _talent_dashboard(
        request,
        district=None,
        whole=False,
        template_context={
            "heading": _("The state's hiring and retention"),
            "here": reverse("dashboards:state_talent"),
        },
    )


@login_required
def district_talent(request, pk):
    """A district's talent figures: exact for its HR and administrators, suppressed for its
    union and committee leaders and the state's readers."""
    district = _district_of(request, pk)
    return _talent_dashboard(
        request,
        district=district,
        whole=request.user.has_perm("dashboards.view_district_whole", district),
        template_context={
            "heading": _("Hiring and retention in %(district)s") % {"district": district.name},
            "here": reverse("dashboards:district_talent", args=[district.pk]),
            "district": district,
        },
    )
