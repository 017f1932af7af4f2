"""GET /api/postings/: the careers pages' open external postings and filters, public."""

import datetime

import pytest

from tandem.hiring.models import Posting
from tandem.hiring.tests.factories import PostingFactory, RequiredLicenseFactory, VacancyFactory

pytestmark = pytest.mark.django_db


def test_anyone_lists_open_external_postings_with_the_filters(client, school, teacher):
    posting = PostingFactory(vacancy=VacancyFactory(school=school, grade_levels="6-8"))
    RequiredLicenseFactory(vacancy=posting.vacancy, field="Mathematics")
    PostingFactory(vacancy=VacancyFactory(school=school), audience=Posting.Audience.INTERNAL)
    PostingFactory(vacancy=VacancyFactory(school=school), opens_on=datetime.date(2026, 12, 1))
    response = client.get("/api/postings", {"district_id": school.district_id})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["items"][0]
    assert (row["id"], row["title"], row["school"], row["fte"]) == (
        posting.pk,
        posting.vacancy.title,
        school.name,
        1.0,
    )
    assert row["url"] == f"/careers/postings/{posting.pk}/"
    query = {"district_id": school.district_id}
    assert client.get("/api/postings", {**query, "grade": 7}).json()["count"] == 1
    assert client.get("/api/postings", {**query, "grade": 9}).json()["count"] == 0
    assert (
        client.get("/api/postings", {**query, "license_field": "mathematics"}).json()["count"] == 1
    )
    # Internal postings stay off the API even for the district's staff: it asks no sign-in.
    client.force_login(teacher)
    assert client.get("/api/postings", query).json()["count"] == 1


def test_a_bad_filter_is_a_422_naming_it(client):
    response = client.get("/api/postings", {"grade": 13})
    assert response.status_code == 422
    assert "grade" in str(response.json()["detail"])


def test_the_list_is_paginated(client, school):
    for _n in range(3):
        PostingFactory(vacancy=VacancyFactory(school=school))
    body = client.get(
        "/api/postings", {"district_id": school.district_id, "limit": 2, "offset": 2}
    ).json()
    assert (body["count"], len(body["items"])) == (3, 1)
