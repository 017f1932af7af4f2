"""District and school directory pages."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from tandem.organizations import selectors
from tandem.organizations.models import District, School
from tandem.ui.params import int_or_none


def _listing(request, template, partial, queryset, context):
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    context = {**context, "page": page}
    return render(request, partial if request.htmx else template, context)


@login_required
def district_list(request):
    search = request.GET.get("q", "").strip()
    region = request.GET.get("region", "")
    sort = request.GET.get("sort", "name")
    districts = selectors.district_list(search=search, region=region, sort=sort)
    return _listing(
        request,
        "organizations/district_list.html",
        "organizations/_district_rows.html",
        districts,
        {"q": search, "region": region, "regions": selectors.region_list(), "default_sort": "name"},
    )


@login_required
def district_detail(request, pk):
    district = get_object_or_404(District.objects.select_related("state"), pk=pk)
    schools = district.schools.order_by("name")
    day = timezone.localdate()
    return render(
        request,
        "organizations/district_detail.html",
        {
            "district": district,
            "schools": schools,
            "school_year": selectors.school_year_on(district_id=district.pk, day=day),
            "bargaining_units": district.bargaining_units.all(),
            "may_read_settings": request.user.has_perm("bargaining.view_settings", district),
        },
    )


@login_required
def school_list(request):
    search = request.GET.get("q", "").strip()
    district_id = int_or_none(request.GET.get("district"))
    level = request.GET.get("level", "")
    sort = request.GET.get("sort", "name")
    schools = selectors.school_list(search=search, district_id=district_id, level=level, sort=sort)
    return _listing(
        request,
        "organizations/school_list.html",
        "organizations/_school_rows.html",
        schools,
        {
            "q": search,
            "district_id": district_id,
            "level": level,
            "levels": School.Level.choices,
            "districts": District.objects.order_by("name").only("pk", "name"),
            "default_sort": "name",
        },
    )


@login_required
def school_detail(request, pk):
    school = get_object_or_404(School.objects.select_related("district"), pk=pk)
    return render(
        request,
        "organizations/school_detail.html",
        {
            "school": school,
            "school_year": selectors.school_year_on(
                district_id=school.district_id, day=timezone.localdate()
            ),
        },
    )
