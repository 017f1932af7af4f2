"""Ratings from before Tandem: read by those who may read the personnel record, and logged."""

import pytest
from django.urls import reverse

from tandem.evaluation.tests.factories import PriorRatingFactory
from tandem.people.tests.factories import EmploymentFactory, PersonFactory, RoleGrantFactory
from tandem.records.models import AccessLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def rating():
    return PriorRatingFactory(
        employment=EmploymentFactory(person=PersonFactory(signs_in=True)),
        overall_rating="needs_improvement",
    )


def _open(client, user, rating):
    client.force_login(user)
    return client.get(reverse("evaluation:prior_ratings", args=[rating.employment_id]))


def test_district_hr_reads_them_and_the_educator_sees_who_did(client, rating):
    hr = RoleGrantFactory(district=rating.employment.district).user
    page = _open(client, hr, rating)
    assert page.status_code == 200
    assert "Needs Improvement" in page.content.decode()
    entry = AccessLogEntry.objects.get(user=hr)
    assert (entry.object_id, entry.subject_id) == (rating.pk, rating.employment.person_id)


def test_the_educator_reads_her_own(client, rating):
    assert _open(client, rating.employment.person.user, rating).status_code == 200


def test_a_colleague_and_another_districts_hr_do_not(client, rating):
    colleague = EmploymentFactory(
        district=rating.employment.district, person=PersonFactory(signs_in=True)
    )
    assert _open(client, colleague.person.user, rating).status_code == 404
    assert _open(client, RoleGrantFactory().user, rating).status_code == 404
    assert not AccessLogEntry.objects.filter(object_id=rating.pk).exists()


def test_the_page_reads_in_a_fixed_number_of_queries(client, rating, django_assert_num_queries):
    hr = RoleGrantFactory(district=rating.employment.district).user
    _open(client, hr, rating)
    for year in ("2021-22", "2022-23"):
        PriorRatingFactory(employment=rating.employment, school_year__name=year)
    with django_assert_num_queries(8):
        assert (
            client.get(reverse("evaluation:prior_ratings", args=[rating.employment_id])).status_code
            == 200
        )
