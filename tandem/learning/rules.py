"""Who runs an offering and who records its attendance and completions.

Called directly, like the other apps' rules: a superuser gets no more than the roles give.
The catalog itself is open to everyone signed in; an educator registers for themselves.
"""

import rules

from tandem.learning.models import Offering, Provider
from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of


@rules.predicate
def manages_offering(user, offering: Offering) -> bool:
    """The state administrator runs the state's, collaboratives' and registered providers'
    offerings; a district's HR and administrators run their district's."""
    roles = roles_of(user)
    provider = offering.provider
    if provider.kind == Provider.Kind.DISTRICT:
        return provider.district_id in roles.personnel_districts
    return roles.holds(RoleGrant.Role.STATE_ADMIN)


@rules.predicate
def facilitates(user, offering: Offering) -> bool:
    """The offering's facilitator, and those who run it, take attendance and record the
    assessment of learning."""
    return (user.is_authenticated and offering.facilitator_id == user.pk) or manages_offering(
        user, offering
    )


@rules.predicate
def reads_certificate(user, completion) -> bool:
    """The educator who earned it, and whoever runs the offering."""
    if not user.is_authenticated:
        return False
    registration = completion.registration
    return roles_of(user).person_id == registration.person_id or manages_offering(
        user, registration.offering
    )


@rules.predicate
def reads_effectiveness(user, district=None) -> bool:
    """As the insights dashboards decide: the state's figures for the state's analysts and
    administrators; a district's for its HR, administrators, union and committee leaders and
    the state's readers. Every figure is suppressed, whoever reads it."""
    if district is None:
        return user.has_perm("dashboards.view_state")
    return user.has_perm("dashboards.view_district", district)
