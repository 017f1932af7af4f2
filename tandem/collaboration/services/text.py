"""What a member writes, stripped and held to a length."""

from django.utils.translation import gettext as _

from tandem.errors import DomainError


def text_checked(value: str, *, missing: str, limit: int = 10_000) -> str:
    value = value.strip()
    if not value:
        raise DomainError(missing)
    if len(value) > limit:
        raise DomainError(_("Keep it to %(n)s characters.") % {"n": f"{limit:,}"})
    return value
