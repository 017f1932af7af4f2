"""Every collaboration record of the demo (built at scale 1 for the test database) tells one
story: dates in their order, signatures given in office, each task once (issue 16, item 3)."""

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from tandem.collaboration.models import (
    PARTY_OF_OFFICE,
    ActionItem,
    AgreementSignature,
    ConsensusCheck,
    Engagement,
    EnrollmentAgreement,
    IssueStatement,
    JointAgreement,
    Party,
    PlanSignature,
    PlanVersion,
    TeamMember,
)
from tandem.collaboration.plan_content import parts
from tandem.collaboration.selectors.teams import key_office_of

pytestmark = pytest.mark.django_db


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def test_every_issue_is_decided_after_it_was_raised():
    decided = IssueStatement.objects.filter(decided_at__isnull=False)
    assert decided.exists()
    for issue in decided:
        assert issue.created_at <= issue.decided_at, issue.pk
    for check in ConsensusCheck.objects.select_related("issue"):
        assert check.issue.created_at <= check.opened_at, check.pk
        assert check.closed_at is None or check.opened_at <= check.closed_at, check.pk


def test_every_plan_version_is_adopted_after_it_was_started():
    adopted = PlanVersion.objects.filter(adopted_on__isnull=False)
    assert adopted.exists()
    for version in PlanVersion.objects.all():
        assert version.adopted_on is None or version.started_on <= version.adopted_on, version.pk


def test_every_signature_was_given_by_the_office_holder_in_office_that_day():
    """Plans, agreements and enrollments: the grant it names was in force on the day signed,
    and was the office of the person who signed."""
    checked = 0
    for model, record in (
        (PlanSignature, "plan_version__plan__team"),
        (AgreementSignature, "agreement__team"),
        (EnrollmentAgreement, "engagement__team"),
    ):
        for row in model.objects.select_related("grant", "signature", record):
            day = _day(row.signature.signed_at)
            grant = row.grant
            assert grant.start_date <= day, (model.__name__, row.pk, grant.start_date, day)
            assert grant.end_date is None or day <= grant.end_date, (model.__name__, row.pk)
            assert grant.user_id == row.signature.signer_id, (model.__name__, row.pk)
            checked += 1
    assert checked > 10


def test_the_first_teams_leaders_were_in_office_when_its_plan_was_adopted(user_of):
    team = user_of("superintendent@example.org").person.employments.get().district.team
    version = team.plans.get().versions.get(status=PlanVersion.Status.ADOPTED)
    for email in (
        "superintendent@example.org",
        "union.president@example.org",
        "committee.chair@example.org",
    ):
        assert key_office_of(user=user_of(email), team=team, day=version.adopted_on), email


def test_agreements_are_drafted_before_they_take_effect():
    for agreement in JointAgreement.objects.filter(effective_on__isnull=False):
        assert _day(agreement.created_at) <= agreement.effective_on, agreement.pk


def test_engagements_follow_their_path_in_order():
    for engagement in Engagement.objects.all():
        dates = [
            engagement.inquired_on,
            engagement.first_meeting_on,
            engagement.enrolled_on,
        ]
        present = [d for d in dates if d is not None]
        assert present == sorted(present), engagement.pk
        assert engagement.ended_on is None or engagement.inquired_on <= engagement.ended_on


def test_members_join_before_they_leave_and_are_seated_by_their_own_partys_leader():
    members = TeamMember.objects.select_related("team")
    assert members.exists()
    for member in members:
        assert member.end_date is None or member.start_date <= member.end_date, member.pk
        grant = key_office_of(user=member.added_by, team=member.team, day=member.start_date)
        if member.party == Party.COMMUNITY and member.added_by_id == member.team.facilitator_id:
            continue
        assert grant is not None, member.pk
        if member.party != Party.COMMUNITY:
            assert PARTY_OF_OFFICE[grant.office] == member.party, member.pk


def test_each_task_is_one_action_item_with_one_step():
    """No team has two open items of the same words (one would read as the other with a second
    owner and state), and an item tied to a plan names a step of that plan's adopted version."""
    open_items = Counter(
        (team, description.lower())
        for team, description in ActionItem.objects.filter(done_on__isnull=True).values_list(
            "meeting__team", "description"
        )
    )
    assert open_items and max(open_items.values()) == 1
    every = Counter(ActionItem.objects.values_list("meeting__team", "description").order_by())
    assert max(every.values()) == 1
    tied = ActionItem.objects.filter(plan__isnull=False).select_related("plan", "meeting")
    assert tied.exists()
    for item in tied:
        adopted = item.plan.versions.get(status=PlanVersion.Status.ADOPTED)
        steps = {part["key"]: part for kind, part, _ in parts(adopted.content) if kind == "step"}
        assert item.plan_step_key in steps, item.pk
        assert item.meeting.team_id == item.plan.team_id, item.pk
