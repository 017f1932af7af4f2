"""Progress of the cycles for principals and districts, with the rating distribution."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from tandem.evaluation import selectors
from tandem.evaluation.models import EvaluationCycle
from tandem.organizations.models import District, School
from tandem.organizations.selectors import school_year_before, school_year_on
from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of
from tandem.records.services import access_log_request
from tandem.records.suppression import suppress
from tandem.rubrics.models import PerformanceLevel


def _last_year(district_id: int, day):
    """The school year before the one in force (its cycles have ended)."""
    current = school_year_on(district_id=district_id, day=day)
    return school_year_before(current) if current else None


def _distribution(district_id, day, *, school_id=None, aggregates_only: bool):
    """Last year's rating distribution in the state report's rows, suppressed for readers of
    aggregates only and exact for the others, through the same table."""
    year = _last_year(district_id, day)
    if year is None:
        return None
    population = selectors.rating_population(
        district_id=district_id, ended_between=(year.start_date, year.end_date), school_id=school_id
    )
    table = suppress(population, [selectors.STATE_REPORT_GROUPS], aggregates_only=aggregates_only)
    return {
        "school_year": year,
        "levels": [
            PerformanceLevel(level).label for level in selectors.STATE_REPORT_GROUPS.columns
        ],
        "table": table["ratings"],
    }


UNDER_WAY = [
    (value, label)
    for value, label in EvaluationCycle.Step.choices
    if value != EvaluationCycle.Step.COMPLETE
]


def _steps(rows, schools, *, aggregates_only: bool):
    """Where the cycles are, in all and by school, through the one suppression: the whole's
    row, its count at each step under way, and the schools' rows."""
    summary, *by_school = suppress(
        selectors.step_population(rows),
        [selectors.school_steps_table(schools)],
        aggregates_only=aggregates_only,
    )["steps"].as_rows()
    at_step = [
        (label, count)
        for (_value, label), (count, _share) in zip(UNDER_WAY, summary.cells[:-1], strict=True)
    ]
    return summary, at_step, by_school


@login_required
def school_progress(request, pk):
    """A principal's view of every cycle in the school: steps, what is late, observations."""
    roles = roles_of(request.user)
    school = School.objects.select_related("district").filter(pk=pk).first()
    if school is None or not (
        school.pk in roles.principal_schools or school.district_id in roles.personnel_districts
    ):
        raise Http404(_("No such school among those whose evaluations you oversee."))
    rows = selectors.cycle_rows(district_id=school.district_id, day=roles.day, school_id=school.pk)
    step = request.GET.get("step", "")
    overdue_only = request.GET.get("overdue") == "1"
    summary, summary_steps, _schools = _steps(rows, [], aggregates_only=False)
    shown = [
        row
        for row in rows
        if (not step or row.cycle.step == step) and (not overdue_only or row.next_due.overdue)
    ]
    access_log_request(request, [row.cycle for row in shown])
    return render(
        request,
        "evaluation/school_progress.html",
        {
            "school": school,
            "summary": summary,
            "summary_steps": summary_steps,
            "steps": EvaluationCycle.Step.choices,
            "rows": shown,
            "step": step,
            "overdue_only": overdue_only,
            "distribution": _distribution(
                school.district_id, roles.day, school_id=school.pk, aggregates_only=False
            ),
        },
    )


@login_required
def district_progress(request, pk):
    """Progress of the district's cycles by school and its rating distribution. HR and
    administrators see it whole; union and committee leaders and state analysts see counts
    only, with small groups suppressed by the state's rules (docs/ARCHITECTURE.md, "Counts
    that are published")."""
    roles = roles_of(request.user)
    district = District.objects.filter(pk=pk).first()
    if district is None:
        raise Http404
    full = district.pk in roles.personnel_districts
    aggregates = full or (
        district.pk
        in roles.districts_with(RoleGrant.Role.UNION_LEADER, RoleGrant.Role.SCHOOL_COMMITTEE)
        or roles.holds(RoleGrant.Role.STATE_ANALYST)
    )
    if not aggregates:
        raise Http404(_("No such district among those whose evaluations you may see."))
    schools = list(district.schools.order_by("name"))
    rows = selectors.cycle_rows(district_id=district.pk, day=roles.day)
    summary, summary_steps, by_school = _steps(rows, schools, aggregates_only=not full)
    return render(
        request,
        "evaluation/district_progress.html",
        {
            "district": district,
            "full": full,
            "steps": UNDER_WAY,
            "summary": summary,
            "summary_steps": summary_steps,
            "schools": list(zip(schools, by_school, strict=True)),
            "distribution": _distribution(district.pk, roles.day, aggregates_only=not full),
            "may_view_calibration": request.user.has_perm("evaluation.view_calibration", district),
        },
    )
