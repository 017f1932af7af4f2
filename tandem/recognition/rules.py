"""Who runs a program, and who may read a nomination, read an application or score it.

Called directly by the pages and the services, as learning's rules are: a superuser gets no
more than the roles give. Anyone signed in nominates; the nominee applies.
"""

import rules

from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of
from tandem.recognition.models import Application, Nomination, Program
from tandem.recognition.selectors import conflict_of, is_reader


@rules.predicate
def runs_program(user, program: Program) -> bool:
    """The program's staff: the state administrator for a state program; the district's HR
    and administrators for a district's."""
    roles = roles_of(user)
    if program.district_id is not None:
        return program.district_id in roles.personnel_districts
    return roles.holds(RoleGrant.Role.STATE_ADMIN)


@rules.predicate
def reads_nomination(user, nomination: Nomination) -> bool:
    """The nominee, the nominator (their own nomination) and the program's staff."""
    if not user.is_authenticated:
        return False
    return (
        nomination.nominator_id == user.pk
        or roles_of(user).person_id == nomination.person_id
        or runs_program(user, nomination.cycle.program)
    )


@rules.predicate
def scores_application(user, application: Application) -> bool:
    """A reader of the cycle with no conflict of interest with the applicant."""
    return is_reader(user, application.cycle) and conflict_of(user, application) is None


@rules.predicate
def reads_application(user, application: Application) -> bool:
    """The applicant, the program's staff, and the readers who may score it."""
    if not user.is_authenticated:
        return False
    return (
        roles_of(user).person_id == application.person_id
        or runs_program(user, application.cycle.program)
        or scores_application(user, application)
    )
