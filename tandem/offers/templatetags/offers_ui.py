"""The candidate's references, recommendation, approval and offer as one section, for any
page of the candidate's file (selection's candidate file shows it too): the section says
nothing to whoever has no part in the selection, and logs each reading it shows."""

from django import template
from django.utils import timezone

from tandem.offers import rules, selectors, services
from tandem.offers.forms import (
    ApproveForm,
    NotSelectedForm,
    RecommendForm,
    ReferenceRequestForm,
)
from tandem.records.services import access_log_request

register = template.Library()


@register.inclusion_tag("offers/_file.html", takes_context=True)
def offers_file(context, application):
    request = context["request"]
    user = request.user
    if not rules.has_part_in_selection(user, application):
        return {"shown": False}
    references = selectors.references_of(application)
    offers = selectors.offers_of(application)
    access_log_request(request, [application, *references, *offers])
    versioned = {"version": application.version}
    is_open = application.is_open
    stage = application.stage
    Stage = application.Stage
    return {
        "shown": True,
        "now": timezone.now(),
        "application": application,
        "references": references,
        "offers": offers,
        "events": selectors.events_of(application),
        "reference_form": ReferenceRequestForm() if is_open else None,
        "recommend_form": RecommendForm(initial=versioned)
        if is_open and stage in services.BEFORE_APPROVAL and rules.may_recommend(user, application)
        else None,
        "approve_form": ApproveForm(initial=versioned)
        if is_open and stage == Stage.APPROVAL and rules.may_approve(user, application)
        else None,
        "out_of_field": services.application_out_of_field(application),
        "may_offer": is_open
        and stage == Stage.OFFER
        and not any(o.status == o.Status.SENT for o in offers)
        and rules.may_offer(user, application),
        "not_selected_form": NotSelectedForm(initial=versioned)
        if is_open and not any(o.status == o.Status.SENT for o in offers)
        else None,
    }
