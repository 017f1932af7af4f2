"""Every integer a page reads from the query string or a form, past the database's range (issue 11).

A number the database cannot hold answered 500 (SQLite cannot bind it; PostgreSQL refuses it
in some comparisons). Pages now read such numbers as the API does (``tandem.api_types.ObjectId``):
out of range is no number at all, so the filter is ignored; an identifier in the path is a 404.
Run this file on PostgreSQL too (``scripts/with-postgres``): the two fail differently.
"""

import pytest

from tandem.evaluation.models import EvaluationCycle
from tandem.people.models import RoleGrant

pytestmark = pytest.mark.django_db

HUGE = "9" * 25
TOO_BIG = str(2**63)
# Past a bigint both ways, and past a 32-bit integer (PostgreSQL's ``integer`` columns).
NUMBERS = [HUGE, TOO_BIG, str(-(2**63) - 1), str(2**31)]
GOAL = "By June, every student will write a complete argument."


@pytest.fixture
def world(user_of):
    principal = user_of("principal@example.org")
    cycle = (
        EvaluationCycle.objects.filter(
            primary_evaluator=principal.person, step__in=["self_assessment", "educator_plan"]
        )
        .order_by("pk")
        .first()
    )
    teacher = user_of("teacher@example.org")
    team = teacher.person.employments.get().district.team
    district = RoleGrant.objects.get(user=user_of("district.admin@example.org")).district
    return {
        "cycle": cycle.pk,
        "own_cycle": teacher.person.employments.get().evaluation_cycles.get().pk,
        "team": team.pk,
        "plan": team.plans.get().pk,
        "district": district.pk,
        "version": 1,
    }


# (who, method, address, data): every page that reads an integer from GET or POST.
PAGES = [
    ("hr", "get", "/educators/?district={n}", None),
    ("hr", "get", "/educators/?school={n}", None),
    ("hr", "get", "/educators/?district={district}&school={n}", None),
    ("hr", "get", "/schools/?district={n}", None),
    ("facilitator", "get", "/partnership/?program={n}", None),
    ("facilitator", "get", "/partnership/engagements.csv?program={n}", None),
    ("superintendent", "get", "/partnership/inquire/?program={n}", None),
    ("facilitator", "get", "/plans/{plan}/compare/?a={n}&b={n}", None),
    ("facilitator", "get", "/teams/{team}/agreements/new/?issue={n}", None),
    (
        "principal",
        "post",
        "/cycles/{cycle}/plan/goals/?team={n}",
        {"new-kind": "professional_practice", "new-statement": GOAL, "team": "{n}"},
    ),
    (
        "principal",
        "post",
        "/cycles/{cycle}/plan/goals/",
        {"new-kind": "professional_practice", "new-statement": GOAL, "team": "{n}"},
    ),
    ("teacher", "post", "/cycles/{own_cycle}/shares/", {"shared_with": "{n}"}),
    ("facilitator", "post", "/resources/", {"team": "{n}"}),
    ("facilitator", "post", "/gallery/moderation/", {"comment": "{n}"}),
    ("state_admin", "post", "/rubrics/versions/1/publish/", {"version": "{n}"}),
    ("district_admin", "post", "/rubrics/versions/1/adopt/", {"district": "{n}"}),
    ("district_admin", "get", "/districts/{district}/settings/propose/?unit={n}", None),
]
# Identifiers in the path: no such record.
PATHS = [
    ("hr", "/educators/{n}/"),
    ("hr", "/schools/{n}/"),
    ("hr", "/districts/{n}/"),
    ("principal", "/cycles/{n}/"),
    ("principal", "/cycles/{n}/plan/"),
    ("facilitator", "/plans/{n}/compare/"),
    ("facilitator", "/teams/{n}/"),
    ("state_admin", "/rubrics/versions/{n}/"),
]
EMAILS = {
    "hr": "hr@example.org",
    "facilitator": "facilitator@example.org",
    "superintendent": "superintendent@example.org",
    "principal": "principal@example.org",
    "teacher": "teacher@example.org",
    "state_admin": "state.admin@example.org",
    "district_admin": "district.admin@example.org",
}


@pytest.mark.parametrize("number", NUMBERS)
@pytest.mark.parametrize(("who", "method", "address", "data"), PAGES)
def test_an_integer_out_of_range_is_ignored_not_a_server_error(
    reauthenticated, user_of, world, who, method, address, data, number
):
    client = reauthenticated(user_of(EMAILS[who]))
    values = {**world, "n": number}
    url = address.format(**values)
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, {key: value.format(**values) for key, value in data.items()})
    assert response.status_code < 500, url


@pytest.mark.parametrize("number", [HUGE, TOO_BIG])
@pytest.mark.parametrize(("who", "address"), PATHS)
def test_an_identifier_out_of_range_in_the_path_is_not_found(client, user_of, who, address, number):
    client.force_login(user_of(EMAILS[who]))
    assert client.get(address.format(n=number)).status_code == 404
