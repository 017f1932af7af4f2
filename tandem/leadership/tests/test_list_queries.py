"""The lists' queries do not grow with their rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.evaluation.tests.factories import EvaluationCycleFactory
from tandem.leadership.tests.factories import LatticeLevelFactory, LeadershipRoleFactory
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import EmploymentFactory, RoleGrantFactory

pytestmark = pytest.mark.django_db


def _count(client, url, **query):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, query).status_code == 200
    return len(captured)


def test_the_catalog_asks_the_same_queries_for_three_roles_or_twelve(client):
    grant = RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR)
    client.force_login(grant.user)
    LeadershipRoleFactory.create_batch(3, district=grant.district)
    url = reverse("leadership:role_list")
    few = _count(client, url, district=grant.district.pk)
    LeadershipRoleFactory.create_batch(9, district=grant.district)
    assert _count(client, url, district=grant.district.pk) == few


def test_the_eligible_list_asks_the_same_queries_for_two_educators_or_eight(client):
    grant = RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR)
    client.force_login(grant.user)
    LatticeLevelFactory(
        district=grant.district, rank=1, minimum_rating="proficient", minimum_years=2
    )

    def educators(n):
        for _ in range(n):
            employment = EmploymentFactory(
                district=grant.district, start_date=datetime.date(2018, 8, 27)
            )
            EvaluationCycleFactory(employment=employment, overall_rating="proficient")

    educators(2)
    url = reverse("leadership:eligible", args=[grant.district.pk])
    _count(client, url)  # the first reading fetches the access log's content type, then cached
    few = _count(client, url)
    educators(6)
    assert _count(client, url) == few
