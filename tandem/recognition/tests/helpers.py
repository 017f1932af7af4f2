"""Educators for the recognition tests: who works where, licensed or not."""

import datetime

from tandem.licensure.tests.factories import LicenseFactory
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import (
    EmploymentFactory,
    PersonFactory,
    RoleGrantFactory,
    StaffAssignmentFactory,
)


def educator(*, licensed=True, signs_in=True, **employment):
    """A full-time grade-four math teacher since 2018 (licensed for it unless told), with a
    sign-in; returns their employment."""
    person = PersonFactory(signs_in=signs_in)
    employment = EmploymentFactory(person=person, **employment)
    StaffAssignmentFactory(employment=employment)
    if licensed:
        LicenseFactory(
            person=person,
            grade_levels="1-6",
            issued_on=datetime.date(2020, 7, 1),
            expires_on=datetime.date(2030, 6, 30),
        )
    return employment


def state_admin():
    return RoleGrantFactory(role=RoleGrant.Role.STATE_ADMIN, district=None).user


def district_hr(district):
    return RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR, district=district).user
