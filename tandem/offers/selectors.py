"""Reads of a candidate's references, offers and history."""

import datetime
import hashlib

from django.db.models import QuerySet

from tandem.hiring.models import Application, ApplicationEvent
from tandem.offers.models import MessageTemplate, Offer, ReferenceRequest

APPLICATION_RELATED = ("posting__vacancy__district", "posting__vacancy__school", "person__user")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def reference_for_token(token: str) -> ReferenceRequest | None:
    """The reference a link's token opens, whatever its state, or None."""
    return (
        ReferenceRequest.objects.select_related(*(f"application__{r}" for r in APPLICATION_RELATED))
        .filter(token_digest=token_digest(token))
        .first()
    )


def application_get(pk: int) -> Application | None:
    return Application.objects.select_related(*APPLICATION_RELATED).filter(pk=pk).first()


def offer_get(pk: int) -> Offer | None:
    return (
        Offer.objects.select_related(*(f"application__{r}" for r in APPLICATION_RELATED))
        .filter(pk=pk)
        .first()
    )


def references_of(application: Application) -> list[ReferenceRequest]:
    return list(application.reference_requests.select_related("requested_by"))


def offers_of(application: Application) -> list[Offer]:
    return list(application.offers.select_related("sent_by"))


def events_of(application: Application) -> QuerySet[ApplicationEvent]:
    return application.events.select_related("actor")


def offers_past_respond_by(today: datetime.date) -> QuerySet[Offer]:
    return Offer.objects.filter(status=Offer.Status.SENT, respond_by__lt=today).order_by("pk")


def message_templates_of(district_id: int) -> dict[str, MessageTemplate]:
    return {t.kind: t for t in MessageTemplate.objects.filter(district_id=district_id)}


def waiting_on(*, hr_districts, principal_schools) -> dict[str, list]:
    """What waits on a user in hiring's last steps: recommendations at their schools, HR's
    approvals and the offers their districts wait to hear on."""
    open_applications = Application.objects.filter(outcome="").select_related(
        "person", "posting__vacancy__school", "posting__vacancy__district"
    )
    return {
        "recommend": list(
            open_applications.filter(
                stage=Application.Stage.RECOMMENDATION,
                posting__vacancy__school__in=principal_schools,
            )
        ),
        "approve": list(
            open_applications.filter(
                stage=Application.Stage.APPROVAL, posting__vacancy__district__in=hr_districts
            )
        ),
        "offers": list(
            Offer.objects.filter(
                status=Offer.Status.SENT,
                application__posting__vacancy__district__in=hr_districts,
            )
            .select_related("application__person", "application__posting__vacancy")
            .order_by("respond_by", "pk")
        ),
    }
