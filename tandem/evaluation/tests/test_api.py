"""Evaluation cycles over the API, with the same permissions and access log as the pages."""

import uuid

import pytest

from tandem.evaluation.models import EvaluationCycle, Observation
from tandem.evaluation.tests.demo_cycles import demo_cycle
from tandem.people.services import api_token_create
from tandem.records.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def _bearer(user):
    _token, raw = api_token_create(user=user, name="sis")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def cycle():
    return demo_cycle("implementation", employment__role_group="teacher", leave_demo_accounts=True)


def test_the_evaluator_records_an_observation_once_even_when_sent_twice(client, cycle):
    headers = _bearer(cycle.primary_evaluator.user)
    body = {
        "kind": "unannounced",
        "observed_on": "2026-11-23",
        "duration_minutes": 12,
        "notes": "Exit tickets collected; most could name the main idea.",
        "element_codes": ["I-B-1", "II-A-2"],
        "client_id": str(uuid.uuid4()),
    }
    first = client.post(
        f"/api/cycles/{cycle.pk}/observations", body, content_type="application/json", **headers
    )
    again = client.post(
        f"/api/cycles/{cycle.pk}/observations", body, content_type="application/json", **headers
    )
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert sorted(first.json()["element_codes"]) == ["I-B-1", "II-A-2"]
    assert Observation.objects.filter(cycle=cycle).count() == 1


def test_an_unknown_element_is_a_422_and_nothing_is_stored(client, cycle):
    response = client.post(
        f"/api/cycles/{cycle.pk}/observations",
        {
            "kind": "announced",
            "observed_on": "2026-11-23",
            "duration_minutes": 40,
            "element_codes": ["IX-Z-9"],
        },
        content_type="application/json",
        **_bearer(cycle.primary_evaluator.user),
    )
    assert response.status_code == 422
    assert "IX-Z-9" in response.json()["detail"][0]
    assert not Observation.objects.filter(cycle=cycle).exists()


def test_the_educator_may_read_but_not_record_observations(client, cycle):
    headers = _bearer(cycle.person.user)
    response = client.post(
        f"/api/cycles/{cycle.pk}/observations",
        {"kind": "announced", "observed_on": "2026-11-23", "duration_minutes": 40},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 403
    assert client.get(f"/api/cycles/{cycle.pk}/observations", **headers).status_code == 200


@pytest.mark.parametrize(
    "email", ["union.president@example.org", "committee.chair@example.org", "analyst@example.org"]
)
def test_those_without_a_right_to_the_record_get_nothing(client, cycle, user_of, email):
    headers = _bearer(user_of(email))
    assert client.get(f"/api/cycles/{cycle.pk}", **headers).status_code == 404
    listed = client.get("/api/cycles?current=false&limit=200", **headers).json()
    assert cycle.pk not in {row["id"] for row in listed["items"]}


def test_each_cycle_returned_by_the_list_is_logged(client, user_of):
    hr = user_of("hr@example.org")
    response = client.get("/api/cycles?limit=7", **_bearer(hr)).json()
    assert len(response["items"]) == 7 and response["count"] > 7
    logged = set(
        AccessLogEntry.objects.filter(user=hr, channel="api").values_list("object_id", flat=True)
    )
    assert logged == {row["id"] for row in response["items"]}


def test_the_educator_proposes_a_goal_through_the_api(client, user_of):
    teacher = user_of("teacher@example.org")
    cycle = EvaluationCycle.objects.get(person__user=teacher)
    response = client.post(
        f"/api/cycles/{cycle.pk}/goals",
        {
            "kind": "student_learning",
            "statement": "By June, 18 of 22 students will read at benchmark.",
        },
        content_type="application/json",
        **_bearer(teacher),
    )
    assert response.status_code == 201
    assert response.json()["status"] == "proposed"


def test_the_evaluator_saves_the_summative_draft_and_a_stale_version_is_a_409(client, cycle):
    headers = _bearer(cycle.primary_evaluator.user)
    body = {
        "version": 1,
        "ratings": [
            {"standard": "I", "level": "proficient"},
            {"standard": "II", "level": "exemplary"},
        ],
        "overall_rating": "proficient",
        "rationale": "Consistent evidence from observations and unit assessments.",
        "next_plan_type": "self_directed",
    }
    first = client.put(
        f"/api/cycles/{cycle.pk}/summative", body, content_type="application/json", **headers
    )
    assert first.status_code == 200
    assert {r["standard"]: r["level"] for r in first.json()["ratings"]} == {
        "I": "proficient",
        "II": "exemplary",
    }
    stale = client.put(
        f"/api/cycles/{cycle.pk}/summative", body, content_type="application/json", **headers
    )
    assert stale.status_code == 409
    assert "newer version" in stale.json()["detail"][0]
    body["version"] = first.json()["version"]
    again = client.put(
        f"/api/cycles/{cycle.pk}/summative", body, content_type="application/json", **headers
    )
    assert again.status_code == 200


def test_the_educator_cannot_write_the_summative_and_cannot_read_the_draft(client, cycle):
    headers = _bearer(cycle.person.user)
    body = {"version": 1, "overall_rating": "exemplary"}
    assert (
        client.put(
            f"/api/cycles/{cycle.pk}/summative", body, content_type="application/json", **headers
        ).status_code
        == 403
    )
    client.put(
        f"/api/cycles/{cycle.pk}/summative",
        {"version": 1, "overall_rating": "proficient"},
        content_type="application/json",
        **_bearer(cycle.primary_evaluator.user),
    )
    assert client.get(f"/api/cycles/{cycle.pk}/summative", **headers).status_code == 404


def test_evidence_lists_files_by_a_permission_checked_link(client, cycle):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tandem.evaluation.services.observations import evidence_add

    evidence_add(
        cycle_id=cycle.pk,
        by=cycle.person.user,
        kind="artifact",
        title="Unit plan",
        upload=SimpleUploadedFile("unit.pdf", b"%PDF-1.4 unit"),
    )
    rows = client.get(f"/api/cycles/{cycle.pk}/evidence", **_bearer(cycle.person.user)).json()
    assert rows[0]["file_url"] == f"/cycles/{cycle.pk}/evidence/{rows[0]['id']}/file/"
