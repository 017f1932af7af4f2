"""Who reads which dashboard, and whether whole (with the names behind each count) or as
aggregates only (suppressed as published counts are)."""

import rules

from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of


@rules.predicate
def reads_state_dashboard(user) -> bool:
    """The state's analysts and administrators: every district, as aggregates only."""
    roles = roles_of(user)
    return roles.holds(RoleGrant.Role.STATE_ANALYST) or roles.holds(RoleGrant.Role.STATE_ADMIN)


@rules.predicate
def reads_district_whole(user, district) -> bool:
    """District HR and administrators: exact figures and the educators behind each."""
    return district.pk in roles_of(user).personnel_districts


@rules.predicate
def reads_district_aggregates(user, district) -> bool:
    """The district's union and school-committee leaders, and the state's readers."""
    roles = roles_of(user)
    leaders = roles.districts_with(RoleGrant.Role.UNION_LEADER, RoleGrant.Role.SCHOOL_COMMITTEE)
    return district.pk in leaders or reads_state_dashboard(user)


rules.add_perm("dashboards.view_state", reads_state_dashboard)
rules.add_perm("dashboards.view_district", reads_district_whole | reads_district_aggregates)
rules.add_perm("dashboards.view_district_whole", reads_district_whole)
