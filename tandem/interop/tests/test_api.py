import pytest

from tandem.evaluation.models import SummativeEvaluation
from tandem.interop.tests.conformance import _resources
from tandem.records.models import AccessLogEntry

pytestmark = pytest.mark.django_db

URL = "/api/ed-fi/performanceEvaluationRatings"


@pytest.fixture
def hr(user_of):
    return user_of("hr@example.org")


def _district_summatives(hr):
    district = hr.role_grants.get().district
    return SummativeEvaluation.objects.filter(
        cycle__district=district,
        status__in=["signed_by_evaluator", "locked"],
        cycle__person__state_id__isnull=False,
    ).exclude(overall_rating="")


def test_a_page_of_ratings_conforms_and_counts_on_request(signed_in, hr):
    response = signed_in(hr).get(URL, {"limit": 5, "offset": 2, "totalCount": "true"})
    assert response.status_code == 200
    ratings = response.json()
    assert len(ratings) == 5
    assert response["Total-Count"] == str(_district_summatives(hr).count())
    validator = _resources()["performanceEvaluationRatings"]
    assert [e.message for r in ratings for e in validator.iter_errors(r)] == []


def test_the_count_is_only_given_on_request(signed_in, hr):
    assert "Total-Count" not in signed_in(hr).get(URL)


def test_a_filter_on_the_key_narrows_to_one_educator_and_logs_what_it_returns(signed_in, hr):
    summative = _district_summatives(hr).select_related("cycle__person").first()
    person_id = summative.cycle.person.state_id
    response = signed_in(hr).get(URL, {"personId": person_id})
    assert {r["personReference"]["personId"] for r in response.json()} == {person_id}
    logged = AccessLogEntry.objects.filter(user=hr, channel=AccessLogEntry.Channel.API)
    assert summative.pk in set(logged.values_list("object_id", flat=True))
    assert logged.count() == len(response.json())


def test_another_districts_ratings_are_not_returned(signed_in, hr):
    other = SummativeEvaluation.objects.exclude(cycle__district=hr.role_grants.get().district)
    person_id = (
        other.filter(status="locked").select_related("cycle__person").first().cycle.person.state_id
    )
    assert signed_in(hr).get(URL, {"personId": person_id}).json() == []


@pytest.mark.parametrize("email", ["teacher@example.org", "principal@example.org"])
def test_who_may_not_export_reads_nothing(signed_in, user_of, email):
    response = signed_in(user_of(email)).get(URL)
    assert response.status_code == 403
    assert not AccessLogEntry.objects.filter(user__email=email, channel="api").exists()


def test_a_bearer_token_reads_the_api(client, hr):
    from tandem.people.services import api_token_create

    _token, secret = api_token_create(user=hr, name="SIS")
    response = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/ed-fi/performanceEvaluations",
        "/api/ed-fi/evaluations",
        "/api/ed-fi/performanceEvaluationRatings",
        "/api/ed-fi/evaluationRatings",
        "/api/ed-fi/evaluationObjectiveRatings",
    ],
)
def test_a_page_takes_the_same_queries_however_deep(signed_in, hr, url, django_assert_num_queries):
    client = signed_in(hr)
    client.get(url, {"limit": 2})
    with django_assert_num_queries(QUERIES[url]):
        response = client.get(url, {"limit": 5, "offset": 5})
    assert len(response.json()) == 5


QUERIES = {
    "/api/ed-fi/performanceEvaluations": 8,
    "/api/ed-fi/evaluations": 9,
    "/api/ed-fi/performanceEvaluationRatings": 10,  # the page's ids, then its rows
    "/api/ed-fi/evaluationRatings": 10,  # the page's ids, then its rows
    "/api/ed-fi/evaluationObjectiveRatings": 10,  # the page's ids, then its rows
}


@pytest.mark.parametrize("value", ["-1", "501", "x"])
def test_a_bad_page_is_refused_with_a_message(signed_in, hr, value):
    response = signed_in(hr).get(URL, {"limit": value})
    assert response.status_code == 422
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "resource",
    ["performanceEvaluations", "evaluations", "evaluationRatings", "evaluationObjectiveRatings"],
)
def test_every_resource_conforms_to_its_tpdm_schema(signed_in, hr, resource):
    documents = signed_in(hr).get(f"/api/ed-fi/{resource}", {"limit": 50}).json()
    validator = _resources()[resource]
    assert documents
    assert [e.message for d in documents for e in validator.iter_errors(d)] == []


def test_performance_evaluations_filter_on_the_plan_type(signed_in, hr):
    plan = "uri://tandem.example.org/PerformanceEvaluationTypeDescriptor#Self-Directed Growth Plan"
    found = (
        signed_in(hr)
        .get("/api/ed-fi/performanceEvaluations", {"performanceEvaluationTypeDescriptor": plan})
        .json()
    )
    assert found and {p["performanceEvaluationTypeDescriptor"] for p in found} == {plan}


@pytest.mark.parametrize(
    "url", ["/api/ed-fi/performanceEvaluationRatings", "/api/ed-fi/evaluationObjectiveRatings"]
)
def test_page_tokens_read_the_same_rows_as_offsets_and_stop_at_the_end(signed_in, hr, url):
    client = signed_in(hr)
    by_offset = client.get(url, {"limit": 500}).json()
    assert 10 < len(by_offset) < 500
    by_token, token = [], None
    while True:
        response = client.get(url, {"limit": 7, **({"pageToken": token} if token else {})})
        by_token += response.json()
        token = response.get("Next-Page-Token")
        if token is None:
            break
    assert by_token == by_offset


def test_a_page_token_that_is_not_a_number_is_refused_and_an_offset_counts_after_it(signed_in, hr):
    client = signed_in(hr)
    assert client.get(URL, {"pageToken": "x1"}).status_code == 422
    first = client.get(URL, {"limit": 3})
    token = first["Next-Page-Token"]
    after = client.get(URL, {"limit": 2, "pageToken": token, "offset": 1}).json()
    assert after == client.get(URL, {"limit": 3, "offset": 4}).json()[:2]
