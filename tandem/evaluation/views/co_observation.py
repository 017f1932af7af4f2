"""Co-observation: the observer invites a second evaluator; each rates the observed elements on
this page, blind to the other's ratings until both have saved (issue 13, item 5)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.evaluation import calibration
from tandem.evaluation.models import CoObservation, ObservationElementRating
from tandem.evaluation.rules import co_observation_invite_refusal
from tandem.evaluation.services import co_observation as co_observation_services
from tandem.evaluation.views.observations import observation_of
from tandem.evaluation.views.opening import cycle_open
from tandem.records.services import access_log_request
from tandem.ui.forms import act_and_say


def _co_observation_page(request, pk, observation_pk):
    """The observation and its co-observation, for its two observers only (else 404)."""
    roles, cycle = cycle_open(request, pk)
    observation = observation_of(request, cycle, observation_pk)
    co_observation = (
        CoObservation.objects.filter(observation=observation).select_related("co_observer").first()
    )
    if co_observation is None:
        if roles.person_id != observation.observer_id:
            raise Http404(_("No such co-observation."))
    elif not request.user.has_perm("evaluation.view_co_observation", co_observation):
        raise Http404(_("No such co-observation."))
    return roles, cycle, observation, co_observation


@login_required
def co_observation(request, pk, observation_pk):
    """The rater's own levels for each observed element; both observers' side by side once
    both have saved. Each showing of ratings is written to the access log."""
    roles, cycle, observation, co_observation = _co_observation_page(request, pk, observation_pk)
    elements = list(observation.elements.order_by("code"))
    context = {
        "cycle": cycle,
        "observation": observation,
        "co_observation": co_observation,
        "elements": elements,
        "levels": list(reversed(ObservationElementRating.Level.choices)),
    }
    if co_observation is None:
        choices = calibration.co_observer_choices(observation, day=roles.day)
        refusal = co_observation_invite_refusal(
            request.user, observation, choices[0] if choices else None
        )
        context["choices"] = choices
        context["invite_refusal"] = " ".join(getattr(refusal, "messages", []))
        return render(request, "evaluation/co_observation.html", context)
    access_log_request(request, [co_observation])
    given = calibration.co_ratings_of(co_observation)
    both = request.user.has_perm("evaluation.view_co_ratings", co_observation)
    other_id = next(i for i in co_observation.rater_ids() if i != roles.person_id)
    mine = given.get(roles.person_id, {})
    theirs = given.get(other_id, {}) if both else {}
    context.update(
        {
            "editable": request.user.has_perm("evaluation.rate_co_observation", co_observation),
            "both": both,
            "other": observation.observer
            if other_id == observation.observer_id
            else co_observation.co_observer,
            "mine_saved_at": co_observation.saved_at_of(roles.person_id),
            "rows": [
                (
                    element,
                    mine.get(element.pk),
                    theirs.get(element.pk),
                )
                for element in elements
            ],
        }
    )
    return render(request, "evaluation/co_observation.html", context)


@login_required
@require_POST
def co_observation_invite(request, pk, observation_pk):
    _roles, cycle, observation, _co = _co_observation_page(request, pk, observation_pk)
    act_and_say(
        request,
        lambda: co_observation_services.co_observation_invite(
            observation_id=observation.pk,
            by=request.user,
            co_observer_id=request.POST.get("co_observer"),
        ),
        lambda co: (
            _("%(name)s is invited to co-observe and rate the same elements.")
            % {"name": co.co_observer}
        ),
    )
    return redirect("evaluation:co_observation", pk=cycle.pk, observation_pk=observation.pk)


@login_required
@require_POST
def co_observation_rate(request, pk, observation_pk):
    _roles, cycle, observation, co_observation = _co_observation_page(request, pk, observation_pk)
    if co_observation is None:
        raise Http404(_("No such co-observation."))
    levels = {
        key.removeprefix("level_"): value
        for key, value in request.POST.items()
        if key.startswith("level_")
    }
    act_and_say(
        request,
        lambda: co_observation_services.co_observation_rate(
            observation_id=observation.pk, by=request.user, levels=levels
        ),
        lambda co: (
            _("Your ratings are saved. Both observers' ratings show here once both have saved.")
            if not co.both_saved
            else _("Your ratings are saved. Both have saved: the ratings are now read-only.")
        ),
    )
    return redirect("evaluation:co_observation", pk=cycle.pk, observation_pk=observation.pk)
