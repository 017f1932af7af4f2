"""The team list, the partnership's overview and dashboard, the programs, the gallery and its
moderation, the library, a team's meetings, action items and issues, an issue's thread, and the
calendar and its feed make as many queries for 30 rows as for 3 (STYLE.md §9: an N+1 fails here)."""

import datetime

import pytest

from tandem.collaboration.models import Engagement, Event, GalleryComment
from tandem.collaboration.services.meetings import calendar_feed_create
from tandem.collaboration.tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    CommentFactory,
    EngagementFactory,
    EventFactory,
    GalleryCommentFactory,
    IssueStatementFactory,
    MeetingFactory,
    MentionFactory,
    PlanVersionFactory,
    ResourceFactory,
    TeamFactory,
    TeamMemberFactory,
    TeamNoteFactory,
    TopicFactory,
    published_plan,
)
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import RoleGrantFactory, UserFactory

pytestmark = pytest.mark.django_db


def _facilitator():
    return RoleGrantFactory(role=RoleGrant.Role.FACILITATOR, district=None).user


def _member_of_teams(rows):
    """A user who sits on ``rows`` teams, each with a meeting and an open action item."""
    user = UserFactory()
    for member in TeamMemberFactory.create_batch(rows, user=user):
        ActionItemFactory(meeting__team=member.team, owner=user)
    return user


def _member_of_a_team():
    member = TeamMemberFactory()
    return member.team, member.user


@pytest.mark.parametrize(
    ("url", "queries"),
    [pytest.param("/teams/", 5, id="team list"), pytest.param("/calendar/", 6, id="calendar")],
)
def test_a_members_list_of_teams_makes_a_fixed_number_of_queries(
    rows, url, queries, signed_in, pinned_queries
):
    signed_in(_member_of_teams(rows))
    response = pinned_queries(url, queries)
    assert len(response.context["teams"]) == rows


def test_the_calendar_feed_makes_a_fixed_number_of_queries(rows, client, pinned_queries):
    _feed, token = calendar_feed_create(user=_member_of_teams(rows))
    response = pinned_queries(f"/calendar/{token}.ics", 6)
    assert response.content.decode().count("BEGIN:VEVENT") == 2 * rows


def _engagements(rows):
    """``rows`` enrolled teams of districts in a region of their own."""
    EngagementFactory.create_batch(
        rows,
        team__district__region="Factory region",
        status=Engagement.Status.ENROLLED,
        inquired_on=datetime.date(2026, 8, 20),
        enrolled_on=datetime.date(2026, 9, 15),
    )


def test_the_partnership_overview_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    _engagements(rows)
    signed_in(_facilitator())
    # Each of the two enrollment tables reads the districts' school years once (issue 16).
    response = pinned_queries("/partnership/?region=Factory+region", 12)
    assert response.context["page"].paginator.count == rows


def test_the_partnership_download_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    _engagements(rows)
    signed_in(_facilitator())
    response = pinned_queries("/partnership/engagements.csv?region=Factory+region", 6)
    assert len(response.content.decode().strip().splitlines()) == 1 + rows


def test_the_facilitator_dashboard_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    facilitator = _facilitator()
    for team in TeamFactory.create_batch(rows, facilitator=facilitator):
        EngagementFactory(team=team)
        PlanVersionFactory(plan__team=team)
        ActionItemFactory(meeting__team=team)
    signed_in(facilitator)
    response = pinned_queries("/partnership/facilitator/", 11)
    assert len(response.context["rows"]) == rows


def test_the_program_list_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    """The page shows the next 20 events at most, the demo's among them."""
    upcoming = Event.objects.filter(starts_at__date__gte=datetime.date(2026, 11, 24)).count()
    EventFactory.create_batch(rows)
    signed_in(UserFactory())
    response = pinned_queries("/partnership/programs/", 7)
    assert len(response.context["events"]) == min(upcoming + rows, 20)


def test_the_gallery_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    topic = TopicFactory()
    for n in range(rows):
        published_plan(title=f"Zephyr plan {n}").topics.set([topic])
    signed_in(UserFactory())
    response = pinned_queries("/gallery/?q=Zephyr", 8)
    assert response.context["page"].paginator.count == rows


def test_the_gallery_moderation_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    pending = GalleryComment.objects.filter(status=GalleryComment.Status.PENDING).count()
    GalleryCommentFactory.create_batch(rows)
    signed_in(_facilitator())
    response = pinned_queries("/gallery/moderation/", 5)
    assert len(response.context["pending"]) == pending + rows


def test_the_library_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    team = TeamFactory()
    ResourceFactory.create_batch(rows, title="Zephyr guide", team=team)
    signed_in(UserFactory())
    response = pinned_queries("/resources/?q=Zephyr", 9)
    assert response.context["page"].paginator.count == rows


def _meetings(team, rows):
    for meeting in MeetingFactory.create_batch(rows, team=team):
        AgendaItemFactory(meeting=meeting)
        ActionItemFactory(meeting=meeting)


def _action_items(team, rows):
    ActionItemFactory.create_batch(rows, meeting=MeetingFactory(team=team))


def _issues(team, rows):
    IssueStatementFactory.create_batch(rows, team=team)


@pytest.mark.parametrize(
    ("page", "make", "queries", "listed"),
    [
        # With the team's usual meeting length for the form (issue 16).
        pytest.param("meetings/", _meetings, 10, "upcoming", id="meetings"),
        pytest.param("action-items/", _action_items, 8, "items", id="action items"),
        pytest.param("issues/", _issues, 10, "issues", id="issues"),
    ],
)
def test_a_teams_list_makes_a_fixed_number_of_queries(
    rows, page, make, queries, listed, signed_in, pinned_queries
):
    team, member = _member_of_a_team()
    make(team, rows)
    signed_in(member)
    response = pinned_queries(f"/teams/{team.pk}/{page}", queries)
    assert len(response.context[listed]) == rows


def test_a_teams_page_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    """The joint space lists the team's members, notes and plans (and reads the member's
    choice of e-mail notices)."""
    team, member = _member_of_a_team()
    TeamMemberFactory.create_batch(rows, team=team)
    TeamNoteFactory.create_batch(rows, team=team)
    PlanVersionFactory.create_batch(rows, plan__team=team)
    signed_in(member)
    response = pinned_queries(f"/teams/{team.pk}/", 17)
    assert len(response.context["members"]) == rows + 1
    assert len(response.context["notes"]) == len(response.context["plans"]) == rows


def test_a_published_plans_comment_list_makes_a_fixed_number_of_queries(
    rows, signed_in, pinned_queries
):
    plan = published_plan()
    GalleryCommentFactory.create_batch(rows, plan=plan, status=GalleryComment.Status.APPROVED)
    signed_in(UserFactory())
    response = pinned_queries(f"/gallery/{plan.pk}/", 6)
    assert len(response.context["comments"]) == rows


def _leader_with_work_in_teams(rows):
    """A union president of ``rows`` districts, each team with a draft plan to sign, an
    engagement to agree to, a consensus check to stand on, an action item the president owns
    due in three days and a meeting in two."""
    from django.utils import timezone

    from tandem.collaboration.models import ConsensusCheck, IssueOption, Program

    user = UserFactory()
    soon = timezone.localdate() + datetime.timedelta(days=2)
    program = Program.objects.order_by("pk").first()
    for team in TeamFactory.create_batch(rows):
        RoleGrantFactory(
            user=user,
            district=team.district,
            role=RoleGrant.Role.UNION_LEADER,
            office=RoleGrant.Office.UNION_PRESIDENT,
        )
        PlanVersionFactory(plan__team=team)
        EngagementFactory(
            team=team, program=program, status=Engagement.Status.MET, first_meeting_on=soon
        )
        issue = IssueStatementFactory(team=team, stage="consensus")
        option = IssueOption.objects.create(issue=issue, text="Paid mentors", added_by=user)
        ConsensusCheck.objects.create(issue=issue, option=option, opened_by=user)
        meeting = MeetingFactory(
            team=team,
            starts_at=timezone.make_aware(datetime.datetime.combine(soon, datetime.time(16))),
        )
        ActionItemFactory(meeting=meeting, owner=user, due_on=soon + datetime.timedelta(days=1))
    return user


def test_the_home_pages_team_work_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    signed_in(_leader_with_work_in_teams(rows))
    response = pinned_queries("/", 22)
    page = response.content.decode()
    assert page.count("/sign/") == rows
    assert page.count("/agree/") == rows
    assert page.count("/consensus/") == rows
    assert page.count("#action-") == rows


def test_an_issues_thread_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    """Each comment by a member of its own, each mentioning another member, who reads it."""
    team, member = _member_of_a_team()
    issue = IssueStatementFactory(team=team, raised_by=member)
    for comment in CommentFactory.create_batch(rows, issue=issue):
        TeamMemberFactory(team=team, user=comment.author)
        MentionFactory(comment=comment, user=member)
    signed_in(member)
    response = pinned_queries(f"/teams/{team.pk}/issues/{issue.pk}/discussion/", 14)
    assert len(response.context["comments"]) == rows
