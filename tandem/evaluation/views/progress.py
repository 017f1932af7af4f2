"""Progress of the cycles for principals and districts, with the rating distribution."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.evaluation import selectors
from tandem.evaluation.models import EvaluationCycle
from tandem.organizations.models import District, School
from tandem.organizations.selectors import school_year_before, school_year_on
from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of
from tandem.records.services import access_log_request
from tandem.records.suppression import (
    MINIMUM_GROUP,
    STATE_REPORT_HIERARCHY,
    small_rows_hidden,
    suppress,
)
from tandem.rubrics.models import PerformanceLevel

RATING_LEVELS = [level for level, _label in reversed(PerformanceLevel.choices)]
GROUP_LABELS = [
    ("all", gettext_lazy("All educators")),
    ("administrators", gettext_lazy("Administrators")),
    ("principals", gettext_lazy("School administrators")),
    ("teachers", gettext_lazy("Teachers and specialists")),
    ("teachers_pts", gettext_lazy("…with professional teacher status")),
    ("teachers_non_pts", gettext_lazy("…without professional teacher status")),
]


def _last_year(district_id: int, day):
    """The school year before the one in force (its cycles have ended)."""
    current = school_year_on(district_id=district_id, day=day)
    return school_year_before(current) if current else None


def _distribution(district_id, day, *, school_id=None, suppressed: bool):
    year = _last_year(district_id, day)
    if year is None:
        return None
    groups = selectors.rating_groups(
        district_id=district_id, ended_between=(year.start_date, year.end_date), school_id=school_id
    )
    results = suppress(groups, STATE_REPORT_HIERARCHY)
    return {
        "school_year": year,
        "levels": [(level, PerformanceLevel(level).label) for level in RATING_LEVELS],
        "rows": [
            (
                label,
                results[name],
                [
                    (results[name].counts[level], results[name].share(level))
                    for level in RATING_LEVELS
                ],
                suppressed and results[name].suppressed,
            )
            for name, label in GROUP_LABELS
        ],
        "suppressed": suppressed,
    }


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
    summary, _by_school = selectors.step_summaries(rows)
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
            "steps": EvaluationCycle.Step.choices,
            "rows": shown,
            "step": step,
            "overdue_only": overdue_only,
            "distribution": _distribution(
                school.district_id, roles.day, school_id=school.pk, suppressed=False
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
    rows = selectors.cycle_rows(district_id=district.pk, day=roles.day)
    summary, by_school = selectors.step_summaries(rows)
    schools = district.schools.order_by("name")
    hidden = (
        set()
        if full
        else small_rows_hidden(
            {
                school.pk: by_school[school.pk].total if school.pk in by_school else 0
                for school in schools
            }
        )
    )
    return render(
        request,
        "evaluation/district_progress.html",
        {
            "district": district,
            "full": full,
            "summary": summary,
            "steps": [
                (value, label)
                for value, label in EvaluationCycle.Step.choices
                if value != EvaluationCycle.Step.COMPLETE
            ],
            "summary_hidden": not full and 0 < summary.total < MINIMUM_GROUP,
            "schools": [
                (school, by_school.get(school.pk), school.pk in hidden) for school in schools
            ],
            "distribution": _distribution(district.pk, roles.day, suppressed=not full),
            "may_view_calibration": request.user.has_perm("evaluation.view_calibration", district),
        },
    )
