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
from tandem.onboarding.models import Onboarding
from tandem.organizations.models import District
from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of
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
        # A referee named in the application is asked from a link that fills in the form
        # (``?referee_name=…&referee_email=…``), as the candidate file lists them.
        "reference_form": ReferenceRequestForm(
            initial={k: request.GET.get(k, "") for k in ReferenceRequestForm.base_fields}
        )
        if is_open
        else None,
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
        "may_onboard": _waits_for_onboarding(user, application),
    }


def _waits_for_onboarding(user, application) -> bool:
    """A hire the state knew is onboarded on accepting; one it did not waits for HR to
    match them to the state's records on the onboarding page."""
    return (
        application.outcome == application.Outcome.HIRED
        and not Onboarding.objects.filter(application=application).exists()
        and user.has_perm("onboarding.manage_district", application.posting.vacancy.district)
    )


@register.inclusion_tag("offers/_waiting.html", takes_context=True)
def offers_waiting(context):
    """HR's and principals' home: the candidates waiting on them in hiring's last steps."""
    request = context["request"]
    roles = roles_of(request.user)
    hr_districts = roles.districts_with(RoleGrant.Role.DISTRICT_HR)
    if not hr_districts and not roles.principal_schools:
        return {"shown": False}
    waiting = selectors.waiting_on(
        hr_districts=hr_districts, principal_schools=roles.principal_schools
    )
    # A candidate who applies to their own district is not shown their own file's steps.
    mine = roles.person_id
    waiting = {
        key: [r for r in rows if getattr(r, "application", r).person_id != mine]
        for key, rows in waiting.items()
    }
    access_log_request(request, [record for rows in waiting.values() for record in rows])
    return {
        "shown": True,
        **waiting,
        "districts": District.objects.filter(pk__in=hr_districts).order_by("name"),
    }
