"""The one error shape of Tandem's business rules."""

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A rule refused the action; the message is a sentence the user can act on."""
