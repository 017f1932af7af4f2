"""The candidate's references and offer for those who select, the referee's form, the
applicant's offer page and the district's wording of its messages."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.offers import rules, selectors, services, wording
from tandem.offers.forms import (
    ApproveForm,
    MessageTemplateForm,
    NotSelectedForm,
    OfferAnswerForm,
    OfferForm,
    RecommendForm,
    ReferenceAnswerForm,
    ReferenceRequestForm,
)
from tandem.offers.models import MessageTemplate
from tandem.organizations.models import District
from tandem.records.services import access_log_request
from tandem.ui.forms import form_act, form_act_with_messages


def _application_for(request, pk, rule=rules.has_part_in_selection):
    """The application, for those the rule lets act on it; to anyone else it does not exist."""
    application = selectors.application_get(pk)
    if application is None or not rule(request.user, application):
        raise Http404
    return application


@login_required
def application(request, pk):
    """The references, recommendation, approval and offer of one candidate, with the history."""
    application = _application_for(request, pk)
    return render(request, "offers/application.html", {"application": application})


@login_required
@require_POST
def reference_request(request, pk):
    application = _application_for(request, pk)
    form = ReferenceRequestForm(request.POST)
    form_act_with_messages(
        request,
        form,
        lambda **data: services.reference_request(application, actor=request.user, **data),
        lambda result: (
            _("The reference form is sent to %(email)s.") % {"email": result[0].referee_email}
        ),
    )
    return redirect("offers:application", pk=pk)


def reference_answer(request, token):
    """The referee's form, opened from the e-mail's link with no sign-in; once answered or
    expired, the link opens only a page that says so."""
    reference = selectors.reference_for_token(token)
    if reference is None:
        raise Http404
    if refusal := services.reference_refusal(reference):
        return render(request, "offers/reference_closed.html", {"refusal": refusal}, status=404)
    form = ReferenceAnswerForm(request.POST or None)
    if request.method == "POST" and form_act(
        request,
        form,
        lambda **answer: services.reference_answer(reference, **answer),
        None,
    ):
        return render(request, "offers/reference_thanks.html", {"reference": reference})
    return render(request, "offers/reference_answer.html", {"reference": reference, "form": form})


def _act_on_application(request, pk, form_class, act, done, rule):
    application = _application_for(request, pk, rule)
    form_act_with_messages(
        request,
        form_class(request.POST),
        lambda **data: act(application, actor=request.user, **data),
        done,
    )
    return redirect("offers:application", pk=pk)


@login_required
@require_POST
def recommend(request, pk):
    return _act_on_application(
        request,
        pk,
        RecommendForm,
        services.application_recommend,
        _("Recommended. HR approves next."),
        rules.may_recommend,
    )


@login_required
@require_POST
def approve(request, pk):
    return _act_on_application(
        request,
        pk,
        ApproveForm,
        services.application_approve,
        lambda application: (
            _("Approved: the offer is next.")
            if application.stage == application.Stage.OFFER
            else _("Sent back to the hiring manager.")
        ),
        rules.may_approve,
    )


@login_required
@require_POST
def not_selected(request, pk):
    return _act_on_application(
        request,
        pk,
        NotSelectedForm,
        services.application_not_selected,
        _("The application has ended; the applicant is sent the district's message."),
        rules.has_part_in_selection,
    )


@login_required
def offer_make(request, pk):
    """HR's form for the offer's terms, filled from the vacancy."""
    application = _application_for(request, pk, rules.may_offer)
    vacancy = application.posting.vacancy
    form = OfferForm(
        request.POST or None,
        initial={
            "version": application.version,
            "position": vacancy.title,
            "fte": vacancy.fte,
            "salary": vacancy.salary_min,
            "salary_step": vacancy.salary_step,
            "start_date": vacancy.start_date,
        },
    )
    if request.method == "POST" and (
        offer := form_act(
            request,
            form,
            lambda **terms: services.offer_make(application, actor=request.user, **terms),
            _("The offer is sent to the applicant."),
        )
    ):
        return redirect("offers:offer", pk=offer.pk)
    access_log_request(request, [application])
    return render(request, "offers/offer_make.html", {"application": application, "form": form})


def _offer_for(request, pk, rule=rules.may_view_offer):
    offer = selectors.offer_get(pk)
    if offer is None or not rule(request.user, offer):
        raise Http404
    return offer


@login_required
def offer(request, pk):
    """The offer's terms; the applicant answers here. An offer read past its respond-by date
    lapses first, as the daily task would have."""
    offer = _offer_for(request, pk)
    if services.offer_expire(offer):
        offer = _offer_for(request, pk)
    access_log_request(request, [offer])
    answering = rules.may_answer_offer(request.user, offer) and offer.status == offer.Status.SENT
    form = OfferAnswerForm(initial={"version": offer.version}) if answering else None
    return render(request, "offers/offer.html", {"offer": offer, "form": form})


@login_required
@require_POST
def offer_answer(request, pk):
    offer = _offer_for(request, pk, rules.may_answer_offer)
    form = OfferAnswerForm(request.POST)

    def answer(*, answer, version, reason):
        if answer == OfferAnswerForm.ACCEPT:
            return services.offer_accept(offer, actor=request.user, version=version)
        return services.offer_decline(offer, actor=request.user, version=version, reason=reason)

    form_act_with_messages(
        request,
        form,
        answer,
        lambda offer: (
            _("You accepted the offer. Welcome!")
            if offer.status == offer.Status.ACCEPTED
            else _("You declined the offer. Thank you for letting us know.")
        ),
    )
    return redirect("offers:offer", pk=pk)


def _district_for_hr(request, pk) -> District:
    district = get_object_or_404(District, pk=pk)
    if not rules.may_edit_message_templates(request.user, district.pk):
        raise Http404
    return district


@login_required
def message_templates(request, pk):
    """The district's messages to applicants: its own wording or our default's."""
    district = _district_for_hr(request, pk)
    own = selectors.message_templates_of(district.pk)
    rows = [
        (kind, own.get(kind), wording.template_text(district.pk, kind)[0])
        for kind in MessageTemplate.Kind
    ]
    return render(request, "offers/message_templates.html", {"district": district, "rows": rows})


@login_required
def message_template_edit(request, pk, kind):
    district = _district_for_hr(request, pk)
    if kind not in MessageTemplate.Kind.values:
        raise Http404
    subject, body = wording.template_text(district.pk, kind)
    form = MessageTemplateForm(request.POST or None, initial={"subject": subject, "body": body})
    if request.method == "POST" and form_act(
        request,
        form,
        lambda **text: services.message_template_save(
            district_id=district.pk, kind=kind, actor=request.user, **text
        ),
        _("The message is saved; it is sent from now on."),
    ):
        return redirect("offers:message_templates", pk=district.pk)
    return render(
        request,
        "offers/message_template_edit.html",
        {
            "district": district,
            "kind": MessageTemplate.Kind(kind),
            "form": form,
            "placeholders": wording.PLACEHOLDERS,
            "default": wording.DEFAULTS[kind],
        },
    )
