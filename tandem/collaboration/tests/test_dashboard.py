"""The facilitator's dashboard (issue 5): a facilitator's own teams, and no one else's."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.collaboration.models import Team
from tandem.collaboration.selectors.dashboard import facilitated_teams
from tandem.collaboration.services.meetings import meeting_cancel
from tandem.collaboration.tests.first_team import TODAY
from tandem.people.models import RoleGrant

pytestmark = pytest.mark.django_db

URL = "/partnership/facilitator/"


def test_the_facilitator_sees_where_each_of_their_teams_stands(client, team, user_of):
    facilitator = user_of("facilitator@example.org")
    rows = {row.team.pk: row for row in facilitated_teams(user=facilitator, day=TODAY)}
    assert set(rows) == set(
        Team.objects.filter(facilitator=facilitator).values_list("pk", flat=True)
    )
    row = rows[team.pk]
    assert row.stage == "Enrolled"
    assert ("Joint Strategic Planning", "First meeting held; leaders agreeing") in row.programs
    assert row.attended > 0 and row.last_met.date() < TODAY
    assert row.open_items >= row.overdue_items > 0
    assert row.survey.school_year == 2025 and row.survey.shown

    client.force_login(facilitator)
    page = client.get(URL).content.decode()
    assert team.district.name in page and "First meeting held; leaders agreeing" in page


def test_a_team_below_the_survey_threshold_shows_no_result(user_of):
    facilitator = user_of("facilitator@example.org")
    rows = facilitated_teams(user=facilitator, day=TODAY)
    assert any(row.survey is None for row in rows)


@pytest.mark.parametrize(
    "email",
    [
        "teacher@example.org",
        "superintendent@example.org",
        "hr@example.org",
        "district.admin@example.org",
        "analyst@example.org",
        "state.admin@example.org",
    ],
)
def test_only_facilitators_open_the_dashboard(client, user_of, email):
    client.force_login(user_of(email))
    assert client.get(URL).status_code == 404


def test_another_facilitator_does_not_see_this_team(client, team, user_of):
    other = RoleGrant.objects.create(
        user=user_of("hr@example.org"), role=RoleGrant.Role.FACILITATOR, start_date=TODAY
    ).user
    client.force_login(other)
    response = client.get(URL)
    assert response.status_code == 200
    assert team.district.name not in response.content.decode()


def test_the_dashboard_takes_the_same_queries_however_many_teams(client, user_of):
    facilitator = user_of("facilitator@example.org")
    client.force_login(facilitator)
    client.get(URL)
    with CaptureQueriesContext(connection) as before:
        client.get(URL)
    Team.objects.exclude(facilitator=facilitator).update(facilitator=facilitator)
    with CaptureQueriesContext(connection) as after:
        client.get(URL)
    assert len(after) == len(before)


def test_the_dashboard_shows_how_far_each_plan_has_come(client, user_of):
    from tandem.collaboration.selectors.dashboard import facilitated_teams
    from tandem.collaboration.selectors.plans import plan_progress

    facilitator = user_of("facilitator@example.org")
    rows = facilitated_teams(user=facilitator, day=datetime.date(2026, 11, 24))
    first = next(
        r for r in rows if r.team.district.team.plans.filter(versions__status="adopted").exists()
    )
    adopted = first.plan.adopted
    expected = plan_progress(content=adopted.content, readings=first.plan.plan.progress.all())
    assert first.plan.progress == expected and 0 < expected < 1
    client.force_login(facilitator)
    page = client.get("/partnership/facilitator/").content.decode()
    assert f"{round(expected * 100)}% of the way to its targets" in page


def test_a_cancelled_meeting_does_not_count_as_the_last_one_held(team, meeting_on, user_of):
    facilitator, principal = user_of("facilitator@example.org"), user_of("principal@example.org")

    def last_met():
        rows = facilitated_teams(user=facilitator, day=TODAY)
        return next(row.last_met for row in rows if row.team == team)

    held = last_met()
    meeting = meeting_on(datetime.date(2026, 11, 23))
    assert last_met() == meeting.starts_at > held
    meeting_cancel(meeting_id=meeting.pk, version=1, by=principal, reason="Snow day.")
    assert last_met() == held
