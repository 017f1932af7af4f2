"""The staff directory, the access log, the API tokens and the people endpoints make as many
queries for 30 rows as for 3 (STYLE.md §9: an N+1 fails here)."""

import pytest

from tandem.evaluation.tests.factories import EvaluationCycleFactory
from tandem.organizations.tests.factories import DistrictFactory, SchoolFactory
from tandem.people.tests.factories import (
    ApiTokenFactory,
    EmploymentFactory,
    PersonFactory,
    RoleGrantFactory,
    StaffAssignmentFactory,
    UserFactory,
)
from tandem.records.tests.factories import AccessLogEntryFactory

pytestmark = pytest.mark.django_db


def _hr_of_a_district_of(rows):
    """District HR of a district of ``rows`` teachers, each assigned to one of its schools."""
    district = DistrictFactory()
    school = SchoolFactory(district=district)
    StaffAssignmentFactory.create_batch(rows, employment__district=district, school=school)
    return RoleGrantFactory(district=district).user


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        pytest.param("/educators/", 10, id="staff directory"),
        pytest.param("/api/educators?limit=50", 7, id="educator api"),
        pytest.param("/api/assignments?limit=50", 7, id="assignment api"),
    ],
)
def test_a_districts_staff_list_makes_a_fixed_number_of_queries(
    rows, url, queries, listed, signed_in, pinned_queries
):
    signed_in(_hr_of_a_district_of(rows))
    assert listed(pinned_queries(url, queries)) == rows


def test_the_access_log_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    """Readers, records and relations are read once per page, not once per reader or record
    (issue 11): 18 = the session and user (2), the user's roles (4), the filter's readers, the
    days and their count (2), the counts, the readers, one query per kind of record opened (2
    here) and the relations to the educator (5)."""
    educator = PersonFactory(signs_in=True)
    employment = EmploymentFactory(person=educator)
    cycle = EvaluationCycleFactory(employment=employment)
    for grant in RoleGrantFactory.create_batch(rows, district=employment.district):
        AccessLogEntryFactory(user=grant.user, target=employment)
        AccessLogEntryFactory(user=grant.user, target=cycle)
    signed_in(educator.user)
    response = pinned_queries("/me/access-log/", 18)
    (day,) = response.context["days"]
    assert len(day.readers) == rows


def test_the_api_token_list_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    user = UserFactory()
    ApiTokenFactory.create_batch(rows, user=user)
    signed_in(user)
    response = pinned_queries("/me/tokens/", 5)
    assert len(response.context["tokens"]) == rows
