"""Writes about people: API tokens for other systems, and a new hire's employment."""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.organizations.models import BargainingUnit, District, School
from tandem.people.models import ApiToken, Employment, Person, StaffAssignment, User

TOKEN_PREFIX = "tdm_"


def api_token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Make a token; the raw value is returned once and only its digest is kept."""
    name = name.strip()
    if not name:
        raise DomainError(_("Name the token after the system that will use it."))
    if user.api_tokens.filter(revoked_at__isnull=True).count() >= 20:
        raise DomainError(_("You have 20 active tokens. Revoke one you no longer use first."))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        digest=api_token_digest(raw),
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(user=user, pk=token_id).first()
    if token is None:
        raise DomainError(_("That token does not exist or is not yours."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(raw: str) -> User | None:
    """The active user behind a raw token, or None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.filter(digest=api_token_digest(raw), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


@transaction.atomic
def employment_begin(
    *,
    person: Person,
    district: District,
    bargaining_unit: BargainingUnit | None,
    start_date: datetime.date,
    school: School | None,
    position: str,
    subject: str = "",
    grade_level: str = "",
    fte,
) -> Employment:
    """A new hire's employment in ``district`` and its first staff assignment, both from
    ``start_date``: the role group is the position's."""
    employment = Employment.objects.create(
        person=person,
        district=district,
        bargaining_unit=bargaining_unit,
        role_group=StaffAssignment.ROLE_GROUPS[position],
        start_date=start_date,
        role_start_date=start_date,
    )
    StaffAssignment.objects.create(
        employment=employment,
        school=school,
        position=position,
        subject=subject,
        grade_level=grade_level,
        fte=fte,
        start_date=start_date,
    )
    return employment


@transaction.atomic
def person_account_move(*, source: Person, target: Person) -> Person:
    """Give ``source``'s sign-in to ``target``, the same human's record in the state, so the
    one account opens the one person. Refused when ``target`` signs in with another account."""
    if source.pk == target.pk or source.user_id is None:
        return target
    if target.user_id is not None and target.user_id != source.user_id:
        raise DomainError(
            _(
                "%(name)s already signs in with another account. Ask them which account to "
                "keep before linking the two records."
            )
            % {"name": target}
        )
    user_id = source.user_id
    source.user = None
    source.save(update_fields=["user"])
    target.user_id = user_id
    target.save(update_fields=["user"])
    return target
