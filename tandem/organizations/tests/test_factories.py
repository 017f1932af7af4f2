"""Each factory of the structure and calendar builds a row its model accepts."""

import pytest

from tandem.organizations.models import StateAgency
from tandem.organizations.tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory",
    [
        factories.StateAgencyFactory,
        factories.DistrictFactory,
        factories.SchoolFactory,
        factories.SchoolYearFactory,
        factories.NonSchoolDayFactory,
        factories.BargainingUnitFactory,
    ],
    ids=lambda f: f.__name__,
)
def test_the_factory_builds_a_valid_row(factory):
    factory().full_clean()


def test_a_factory_district_belongs_to_the_demos_state_agency():
    """The state agency is looked up by its code, so factories add districts to the one state."""
    assert factories.DistrictFactory().state == StateAgency.objects.get()


def test_a_school_is_in_its_districts_school_year():
    school = factories.SchoolFactory()
    year = factories.SchoolYearFactory(district=school.district)
    assert year.district == school.district and year.end_date > year.start_date
