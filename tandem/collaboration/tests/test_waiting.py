"""What waits on a person in their team's work (issue 16, item 2): on whom each thing waits and
on whom it never does, most urgent first, on the home page beside evaluation's inbox."""

import datetime

import pytest

from tandem.collaboration.models import Engagement, Program, TeamNote
from tandem.collaboration.selectors.waiting import waiting_on
from tandem.collaboration.services.enrollment import engagement_agree
from tandem.collaboration.services.meetings import meeting_cancel
from tandem.collaboration.services.plans import plan_sign
from tandem.collaboration.services.problem_solving import stance_record
from tandem.collaboration.services.teams import team_note_post
from tandem.collaboration.tests.factories import (
    EngagementFactory,
    PlanVersionFactory,
    adoptable_content,
)
from tandem.collaboration.tests.first_team import TODAY

pytestmark = pytest.mark.django_db

LEADERS = ("superintendent", "union", "committee")


def _items(user, kind=None):
    return {w.item for w in waiting_on(user=user, day=TODAY) if kind is None or w.kind == kind}


def _draft(team, people, **kwargs):
    return PlanVersionFactory(
        plan__team=team, plan__created_by=people["principal"], started_on=TODAY, **kwargs
    )


def test_a_signable_draft_waits_on_each_key_leader_until_their_party_signs(team, people):
    draft = _draft(team, people)
    item = f"plan-version:{draft.pk}"
    for role in LEADERS:
        assert item in _items(people[role], "signature"), role
    for role in ("principal", "union_member", "facilitator", "teacher"):
        assert item not in _items(people[role]), role

    plan_sign(by=people["union"], version_id=draft.pk)
    assert item not in _items(people["union"])
    assert item in _items(people["superintendent"])
    mine = next(w for w in waiting_on(user=people["committee"], day=TODAY) if w.item == item)
    assert "School committee" in mine.action and mine.url == f"/plans/{draft.plan_id}/sign/"


def test_an_unfinished_draft_waits_on_nobody(team, people):
    draft = _draft(team, people, content={**adoptable_content(), "vision": ""})
    assert f"plan-version:{draft.pk}" not in _items(people["superintendent"])


def test_an_engagement_waits_for_each_key_leaders_agreement_after_its_first_meeting(team, people):
    open_programs = Engagement.objects.filter(
        team=team, status__in=["inquired", "met", "enrolled"]
    ).values("program")
    program = Program.objects.exclude(pk__in=open_programs).first()
    engagement = EngagementFactory(
        team=team,
        program=program,
        status=Engagement.Status.MET,
        first_meeting_on=datetime.date(2026, 11, 10),
    )
    item = f"engagement:{engagement.pk}"
    for role in LEADERS:
        assert item in _items(people[role], "agreement"), role
    for role in ("principal", "facilitator", "teacher"):
        assert item not in _items(people[role]), role
    engagement_agree(by=people["union"], engagement_id=engagement.pk)
    assert item not in _items(people["union"])
    assert item in _items(people["committee"])


def test_a_consensus_check_waits_on_each_member_without_a_stance(issue, people):
    check = issue.checks.get(closed_at__isnull=True)
    item = f"stance:{check.pk}"
    for role in (*LEADERS, "principal", "union_member"):
        assert item in _items(people[role], "stance"), role
    # The facilitator takes no stance, and nobody outside the team hears of the issue.
    for role in ("facilitator", "teacher"):
        assert item not in _items(people[role]), role
    stance_record(issue_id=issue.pk, by=people["union_member"], gradient=2)
    assert item not in _items(people["union_member"])
    assert item in _items(people["union"])


def test_action_items_wait_on_their_owner_from_a_week_before_they_are_due(meeting, item_on, people):
    owner, other = people["principal"], people["union"]
    soon = item_on(meeting, "Book the library", owner=owner, due_on=TODAY + datetime.timedelta(7))
    later = item_on(meeting, "Order chairs", owner=owner, due_on=TODAY + datetime.timedelta(8))
    late = item_on(meeting, "Send the minutes", owner=owner, due_on=TODAY - datetime.timedelta(3))
    mine = _items(owner, "action_item")
    assert {f"action-item:{soon.pk}", f"action-item:{late.pk}"} <= mine
    assert f"action-item:{later.pk}" not in mine
    assert f"action-item:{soon.pk}" not in _items(other)

    waiting = waiting_on(user=owner, day=TODAY)
    assert waiting[0].overdue_on(TODAY)  # the longest overdue first
    by_item = {w.item: w for w in waiting}
    assert by_item[f"action-item:{late.pk}"].url.endswith(f"/action-items/#action-{late.pk}")


def test_the_meetings_of_this_week_wait_on_the_team_and_its_facilitator(team, meeting_on, people):
    this_week = meeting_on(TODAY + datetime.timedelta(days=6))
    next_week = meeting_on(TODAY + datetime.timedelta(days=7))
    called_off = meeting_on(TODAY + datetime.timedelta(days=2))
    meeting_cancel(
        meeting_id=called_off.pk,
        by=people["principal"],
        version=called_off.version,
        reason="Snow day",
    )
    for role in ("union_member", "superintendent", "facilitator"):
        meetings = _items(people[role], "meeting")
        assert f"meeting:{this_week.pk}:{this_week.version}" in meetings, role
        assert not any(
            i.startswith((f"meeting:{next_week.pk}:", f"meeting:{called_off.pk}:"))
            for i in meetings
        )
    assert not _items(people["teacher"], "meeting")


def test_the_caucus_stays_private_and_the_facilitator_is_asked_to_sign_or_stand_for_nothing(
    team, issue, people
):
    team_note_post(team=team, by=people["union"], space=TeamNote.Space.UNION, body="Hold firm")
    _draft(team, people)
    facilitator = waiting_on(user=people["facilitator"], day=TODAY)
    assert {w.kind for w in facilitator} <= {"meeting", "action_item"}
    for role in (*LEADERS, "principal", "facilitator"):
        assert not any("Hold firm" in w.action for w in waiting_on(user=people[role], day=TODAY))


def test_the_home_page_lists_the_team_work_beside_the_evaluation_inbox(
    client, team, people, meeting, item_on
):
    draft = _draft(team, people)
    item_on(meeting, "Book the library", owner=people["union"], due_on=TODAY)
    client.force_login(people["union"])
    page = client.get("/").content.decode()
    assert "Waiting on you in your team" in page
    assert f'href="/plans/{draft.plan_id}/sign/"' in page
    assert "Book the library" in page
    assert "labor-management teams" in page  # the footer speaks of both kinds of record

    client.force_login(people["teacher"])
    page = client.get("/").content.decode()
    assert "Waiting on you in your team" not in page
    assert "labor-management teams" not in page
