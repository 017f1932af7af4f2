"""Step 1: the self-assessment, written by the educator as they type and sent to the evaluator."""

import datetime
from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.evaluation.forms import SelfAssessmentForm
from tandem.evaluation.models import SelfAssessment
from tandem.evaluation.selectors import (
    self_assessment_fields,
    self_assessment_merge,
    self_assessment_saved_at,
    self_assessment_values,
)
from tandem.evaluation.services import self_assessment as self_assessment_services
from tandem.evaluation.views.drafts import save_draft_then_record, typed
from tandem.evaluation.views.opening import acting_as, cycle_open, save_ask_then
from tandem.evaluation.views.ratings import rows_initial
from tandem.records.selectors import draft_get
from tandem.records.versions import FieldConflict
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
        **rows_initial(
            assessment.ratings.all(), "indicator_id", level="level", reflection="reflection"
        ),
    }
    return SelfAssessmentForm(data, initial=initial, indicators=indicators)


def _save_self_assessment(request, cycle, assessment, form) -> dict:
    return save_draft_then_record(
        request,
        key=f"self_assessment:{assessment.pk}",
        form=form,
        save=partial(self_assessment_services.self_assessment_save, cycle_id=cycle.pk),
    )


def _typed_fields(form) -> dict[str, str]:
    values = form.record_values()
    values.pop("resolved")
    return self_assessment_fields(**values)


def _shown(form, name, text):
    """A field's text as the page shows it: a level by its name."""
    if name.startswith("level_"):
        return dict(form.fields[name].choices).get(text, text)
    return text


@dataclass
class ConflictShown:
    """A field in conflict as the page shows it, with the person's choice if made."""

    field: str
    label: str
    saved: str
    mine: str
    version: int
    saved_at: datetime.datetime | None
    saved_by: str
    choice: str = ""


def _conflicts_shown(request, form, assessment, conflicts) -> dict[str, ConflictShown]:
    """Each field in conflict, and each the person chose for and whose save still waits on
    another field's choice, by field name in the form's order."""
    saved = self_assessment_values(assessment)
    typed = _typed_fields(form)
    pending = {
        name: FieldConflict(field=name, saved=saved.get(name, ""), mine=typed[name])
        for name in form.resolved
        if name in typed
    }
    unchosen = {c.field: c for c in conflicts}
    latest = self_assessment_saved_at(assessment)
    by = latest.history_user if latest else None
    shown = {}
    for name in form.fields:
        conflict = unchosen.get(name) or pending.get(name)
        if conflict is None:
            continue
        choice, seen = form.resolved.get(name, ("", assessment.version))
        shown[name] = ConflictShown(
            field=name,
            label=form.fields[name].label,
            saved=_shown(form, name, conflict.saved),
            mine=_shown(form, name, conflict.mine),
            version=assessment.version if name in unchosen else seen,
            saved_at=latest.history_date if latest else None,
            saved_by=by.get_full_name() or by.email if by and by != request.user else "",
            choice="" if name in unchosen else choice,
        )
        if not request.htmx:
            form.add_error(name, _("Saved elsewhere as well: choose below which text to keep."))
    return shown


def _after_save(request, form, assessment, outcome) -> dict:
    """What the page or the save status shows after a save: the fields in conflict, or the
    text another tab saved into fields this tab had not changed."""
    if not form.is_valid():
        return {"conflicts": {}, "merged_values": {}}
    if outcome["saved"]:
        typed = _typed_fields(form)
        now = self_assessment_values(SelfAssessment.objects.get(pk=assessment.pk))
        merged = {name: text for name, text in now.items() if typed.get(name) != text}
        return {"conflicts": {}, "merged_values": merged}
    return {
        "conflicts": _conflicts_shown(request, form, assessment, outcome.get("conflicts", [])),
        "merged_values": {},
    }


def _draft_form(request, cycle, assessment, draft):
    """The form with the person's kept draft: their text where it conflicts with a newer
    save, and elsewhere what the merge of both would save. Returns (form, conflicts,
    differences)."""
    data = typed(draft)
    form = _self_assessment_form(cycle, assessment, data)
    if not form.is_valid():
        return form, {}, []
    merged, conflicts = self_assessment_merge(
        assessment=assessment,
        version=draft.base_version,
        values=_typed_fields(form),
        resolved=form.resolved,
    )
    in_conflict = {c.field for c in conflicts}
    for name, text in merged.items():
        if name in form.fields and name not in in_conflict and name not in form.resolved:
            data[name] = text
    form = _self_assessment_form(cycle, assessment, data)
    differences = _differences(form, assessment)
    return form, _conflicts_shown(request, form, assessment, conflicts), differences


def _differences(form, assessment) -> list[tuple[str, str]]:
    """(label, saved text) of each field where the form differs from what is saved."""
    if not form.is_valid():
        return []
    saved = self_assessment_values(assessment)
    return [
        (form.fields[name].label, _shown(form, name, saved.get(name, "")))
        for name, text in _typed_fields(form).items()
        if text != saved.get(name, "")
    ]


@login_required
def self_assessment(request, pk):
    """Step 1. The educator writes and saves as they type; the evaluator reads it once sent."""
    _roles, cycle = cycle_open(request, pk)
    acting = acting_as(request, cycle)
    assessment = _self_assessment_of(cycle)
    key = f"self_assessment:{assessment.pk}"
    editable = request.user.has_perm("evaluation.edit_self_assessment", cycle)
    page = {"cycle": cycle, "assessment": assessment, "editable": editable, **acting}
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = _self_assessment_form(cycle, assessment, request.POST)
        outcome = _save_self_assessment(request, cycle, assessment, form)
        if outcome["saved"] and not request.htmx:
            messages.success(request, _("Saved."))
            return redirect(request.path)
        shown = {**page, "form": form, **outcome, **_after_save(request, form, assessment, outcome)}
        if request.htmx:
            return render(request, "evaluation/_self_assessment_saved.html", shown)
        return render(request, "evaluation/self_assessment.html", shown)
    if acting["is_evaluator"]:
        self_assessment_services.self_assessment_opened(assessment=assessment, by=request.user)
    draft = draft_get(user=request.user, key=key) if editable else None
    if draft:
        form, conflicts, differences = _draft_form(request, cycle, assessment, draft)
    else:
        form, conflicts, differences = _self_assessment_form(cycle, assessment), {}, []
    return render(
        request,
        "evaluation/self_assessment.html",
        {
            **page,
            "form": form,
            "readable": request.user.has_perm("evaluation.view_self_assessment", cycle),
            "draft": draft,
            "conflicts": conflicts,
            "differences": differences,
            "ratings": assessment.ratings.select_related("indicator__standard"),
        },
    )


@login_required
@require_POST
def self_assessment_submit(request, pk):
    """Save what is in the form, then ask before sending it: the page says who reads it, until
    when it can be taken back and that the cycle moves to step 2. Confirmed, it sends the
    version saved."""
    _roles, cycle = cycle_open(request, pk)
    if not request.user.has_perm("evaluation.act_as_educator", cycle):
        raise PermissionDenied
    assessment = _self_assessment_of(cycle)
    return save_ask_then(
        request,
        cycle,
        record_form=_self_assessment_form(cycle, assessment, request.POST),
        save=lambda form: _save_self_assessment(request, cycle, assessment, form),
        act=partial(
            self_assessment_services.self_assessment_submit, cycle_id=cycle.pk, by=request.user
        ),
        done=_("Sent to your evaluator. You can take it back until they open it."),
        after=reverse("evaluation:cycle_detail", args=[cycle.pk]),
        title=_("Send the self-assessment?"),
        confirmation="evaluation/_confirm_self_assessment_submit.html",
        action=reverse("evaluation:self_assessment_submit", args=[cycle.pk]),
        back=reverse("evaluation:self_assessment", args=[cycle.pk]),
    )


@login_required
@require_POST
def self_assessment_take_back(request, pk):
    _roles, cycle = cycle_open(request, pk)
    take_back = partial(
        self_assessment_services.self_assessment_take_back, cycle_id=cycle.pk, by=request.user
    )
    act_and_say(request, take_back, _("Taken back. It is yours to change again."))
    return redirect("evaluation:self_assessment", pk=cycle.pk)
