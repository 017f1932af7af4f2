"""Step 4: the formative assessment or evaluation."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.evaluation import selectors
from tandem.evaluation.forms import EarlyStepForm, FormativeForm, ResponseForm
from tandem.evaluation.models import FormativeAssessment
from tandem.evaluation.services import formative as formative_services
from tandem.evaluation.views.opening import cycle_open, save_ask_then, sign_page
from tandem.evaluation.views.ratings import (
    attach_response,
    rated_report_page,
    rated_report_saver,
    ratings_initial,
    rows_initial,
    standards_and_goals,
)
from tandem.organizations.vocabulary import DueStep
from tandem.records.selectors import signed_record


def _formative_form(cycle, formative, data=None):
    initial = {"version": 1}
    if formative:
        initial = {
            **ratings_initial(formative),
            "comments": formative.comments,
            "overall": formative.overall_rating,
            **rows_initial(formative.goal_progress.all(), "goal_id", progress="progress"),
        }
    return FormativeForm(data, initial=initial, **standards_and_goals(cycle))


@login_required
def formative(request, pk):
    """Step 4: the evaluator writes it; the educator reads it once shared and may respond."""
    roles, cycle = cycle_open(request, pk)
    formative = getattr(cycle, "formative_assessment", None)
    response, context = rated_report_page(
        request,
        cycle,
        step="formative",
        report=formative,
        make_form=lambda data: _formative_form(cycle, formative, data),
        service=formative_services.formative_save,
    )
    if response:
        return response
    shared = formative is not None and formative.status == FormativeAssessment.Status.SHARED
    early_until = _early_until(cycle, roles.day) if context["editable"] else None
    return render(
        request,
        "evaluation/formative.html",
        {
            **context,
            "two_year": cycle.plan_years == 2,
            "signed": signed_record(record=formative) if shared else None,
            "can_respond": shared
            and context["is_educator"]
            and not selectors.formative_acknowledged(formative),
            "response_form": ResponseForm(
                initial={
                    "version": formative.version if formative else 1,
                    "response": formative.educator_response if formative else "",
                }
            ),
            "early_until": early_until,
            "early_form": EarlyStepForm(early_until=early_until, record_form="formative-form"),
        },
    )


def _early_until(cycle, day):
    return selectors.early_until(cycle, DueStep.FORMATIVE, day=day)


@login_required
@require_POST
def formative_share(request, pk):
    """Save what is in the form, then ask before sharing: the question says what sharing does
    (the educator reads it; the cycle moves to step 5) and, well before the due date, asks
    why it is shared now. Confirmed, it shares the version that was saved."""
    roles, cycle = cycle_open(request, pk)
    if not request.user.has_perm("evaluation.act_as_evaluator", cycle):
        raise PermissionDenied
    early_until = _early_until(cycle, roles.day)
    confirmed = request.POST.get("confirmed") == "1"
    asked = EarlyStepForm(request.POST if confirmed else None, early_until=early_until)
    formative = FormativeAssessment.objects.filter(cycle=cycle).first()
    return save_ask_then(
        request,
        cycle,
        record_form=_formative_form(cycle, formative, request.POST),
        save=rated_report_saver(
            request, cycle, step="formative", service=formative_services.formative_save
        ),
        act=lambda version: formative_services.formative_share(
            cycle_id=cycle.pk,
            by=request.user,
            version=version,
            early_reason=asked.cleaned_data["early_reason"],
        ),
        done=_("Shared with the educator. Next: the summative evaluation."),
        after=reverse("evaluation:cycle_detail", args=[cycle.pk]),
        asked=asked,
        title=_("Share the formative?"),
        confirmation="evaluation/_confirm_formative_share.html",
        action=reverse("evaluation:formative_share", args=[cycle.pk]),
        back=reverse("evaluation:formative", args=[cycle.pk]),
        early_until=early_until,
    )


@login_required
@require_POST
def formative_respond(request, pk):
    """The educator's written response to a shared formative, before they acknowledge it."""
    _roles, cycle = cycle_open(request, pk)
    return attach_response(
        request, cycle, respond=formative_services.formative_respond, page="evaluation:formative"
    )


@login_required
def formative_sign(request, pk):
    """The educator confirms the password again, then acknowledges receipt of the formative."""
    _roles, cycle = cycle_open(request, pk)
    formative = FormativeAssessment.objects.filter(cycle=cycle).first()
    if formative is None or not request.user.has_perm("evaluation.act_as_educator", cycle):
        raise Http404(_("No formative for you to acknowledge."))
    return sign_page(
        request,
        cycle,
        "formative",
        formative_services.formative_acknowledge,
        done=_("Receipt acknowledged."),
        formative=formative,
    )
