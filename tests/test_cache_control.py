"""Confidential answers are never kept by a browser or a proxy (issue 11).

Every answer without a ``Cache-Control`` of its own is ``no-store, private``
(``tandem.records.middleware.NoStoreMiddleware``): a cycle's page, its PDF, the API.
"""

import pytest

from tandem.evaluation.models import EvaluationCycle
from tandem.people.services import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(user_of):
    return user_of("teacher@example.org")


@pytest.fixture
def cycle(teacher):
    return EvaluationCycle.objects.filter(person=teacher.person).order_by("-pk").first()


def _directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.mark.parametrize(
    "address",
    [
        "/cycles/{pk}/",
        "/cycles/{pk}/self-assessment/",
        "/cycles/{pk}/plan/",
        "/cycles/{pk}/forms/self-assessment.pdf",
        "/me/evaluation-record.zip",
        "/me/access-log/",
    ],
)
def test_a_confidential_page_or_download_is_not_stored(client, teacher, cycle, address):
    client.force_login(teacher)
    response = client.get(address.format(pk=cycle.pk))
    assert response.status_code == 200
    assert {"no-store", "private"} <= _directives(response)


def test_an_api_answer_read_with_a_token_is_not_stored(client, teacher, cycle):
    _token, raw = api_token_create(user=teacher, name="sis")
    response = client.get(f"/api/cycles/{cycle.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert {"no-store", "private"} <= _directives(response)


def test_a_personnel_page_is_not_stored(client, user_of, teacher):
    client.force_login(user_of("principal@example.org"))
    employment = teacher.person.employments.get()
    response = client.get(f"/educators/{employment.pk}/")
    assert response.status_code == 200
    assert {"no-store", "private"} <= _directives(response)


def test_a_view_that_sets_its_own_cache_control_keeps_it(client, teacher):
    """The offline service worker is revalidated on each visit, not forbidden from the cache."""
    client.force_login(teacher)
    assert client.get("/cycles/sw.js")["Cache-Control"] == "no-cache"
