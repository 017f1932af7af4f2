"""Step 4: the formative assessment or evaluation."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.evaluation.forms import FormativeForm
from tandem.evaluation.models import FormativeAssessment
from tandem.evaluation.services import formative as formative_services
from tandem.evaluation.views.drafts import save_draft_then_record, save_then
from tandem.evaluation.views.opening import cycle_open
from tandem.evaluation.views.ratings import (
    rated_report_page,
    ratings_initial,
    standards_and_goals,
)


def _formative_form(cycle, formative, data=None):
    initial = {"version": 1}
    if formative:
        initial = {
            **ratings_initial(formative),
            "comments": formative.comments,
            "overall": formative.overall_rating,
        }
        for progress in formative.goal_progress.all():
            initial[f"progress_{progress.goal_id}"] = progress.progress
    return FormativeForm(data, initial=initial, **standards_and_goals(cycle))


def _save_formative(request, cycle, form):
    return save_draft_then_record(
        request,
        key=f"formative:{cycle.pk}",
        form=form,
        save=partial(formative_services.formative_save, cycle_id=cycle.pk),
    )


@login_required
def formative(request, pk):
    """Step 4: the evaluator writes it; the educator reads it once shared and may respond."""
    _roles, cycle = cycle_open(request, pk)
    formative = getattr(cycle, "formative_assessment", None)
    response, context = rated_report_page(
        request,
        cycle,
        step="formative",
        report=formative,
        make_form=lambda data: _formative_form(cycle, formative, data),
        save=lambda form: _save_formative(request, cycle, form),
    )
    return response or render(
        request,
        "evaluation/formative.html",
        {**context, "two_year": cycle.plan_years == 2},
    )


@login_required
@require_POST
def formative_share(request, pk):
    _roles, cycle = cycle_open(request, pk)
    if not request.user.has_perm("evaluation.act_as_evaluator", cycle):
        raise PermissionDenied
    formative = FormativeAssessment.objects.filter(cycle=cycle).first()
    outcome = _save_formative(request, cycle, _formative_form(cycle, formative, request.POST))
    share = partial(formative_services.formative_share, cycle_id=cycle.pk, by=request.user)
    if save_then(
        request, outcome, share, done=_("Shared with the educator. Next: the summative evaluation.")
    ):
        return redirect("evaluation:cycle_detail", pk=cycle.pk)
    return redirect("evaluation:formative", pk=cycle.pk)
