"""Step 1: the self-assessment, written by the educator as they type and sent to the evaluator."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.evaluation.forms import SelfAssessmentForm
from tandem.evaluation.models import SelfAssessment
from tandem.evaluation.services import self_assessment as self_assessment_services
from tandem.evaluation.views.drafts import save_draft_then_record, save_posted, save_then, typed
from tandem.evaluation.views.opening import acting_as, cycle_open
from tandem.records.selectors import draft_get
from tandem.rubrics.selectors import indicators_with_elements
from tandem.ui.forms import act_and_say


def _self_assessment_of(cycle) -> SelfAssessment:
    """Cycles recorded before Tandem (the history a district brings) may have none."""
    assessment = getattr(cycle, "self_assessment", None)
    if assessment is None:
        raise Http404(_("No self-assessment was recorded for this cycle."))
    return assessment


def _self_assessment_form(cycle, assessment, data=None):
    indicators = indicators_with_elements(version=cycle.framework_version)
    initial = {
        "version": assessment.version,
        "student_learning_analysis": assessment.student_learning_analysis,
        "practice_summary": assessment.practice_summary,
    }
    for rating in assessment.ratings.all():
        initial[f"level_{rating.indicator_id}"] = rating.level
        initial[f"reflection_{rating.indicator_id}"] = rating.reflection
    return SelfAssessmentForm(data, initial=initial, indicators=indicators)


def _save_self_assessment(request, cycle, assessment, form) -> dict:
    return save_draft_then_record(
        request,
        key=f"self_assessment:{assessment.pk}",
        form=form,
        save=partial(self_assessment_services.self_assessment_save, cycle_id=cycle.pk),
    )


@login_required
def self_assessment(request, pk):
    """Step 1. The educator writes and saves as they type; the evaluator reads it once sent."""
    _roles, cycle = cycle_open(request, pk)
    acting = acting_as(request, cycle)
    assessment = _self_assessment_of(cycle)
    key = f"self_assessment:{assessment.pk}"
    editable = request.user.has_perm("evaluation.edit_self_assessment", cycle)
    if request.method == "POST":
        response, form, outcome = save_posted(
            request,
            editable=editable,
            make_form=lambda data: _self_assessment_form(cycle, assessment, data),
            save=lambda form: _save_self_assessment(request, cycle, assessment, form),
            saved_url=request.path,
        )
        return response or render(
            request,
            "evaluation/self_assessment.html",
            {
                "cycle": cycle,
                "assessment": assessment,
                "form": form,
                "editable": True,
                **acting,
                **outcome,
            },
        )
    if acting["is_evaluator"]:
        self_assessment_services.self_assessment_opened(assessment=assessment, by=request.user)
    draft = draft_get(user=request.user, key=key) if editable else None
    form = _self_assessment_form(cycle, assessment, typed(draft))
    if draft:
        form.is_valid()
    return render(
        request,
        "evaluation/self_assessment.html",
        {
            "cycle": cycle,
            "assessment": assessment,
            "form": form,
            "editable": editable,
            "readable": request.user.has_perm("evaluation.view_self_assessment", cycle),
            "draft": draft,
            "ratings": assessment.ratings.select_related("indicator__standard"),
            **acting,
        },
    )


@login_required
@require_POST
def self_assessment_submit(request, pk):
    """Save what is in the form, then send it: the last words typed go with it."""
    _roles, cycle = cycle_open(request, pk)
    if not request.user.has_perm("evaluation.act_as_educator", cycle):
        raise PermissionDenied
    assessment = _self_assessment_of(cycle)
    form = _self_assessment_form(cycle, assessment, request.POST)
    outcome = _save_self_assessment(request, cycle, assessment, form)
    submit = partial(
        self_assessment_services.self_assessment_submit, cycle_id=cycle.pk, by=request.user
    )
    if save_then(
        request,
        outcome,
        submit,
        done=_("Sent to your evaluator. You can take it back until they open it."),
    ):
        return redirect("evaluation:cycle_detail", pk=cycle.pk)
    return redirect("evaluation:self_assessment", pk=cycle.pk)


@login_required
@require_POST
def self_assessment_take_back(request, pk):
    _roles, cycle = cycle_open(request, pk)
    take_back = partial(
        self_assessment_services.self_assessment_take_back, cycle_id=cycle.pk, by=request.user
    )
    act_and_say(request, take_back, _("Taken back. It is yours to change again."))
    return redirect("evaluation:self_assessment", pk=cycle.pk)
