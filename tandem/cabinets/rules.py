"""Who may run, open and answer the advisory cabinets: each "who may" once, used by the pages
and the services alike.

State staff (the state administrator) run the cabinets; a member opens their cabinet's pages
while a term is in force; an applicant reads their own application. Nobody else sees any of it.
"""

import rules

from tandem.cabinets.models import Application, Cabinet, Term
from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of


@rules.predicate
def runs_cabinets(user) -> bool:
    return user.is_authenticated and roles_of(user).holds(RoleGrant.Role.STATE_ADMIN)


@rules.predicate
def is_member(user, cabinet: Cabinet) -> bool:
    """A term of the user's in force today: a former member no longer opens the pages."""
    if not user.is_authenticated:
        return False
    roles = roles_of(user)
    if roles.person_id is None:
        return False
    return Term.objects.filter(
        cabinet=cabinet, person_id=roles.person_id, starts_on__lte=roles.day, ends_on__gte=roles.day
    ).exists()


@rules.predicate
def opens_cabinet(user, cabinet: Cabinet) -> bool:
    return runs_cabinets(user) or is_member(user, cabinet)


@rules.predicate
def reads_application(user, application: Application) -> bool:
    if not user.is_authenticated:
        return False
    return roles_of(user).person_id == application.person_id or runs_cabinets(user)
