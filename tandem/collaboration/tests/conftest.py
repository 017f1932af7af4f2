"""Fixtures of the collaboration tests: the first district's team, its people, its meetings,
another facilitator, and an issue taken up to the consensus check."""

import datetime

import pytest
from django.utils import timezone

from tandem.collaboration.models import IssueStatement, Stance, TeamMember
from tandem.collaboration.services.meetings import action_item_add, meeting_schedule
from tandem.collaboration.services.problem_solving import (
    criterion_add,
    interest_add,
    issue_decide,
    issue_raise,
    issue_stage_move,
    option_add,
    option_weigh,
    stance_record,
)
from tandem.collaboration.tests.first_team import TODAY
from tandem.people.models import RoleGrant

Stage = IssueStatement.Stage


@pytest.fixture
def team(user_of):
    return user_of("superintendent@example.org").person.employments.get().district.team


@pytest.fixture
def people(user_of, team):
    union_member = TeamMember.objects.filter(team=team, party="union").first().user
    return {
        "superintendent": user_of("superintendent@example.org"),
        "union": user_of("union.president@example.org"),
        "committee": user_of("committee.chair@example.org"),
        "principal": user_of("principal@example.org"),
        "union_member": union_member,
        "facilitator": user_of("facilitator@example.org"),
        "teacher": user_of("teacher@example.org"),
    }


@pytest.fixture
def meeting(team, user_of):
    """A meeting of the team four days ago, its agenda typed with a blank line."""
    return meeting_schedule(
        team_id=team.pk,
        by=user_of("principal@example.org"),
        starts_at=timezone.make_aware(datetime.datetime(2026, 11, 20, 16)),
        subject="Mentor stipends",
        place="High school library",
        agenda=["Check-in", "Mentor stipends", "", "Next steps"],
    )


@pytest.fixture
def meeting_on(team, user_of):
    """Schedule a meeting of the team in the library at 4 p.m. on ``day``, by the principal,
    with no agenda."""

    def schedule(day):
        return meeting_schedule(
            team_id=team.pk,
            by=user_of("principal@example.org"),
            starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(16))),
            subject="Mentor stipends",
            place="Library",
            agenda=[],
        )

    return schedule


@pytest.fixture
def item_on(user_of):
    """Add an action item to ``meeting``, by the principal unless ``by`` says otherwise, owned
    by whoever adds it unless ``owner`` is given, and due today unless ``due_on`` is."""

    def add(meeting, description, *, by=None, owner=None, due_on=TODAY, **step):
        by = by or user_of("principal@example.org")
        return action_item_add(
            meeting_id=meeting.pk,
            by=by,
            description=description,
            owner_id=(owner or by).pk,
            due_on=due_on,
            **step,
        )

    return add


@pytest.fixture
def other_facilitator(team):
    """A facilitator of the partnership who does not facilitate the first district's team."""
    grant = RoleGrant.objects.filter(role=RoleGrant.Role.FACILITATOR).exclude(user=team.facilitator)
    if grant.exists():
        return grant.first().user
    return RoleGrant.objects.create(
        user=RoleGrant.objects.filter(role="district_hr").first().user,
        role=RoleGrant.Role.FACILITATOR,
        start_date=datetime.date(2026, 11, 24),
    ).user


def _move(issue, by, to, **kwargs):
    issue.refresh_from_db()
    return issue_stage_move(issue_id=issue.pk, version=issue.version, by=by, to=to, **kwargs)


@pytest.fixture
def issue(team, people):
    """An issue taken through every step up to the consensus check on its one option."""
    by = people["principal"]
    issue = issue_raise(
        team_id=team.pk,
        by=by,
        title="Mentoring for new teachers",
        statement="New teachers leave within three years more often than others.",
    )
    _move(issue, by, Stage.INTERESTS)
    interest_add(issue_id=issue.pk, by=by, text="Keep good teachers", mutual=True)
    _move(issue, by, Stage.OPTIONS)
    option = option_add(issue_id=issue.pk, by=people["union"], text="Paid mentors")
    _move(issue, by, Stage.CRITERIA)
    criterion = criterion_add(issue_id=issue.pk, by=by, text="Fits the budget")
    _move(issue, by, Stage.WEIGHING)
    issue.refresh_from_db()
    option_weigh(
        issue_id=issue.pk,
        version=issue.version,
        by=by,
        ratings={(option.pk, criterion.pk): ("partly", "If stipends are modest")},
    )
    _move(issue, by, Stage.CONSENSUS, option_id=option.pk)
    issue.refresh_from_db()
    return issue


@pytest.fixture
def decided_issue(issue, people):
    """The issue with a stance of 3 or better from each party and its decision recorded."""
    for role in ("superintendent", "union", "committee"):
        stance_record(issue_id=issue.pk, by=people[role], gradient=Stance.Gradient.LIVE_WITH_IT)
    issue.refresh_from_db()
    return issue_decide(
        issue_id=issue.pk,
        version=issue.version,
        by=people["superintendent"],
        decision="Two paid mentors per school from September.",
    )
