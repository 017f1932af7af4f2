"""The directories of districts and schools, pages and API, make as many queries for 30 rows as
for 3 (STYLE.md §9: an N+1 fails here)."""

import pytest

from tandem.organizations.tests.factories import DistrictFactory, SchoolFactory
from tandem.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        pytest.param("/districts/?q=Factory+District", 7, id="district page"),
        pytest.param("/schools/?q=Factory+School", 7, id="school page"),
        pytest.param("/api/districts?q=Factory+District&limit=50", 6, id="district api"),
        pytest.param("/api/schools?q=Factory+School&limit=50", 6, id="school api"),
    ],
)
def test_a_directory_makes_a_fixed_number_of_queries(
    rows, url, queries, listed, signed_in, pinned_queries
):
    for district in DistrictFactory.create_batch(rows):
        SchoolFactory(district=district)
    signed_in(UserFactory())
    assert listed(pinned_queries(url, queries)) == rows
