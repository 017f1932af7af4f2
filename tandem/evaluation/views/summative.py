"""Step 5: the summative evaluation: the draft, signing, the response and the amendment."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.errors import DomainError
from tandem.evaluation import selectors
from tandem.evaluation.forms import AmendmentForm, EarlyStepForm, ResponseForm, SummativeForm
from tandem.evaluation.models import EvaluationCycle, SummativeEvaluation
from tandem.evaluation.services import summative as summative_services
from tandem.evaluation.views.opening import acting_as, cycle_open
from tandem.evaluation.views.ratings import (
    attach_response,
    rated_report_page,
    ratings_initial,
    rows_initial,
    standards_and_goals,
)
from tandem.organizations.vocabulary import DueStep
from tandem.records.reauthentication import password_confirmation
from tandem.records.selectors import signed_record
from tandem.ui.forms import act_and_say


def _summative_form(cycle, summative, data=None):
    if summative:
        initial = {
            **ratings_initial(summative),
            "overall": summative.overall_rating,
            "rationale": summative.rationale,
            "next_plan_type": summative.next_plan_type,
            "next_plan_years": summative.next_plan_years,
            "next_plan_reason": summative.next_plan_reason,
            "observation_shortfall_reason": summative.observation_shortfall_reason,
            **rows_initial(
                summative.goal_attainments.all(),
                "goal_id",
                attainment="attainment",
                attainment_comment="comment",
            ),
        }
    else:
        initial = {"version": 1}
    return SummativeForm(data, initial=initial, **standards_and_goals(cycle))


@login_required
def summative(request, pk):
    """Step 5: the evaluator drafts and signs; the educator responds and signs for receipt."""
    _roles, cycle = cycle_open(request, pk)
    summative = getattr(cycle, "summative_evaluation", None)
    response, context = rated_report_page(
        request,
        cycle,
        step="summative",
        report=summative,
        make_form=lambda data: _summative_form(cycle, summative, data),
        service=summative_services.summative_save,
    )
    if response:
        return response
    if context["summative"]:
        signed = signed_record(record=summative)
        context.update(
            signed=signed,
            signed_capacities={s.signature.capacity for s in signed.signatures},
            ratings=summative.standard_ratings.select_related("standard").order_by(
                "standard__position"
            ),
            attainments=summative.goal_attainments.select_related("goal"),
            blocking=summative_services.summative_problems(cycle, summative)
            if context["editable"]
            else [],
            response_form=ResponseForm(
                initial={"version": summative.version, "response": summative.educator_response}
            ),
            can_respond=context["is_educator"]
            and summative.status == SummativeEvaluation.Status.SIGNED_BY_EVALUATOR,
            amendment_form=AmendmentForm(
                initial={
                    **ratings_initial(summative),
                    "overall": summative.overall_rating,
                    "rationale": summative.rationale,
                },
                **standards_and_goals(cycle),
            )
            if context["is_evaluator"] and summative.status == SummativeEvaluation.Status.LOCKED
            else None,
        )
    if summative and summative.overall_rating:
        context["proposal"] = summative_services.next_plan_proposal(cycle, summative.overall_rating)
    return render(request, "evaluation/summative.html", context)


@login_required
def summative_sign(request, pk):
    """Confirm the password again, then sign the summative as shown: the page says what
    signing does, warns of a shortfall of observations, and asks why when it is early."""
    roles, cycle = cycle_open(request, pk)
    summative = SummativeEvaluation.objects.filter(cycle=cycle).first()
    if summative is None:
        raise Http404(_("No summative evaluation yet."))
    if confirm := password_confirmation(request):
        return confirm
    acting = acting_as(request, cycle)
    early_until = (
        selectors.early_until(cycle, DueStep.SUMMATIVE, day=roles.day)
        if acting["is_evaluator"]
        else None
    )
    asked = EarlyStepForm(
        request.POST if request.method == "POST" else None, early_until=early_until
    )
    if asked.is_valid():
        sign = partial(
            summative_services.summative_sign,
            by=request.user,
            cycle_id=cycle.pk,
            early_reason=asked.cleaned_data["early_reason"],
        )
        act_and_say(request, sign, _("Signed."))
        return redirect("evaluation:summative", pk=cycle.pk)
    counted = selectors.with_observation_counts(EvaluationCycle.objects.filter(pk=cycle.pk)).get()
    return render(
        request,
        "evaluation/confirm.html",
        {
            "title": _("Sign the summative evaluation"),
            "confirmation": "evaluation/_confirm_summative_sign.html",
            "back": reverse("evaluation:summative", args=[cycle.pk]),
            "cycle": cycle,
            "summative": summative,
            "ratings": summative.standard_ratings.select_related("standard"),
            "asked": asked,
            "early_until": early_until,
            "response_due": selectors.response_due_if_shared(cycle, day=roles.day),
            "shortfall": selectors.observation_shortfall(counted),
            **acting,
        },
    )


@login_required
@require_POST
def summative_respond(request, pk):
    _roles, cycle = cycle_open(request, pk)
    return attach_response(
        request, cycle, respond=summative_services.summative_respond, page="evaluation:summative"
    )


@login_required
@require_POST
def summative_amend(request, pk):
    _roles, cycle = cycle_open(request, pk)
    form = AmendmentForm(request.POST, **standards_and_goals(cycle))
    if form.is_valid():
        try:
            summative_services.summative_amend(
                cycle_id=cycle.pk,
                by=request.user,
                reason=form.cleaned_data["reason"],
                ratings=form.ratings(),
                overall=form.cleaned_data["overall"],
                rationale=form.cleaned_data["rationale"],
            )
            messages.success(request, _("Amended. Both versions are kept."))
        except DomainError as error:
            for problem in error.messages:
                messages.error(request, problem)
    else:
        messages.error(request, _("Give the reason, the ratings and the rationale."))
    return redirect("evaluation:summative", pk=cycle.pk)
