"""The writes every part of hiring shares: an application's move to a stage, its end, and
the event each records. Each takes the version the actor read, so two people acting on one
application at once cannot both succeed."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.hiring.models import Application, ApplicationEvent
from tandem.people.models import User
from tandem.records.versions import version_bump, version_check


def application_event_record(
    application: Application, *, actor: User | None, action: str, detail: str = ""
) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application, actor=actor, action=action, detail=detail
    )


@transaction.atomic
def application_move(
    application: Application, *, stage: str, actor: User, version: int, detail: str = ""
) -> Application:
    """Move an application still in progress to ``stage`` and record who moved it."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    version_check(application, version)
    if not application.is_open:
        raise DomainError(_("This application has ended; it cannot move to another stage."))
    application.stage = stage
    version_bump(application, "stage")
    application_event_record(
        application,
        actor=actor,
        action=f"Moved to {Application.Stage(stage).label}",
        detail=detail,
    )
    return application


@transaction.atomic
def application_end(
    application: Application, *, outcome: str, actor: User | None, version: int, detail: str = ""
) -> Application:
    """End an application with ``outcome`` (withdrawn, not selected, hired, ...)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    version_check(application, version)
    if not application.is_open:
        raise DomainError(_("This application has already ended."))
    if outcome == Application.Outcome.IN_PROGRESS:
        raise DomainError(_("An application ends with an outcome."))
    application.outcome = outcome
    application.ended_at = timezone.now()
    version_bump(application, "outcome", "ended_at")
    application_event_record(
        application, actor=actor, action=Application.Outcome(outcome).label, detail=detail
    )
    return application
