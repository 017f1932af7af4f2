"""The formative and summative pages: the standards and goals their forms rate, the values so
far, and the editing and reading both share."""

from functools import partial

from django.shortcuts import redirect
from django.utils.translation import gettext as _

from tandem.evaluation.forms import ResponseForm
from tandem.evaluation.views.drafts import edit_as_typed, save_draft_then_record
from tandem.evaluation.views.opening import acting_as
from tandem.records.services import access_log_request
from tandem.rubrics.selectors import standards_with_elements
from tandem.ui.forms import act_and_say


def standards_and_goals(cycle):
    standards = standards_with_elements(version=cycle.framework_version)
    return {"standards": standards, "goals": cycle.goals.order_by("kind", "pk")}


def rows_initial(rows, key: str, **fields: str) -> dict:
    """A form's values for a record's rows per standard, indicator or goal (``key``): for each
    ``prefix=field``, the field of each row under ``<prefix>_<id>``."""
    return {
        f"{prefix}_{getattr(row, key)}": getattr(row, field)
        for row in rows
        for prefix, field in fields.items()
    }


def ratings_initial(report) -> dict:
    return {
        "version": report.version,
        **rows_initial(
            report.standard_ratings.all(), "standard_id", level="level", comment="comment"
        ),
    }


def rated_report_saver(request, cycle, *, step, service):
    """How a formative's or summative's form is saved: the typed text is kept as the step's
    draft first, then ``service`` (the step's save) writes the record."""

    def save(form):
        return save_draft_then_record(
            request, key=f"{step}:{cycle.pk}", form=form, save=partial(service, cycle_id=cycle.pk)
        )

    return save


def rated_report_page(request, cycle, *, step, report, make_form, service):
    """Edit a formative or summative as typed, and show it only to those who may read it,
    with the reading logged; ``step`` (``formative``, ``summative``) names its rules and draft,
    ``service`` is its save.

    Returns (response to send now or None, the page's context).
    """
    acting = acting_as(request, cycle)
    editable = request.user.has_perm(f"evaluation.edit_{step}", cycle)
    response, form, problems = edit_as_typed(
        request,
        key=f"{step}:{cycle.pk}",
        editable=editable,
        make_form=make_form,
        save=rated_report_saver(request, cycle, step=step, service=service),
        saved_url=request.path,
    )
    if response:
        return response, {}
    visible = request.user.has_perm(f"evaluation.view_{step}", cycle)
    if visible:
        access_log_request(request, [report])
    return None, {
        "cycle": cycle,
        step: report if visible else None,
        "form": form,
        "editable": editable,
        "problems": problems,
        **acting,
    }


def attach_response(request, cycle, *, respond, page: str):
    """The educator's written response to a shared formative or a signed summative:
    ``respond`` is the service; the person goes back to ``page``."""
    form = ResponseForm(request.POST)
    if form.is_valid():
        attach = partial(
            respond,
            cycle_id=cycle.pk,
            by=request.user,
            version=form.cleaned_data["version"],
            response=form.cleaned_data["response"],
        )
        act_and_say(request, attach, _("Your response is attached."))
    return redirect(page, pk=cycle.pk)
