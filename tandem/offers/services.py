"""References, the recommendation, HR's approval and the offer: each write all or nothing,
from the version its actor read, each an event in the candidate's history (issue 14, item 3).

How an application ends tells who ended it: the district (not selected, its reason kept
internal), or the applicant (withdrew, declined the offer, let it lapse). Each of those sends
the applicant a message in the district's words, and the history keeps what was sent.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.hiring.models import Application
from tandem.hiring.services import application_end, application_event_record, application_move
from tandem.offers import rules, wording
from tandem.offers.models import MessageTemplate, Offer, ReferenceRequest
from tandem.offers.selectors import offers_past_respond_by, token_digest
from tandem.onboarding.services import onboard
from tandem.people.models import User
from tandem.records.versions import version_bump, version_check
from tandem.selection.rules import offer_refusal_out_of_field
from tandem.selection.services import out_of_field_reason_record

Stage = Application.Stage
# Stages from which the hiring manager recommends: any before HR's approval.
BEFORE_APPROVAL = {
    Stage.APPLIED,
    Stage.SCREENING,
    Stage.INTERVIEW,
    Stage.DEMONSTRATION,
    Stage.REFERENCES,
    Stage.RECOMMENDATION,
}


def application_out_of_field(application: Application) -> bool:
    """Whether no license of the applicant covers the vacancy and no reason for going ahead
    is recorded yet (selection's rule, pipeline.md §5 out-of-field)."""
    return offer_refusal_out_of_field(application) is not None


def _locked(application: Application, version: int) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    version_check(application, version)
    if not application.is_open:
        raise DomainError(_("This application has ended."))
    return application


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(message)
    return text


def _mail(subject: str, body: str, to: str) -> None:
    """Send once the write is committed, so a refused write sends nothing."""
    transaction.on_commit(lambda: send_mail(subject, body, None, [to]))


def _tell_applicant(
    application: Application, kind: str, *, actor: User | None, offer: Offer | None = None
) -> None:
    message = wording.message_compose(kind, application, offer)
    application_event_record(
        application,
        actor=actor,
        action=_("Message sent to the applicant"),
        detail=message.as_text(),
    )
    _mail(message.subject, message.body, application.person.email or application.person.user.email)


# -- References ------------------------------------------------------------------------------


@transaction.atomic
def reference_request(
    application: Application, *, actor: User, referee_name: str, referee_email: str
) -> tuple[ReferenceRequest, str]:
    """Ask a referee for a reference; returns the request and the link's token, which is sent
    in the e-mail and kept nowhere else."""
    if not rules.has_part_in_selection(actor, application):
        raise PermissionDenied
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.is_open:
        raise DomainError(_("This application has ended; it needs no more references."))
    name = _required(referee_name, _("Give the referee's name."))
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    reference = ReferenceRequest.objects.create(
        application=application,
        referee_name=name,
        referee_email=referee_email,
        requested_by=actor,
        requested_at=now,
        token_digest=token_digest(token),
        expires_at=now + datetime.timedelta(days=settings.REFERENCE_LINK_DAYS),
    )
    application_event_record(
        application,
        actor=actor,
        action=_("Reference requested"),
        detail=f"{name} <{referee_email}>",
    )
    link = settings.SITE_URL + reference_link(token)
    vacancy = application.posting.vacancy
    _mail(
        _("A reference for %(applicant)s") % {"applicant": application.person},
        _(
            "Dear %(referee)s,\n\n"
            "%(applicant)s has applied to be %(position)s in %(district)s and named you as a "
            "referee. We would be grateful for a few minutes of your time: the link below opens "
            "a short form, with no account needed. It works once, until %(until)s.\n\n"
            "%(link)s\n\n"
            "What you write is read only by the people who select for this position, never by "
            "the applicant.\n\n"
            "Thank you,\n%(requester)s, %(district)s"
        )
        % {
            "referee": name,
            "applicant": application.person,
            "position": vacancy.title,
            "district": vacancy.district.name,
            "until": date_format(timezone.localtime(reference.expires_at), "DATE_FORMAT"),
            "link": link,
            "requester": actor.get_full_name() or actor.email,
        },
        referee_email,
    )
    return reference, token


def reference_link(token: str) -> str:
    return reverse("offers:reference_answer", args=[token])


def reference_refusal(reference: ReferenceRequest | None) -> str | None:
    """Why a referee's link no longer opens the form, or None while it does."""
    if reference is None:
        return _("This link is not one we sent.")
    if reference.is_answered:
        return _("This reference has been given already; the link works once. Thank you.")
    if timezone.now() >= reference.expires_at:
        return _(
            "This link expired on %(date)s. If you still wish to give the reference, write to "
            "the district and ask for a new link."
        ) % {"date": date_format(timezone.localtime(reference.expires_at), "DATE_FORMAT")}
    if not reference.application.is_open:
        return _("The position this reference was asked for is settled; no reference is needed.")
    return None


@transaction.atomic
def reference_answer(
    reference: ReferenceRequest,
    *,
    relationship: str,
    rating: int,
    would_rehire: str,
    strengths: str,
    growth_areas: str,
) -> ReferenceRequest:
    """Keep the referee's answer; the link then opens nothing more."""
    reference = (
        ReferenceRequest.objects.select_for_update(of=("self",))
        .select_related("application__posting__vacancy")
        .get(pk=reference.pk)
    )
    if refusal := reference_refusal(reference):
        raise DomainError(refusal)
    reference.relationship = relationship
    reference.rating = rating
    reference.would_rehire = would_rehire
    reference.strengths = strengths
    reference.growth_areas = growth_areas
    reference.answered_at = timezone.now()
    reference.save()
    application_event_record(
        reference.application,
        actor=None,
        action=_("Reference received"),
        detail=reference.referee_name,
    )
    return reference


# -- Recommendation and approval -------------------------------------------------------------


@transaction.atomic
def application_recommend(
    application: Application, *, actor: User, version: int, note: str
) -> Application:
    """The hiring manager recommends the candidate for hire; HR approves next."""
    if not rules.may_recommend(actor, application):
        raise PermissionDenied
    application = _locked(application, version)
    if application.stage not in BEFORE_APPROVAL:
        raise DomainError(_("This candidate is already past the recommendation."))
    note = _required(note, _("Say in a note why you recommend this candidate."))
    application_event_record(
        application, actor=actor, action=_("Recommended for hire"), detail=note
    )
    return application_move(application, stage=Stage.APPROVAL, actor=actor, version=version)


APPROVE = "approve"
SEND_BACK = "send_back"


@transaction.atomic
def application_approve(
    application: Application,
    *,
    actor: User,
    version: int,
    decision: str,
    reason: str = "",
    out_of_field_reason: str = "",
) -> Application:
    """HR approves the recommendation (the offer is next) or sends it back with a reason.
    Approving a candidate out of field asks why (the state reports out-of-field teaching)."""
    if not rules.may_approve(actor, application):
        raise PermissionDenied
    application = _locked(application, version)
    if application.stage != Stage.APPROVAL:
        raise DomainError(_("This candidate has no recommendation waiting for approval."))
    if decision == SEND_BACK:
        reason = _required(reason, _("Say why you send the recommendation back."))
        application_event_record(
            application, actor=actor, action=_("Recommendation sent back"), detail=reason
        )
        return application_move(
            application, stage=Stage.RECOMMENDATION, actor=actor, version=version
        )
    if decision != APPROVE:
        raise DomainError(_("Choose to approve or to send back."))
    detail = reason.strip()
    if application_out_of_field(application):
        why = _required(
            out_of_field_reason,
            _(
                "The candidate holds no license this position fits: say why you approve the "
                "hire out of field."
            ),
        )
        out_of_field_reason_record(application, by=actor, reason=why)
        detail = "\n\n".join(part for part in (detail, _("Out of field: %s") % why) if part)
    application_event_record(application, actor=actor, action=_("Approved by HR"), detail=detail)
    return application_move(application, stage=Stage.OFFER, actor=actor, version=version)


# -- Ending an application -------------------------------------------------------------------


def _waiting_offer(application: Application) -> Offer | None:
    return application.offers.filter(status=Offer.Status.SENT).first()


@transaction.atomic
def application_not_selected(
    application: Application, *, actor: User, version: int, reason: str
) -> Application:
    """The district ends the application at any stage. The reason stays internal; the
    applicant receives the district's courteous message."""
    if not rules.has_part_in_selection(actor, application):
        raise PermissionDenied
    application = _locked(application, version)
    if _waiting_offer(application):
        raise DomainError(
            _("An offer is waiting for this applicant's answer; it stands until they answer.")
        )
    reason = _required(reason, _("Give the reason, for the district's record only."))
    application = application_end(
        application,
        outcome=Application.Outcome.NOT_SELECTED,
        actor=actor,
        version=version,
        detail=reason,
    )
    _tell_applicant(application, wording.Kind.NOT_SELECTED, actor=actor)
    return application


@transaction.atomic
def application_withdraw(
    application: Application, *, actor: User, version: int, reason: str = ""
) -> Application:
    """The applicant withdraws; an offer waiting for them is answered instead."""
    if not rules.is_the_applicant(actor, application):
        raise PermissionDenied
    application = _locked(application, version)
    if _waiting_offer(application):
        raise DomainError(_("An offer is waiting for your answer: decline it instead."))
    application = application_end(
        application,
        outcome=Application.Outcome.WITHDRAWN,
        actor=actor,
        version=version,
        detail=reason.strip(),
    )
    _tell_applicant(application, wording.Kind.WITHDRAWN, actor=actor)
    return application


# -- The offer -------------------------------------------------------------------------------


@transaction.atomic
def offer_make(
    application: Application,
    *,
    actor: User,
    version: int,
    position: str,
    fte,
    salary: int | None,
    salary_step: str,
    start_date: datetime.date,
    respond_by: datetime.date,
) -> Offer:
    """HR sends the approved candidate the offer's terms, by e-mail and on their offer page."""
    if not rules.may_offer(actor, application):
        raise PermissionDenied
    application = _locked(application, version)
    if application.stage != Stage.OFFER:
        raise DomainError(_("HR approves the recommendation before an offer is made."))
    if _waiting_offer(application):
        raise DomainError(_("An offer is already waiting for this applicant's answer."))
    if respond_by < timezone.localdate():
        raise DomainError(_("The day to answer by has passed already."))
    if start_date < respond_by:
        raise DomainError(_("The start date comes after the last day to answer."))
    if salary is None and not salary_step.strip():
        raise DomainError(_("Give the salary or the step on the schedule."))
    offer = Offer.objects.create(
        application=application,
        position=_required(position, _("Name the position offered.")),
        fte=fte,
        salary=salary,
        salary_step=salary_step.strip(),
        start_date=start_date,
        respond_by=respond_by,
        sent_by=actor,
    )
    version_bump(application)
    application_event_record(
        application,
        actor=actor,
        action=_("Offer sent"),
        detail=_("%(position)s, FTE %(fte)s, to answer by %(date)s")
        % {
            "position": offer.position,
            "fte": offer.fte,
            "date": date_format(respond_by, "DATE_FORMAT"),
        },
    )
    _tell_applicant(application, wording.Kind.OFFER, actor=actor, offer=offer)
    return offer


def _offer_locked(offer: Offer, version: int) -> Offer:
    offer = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("application__posting__vacancy__district", "application__person__user")
        .get(pk=offer.pk)
    )
    version_check(offer, version)
    if offer.status == Offer.Status.ACCEPTED:
        raise DomainError(_("This offer is accepted; it cannot be answered again."))
    if offer.status != Offer.Status.SENT:
        raise DomainError(_("This offer is %(status)s.") % {"status": offer.get_status_display()})
    if offer.is_past_respond_by():
        raise DomainError(
            _("The last day to answer this offer was %(date)s; it has lapsed.")
            % {"date": date_format(offer.respond_by, "DATE_FORMAT")}
        )
    return offer


def _offer_answer(offer: Offer, status: str, reason: str = "") -> None:
    offer.status = status
    offer.responded_at = timezone.now()
    offer.decline_reason = reason
    version_bump(offer, "status", "responded_at", "decline_reason")


@transaction.atomic
def offer_accept(offer: Offer, *, actor: User, version: int) -> Offer:
    """The applicant accepts: the application ends as hired and onboarding begins."""
    if not rules.may_answer_offer(actor, offer):
        raise PermissionDenied
    offer = _offer_locked(offer, version)
    _offer_answer(offer, Offer.Status.ACCEPTED)
    application = offer.application
    application_event_record(application, actor=actor, action=_("Offer accepted"))
    application_end(
        application,
        outcome=Application.Outcome.HIRED,
        actor=actor,
        version=application.version,
    )
    if application.person.state_id:
        # The state knows the applicant: nothing for HR to match, so the applicant is the
        # district's educator at once. An applicant without a state identifier may be one the
        # state knows under another record; HR onboards them (``onboarding:onboard``).
        onboard(application, actor=actor, start_date=offer.start_date)
    return offer


@transaction.atomic
def offer_decline(offer: Offer, *, actor: User, version: int, reason: str = "") -> Offer:
    """The applicant declines, with a reason if they wish to give one."""
    if not rules.may_answer_offer(actor, offer):
        raise PermissionDenied
    offer = _offer_locked(offer, version)
    reason = reason.strip()
    _offer_answer(offer, Offer.Status.DECLINED, reason)
    application = application_end(
        offer.application,
        outcome=Application.Outcome.OFFER_DECLINED,
        actor=actor,
        version=offer.application.version,
        detail=reason,
    )
    _tell_applicant(application, wording.Kind.OFFER_DECLINED, actor=actor, offer=offer)
    return offer


@transaction.atomic
def offer_expire(offer: Offer, *, today: datetime.date | None = None) -> bool:
    """Let an unanswered offer past its respond-by date lapse; False when it is not due."""
    offer = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("application__posting__vacancy__district", "application__person__user")
        .get(pk=offer.pk)
    )
    if not offer.is_past_respond_by(today):
        return False
    offer.status = Offer.Status.EXPIRED
    version_bump(offer, "status")
    application = application_end(
        offer.application,
        outcome=Application.Outcome.OFFER_EXPIRED,
        actor=None,
        version=offer.application.version,
    )
    _tell_applicant(application, wording.Kind.OFFER_EXPIRED, actor=None, offer=offer)
    return True


def offers_expire(*, today: datetime.date | None = None) -> int:
    """Let every offer past its respond-by date lapse, each on its own; returns how many."""
    today = today or timezone.localdate()
    return sum(offer_expire(offer, today=today) for offer in offers_past_respond_by(today))


# -- The district's wording ------------------------------------------------------------------


@transaction.atomic
def message_template_save(
    *, district_id: int, kind: str, actor: User, subject: str, body: str
) -> MessageTemplate:
    """HR words one of the district's messages to applicants."""
    if not rules.may_edit_message_templates(actor, district_id):
        raise PermissionDenied
    subject = _required(subject, _("Give the message a subject."))
    body = _required(body, _("Write the message."))
    wording.placeholders_check(kind, subject, body)
    template, _created = MessageTemplate.objects.update_or_create(
        district_id=district_id,
        kind=kind,
        defaults={
            "subject": subject,
            "body": body,
            "updated_by": actor,
            "updated_at": timezone.now(),
        },
    )
    return template
