"""The cycles a user may open (the caseload) and one cycle's page. Every cycle shown is written
to the access log."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from tandem.evaluation import selectors
from tandem.evaluation.models import EvaluationCycle
from tandem.evaluation.services import sharing as sharing_services
from tandem.evaluation.views.opening import acting_as, cycle_open
from tandem.evaluation.views.printables import PRINTABLE_FORMS, printable
from tandem.people.selectors import roles_of
from tandem.records.services import access_log_request


@login_required
def cycle_list(request):
    roles = roles_of(request.user)
    search = request.GET.get("q", "").strip()[:100]
    step = request.GET.get("step", "")
    current_only = request.GET.get("current", "1") == "1"
    sort = request.GET.get("sort", "name")
    evaluating = request.GET.get("evaluating") == "1"
    cycles = selectors.cycle_list(
        roles=roles,
        search=search,
        step=step,
        current_only=current_only,
        evaluating=evaluating,
        sort=sort,
    )
    page = Paginator(cycles, 25).get_page(request.GET.get("page"))
    access_log_request(request, page)
    context = {
        "page": page,
        "rows": [(c, selectors.cycle_next_due(c, day=roles.day)) for c in page],
        "q": search,
        "step": step,
        "current_only": current_only,
        "evaluating": evaluating,
        "steps": EvaluationCycle.Step.choices,
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
