"""The cycles a user may open (the caseload) and one cycle's page. Every cycle shown is written
to the access log."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from tandem.evaluation import selectors
from tandem.evaluation.models import EvaluationCycle
from tandem.evaluation.services import sharing as sharing_services
from tandem.evaluation.views.opening import acting_as, cycle_open
from tandem.evaluation.views.printables import PRINTABLE_FORMS, printable
from tandem.evaluation.waiting import (
    WAITS_ON,
    by_due_date,
    caseload_rows,
    plan_signatures_awaited,
    signatures_by_cycle,
)
from tandem.organizations.vocabulary import PlanType
from tandem.people.selectors import roles_of
from tandem.records.services import access_log_request
from tandem.ui.params import int_or_none

CASELOAD_RELATION_LABELS = {
    "own": gettext_lazy("My own"),
    "primary": gettext_lazy("I am the evaluator"),
    "supervising": gettext_lazy("I am the supervising evaluator"),
}


@login_required
def cycle_list(request):
    """The caseload. Filters on what a cycle waits for, or on whether it is overdue, and the
    due-date order read every matching cycle's step; the others page in the database."""
    roles = roles_of(request.user)
    filters = {
        "q": request.GET.get("q", "").strip()[:100],
        "step": request.GET.get("step", ""),
        "current_only": request.GET.get("current", "1") == "1",
        "school_id": int_or_none(request.GET.get("school")),
        "plan_type": request.GET.get("plan_type", ""),
        "relation": request.GET.get("relation", ""),
        "waits_on": request.GET.get("waits_on", ""),
        "overdue": request.GET.get("overdue") == "1",
        "sort": request.GET.get("sort", "name"),
    }
    cycles = selectors.cycle_list(
        roles=roles,
        search=filters["q"],
        step=filters["step"],
        current_only=filters["current_only"],
        school_id=filters["school_id"],
        plan_type=filters["plan_type"],
        relation=filters["relation"],
        sort=filters["sort"],
    )
    if filters["waits_on"] in WAITS_ON or filters["overdue"] or filters["sort"] == "due":
        rows = caseload_rows(
            cycles, roles, waits_on=filters["waits_on"], overdue=filters["overdue"]
        )
        if filters["sort"] == "due":
            rows = by_due_date(rows)
        page = Paginator(rows, 25).get_page(request.GET.get("page"))
        page_rows = list(page)
    else:
        page = Paginator(cycles, 25).get_page(request.GET.get("page"))
        page_rows = caseload_rows(page, roles)
    access_log_request(request, [row.cycle for row in page_rows])
    context = {
        **filters,
        "page": page,
        "rows": page_rows,
        "steps": EvaluationCycle.Step.choices,
        "plan_types": PlanType.choices,
        "relations": CASELOAD_RELATION_LABELS,
        "waiting_choices": WAITS_ON.items(),
        "schools": selectors.caseload_schools(roles),
        "default_sort": "name",
    }
    template = "evaluation/_cycle_rows.html" if request.htmx else "evaluation/cycle_list.html"
    return render(request, template, context)


@login_required
def cycle_detail(request, pk):
    roles, cycle = cycle_open(request, pk)
    due_dates = selectors.step_due_dates(cycle)
    steps = [
        (value, label, due_dates.get(selectors.STEP_DUE_KEYS.get(value, "")))
        for value, label in EvaluationCycle.Step.choices
        if value != EvaluationCycle.Step.COMPLETE
    ]
    return render(
        request,
        "evaluation/cycle_detail.html",
        {
            "cycle": cycle,
            "steps": steps,
            "step_index": [value for value, _label in EvaluationCycle.Step.choices].index(
                cycle.step
            ),
            "next_due": selectors.cycle_next_due(cycle, day=roles.day),
            "plan_signatures_awaited": plan_signatures_awaited(
                cycle, signatures_by_cycle([cycle], "educator_plan").get(cycle.pk, set())
            ),
            "goals": cycle.goals.order_by("kind", "pk"),
            "shares": cycle.shares.filter(revoked_at__isnull=True).select_related("shared_with")
            if cycle.person_id == roles.person_id
            else None,
            "representatives": sharing_services.union_representatives(cycle)
            if cycle.person_id == roles.person_id
            else None,
            "printables": [
                (form, label)
                for form, label in PRINTABLE_FORMS
                if printable(request, cycle, form) is not None
            ],
            **acting_as(request, cycle),
        },
    )
