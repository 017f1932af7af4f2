"""Sharing a cycle with a union representative: the educator's consent, given and withdrawn."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.evaluation.models import EvaluationCycle, RecordShare
from tandem.evaluation.services.cycles import locked_cycle, require_permission
from tandem.people.models import RoleGrant, User


def union_representatives(cycle: EvaluationCycle):
    """Who the educator may share the cycle with: the union leaders of its district today."""
    return User.objects.filter(
        pk__in=RoleGrant.objects.filter(
            role=RoleGrant.Role.UNION_LEADER, district_id=cycle.district_id
        )
        .active_on(timezone.localdate())
        .values("user_id")
    ).order_by("last_name", "first_name")


@transaction.atomic
def record_share_grant(*, cycle_id: int, by: User, shared_with_id: int) -> RecordShare:
    """The educator consents to a union representative reading this cycle."""
    cycle = locked_cycle(cycle_id)
    require_permission(by, "evaluation.act_as_educator", cycle)
    if not union_representatives(cycle).filter(pk=shared_with_id).exists():
        raise DomainError(_("Share only with a union representative of your district."))
    if RecordShare.objects.filter(
        cycle=cycle, shared_with_id=shared_with_id, revoked_at__isnull=True
    ).exists():
        raise DomainError(_("This cycle is already shared with that person."))
    return RecordShare.objects.create(cycle=cycle, shared_with_id=shared_with_id)


@transaction.atomic
def record_share_revoke(*, cycle_id: int, by: User, share_id: int) -> RecordShare:
    """Withdraw consent: from now on the representative cannot open the cycle."""
    cycle = locked_cycle(cycle_id)
    require_permission(by, "evaluation.act_as_educator", cycle)
    share = (
        RecordShare.objects.select_for_update()
        .filter(pk=share_id, cycle=cycle, revoked_at__isnull=True)
        .first()
    )
    if share is None:
        raise DomainError(_("That consent was already withdrawn."))
    share.revoked_at = timezone.now()
    share.save(update_fields=["revoked_at"])
    return share
