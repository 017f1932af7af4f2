"""Records that cannot contradict themselves (issue 16, item 3): dates in their order, refused
by the services and, where both dates are on one row, by the database on either engine."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.collaboration.models import (
    ActionItem,
    ConsensusCheck,
    Engagement,
    IssueStatement,
    PlanVersion,
    Stance,
    TeamMember,
)
from tandem.collaboration.services.plans import plan_sign
from tandem.collaboration.services.problem_solving import issue_decide, stance_record
from tandem.collaboration.tests.first_team import KEY_LEADERS, TODAY
from tandem.errors import DomainError

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _refused(queryset, **values):
    """The database refuses the update, and the row keeps what it had."""
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**values)


def test_the_database_refuses_a_decision_before_the_issue_was_raised(decided_issue):
    rows = IssueStatement.objects.filter(pk=decided_issue.pk)
    _refused(rows, decided_at=decided_issue.created_at - DAY)
    rows.update(decided_at=decided_issue.created_at)  # the same moment is in order
    check = decided_issue.checks.get()
    _refused(ConsensusCheck.objects.filter(pk=check.pk), closed_at=check.opened_at - DAY)


def test_the_database_refuses_a_version_adopted_before_it_was_started(team):
    adopted = PlanVersion.objects.filter(plan__team=team, status=PlanVersion.Status.ADOPTED)
    version = adopted.get()
    _refused(adopted, started_on=version.adopted_on + DAY)
    _refused(adopted, adopted_on=version.started_on - DAY)
    adopted.update(started_on=version.adopted_on)
    assert adopted.get().started_on == version.adopted_on


def test_the_database_refuses_a_member_who_leaves_before_joining(team):
    member = TeamMember.objects.filter(team=team, end_date__isnull=True).first()
    _refused(TeamMember.objects.filter(pk=member.pk), end_date=member.start_date - DAY)
    member.refresh_from_db()
    assert member.end_date is None


def test_the_database_refuses_an_engagement_out_of_order(team):
    engagement = team.engagements.filter(enrolled_on__isnull=False).first()
    rows = Engagement.objects.filter(pk=engagement.pk)
    before = engagement.inquired_on - DAY
    for field in ("first_meeting_on", "enrolled_on", "ended_on"):
        _refused(rows, **{field: before})
    engagement.refresh_from_db()
    assert engagement.enrolled_on >= engagement.inquired_on


def test_a_version_is_not_signed_before_the_day_it_was_started(team, user_of):
    from tandem.collaboration.tests.test_plans import _ready_draft

    draft = _ready_draft(team, user_of)
    PlanVersion.objects.filter(pk=draft.pk).update(started_on=TODAY + DAY)
    with pytest.raises(DomainError, match="cannot be signed before that day"):
        plan_sign(by=user_of(KEY_LEADERS[0]), version_id=draft.pk)
    assert not draft.party_signatures.exists()


def test_a_decision_is_not_recorded_before_the_issue_was_raised(issue, people):
    for role in ("superintendent", "union", "committee"):
        stance_record(issue_id=issue.pk, by=people[role], gradient=Stance.Gradient.LIVE_WITH_IT)
    # An issue whose raising is dated after now: its clock and the server's disagree.
    IssueStatement.objects.filter(pk=issue.pk).update(
        created_at=timezone.now() + datetime.timedelta(hours=1)
    )
    issue.refresh_from_db()
    with pytest.raises(DomainError, match="before the issue was raised"):
        issue_decide(
            issue_id=issue.pk, version=issue.version, by=people["union"], decision="Mentors."
        )
    issue.refresh_from_db()
    assert issue.stage == IssueStatement.Stage.CONSENSUS and issue.decided_at is None


def test_a_new_plan_version_starts_today(team, user_of):
    from tandem.collaboration.services.plans import plan_start

    plan = plan_start(team_id=team.pk, by=user_of("principal@example.org"), title="Next plan")
    assert plan.versions.get().started_on == TODAY


def test_a_second_open_item_of_the_same_words_is_refused_and_nothing_is_added(
    meeting, item_on, user_of
):
    """One task has one owner and one state: the issue saw the plan page and the action-item
    list show one task done by one person and overdue with another."""
    first = item_on(meeting, "Reserve the gym for the spring family night")
    before = ActionItem.objects.count()
    with pytest.raises(DomainError, match="already an open action item") as refusal:
        item_on(
            meeting,
            "  reserve the gym for the spring family night ",
            owner=user_of("superintendent@example.org"),
        )
    assert str(first.owner) in str(refusal.value)
    assert ActionItem.objects.count() == before
    ActionItem.objects.filter(pk=first.pk).update(done_on=TODAY)
    again = item_on(meeting, "Reserve the gym for the spring family night")
    assert again.pk != first.pk
