"""A small district of the tests' own for the state reporting: its school year (2026-27, the
year of the tests' today), a school, standards I to IV, and the people who read its roster."""

import pytest

from tandem.organizations.tests.factories import DistrictFactory, SchoolFactory, SchoolYearFactory
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import (
    EmploymentFactory,
    RoleGrantFactory,
    StaffAssignmentFactory,
)
from tandem.reporting.tests.factories import (
    SignedSummativeFactory,
    StandardRatingFactory,
    massachusetts_standards,
)


@pytest.fixture
def district():
    return DistrictFactory()


@pytest.fixture
def year(district):
    return SchoolYearFactory(district=district)


@pytest.fixture
def school(district):
    return SchoolFactory(district=district)


@pytest.fixture
def standards():
    return massachusetts_standards()


@pytest.fixture
def hr(district):
    return RoleGrantFactory(district=district).user


@pytest.fixture
def administrator(district):
    return RoleGrantFactory(district=district, role=RoleGrant.Role.DISTRICT_ADMIN).user


@pytest.fixture
def state_admin():
    return RoleGrantFactory(district=None, role=RoleGrant.Role.STATE_ADMIN).user


@pytest.fixture
def educator(district, school, year):
    """``educator(**employment)``: an educator assigned full time to the school, not rated."""

    def make(**kwargs):
        employment = EmploymentFactory(district=district, **kwargs)
        StaffAssignmentFactory(employment=employment, school=school)
        return employment

    return make


@pytest.fixture
def rated(standards):
    """``rated(employment, overall, levels)``: a signed summative of a cycle that ends in the
    year, rated on the standards named in ``levels`` (code → level; every one by default)."""

    def rate(employment, overall="proficient", levels=None, **kwargs):
        summative = SignedSummativeFactory(
            cycle__employment=employment, overall_rating=overall, **kwargs
        )
        for code, level in (levels or dict.fromkeys(standards, overall)).items():
            StandardRatingFactory(summative=summative, standard=standards[code], level=level)
        return summative

    return rate
