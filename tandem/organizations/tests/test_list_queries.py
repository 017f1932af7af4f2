"""The directories of districts and schools, pages and API, make as many queries for 30 rows as
for 3 (STYLE.md §9: an N+1 fails here)."""

import pytest

from tandem.organizations.tests.factories import DistrictFactory, SchoolFactory
from tandem.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROWS = [3, 30]


def _districts_with_a_school(rows):
    for district in DistrictFactory.create_batch(rows):
        SchoolFactory(district=district)


@pytest.mark.parametrize("rows", ROWS)
def test_the_district_directory_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    _districts_with_a_school(rows)
    signed_in(UserFactory())
    response = pinned_queries("/districts/?q=Factory+District", 7)
    assert response.context["page"].paginator.count == rows


@pytest.mark.parametrize("rows", ROWS)
def test_the_school_directory_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    _districts_with_a_school(rows)
    signed_in(UserFactory())
    response = pinned_queries("/schools/?q=Factory+School", 7)
    assert response.context["page"].paginator.count == rows


@pytest.mark.parametrize("rows", ROWS)
def test_the_district_list_endpoint_makes_a_fixed_number_of_queries(
    rows, signed_in, pinned_queries
):
    _districts_with_a_school(rows)
    signed_in(UserFactory())
    response = pinned_queries("/api/districts?q=Factory+District&limit=50", 6)
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", ROWS)
def test_the_school_list_endpoint_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    _districts_with_a_school(rows)
    signed_in(UserFactory())
    response = pinned_queries("/api/schools?q=Factory+School&limit=50", 6)
    assert response.json()["count"] == rows
