"""Who reads the insights' figures, and how (issue 13 item 2).

A district's HR and administrators read their own district's figures exact; the state's
analysts and administrators read any district's and the state's, and a district's union and
school committee leaders their district's, as aggregates only: through ``suppress``. No one
else reads them, and nobody reads another district's exact.
"""

import rules

from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of

EXACT, AGGREGATES = "exact", "aggregates"


def figures_reading(user, district_id: int | None) -> str | None:
    """How ``user`` reads the figures of a district (None: the state's): ``EXACT``,
    ``AGGREGATES`` or None when not at all."""
    roles = roles_of(user)
    if district_id is not None and district_id in roles.personnel_districts:
        return EXACT
    if roles.holds(RoleGrant.Role.STATE_ANALYST) or roles.holds(RoleGrant.Role.STATE_ADMIN):
        return AGGREGATES
    leaders = roles.districts_with(RoleGrant.Role.UNION_LEADER, RoleGrant.Role.SCHOOL_COMMITTEE)
    if district_id is not None and district_id in leaders:
        return AGGREGATES
    return None


@rules.predicate
def may_view_figures(user, district_id) -> bool:
    return figures_reading(user, district_id) is not None


rules.add_perm("insights.view_figures", may_view_figures)
