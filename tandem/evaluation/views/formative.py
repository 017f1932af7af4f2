"""Step 4: the formative assessment or evaluation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.errors import DomainError
from tandem.evaluation.forms import FormativeForm
from tandem.evaluation.models import FormativeAssessment
from tandem.evaluation.services import formative as formative_services
from tandem.evaluation.views.drafts import edit_as_typed, save_draft_then_record
from tandem.evaluation.views.opening import acting_as, cycle_open
from tandem.evaluation.views.ratings import ratings_initial, standards_and_goals
from tandem.records.services import access_log_request


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
        save=lambda data: formative_services.formative_save(
            cycle_id=cycle.pk,
            by=request.user,
            version=data["version"],
            comments=data["comments"],
            goal_progress=form.goal_progress(),
            ratings=form.ratings(),
            overall=data["overall"],
        ),
    )


@login_required
def formative(request, pk):
    """Step 4: the evaluator writes it; the educator reads it once shared and may respond."""
    _roles, cycle = cycle_open(request, pk)
    acting = acting_as(request, cycle)
    formative = getattr(cycle, "formative_assessment", None)
    editable = request.user.has_perm("evaluation.edit_formative", cycle)
    response, form, problems = edit_as_typed(
        request,
        key=f"formative:{cycle.pk}",
        editable=editable,
        make_form=lambda data: _formative_form(cycle, formative, data),
        save=lambda form: _save_formative(request, cycle, form),
        saved_url=request.path,
    )
    if response:
        return response
    visible = request.user.has_perm("evaluation.view_formative", cycle)
    if visible:
        access_log_request(request, [formative])
    return render(
        request,
        "evaluation/formative.html",
        {
            "cycle": cycle,
            "formative": formative if visible else None,
            "form": form,
            "editable": editable,
            "problems": problems,
            "two_year": cycle.plan_years == 2,
            **acting,
        },
    )


@login_required
@require_POST
def formative_share(request, pk):
    _roles, cycle = cycle_open(request, pk)
    if not request.user.has_perm("evaluation.act_as_evaluator", cycle):
        raise PermissionDenied
    formative = FormativeAssessment.objects.filter(cycle=cycle).first()
    outcome = _save_formative(request, cycle, _formative_form(cycle, formative, request.POST))
    try:
        if not outcome["saved"]:
            raise DomainError(outcome["problems"])
        formative_services.formative_share(
            cycle_id=cycle.pk, by=request.user, version=outcome["version"]
        )
        messages.success(request, _("Shared with the educator. Next: the summative evaluation."))
        return redirect("evaluation:cycle_detail", pk=cycle.pk)
    except DomainError as error:
        for problem in error.messages:
            messages.error(request, problem)
    return redirect("evaluation:formative", pk=cycle.pk)
