"""Writes for the plan gallery: publishing a plan and moderating comments on it."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.collaboration.models import GalleryComment, PlanVersion, StrategicPlan
from tandem.collaboration.plan_content import lines
from tandem.collaboration.rules import is_key_leader
from tandem.collaboration.selectors.teams import is_partnership_staff
from tandem.errors import DomainError
from tandem.people.models import User
from tandem.people.selectors import roles_of


def publish_version(plan: StrategicPlan, version: PlanVersion) -> None:
    plan.published_version = version
    plan.published_at = timezone.now()
    plan.search_text = " ".join([plan.title, plan.team.district.name, *lines(version.content)])
    plan.save(update_fields=["published_version", "published_at", "search_text"])


@transaction.atomic
def plan_publish(*, plan_id: int, by: User, publish: bool = True) -> StrategicPlan:
    """A key leader shows the adopted plan in the gallery (later adoptions follow), or takes it
    down."""
    plan = (
        StrategicPlan.objects.select_for_update().select_related("team__district").get(pk=plan_id)
    )
    if not is_key_leader(by, plan.team):
        raise DomainError(_("Only the team's key leaders publish its plan."))
    if not publish:
        plan.published_version = None
        plan.published_at = None
        plan.search_text = ""
        plan.save(update_fields=["published_version", "published_at", "search_text"])
        return plan
    adopted = plan.versions.filter(status=PlanVersion.Status.ADOPTED).first()
    if adopted is None:
        raise DomainError(_("Only an adopted plan is published; every party signs it first."))
    publish_version(plan, adopted)
    return plan


def gallery_comment_post(*, plan_id: int, by: User, body: str) -> GalleryComment:
    body = body.strip()
    if not body:
        raise DomainError(_("Write the comment before you send it."))
    plan = StrategicPlan.objects.filter(pk=plan_id, published_version__isnull=False).first()
    if plan is None:
        raise DomainError(_("That plan is not in the gallery."))
    return GalleryComment.objects.create(plan=plan, author=by, body=body)


@transaction.atomic
def gallery_comment_moderate(*, comment_id: int, by: User, approve: bool) -> GalleryComment:
    if not is_partnership_staff(roles_of(by)):
        raise DomainError(_("Only the partnership's staff moderate the gallery's comments."))
    comment = GalleryComment.objects.select_for_update().get(pk=comment_id)
    comment.status = GalleryComment.Status.APPROVED if approve else GalleryComment.Status.REJECTED
    comment.moderated_by = by
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["status", "moderated_by", "moderated_at"])
    return comment
