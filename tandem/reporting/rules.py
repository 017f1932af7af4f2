"""Who reads a district's staff roster for the state, and who lets a row go as it is."""

import rules

from tandem.organizations.models import District
from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of


@rules.predicate
def is_state_admin(user, district: District) -> bool:
    return RoleGrant.Role.STATE_ADMIN in roles_of(user).state_roles


@rules.predicate
def is_district_personnel_officer(user, district: District) -> bool:
    """District HR or a district administrator (the superintendent too) of this district."""
    return district.pk in roles_of(user).personnel_districts


@rules.predicate
def is_district_administrator(user, district: District) -> bool:
    return district.pk in roles_of(user).districts_with(RoleGrant.Role.DISTRICT_ADMIN)


rules.add_perm("reporting.view_staff_roster", is_district_personnel_officer | is_state_admin)
# An exception answers for what the state receives: an administrator's call, not HR's.
rules.add_perm("reporting.mark_exception", is_district_administrator | is_state_admin)
