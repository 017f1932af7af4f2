"""Interest-based problem solving: the steps, the consensus rule and the frozen decision."""

import pytest

from tandem.collaboration import services
from tandem.collaboration.models import IssueStatement, Stance, TeamMember
from tandem.collaboration.selectors import consensus_status, open_check
from tandem.errors import DomainError

pytestmark = pytest.mark.django_db

Stage = IssueStatement.Stage
Gradient = Stance.Gradient


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


def _move(issue, by, to, **kwargs):
    issue.refresh_from_db()
    return services.issue_stage_move(
        issue_id=issue.pk, version=issue.version, by=by, to=to, **kwargs
    )


@pytest.fixture
def issue(team, people):
    """An issue taken through every step up to the consensus check on its one option."""
    by = people["principal"]
    issue = services.issue_raise(
        team_id=team.pk,
        by=by,
        title="Mentoring for new teachers",
        statement="New teachers leave within three years more often than others.",
    )
    _move(issue, by, Stage.INTERESTS)
    services.interest_add(issue_id=issue.pk, by=by, text="Keep good teachers", mutual=True)
    _move(issue, by, Stage.OPTIONS)
    option = services.option_add(issue_id=issue.pk, by=people["union"], text="Paid mentors")
    _move(issue, by, Stage.CRITERIA)
    criterion = services.criterion_add(issue_id=issue.pk, by=by, text="Fits the budget")
    _move(issue, by, Stage.WEIGHING)
    issue.refresh_from_db()
    services.option_weigh(
        issue_id=issue.pk,
        version=issue.version,
        by=by,
        ratings={(option.pk, criterion.pk): ("partly", "If stipends are modest")},
    )
    _move(issue, by, Stage.CONSENSUS, option_id=option.pk)
    issue.refresh_from_db()
    return issue


def _stand(issue, user, gradient, comment=""):
    return services.stance_record(issue_id=issue.pk, by=user, gradient=gradient, comment=comment)


def _status(issue):
    return consensus_status(check=open_check(issue=issue))


def _all_three_can_live_with_it(issue, people):
    for role in ("superintendent", "union", "committee"):
        _stand(issue, people[role], Gradient.LIVE_WITH_IT)


def test_consensus_holds_when_every_party_stands_at_three_or_better(issue, people):
    _all_three_can_live_with_it(issue, people)
    _stand(issue, people["principal"], Gradient.WHOLEHEARTED)
    assert _status(issue).holds


def test_a_block_breaks_consensus(issue, people):
    _all_three_can_live_with_it(issue, people)
    _stand(issue, people["union_member"], Gradient.BLOCK, "It takes planning time away.")
    status = _status(issue)
    assert not status.holds and [s.user for s in status.blocking] == [people["union_member"]]


def test_a_member_below_three_breaks_consensus_even_when_the_leaders_agree(issue, people):
    _all_three_can_live_with_it(issue, people)
    _stand(issue, people["principal"], Gradient.MORE_DISCUSSION, "Who schedules the mentors?")
    assert not _status(issue).holds


def test_a_party_without_a_stance_means_no_consensus(issue, people):
    _stand(issue, people["superintendent"], Gradient.WHOLEHEARTED)
    _stand(issue, people["union"], Gradient.WHOLEHEARTED)
    status = _status(issue)
    assert not status.holds and status.missing == ["committee"]
    assert "School committee" in " ".join(status.reasons())


def test_a_comment_is_required_below_can_live_with_it(issue, people):
    for gradient in (Gradient.MORE_DISCUSSION, Gradient.BLOCK):
        with pytest.raises(DomainError, match="live with it"):
            _stand(issue, people["union"], gradient, "   ")
    assert not Stance.objects.filter(user=people["union"]).exists()


def test_a_member_changes_their_own_stance(issue, people):
    _stand(issue, people["union"], Gradient.BLOCK, "Not without release time.")
    _stand(issue, people["union"], Gradient.MINOR_RESERVATIONS)
    stances = list(open_check(issue=issue).stances.all())
    assert [(s.user, s.gradient) for s in stances] == [
        (people["union"], Gradient.MINOR_RESERVATIONS)
    ]


def test_the_facilitator_and_people_off_the_team_record_no_stance(issue, people):
    for role in ("facilitator", "teacher"):
        with pytest.raises(DomainError, match="Only the team's members"):
            _stand(issue, people[role], Gradient.WHOLEHEARTED)
    assert not open_check(issue=issue).stances.exists()


def test_nobody_records_a_stance_for_someone_else(client, issue, people):
    """The form has no field for whose stance it is: a posted user id is ignored."""
    client.force_login(people["principal"])
    url = f"/teams/{issue.team_id}/issues/{issue.pk}/consensus/"
    client.post(url, {"gradient": "1", "comment": "", "user": people["union"].pk})
    assert [s.user for s in open_check(issue=issue).stances.all()] == [people["principal"]]


def test_the_decision_needs_consensus_and_then_freezes_the_issue(issue, people):
    _stand(issue, people["superintendent"], Gradient.WHOLEHEARTED)
    issue.refresh_from_db()
    with pytest.raises(DomainError, match="Consensus does not hold"):
        services.issue_decide(
            issue_id=issue.pk, version=issue.version, by=people["principal"], decision="Do it."
        )
    _all_three_can_live_with_it(issue, people)
    issue.refresh_from_db()
    services.issue_decide(
        issue_id=issue.pk,
        version=issue.version,
        by=people["principal"],
        decision="Two paid mentors per school from September.",
    )
    issue.refresh_from_db()
    assert issue.stage == Stage.DECIDED and issue.decided_by == people["principal"]
    with pytest.raises(DomainError, match="decided"):
        _stand(issue, people["union"], Gradient.WHOLEHEARTED)
    with pytest.raises(DomainError, match="decided"):
        _move(issue, people["principal"], Stage.OPTIONS)
    issue.title = "Something else"
    with pytest.raises(DomainError, match="decided"):
        issue.save()


def test_a_stale_version_is_refused(issue, people):
    stale = issue.version
    _stand(issue, people["superintendent"], Gradient.WHOLEHEARTED)
    with pytest.raises(DomainError, match="Reload"):
        services.issue_stage_move(
            issue_id=issue.pk, version=stale, by=people["principal"], to=Stage.WEIGHING
        )


def test_steps_are_taken_in_order_and_need_what_the_step_before_made(team, people):
    by = people["principal"]
    issue = services.issue_raise(team_id=team.pk, by=by, title="Class size", statement="Too big.")
    with pytest.raises(DomainError, match="in order"):
        _move(issue, by, Stage.OPTIONS)
    _move(issue, by, Stage.INTERESTS)
    with pytest.raises(DomainError, match="at least one interest"):
        _move(issue, by, Stage.OPTIONS)
    with pytest.raises(DomainError, match="options step"):
        services.option_add(issue_id=issue.pk, by=by, text="Hire more teachers")


def test_interests_are_entered_for_ones_own_party(issue, people, team):
    _move(issue, people["principal"], Stage.INTERESTS)
    interest = services.interest_add(
        issue_id=issue.pk, by=people["committee"], text="A budget the town can pass"
    )
    assert interest.party == "committee" and not interest.mutual


def test_stepping_back_from_consensus_closes_the_round_and_keeps_its_stances(issue, people):
    _stand(issue, people["union"], Gradient.MORE_DISCUSSION, "Release time?")
    _move(issue, people["principal"], Stage.WEIGHING)
    issue.refresh_from_db()
    assert open_check(issue=issue) is None
    assert issue.checks.get().stances.count() == 1
