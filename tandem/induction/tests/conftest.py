import datetime

import pytest

from tandem.induction.tests.factories import TrainedMentorFactory
from tandem.organizations.tests.factories import DistrictFactory, SchoolFactory, SchoolYearFactory
from tandem.people.tests.factories import (
    EmploymentFactory,
    PersonFactory,
    RoleGrantFactory,
    StaffAssignmentFactory,
)


@pytest.fixture
def district():
    return DistrictFactory()


@pytest.fixture
def year(district):
    """2026-27, the year of the tests' today, after 2025-26."""
    SchoolYearFactory(
        district=district,
        name="2025-26",
        start_date=datetime.date(2025, 9, 2),
        end_date=datetime.date(2026, 6, 19),
    )
    return SchoolYearFactory(district=district)


@pytest.fixture
def school(district):
    return SchoolFactory(district=district, level="middle", grade_span="6-8")


@pytest.fixture
def hr(district):
    return RoleGrantFactory(district=district).user


@pytest.fixture
def beginner(district, school, year):
    """A seventh-grade mathematics teacher in her first year of teaching, hired in August."""
    employment = EmploymentFactory(
        district=district,
        person=PersonFactory(signs_in=True, first_name="Bea", last_name="Ginner"),
        start_date=datetime.date(2026, 8, 24),
    )
    StaffAssignmentFactory(
        employment=employment,
        school=school,
        subject="Mathematics",
        grade_level="7",
        start_date=employment.start_date,
    )
    return employment


@pytest.fixture
def mentor(district, school):
    mentor = TrainedMentorFactory(district=district)
    employment = mentor.person.employments.get()
    StaffAssignmentFactory(employment=employment, school=school, grade_level="8")
    return mentor
