"""Rubrics are read by everyone signed in; managed by the state (model frameworks) or a district."""

import rules

from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of
from tandem.rubrics.models import Framework


@rules.predicate
def manages_framework(user, framework: Framework | None) -> bool:
    roles = roles_of(user)
    if framework is None:
        return roles.holds(RoleGrant.Role.STATE_ADMIN) or bool(
            roles.districts_with(RoleGrant.Role.DISTRICT_ADMIN)
        )
    if framework.district_id is None:
        return roles.holds(RoleGrant.Role.STATE_ADMIN)
    return framework.district_id in roles.districts_with(RoleGrant.Role.DISTRICT_ADMIN)


@rules.predicate
def adopts_for_a_district(user, framework: Framework) -> bool:
    """A district administrator may copy a state model framework into their district's own."""
    return framework.district_id is None and bool(
        roles_of(user).districts_with(RoleGrant.Role.DISTRICT_ADMIN)
    )


rules.add_perm("rubrics.adopt_framework", adopts_for_a_district)
rules.add_perm("rubrics.manage_framework", manages_framework)
