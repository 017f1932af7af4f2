"""The one error shape of Tandem's business rules, and rules written as their refusal."""

import rules
from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A rule refused the action; the message is a sentence the user can act on."""


def allowed_unless(refusal_of):
    """The predicate of a rule written as the reason it refuses: true when it gives none, so
    that the page, the API and the service ask one rule."""

    @rules.predicate(name=refusal_of.__name__)
    def allowed(user, record) -> bool:
        return refusal_of(user, record) is None

    return allowed
