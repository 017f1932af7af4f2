"""The rubric list, page and API, makes as many queries for 30 versions as for 3 (STYLE.md §9:
an N+1 fails here)."""

import pytest

from tandem.organizations.tests.factories import DistrictFactory
from tandem.people.tests.factories import UserFactory
from tandem.rubrics.models import FrameworkVersion
from tandem.rubrics.tests.factories import FrameworkVersionFactory

pytestmark = pytest.mark.django_db


def _district_frameworks(rows):
    """``rows`` versions of district frameworks, as the list shows the district of each."""
    district = DistrictFactory()
    FrameworkVersionFactory.create_batch(rows, framework__district=district)


def test_the_rubric_list_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    _district_frameworks(rows)
    signed_in(UserFactory())
    response = pinned_queries("/rubrics/?q=Factory+rubric", 7)
    assert len(response.context["versions"]) == rows


def test_the_framework_list_endpoint_makes_a_fixed_number_of_queries(
    rows, signed_in, pinned_queries
):
    """The endpoint has no search: it lists the demo's versions too, with the new ones."""
    demo = FrameworkVersion.objects.count()
    _district_frameworks(rows)
    signed_in(UserFactory())
    response = pinned_queries("/api/frameworks?limit=200", 6)
    assert response.json()["count"] == demo + rows
