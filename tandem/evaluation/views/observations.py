"""Step 3: observations (with the quick notes a tablet keeps offline) and evidence."""

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
from django.views.decorators.http import require_POST

from tandem.evaluation import selectors
from tandem.evaluation.forms import EvidenceForm, ObservationEditForm, ObservationForm
from tandem.evaluation.models import Observation
from tandem.evaluation.services import observations as observations_services
from tandem.evaluation.views.drafts import edit_as_typed, save_draft_then_record
from tandem.evaluation.views.opening import acting_as, cycle_open, save_ask_then
from tandem.records.files import stored_file_response
from tandem.records.models import AccessLogEntry
from tandem.records.services import access_log_request
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
        cycle.evidence.select_related("file", "added_by").prefetch_related("indicators")
    )
    access_log_request(request, [*observations, *evidence])
    return {
        "cycle": cycle,
        "observations": observations,
        "evidence": evidence,
        "may_observe": request.user.has_perm("evaluation.record_observation", cycle),
        "may_add_evidence": request.user.has_perm("evaluation.add_evidence", cycle),
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


def observation_of(request, cycle, observation_pk):
    """The cycle's observation if this user may see it (else 404), with the opening logged."""
    observation = cycle.observations.filter(pk=observation_pk).select_related("observer").first()
    if observation is None or not request.user.has_perm("evaluation.view_observation", observation):
        raise Http404(_("No such observation."))
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
            **acting_as(request, cycle),
        },
    )


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


@login_required
def evidence_file(request, pk, evidence_pk):
    """Download an evidence file: only for those who may open the cycle, always logged."""
    _roles, cycle = cycle_open(request, pk)
    item = cycle.evidence.filter(pk=evidence_pk, file__isnull=False).select_related("file").first()
    if item is None:
        raise Http404(_("No such file."))
    access_log_request(request, [item], channel=AccessLogEntry.Channel.EXPORT)
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
