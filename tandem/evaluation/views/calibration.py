"""Whether evaluators rate alike: a district's calibration page and the state's (issue 13,
item 5). District HR and administrators see their district's evaluators whole; the state's
analysts see every district, per-evaluator figures suppressed as published counts are."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from tandem.evaluation import calibration
from tandem.organizations.models import District
from tandem.people.models import Person
from tandem.people.selectors import roles_of
from tandem.rubrics.models import PerformanceLevel


def _year(request) -> str | None:
    names = calibration.school_year_names()
    chosen = request.GET.get("year", "")
    if chosen in names:
        return chosen
    return calibration.default_year_name(roles_of(request.user).day)


def _levels():
    return [(level, PerformanceLevel(level).label) for level, _label in PerformanceLevel.choices]


@login_required
def district_calibration(request, pk):
    district = District.objects.filter(pk=pk).first()
    if district is None or not request.user.has_perm("evaluation.view_calibration", district):
        raise Http404(_("No such district among those whose calibration you may see."))
    whole = request.user.has_perm("evaluation.view_calibration_whole", district)
    year = _year(request)
    figures = pairs = None
    if year is not None:
        figures = calibration.district_calibration(district_id=district.pk, year_name=year)
        if not whole:
            figures = calibration.suppressed_for_aggregate_readers(
                figures,
                district_hidden=district.pk
                in calibration.districts_hidden(calibration.district_distributions(year)),
            )
        pair_figures, by_district = calibration.agreement(year_name=year, district_id=district.pk)
        if whole:
            people = Person.objects.in_bulk({i for pair in pair_figures for i in pair})
            pairs = sorted(
                ((people[a], people[b], figure) for (a, b), figure in pair_figures.items()),
                key=lambda row: (str(row[0]), str(row[1])),
            )
        district_agreement = by_district.get(district.pk, calibration.Agreement())
    return render(
        request,
        "evaluation/calibration.html",
        {
            "district": district,
            "whole": whole,
            "year": year,
            "years": calibration.school_year_names(),
            "levels": _levels(),
            "figures": figures,
            "pairs": pairs,
            "district_agreement": district_agreement if year else None,
        },
    )


@login_required
def state_calibration(request):
    """Every district's distribution beside the state's, with its co-observers' agreement."""
    if not request.user.has_perm("evaluation.view_state_calibration"):
        raise PermissionDenied
    year = _year(request)
    rows = []
    state = None
    if year is not None:
        distributions = calibration.district_distributions(year)
        _pairs, agreements = calibration.agreement(year_name=year)
        hidden = calibration.districts_hidden(distributions)
        for district in District.objects.order_by("name"):
            distribution = distributions.get(district.pk)
            rows.append(
                (
                    district,
                    distribution,
                    district.pk in hidden,
                    agreements.get(district.pk, calibration.Agreement()),
                )
            )
        state = calibration.state_distribution(year)
    return render(
        request,
        "evaluation/state_calibration.html",
        {
            "year": year,
            "years": calibration.school_year_names(),
            "levels": _levels(),
            "rows": rows,
            "state": state,
        },
    )
