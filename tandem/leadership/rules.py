"""Who keeps the role catalog and the lattice, who reads an educator's standing on it and who
records that someone holds a role. Called directly, like the other apps' rules."""

import rules

from tandem.people.models import Employment, RoleGrant
from tandem.people.selectors import roles_of


def manages_roles_of(user, district_id: int | None) -> bool:
    """A district's HR and administrators keep its roles; the state administrator the roles
    described for every district."""
    roles = roles_of(user)
    if district_id is None:
        return roles.holds(RoleGrant.Role.STATE_ADMIN)
    return district_id in roles.personnel_districts


@rules.predicate
def manages_role(user, role) -> bool:
    return manages_roles_of(user, role.district_id)


@rules.predicate
def edits_lattice(user, district_id: int) -> bool:
    """The district's HR and administrators."""
    return district_id in roles_of(user).personnel_districts


@rules.predicate
def reads_lattice(user, district_id: int) -> bool:
    """The district's staff and district roles read its lattice, and the state's staff."""
    roles = roles_of(user)
    return district_id in roles.staff_districts or roles.is_state_staff


@rules.predicate
def reads_position(user, employment: Employment) -> bool:
    """Where an educator stands shows their ratings: the educator, their evaluator and the
    district's HR and administrators, no one else."""
    roles = roles_of(user)
    return (
        employment.pk in roles.employment_ids
        or employment.pk in roles.evaluatee_ids
        or employment.district_id in roles.personnel_districts
    )


@rules.predicate
def reads_eligibility(user, district_id: int) -> bool:
    """The district's HR and administrators: they award the levels."""
    return district_id in roles_of(user).personnel_districts


@rules.predicate
def records_tenure(user, employment: Employment) -> bool:
    """HR and administrators of the educator's district, whatever the role's origin."""
    return employment.district_id in roles_of(user).personnel_districts
