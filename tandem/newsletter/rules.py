"""Who runs the newsletter. Called directly, like the other apps' rules.

The archive, the feed, subscribing, confirming and unsubscribing are open to anyone: the
signed token in a link is the right to confirm or leave, not a sign-in.
"""

import rules

from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of


@rules.predicate
def edits_newsletter(user) -> bool:
    """The state's staff compose, schedule and follow the delivery of every issue."""
    return roles_of(user).holds(RoleGrant.Role.STATE_ADMIN)
