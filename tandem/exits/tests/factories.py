"""Factories of exits: an employment ready to end, with HR of its district to end it."""

import datetime

from tandem.people.tests.factories import (
    EmploymentFactory,
    PersonFactory,
    RoleGrantFactory,
    StaffAssignmentFactory,
)

LAST_DAY = datetime.date(2026, 12, 18)


def leaver(**kwargs):
    """An educator who signs in, employed and assigned in a district since 2018, also its
    principal of one school (a role grant to end with the employment)."""
    person = PersonFactory(signs_in=True)
    employment = EmploymentFactory(person=person, **kwargs)
    assignment = StaffAssignmentFactory(employment=employment)
    RoleGrantFactory(user=person.user, role="principal", district=None, school=assignment.school)
    return employment


def hr_of(district):
    return RoleGrantFactory(district=district).user
