import pytest

from tandem.organizations.tests.factories import DistrictFactory, SchoolFactory
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import EmploymentFactory, PersonFactory, RoleGrantFactory


@pytest.fixture
def school():
    return SchoolFactory(district=DistrictFactory(region="Hilltowns"))


@pytest.fixture
def district(school):
    return school.district


@pytest.fixture
def hr(district):
    return RoleGrantFactory(district=district, role=RoleGrant.Role.DISTRICT_HR).user


@pytest.fixture
def other_hr():
    """HR of another district."""
    return RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR).user


@pytest.fixture
def teacher(district):
    """A teacher employed in the district: staff, who see its internal postings."""
    return EmploymentFactory(district=district, person=PersonFactory(signs_in=True)).person.user


@pytest.fixture
def principal(school):
    return RoleGrantFactory(
        district=school.district, school=school, role=RoleGrant.Role.PRINCIPAL
    ).user
