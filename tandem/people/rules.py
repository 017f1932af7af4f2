"""Who may do what with people's records, derived from dated relations (issue 3)."""

import rules

from tandem.people.models import Employment, StaffAssignment
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


rules.add_perm(
    "people.view_personnel_record",
    is_self | is_evaluator_of | is_principal_of_school | is_district_personnel_officer,
)
