"""Step 2: the goals and the educator plan: submitted, returned, approved and signed."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tandem.errors import DomainError
from tandem.evaluation import rules, selectors
from tandem.evaluation.forms import GoalForm, ReturnPlanForm
from tandem.evaluation.models import EducatorPlan
from tandem.evaluation.services import plan as plan_services
from tandem.evaluation.views.drafts import save_draft_then_record
from tandem.evaluation.views.opening import acting_as, cycle_open, sign_page
from tandem.evaluation.waiting import plan_signatures_awaited
from tandem.people.selectors import roles_of
from tandem.records.selectors import signed_record
from tandem.ui.forms import act_and_say, form_act
from tandem.ui.params import int_or_none


def _plan_context(request, cycle, **extra) -> dict:
    acting = acting_as(request, cycle)
    plan = getattr(cycle, "educator_plan", None)
    goals = list(cycle.goals.order_by("kind", "pk").prefetch_related("cycles__person"))
    editable = request.user.has_perm("evaluation.edit_educator_plan", cycle)
    bound = extra.pop("bound_goal", None)
    goal_forms = [
        (
            goal,
            bound
            if bound is not None and bound.instance.pk == goal.pk
            else GoalForm(
                instance=goal, prefix=f"goal-{goal.pk}", initial={"version": goal.version}
            ),
        )
        for goal in goals
    ]
    team = []
    if acting["is_evaluator"] and editable:
        team = [
            other
            for other in selectors.cycle_list(roles=roles_of(request.user), current_only=True)
            .filter(primary_evaluator_id=cycle.primary_evaluator_id, district=cycle.district)
            .exclude(pk=cycle.pk)
            .select_related("educator_plan")
            if rules.team_goal_refusal(request.user, [other]) is None
        ]
    signed = (
        signed_record(record=plan) if plan and plan.status == EducatorPlan.Status.APPROVED else None
    )
    signed_capacities = {s.signature.capacity for s in signed.signatures} if signed else set()
    return {
        "cycle": cycle,
        "plan": plan,
        "goal_forms": goal_forms,
        "add_form": extra.pop("add_form", None) or GoalForm(prefix="new"),
        "editable": editable,
        "team": team,
        "return_form": extra.pop("return_form", None)
        or ReturnPlanForm(initial={"version": plan.version if plan else 1}),
        "signed": signed,
        "signed_capacities": signed_capacities,
        "signatures_awaited": plan_signatures_awaited(cycle, signed_capacities),
        **acting,
        **extra,
    }


@login_required
def plan(request, pk):
    """Step 2: the goals and the educator plan, approved by the evaluator and signed by both."""
    _roles, cycle = cycle_open(request, pk)
    plan = EducatorPlan.objects.filter(cycle=cycle).first()
    if plan:
        plan_services.educator_plan_opened(plan=plan, by=request.user)
    return render(request, "evaluation/plan.html", _plan_context(request, cycle))


@login_required
@require_POST
def goal_add(request, pk):
    _roles, cycle = cycle_open(request, pk)
    form = GoalForm(request.POST, prefix="new")

    def add(**values):
        return plan_services.goal_add(
            cycle_id=cycle.pk,
            by=request.user,
            values=values,
            team_cycle_ids=[int_or_none(v) for v in request.POST.getlist("team")],
        )

    if form_act(request, form, add, _("Goal added.")):
        return redirect("evaluation:plan", pk=cycle.pk)
    return render(request, "evaluation/plan.html", _plan_context(request, cycle, add_form=form))


@login_required
@require_POST
def goal_edit(request, pk, goal_pk):
    _roles, cycle = cycle_open(request, pk)
    goal = cycle.goals.filter(pk=goal_pk).first()
    if goal is None:
        raise Http404(_("No such goal in this cycle."))
    form = GoalForm(request.POST, instance=goal, prefix=f"goal-{goal.pk}")
    outcome = save_draft_then_record(
        request,
        key=f"goal:{goal.pk}",
        form=form,
        save=partial(plan_services.goal_update, cycle_id=cycle.pk, goal_id=goal.pk),
    )
    if outcome["saved"]:
        messages.success(request, _("Goal saved."))
        return redirect("evaluation:plan", pk=cycle.pk)
    for problem in outcome["problems"]:
        form.add_error(None, problem)
    return render(request, "evaluation/plan.html", _plan_context(request, cycle, bound_goal=form))


@login_required
@require_POST
def goal_remove(request, pk, goal_pk):
    _roles, cycle = cycle_open(request, pk)
    remove = partial(plan_services.goal_remove, cycle_id=cycle.pk, goal_id=goal_pk, by=request.user)
    act_and_say(request, remove, _("Goal removed."))
    return redirect("evaluation:plan", pk=cycle.pk)


# The plan's steps that ask first: who takes them, and the page that asks.
PLAN_ASKS = {
    "submit": (
        "evaluation.act_as_educator",
        gettext_lazy("Send the plan?"),
        "evaluation/_confirm_plan_submit.html",
    ),
    "return": (
        "evaluation.act_as_evaluator",
        gettext_lazy("Return the plan?"),
        "evaluation/_confirm_plan_return.html",
    ),
    "approve": (
        "evaluation.act_as_evaluator",
        gettext_lazy("Approve the plan?"),
        "evaluation/_confirm_plan_approve.html",
    ),
}


@login_required
@require_POST
def plan_action(request, pk, action):
    """Submit (educator), return or approve (evaluator), each asked first: the page says who
    reads it and what waits on whom next; or take back (educator). Approving (the goals become
    final, the cycle moves to step 3) leads the evaluator straight to signing the plan."""
    _roles, cycle = cycle_open(request, pk)
    version = int_or_none(request.POST.get("version")) or 0
    if action not in (*PLAN_ASKS, "take-back"):
        raise Http404
    comments = ""
    if action == "return":
        form = ReturnPlanForm(request.POST)
        if not form.is_valid():
            return render(
                request, "evaluation/plan.html", _plan_context(request, cycle, return_form=form)
            )
        comments = form.cleaned_data["comments"]
    if action in PLAN_ASKS and request.POST.get("confirmed") != "1":
        permission, title, confirmation = PLAN_ASKS[action]
        if not request.user.has_perm(permission, cycle):
            raise PermissionDenied
        return render(
            request,
            "evaluation/confirm.html",
            {
                "title": title,
                "confirmation": confirmation,
                "action": reverse("evaluation:plan_action", args=[cycle.pk, action]),
                "back": reverse("evaluation:plan", args=[cycle.pk]),
                "cycle": cycle,
                "version": version,
                "comments": comments,
                **acting_as(request, cycle),
            },
        )
    try:
        if action == "submit":
            plan_services.educator_plan_submit(cycle_id=cycle.pk, by=request.user, version=version)
            messages.success(
                request,
                _("Sent to your evaluator for approval. You can take it back until they open it."),
            )
        elif action == "return":
            plan_services.educator_plan_return(
                cycle_id=cycle.pk, by=request.user, version=version, comments=comments
            )
            messages.success(request, _("Returned to the educator with your comments."))
        elif action == "take-back":
            plan_services.educator_plan_take_back(cycle_id=cycle.pk, by=request.user)
            messages.success(request, _("Taken back. You can change the goals again."))
        else:
            plan_services.educator_plan_approve(cycle_id=cycle.pk, by=request.user, version=version)
            messages.success(request, _("Approved. Now sign the plan; the educator signs next."))
            return redirect("evaluation:plan_sign", pk=cycle.pk)
    except DomainError as error:
        for problem in error.messages:
            messages.error(request, problem)
    return redirect("evaluation:plan", pk=cycle.pk)


@login_required
def plan_sign(request, pk):
    """Confirm the password again, then sign what is shown."""
    _roles, cycle = cycle_open(request, pk)
    plan = EducatorPlan.objects.filter(cycle=cycle).first()
    return sign_page(
        request, cycle, "plan", plan_services.educator_plan_sign, done=_("Signed."), plan=plan
    )
