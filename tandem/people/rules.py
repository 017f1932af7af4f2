"""Who may do what with people's records, derived from dated relations (issue 3)."""

import rules

from tandem.people.models import Employment, RoleGrant, StaffAssignment
from tandem.people.selectors import roles_of


@rules.predicate
def is_self(user, employment: Employment) -> bool:
    return roles_of(user).person_id == employment.person_id


@rules.predicate
def is_evaluator_of(user, employment: Employment) -> bool:
    return employment.pk in roles_of(user).evaluatee_ids


@rules.predicate
def is_principal_of_school(user, employment: Employment) -> bool:
    roles = roles_of(user)
    if not roles.principal_schools:
        return False
    return (
        StaffAssignment.objects.filter(employment=employment, school__in=roles.principal_schools)
        .active_on(roles.day)
        .exists()
    )


@rules.predicate
def is_district_personnel_officer(user, employment: Employment) -> bool:
    """District HR or a district administrator of the employment's district."""
    return employment.district_id in roles_of(user).personnel_districts


@rules.predicate
def is_district_staff(user, employment: Employment) -> bool:
    return employment.district_id in roles_of(user).staff_districts


@rules.predicate
def is_state_admin(user) -> bool:
    return roles_of(user).holds(RoleGrant.Role.STATE_ADMIN)


rules.add_perm("people.view_educator", is_district_staff)
rules.add_perm(
    "people.view_personnel_record",
    is_self | is_evaluator_of | is_principal_of_school | is_district_personnel_officer,
)
rules.add_perm("people.view_own_access_log", rules.is_authenticated)
rules.add_perm("people.manage_api_tokens", rules.is_authenticated)
