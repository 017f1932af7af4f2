"""Who records separations and who reads what the leavers say and where they went.

Called directly, not through ``user.has_perm``, so that a Django superuser gets no more than
the roles give: a separation is a personnel record.
"""

import rules

from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of


@rules.predicate
def manages_separations(user, district_id: int) -> bool:
    """District HR and administrators of the district record, correct and read separations."""
    return district_id in roles_of(user).personnel_districts


@rules.predicate
def is_state_reader(user) -> bool:
    """The state's analysts and administrators, who read every district as aggregates only."""
    roles = roles_of(user)
    return roles.holds(RoleGrant.Role.STATE_ANALYST) or roles.holds(RoleGrant.Role.STATE_ADMIN)


@rules.predicate
def reads_leavers_of(user, district_id: int | None) -> bool:
    """The exit survey's results and where leavers went, of one district (``district_id``) or
    of the state (None): the state's readers for either, the district's HR and administrators
    for their own district only."""
    if is_state_reader(user):
        return True
    return district_id is not None and manages_separations(user, district_id)
