"""The figures over the API: who may read what, exact or suppressed, and that the API hides
exactly the cells ``suppress`` hides on the same counts."""

import datetime

import pytest

from tandem.evaluation import selectors as evaluation_selectors
from tandem.insights import services
from tandem.insights.selectors import equity, figures
from tandem.people.models import Employment, RoleGrant
from tandem.records.suppression import suppress

pytestmark = pytest.mark.django_db

YEAR = "2025-26"
ROUTES = ("/api/insights/ratings", "/api/insights/equity", "/api/insights/retention")


def _district_of(user):
    return RoleGrant.objects.filter(user=user).exclude(district=None).first().district_id


def _get(client, path, **params):
    return client.get(path, {"year": YEAR, **params})


def _hidden(answer, table=0):
    return {row["key"]: row["hidden"] for row in answer["tables"][table]["rows"]}


def _counts(answer, table=0):
    return {
        row["key"]: [cell["count"] for cell in row["cells"]]
        for row in answer["tables"][table]["rows"]
    }


def test_hr_reads_their_districts_ratings_exact(client, user_of):
    hr = user_of("hr@example.org")
    district_id = _district_of(hr)
    client.force_login(hr)
    answer = _get(client, ROUTES[0], district_id=district_id).json()
    assert answer["exact"] is True
    expected = suppress(
        evaluation_selectors.rating_population(
            district_id=district_id,
            ended_between=(datetime.date(2025, 7, 1), datetime.date(2026, 6, 30)),
        ),
        [evaluation_selectors.STATE_REPORT_GROUPS],
        aggregates_only=False,
    )["ratings"]
    assert answer["tables"][0]["rows"][0]["total"] == expected.grand_total > 0
    assert not any(_hidden(answer).values())


@pytest.mark.parametrize("route", ROUTES)
def test_hr_reads_neither_another_districts_figures_nor_the_states(client, user_of, route):
    hr = user_of("hr@example.org")
    other = RoleGrant.objects.filter(role="district_hr").exclude(district=_district_of(hr))
    client.force_login(hr)
    assert _get(client, route, district_id=other.first().district_id).status_code == 404
    assert _get(client, route).status_code == 404


@pytest.mark.parametrize("route", ROUTES)
def test_a_teacher_reads_no_figures(client, user_of, route):
    teacher = user_of("teacher@example.org")
    client.force_login(teacher)
    own = Employment.objects.filter(person__user=teacher).first().district_id
    assert _get(client, route, district_id=own).status_code == 404
    assert _get(client, route).status_code == 404


def test_no_figures_without_signing_in(client):
    assert _get(client, ROUTES[0]).status_code == 401


@pytest.mark.parametrize("precomputed", [False, True])
@pytest.mark.parametrize("role_group", ["", "teacher", "school_admin"])
def test_a_union_leader_gets_the_cells_suppress_hides(client, user_of, role_group, precomputed):
    """Counted live, or read from a build (the second time from the cache): the same cells."""
    leader = user_of("union.president@example.org")
    district_id = _district_of(leader)
    client.force_login(leader)
    if precomputed:
        services.figures_refresh()
        _get(client, ROUTES[0], district_id=district_id, role_group=role_group)
    answer = _get(client, ROUTES[0], district_id=district_id, role_group=role_group).json()
    assert answer["exact"] is False
    assert (answer["as_of"] is not None) is precomputed
    population = evaluation_selectors.rating_population(
        district_id=district_id,
        ended_between=(datetime.date(2025, 7, 1), datetime.date(2026, 6, 30)),
    )
    if role_group:
        population = {key: n for key, n in population.items() if key[0] == role_group}
    expected = suppress(population, [evaluation_selectors.STATE_REPORT_GROUPS])["ratings"]
    assert _hidden(answer) == {str(row.key): row.hidden for row in expected.as_rows()}
    assert _counts(answer) == {
        str(row.key): [count for count, _share in row.cells] for row in expected.as_rows()
    }
    for row in answer["tables"][0]["rows"]:
        if row["hidden"]:
            assert row["total"] is None and row["reason"]
            assert all(cell["count"] is None and cell["percent"] is None for cell in row["cells"])


def test_a_school_administrators_row_is_hidden_from_a_leader(client, user_of):
    """A district's few school administrators are a small group: a leader never sees them."""
    leader = user_of("union.president@example.org")
    client.force_login(leader)
    answer = _get(
        client, ROUTES[0], district_id=_district_of(leader), role_group="school_admin"
    ).json()
    assert _hidden(answer)["principals"] is True


def test_a_leader_reads_no_other_districts_figures(client, user_of):
    leader = user_of("union.president@example.org")
    other = RoleGrant.objects.filter(role="district_hr").exclude(district=_district_of(leader))
    client.force_login(leader)
    for route in ROUTES:
        assert _get(client, route, district_id=other.first().district_id).status_code == 404


def test_the_analyst_reads_the_states_figures_suppressed(client, user_of):
    client.force_login(user_of("analyst@example.org"))
    for route in ROUTES:
        answer = _get(client, route).json()
        assert answer["exact"] is False and answer["district_id"] is None
        assert answer["tables"][0]["rows"]


def test_equity_for_hr_is_the_selectors_counts_and_for_a_leader_what_suppress_shows(
    client, user_of
):
    hr = user_of("hr@example.org")
    district_id = _district_of(hr)
    schools = equity.schools(YEAR, district_id)
    client.force_login(hr)
    exact = _get(client, ROUTES[1], district_id=district_id).json()
    by_name = {table["name"]: table for table in exact["tables"]}
    for measure in equity.MEASURES:
        every = by_name[measure]["rows"][0]
        assert every["key"] == "all"
        assert every["cells"][0]["count"] == sum(getattr(s.counts, measure) for s in schools)
        assert every["total"] == sum(s.counts.teachers for s in schools) > 0
        assert by_name[measure]["how"]
    school_rows = {row["key"] for row in by_name["ineffective"]["rows"]}
    assert {str(s.school_id) for s in schools} <= school_rows

    client.force_login(user_of("union.president@example.org"))
    leader_district = _district_of(user_of("union.president@example.org"))
    suppressed = _get(client, ROUTES[1], district_id=leader_district).json()
    assert suppressed["exact"] is False
    tables = figures.equity_tables(figures.Filters(YEAR, leader_district), aggregates_only=True)
    for index, (_name, table) in enumerate(tables.items()):
        assert _hidden(suppressed, index) == {str(r.key): r.hidden for r in table.as_rows()}


def test_retention_by_a_grouping_for_the_district(client, user_of):
    hr = user_of("hr@example.org")
    client.force_login(hr)
    answer = _get(client, ROUTES[2], district_id=_district_of(hr), by="role_group").json()
    rows = answer["tables"][0]["rows"]
    assert rows[0]["key"] == "all" and ":" in rows[1]["key"]
    assert rows[0]["total"] == sum(row["total"] for row in rows[1:])
    assert answer["tables"][0]["how"]


@pytest.mark.parametrize(
    "params",
    [
        {"year": "2025"},
        {"year": YEAR, "role_group": "boss"},
        {"year": YEAR, "plan_type": "x"},
    ],
)
def test_unreadable_filters_are_refused_by_name(client, user_of, params):
    client.force_login(user_of("analyst@example.org"))
    answer = client.get(ROUTES[0], params)
    assert answer.status_code == 422
    assert any(name in str(answer.json()["detail"]) for name in params)


@pytest.mark.parametrize("route", ROUTES)
def test_a_year_no_district_keeps_is_not_found(client, user_of, route):
    client.force_login(user_of("analyst@example.org"))
    answer = client.get(route, {"year": "0000-00"})
    assert answer.status_code == 404


def test_the_figures_are_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for route in ROUTES:
        assert route in paths and "404" in paths[route]["get"]["responses"]
