"""Step 3: observations (with the quick notes a tablet keeps offline) and evidence, which its
uploader replaces or removes until the evaluator opens it, then asks the evaluator to remove."""

import json
from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tandem.evaluation import selectors
from tandem.evaluation.forms import (
    EvidenceForm,
    EvidenceRemovalDecisionForm,
    EvidenceRemovalForm,
    EvidenceRemoveForm,
    EvidenceReplaceForm,
    ObservationEditForm,
    ObservationForm,
)
from tandem.evaluation.models import CoObservation, Observation
from tandem.evaluation.rules import evidence_add_refusal
from tandem.evaluation.services import observations as observations_services
from tandem.evaluation.views.drafts import edit_as_typed, save_draft_then_record
from tandem.evaluation.views.opening import acting_as, cycle_open, save_ask_then
from tandem.people.selectors import roles_of
from tandem.records.files import stored_file_response
from tandem.records.models import AccessLogEntry
from tandem.records.services import access_log_request
from tandem.records.uploads import upload_limit
from tandem.rubrics.models import Element
from tandem.ui.forms import form_act


def _evidence_context(request, cycle, **extra) -> dict:
    acting = acting_as(request, cycle)
    observations = list(
        selectors.observation_list(user=request.user, cycle=cycle)
        .select_related("observer")
        .prefetch_related("elements")
    )
    evidence = list(
        cycle.evidence.select_related("file", "added_by", "removed_by").prefetch_related(
            "indicators", "removal_requests"
        )
    )
    access_log_request(request, [*observations, *evidence])
    observations_services.evidence_opened(evidence=evidence, by=request.user)
    for item in evidence:
        item.manage = _manage_label(request.user, item)
    add_refusal = evidence_add_refusal(request.user, cycle)
    return {
        "cycle": cycle,
        "observations": observations,
        "evidence": evidence,
        "may_observe": request.user.has_perm("evaluation.record_observation", cycle),
        "may_add_evidence": add_refusal is None,
        "evidence_closed": " ".join(getattr(add_refusal, "messages", [])),
        "observation_form": extra.pop("observation_form", None)
        or ObservationForm(
            framework_version=cycle.framework_version,
            initial={"observed_on": timezone.localdate()},
        ),
        "evidence_form": extra.pop("evidence_form", None)
        or EvidenceForm(framework_version=cycle.framework_version),
        "today": timezone.localdate(),
        **acting,
        **extra,
    }


@login_required
def evidence(request, pk):
    """Step 3: observations, artifacts, measures and feedback, tagged to the rubric."""
    _roles, cycle = cycle_open(request, pk)
    return render(request, "evaluation/evidence.html", _evidence_context(request, cycle))


@login_required
@require_POST
def observation_add(request, pk):
    _roles, cycle = cycle_open(request, pk)
    form = ObservationForm(request.POST, framework_version=cycle.framework_version)

    def record(*, elements, **observation):
        return observations_services.observation_record(
            cycle_id=cycle.pk, by=request.user, element_ids=elements, **observation
        )

    if observation := form_act(
        request,
        form,
        record,
        lambda observation: (
            _("Observation recorded. Written feedback is due by %(date)s.")
            % {"date": date_format(observation.feedback_due)}
        ),
    ):
        return redirect("evaluation:observation", pk=cycle.pk, observation_pk=observation.pk)
    return render(
        request,
        "evaluation/evidence.html",
        _evidence_context(request, cycle, observation_form=form),
    )


def observation_of(request, cycle, observation_pk, *, log: bool = True):
    """The cycle's observation if this user may see it (else 404), with the opening logged
    unless the view logs it itself (``log=False``, its PDF)."""
    observation = cycle.observations.filter(pk=observation_pk).select_related("observer").first()
    if observation is None or not request.user.has_perm("evaluation.view_observation", observation):
        raise Http404(_("No such observation."))
    if log:
        access_log_request(request, [observation])
    return observation


def _save_observation(request, observation, form) -> dict:
    return save_draft_then_record(
        request,
        key=f"observation:{observation.pk}",
        form=form,
        save=partial(observations_services.observation_update, observation_id=observation.pk),
    )


@login_required
def observation(request, pk, observation_pk):
    """One observation: the observer writes notes and feedback, then shares the feedback."""
    _roles, cycle = cycle_open(request, pk)
    observation = observation_of(request, cycle, observation_pk)
    editable = request.user.has_perm("evaluation.edit_observation", observation)
    initial = {
        "version": observation.version,
        "notes": observation.notes,
        "feedback": observation.feedback,
        "elements": [e.pk for e in observation.elements.all()],
    }
    response, form, problems = edit_as_typed(
        request,
        key=f"observation:{observation.pk}",
        editable=editable,
        make_form=lambda data: ObservationEditForm(
            data, initial=initial, framework_version=cycle.framework_version
        ),
        save=lambda form: _save_observation(request, observation, form),
        saved_url=request.path,
    )
    if response:
        return response
    return render(
        request,
        "evaluation/observation.html",
        {
            "cycle": cycle,
            "observation": observation,
            "form": form,
            "editable": editable,
            "problems": problems,
            "today": timezone.localdate(),
            "co_observation_link": _co_observation_link(request.user, observation),
            **acting_as(request, cycle),
        },
    )


def _co_observation_link(user, observation) -> str:
    """The words of the link to the co-observation page, for its two raters; "" for others."""
    co_observation = CoObservation.objects.filter(observation=observation).first()
    if co_observation is None:
        mine = roles_of(user).person_id == observation.observer_id
        return _("Invite a co-observer to rate the same lesson") if mine else ""
    if user.has_perm("evaluation.view_co_observation", co_observation):
        return _("Co-observation ratings")
    return ""


@login_required
@require_POST
def observation_share(request, pk, observation_pk):
    """Save what is in the form, then ask before sharing the feedback: the page says who reads
    it and that it no longer changes. Confirmed, it shares the version saved."""
    _roles, cycle = cycle_open(request, pk)
    observation = observation_of(request, cycle, observation_pk)
    if not request.user.has_perm("evaluation.observe", cycle):
        raise PermissionDenied
    here = reverse("evaluation:observation", args=[cycle.pk, observation.pk])
    return save_ask_then(
        request,
        cycle,
        record_form=ObservationEditForm(request.POST, framework_version=cycle.framework_version),
        save=lambda form: _save_observation(request, observation, form),
        act=partial(
            observations_services.observation_feedback_share,
            observation_id=observation.pk,
            by=request.user,
        ),
        done=_("The feedback is shared with the educator."),
        after=here,
        title=_("Share the feedback?"),
        confirmation="evaluation/_confirm_observation_share.html",
        action=reverse("evaluation:observation_share", args=[cycle.pk, observation.pk]),
        back=here,
    )


@login_required
@require_POST
@upload_limit("MAX_UPLOAD_BYTES")
def evidence_add(request, pk):
    _roles, cycle = cycle_open(request, pk)
    form = EvidenceForm(request.POST, request.FILES, framework_version=cycle.framework_version)

    def add(*, file, indicators, **evidence):
        return observations_services.evidence_add(
            cycle_id=cycle.pk, by=request.user, upload=file, indicator_ids=indicators, **evidence
        )

    if form_act(request, form, add, _("Evidence added.")):
        return redirect("evaluation:evidence", pk=cycle.pk)
    return render(
        request, "evaluation/evidence.html", _evidence_context(request, cycle, evidence_form=form)
    )


def _manage_label(user, item) -> str:
    """What the user may do with an item on its own page, as the link's words ("" if nothing)."""
    if user.has_perm("evaluation.change_evidence", item):
        return _("Replace or remove")
    if user.has_perm("evaluation.request_evidence_removal", item):
        return _("Ask to remove it")
    if user.has_perm("evaluation.review_evidence", item) and any(
        r.status == r.Status.PENDING for r in item.removal_requests.all()
    ):
        return _("Decide on the request to remove it")
    return ""


def evidence_of(request, cycle, evidence_pk):
    """The cycle's evidence item (else 404), logged and, for the evaluator, marked opened."""
    item = (
        cycle.evidence.filter(pk=evidence_pk)
        .select_related("file", "added_by", "removed_by", "cycle__summative_evaluation")
        .prefetch_related("indicators", "removal_requests__requested_by")
        .first()
    )
    if item is None:
        raise Http404(_("No such evidence."))
    access_log_request(request, [item])
    observations_services.evidence_opened(evidence=[item], by=request.user)
    return item


def _item_page(request, cycle, item, **forms):
    user = request.user
    may_change = user.has_perm("evaluation.change_evidence", item)
    pending = next((r for r in item.removal_requests.all() if r.status == r.Status.PENDING), None)
    may_decide = pending is not None and user.has_perm(
        "evaluation.decide_evidence_removal", pending
    )
    return render(
        request,
        "evaluation/evidence_item.html",
        {
            "cycle": cycle,
            "item": item,
            "removal_requests": item.removal_requests.all(),
            "pending": pending,
            "replace_form": forms.get("replace_form")
            or (
                EvidenceReplaceForm(
                    initial={
                        "version": item.version,
                        "title": item.title,
                        "description": item.description,
                    }
                )
                if may_change
                else None
            ),
            "remove_form": forms.get("remove_form")
            or (EvidenceRemoveForm(initial={"version": item.version}) if may_change else None),
            "request_form": forms.get("request_form")
            or (
                EvidenceRemovalForm()
                if user.has_perm("evaluation.request_evidence_removal", item)
                else None
            ),
            "decision_form": forms.get("decision_form")
            or (EvidenceRemovalDecisionForm() if may_decide else None),
            **acting_as(request, cycle),
        },
    )


@login_required
def evidence_item(request, pk, evidence_pk):
    """One item of evidence: what it is, or the record of its removal, and what its uploader
    or the evaluator may still do with it."""
    _roles, cycle = cycle_open(request, pk)
    return _item_page(request, cycle, evidence_of(request, cycle, evidence_pk))


def _write_on_item(request, pk, evidence_pk, *, form_class, form_name, act, done):
    """Run one write on an item from its page's form, ``act(item, **values)``; a refusal shows
    the page again, with the form's problems in it and nothing changed."""
    _roles, cycle = cycle_open(request, pk)
    item = evidence_of(request, cycle, evidence_pk)
    form = form_class(request.POST, request.FILES)
    if form_act(request, form, lambda **data: act(item, **data), done):
        return redirect("evaluation:evidence_item", pk=cycle.pk, evidence_pk=item.pk)
    return _item_page(request, cycle, item, **{form_name: form})


def _evidence_write(form_class, form_name, service, done):
    """The view of a write that is one service on the item, ``service(evidence_id=, by=,
    **values)``."""

    @login_required
    @require_POST
    @upload_limit("MAX_UPLOAD_BYTES")
    def view(request, pk, evidence_pk):
        return _write_on_item(
            request,
            pk,
            evidence_pk,
            form_class=form_class,
            form_name=form_name,
            act=lambda item, **values: service(evidence_id=item.pk, by=request.user, **values),
            done=done,
        )

    return view


def _replace(*, file, **values):
    return observations_services.evidence_replace(upload=file, **values)


evidence_replace = _evidence_write(
    EvidenceReplaceForm, "replace_form", _replace, gettext_lazy("The evidence is corrected.")
)
evidence_remove = _evidence_write(
    EvidenceRemoveForm,
    "remove_form",
    observations_services.evidence_remove,
    gettext_lazy("The evidence is removed; the list keeps a record of what it was."),
)
evidence_removal_request = _evidence_write(
    EvidenceRemovalForm,
    "request_form",
    observations_services.evidence_removal_request,
    gettext_lazy("Your request is sent; it waits on your evaluator."),
)


@login_required
@require_POST
def evidence_removal_decide(request, pk, evidence_pk, removal_pk):
    def decide(item, *, decision, note):
        removal = item.removal_requests.filter(pk=removal_pk).first()
        if removal is None:
            raise Http404(_("No such request."))
        return observations_services.evidence_removal_decide(
            removal_id=removal.pk, by=request.user, grant=decision == "grant", note=note
        )

    return _write_on_item(
        request,
        pk,
        evidence_pk,
        form_class=EvidenceRemovalDecisionForm,
        form_name="decision_form",
        act=decide,
        done=lambda removal: (
            _("The evidence is removed; the list keeps a record of what it was.")
            if removal.status == removal.Status.GRANTED
            else _("The request is declined; the uploader sees your note.")
        ),
    )


@login_required
def evidence_file(request, pk, evidence_pk):
    """Download an evidence file: only for those who may open the cycle, always logged; a
    removed item has no file to give."""
    _roles, cycle = cycle_open(request, pk)
    item = (
        cycle.evidence.filter(pk=evidence_pk, file__isnull=False, removed_at__isnull=True)
        .select_related("file", "cycle")
        .first()
    )
    if item is None:
        raise Http404(_("No such file."))
    access_log_request(request, [item], channel=AccessLogEntry.Channel.EXPORT)
    observations_services.evidence_opened(evidence=[item], by=request.user)
    return stored_file_response(item.file)


@login_required
def observation_capture(request, pk):
    """A small form for a tablet in a classroom: it keeps working without a connection and
    sends the notes (with an id of their own, so never twice) when the connection returns."""
    _roles, cycle = cycle_open(request, pk)
    if not request.user.has_perm("evaluation.observe", cycle):
        raise Http404(_("Only the educator's evaluators record observations."))
    elements = Element.objects.filter(
        indicator__standard__framework_version=cycle.framework_version
    ).order_by("indicator__standard__position", "indicator__position", "position")
    return render(
        request,
        "evaluation/observation_capture.html",
        {
            "cycle": cycle,
            "elements": elements,
            "kinds": Observation.Kind.choices,
            "today": timezone.localdate(),
            **acting_as(request, cycle),
        },
    )


def capture_service_worker(request):
    """The service worker, served under /cycles/ so that its scope covers the capture pages."""
    assets = [
        static("uswds/css/tandem-uswds.min.css"),
        static("uswds/js/uswds-init.min.js"),
        static("uswds/js/uswds.min.js"),
        static("vendor/htmx/htmx.min.js"),
        static("tandem/forms.js"),
        static("tandem/modals.js"),
        static("tandem/capture.js"),
    ]
    response = render(
        request,
        "evaluation/service_worker.js",
        {"assets": json.dumps(assets)},
        content_type="application/javascript",
    )
    response["Cache-Control"] = "no-cache"
    return response
