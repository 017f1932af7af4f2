"""Interest-based problem solving: the steps, the consensus rule and the frozen decision."""

import pytest

from tandem.collaboration.models import IssueStatement, Stance
from tandem.collaboration.selectors.problem_solving import consensus_status, open_check
from tandem.collaboration.services.problem_solving import (
    interest_add,
    issue_decide,
    issue_entry_reword,
    issue_entry_withdraw,
    issue_raise,
    issue_stage_move,
    option_add,
    stance_record,
)
from tandem.errors import DomainError

pytestmark = pytest.mark.django_db

Stage = IssueStatement.Stage
Gradient = Stance.Gradient


def _move(issue, by, to, **kwargs):
    issue.refresh_from_db()
    return issue_stage_move(issue_id=issue.pk, version=issue.version, by=by, to=to, **kwargs)


def _stand(issue, user, gradient, comment=""):
    return stance_record(issue_id=issue.pk, by=user, gradient=gradient, comment=comment)


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
    assert not open_check(issue=issue).stances.filter(user=people["union"]).exists()


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
        issue_decide(
            issue_id=issue.pk, version=issue.version, by=people["superintendent"], decision="Do it."
        )
    _all_three_can_live_with_it(issue, people)
    issue.refresh_from_db()
    issue_decide(
        issue_id=issue.pk,
        version=issue.version,
        by=people["superintendent"],
        decision="Two paid mentors per school from September.",
    )
    issue.refresh_from_db()
    assert issue.stage == Stage.DECIDED and issue.decided_by == people["superintendent"]
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
        issue_stage_move(
            issue_id=issue.pk, version=stale, by=people["principal"], to=Stage.WEIGHING
        )


def test_steps_are_taken_in_order_and_need_what_the_step_before_made(team, people):
    by = people["principal"]
    issue = issue_raise(team_id=team.pk, by=by, title="Class size", statement="Too big.")
    with pytest.raises(DomainError, match="in order"):
        _move(issue, by, Stage.OPTIONS)
    _move(issue, by, Stage.INTERESTS)
    with pytest.raises(DomainError, match="at least one interest"):
        _move(issue, by, Stage.OPTIONS)
    with pytest.raises(DomainError, match="options step"):
        option_add(issue_id=issue.pk, by=by, text="Hire more teachers")


def test_interests_are_entered_for_ones_own_party(issue, people, team):
    _move(issue, people["principal"], Stage.INTERESTS)
    interest = interest_add(
        issue_id=issue.pk, by=people["committee"], text="A budget the town can pass"
    )
    assert interest.party == "committee" and not interest.mutual


def test_stepping_back_from_consensus_closes_the_round_and_keeps_its_stances(issue, people):
    _stand(issue, people["union"], Gradient.MORE_DISCUSSION, "Release time?")
    _move(issue, people["principal"], Stage.WEIGHING)
    issue.refresh_from_db()
    assert open_check(issue=issue) is None
    assert issue.checks.get().stances.count() == 1


def test_the_pages_walk_the_team_through_every_step(client, team, people):
    """Raise, share, brainstorm, agree, weigh, check and decide, each through its own form."""
    client.force_login(people["principal"])
    base = f"/teams/{team.pk}/issues/"
    response = client.post(f"{base}add/", {"title": "Planning time", "statement": "Too little."})
    issue = IssueStatement.objects.get(team=team, title="Planning time")
    assert response.status_code == 302
    url = f"{base}{issue.pk}/"

    def step(to, **extra):
        issue.refresh_from_db()
        return client.post(f"{url}step/", {"version": issue.version, "to": to, **extra})

    assert client.get(url).status_code == 200
    step("interests")
    client.post(f"{url}interests/add/", {"text": "Time to plan with colleagues", "mutual": "on"})
    assert "Time to plan with colleagues" in client.get(url).content.decode()
    step("options")
    client.post(f"{url}options/add/", {"text": "A common planning period"})
    step("criteria")
    client.post(f"{url}criteria/add/", {"text": "No longer school day"})
    step("weighing")
    page = client.get(url).content.decode()
    option, criterion = issue.options.get(), issue.criteria.get()
    key = f"{option.pk}_{criterion.pk}"
    assert f'name="meets_{key}"' in page
    issue.refresh_from_db()
    client.post(f"{url}weigh/", {"version": issue.version, f"meets_{key}": "yes"})
    response = step("consensus", option=option.pk)
    issue.refresh_from_db()
    assert response.status_code == 302 and issue.stage == Stage.CONSENSUS
    for role in ("superintendent", "union", "committee"):
        client.force_login(people[role])
        client.post(f"{url}consensus/", {"gradient": "2"})
    page = client.get(f"{url}consensus/").content.decode()
    assert "Consensus holds." in page
    issue.refresh_from_db()
    client.post(f"{url}decide/", {"version": issue.version, "decision": "A common period."})
    issue.refresh_from_db()
    assert issue.is_decided and issue.decision == "A common period."
    assert "A common period." in client.get(url).content.decode()


def test_a_stale_weighing_is_refused_and_nothing_changes(client, issue, people):
    _move(issue, people["principal"], Stage.WEIGHING)
    option, criterion = issue.options.get(), issue.criteria.get()
    client.force_login(people["union"])
    response = client.post(
        f"/teams/{issue.team_id}/issues/{issue.pk}/weigh/",
        {"version": 1, f"meets_{option.pk}_{criterion.pk}": "no"},
    )
    assert response.status_code == 200 and "Reload" in response.content.decode()
    assert option.ratings.get().meets == "partly"


def test_the_issue_list_costs_the_same_queries_however_many_issues(client, team, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people["union"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/teams/{team.pk}/issues/").status_code == 200
        return len(captured)

    before = queries()
    for n in range(3):
        issue_raise(
            team_id=team.pk, by=people["principal"], title=f"Issue {n}", statement="Stated."
        )
    assert queries() == before


def test_an_author_corrects_their_own_criterion_and_the_weighing_starts_again(issue, people):
    _move(issue, people["principal"], Stage.CRITERIA)
    criterion = issue.criteria.get()
    with pytest.raises(DomainError, match="Only the member who wrote it"):
        issue_entry_reword(
            entry="criteria", entry_id=criterion.pk, by=people["union"], text="Costs nothing"
        )
    issue_entry_reword(
        entry="criteria", entry_id=criterion.pk, by=people["principal"], text="Fits this budget"
    )
    criterion.refresh_from_db()
    assert criterion.text == "Fits this budget" and not criterion.ratings.exists()
    assert [h.text for h in criterion.history.order_by("history_date")] == [
        "Fits the budget",
        "Fits this budget",
    ]


def test_entries_change_only_at_their_own_step(issue, people):
    _move(issue, people["principal"], Stage.INTERESTS)
    criterion = issue.criteria.get()
    with pytest.raises(DomainError, match="criteria step"):
        issue_entry_withdraw(entry="criteria", entry_id=criterion.pk, by=people["principal"])
    assert issue.criteria.filter(pk=criterion.pk).exists()
    interest = issue.interests.get()
    with pytest.raises(DomainError, match="corrected text"):
        issue_entry_reword(
            entry="interests", entry_id=interest.pk, by=people["principal"], text="  "
        )
    issue_entry_withdraw(entry="interests", entry_id=interest.pk, by=people["principal"])
    assert not issue.interests.exists()


def test_an_option_tested_for_consensus_keeps_its_words(issue, people):
    _move(issue, people["principal"], Stage.WEIGHING)
    _move(issue, people["principal"], Stage.CRITERIA)
    _move(issue, people["principal"], Stage.OPTIONS)
    option = issue.options.get()
    for change in (
        lambda: issue_entry_withdraw(entry="options", entry_id=option.pk, by=people["union"]),
        lambda: issue_entry_reword(
            entry="options", entry_id=option.pk, by=people["union"], text="Unpaid mentors"
        ),
    ):
        with pytest.raises(DomainError, match="tested this option for consensus"):
            change()
    option.refresh_from_db()
    assert option.text == "Paid mentors" and option.ratings.exists()


def test_the_issue_page_offers_corrections_to_the_author_alone(client, team, people):
    by = people["union"]
    issue = issue_raise(team_id=team.pk, by=by, title="Duties", statement="Too many.")
    _move(issue, by, Stage.INTERESTS)
    mine = interest_add(issue_id=issue.pk, by=by, text="Time for students")
    theirs = interest_add(issue_id=issue.pk, by=people["principal"], text="Coverage")
    url = f"/teams/{team.pk}/issues/{issue.pk}/"
    client.force_login(by)
    page = client.get(url).content.decode()
    assert f'interests/{mine.pk}/"' in page and f'interests/{theirs.pk}/"' not in page

    response = client.post(f"{url}interests/{mine.pk}/", {"text": "", "action": "save"})
    assert response.status_code == 200 and "Nothing was saved" in response.content.decode()
    mine.refresh_from_db()
    assert mine.text == "Time for students"
    response = client.post(f"{url}interests/{theirs.pk}/", {"action": "withdraw"})
    assert response.status_code == 200 and issue.interests.filter(pk=theirs.pk).exists()

    client.post(f"{url}interests/{mine.pk}/", {"text": "Time with students", "action": "save"})
    mine.refresh_from_db()
    assert mine.text == "Time with students"
    client.post(f"{url}interests/{mine.pk}/", {"action": "withdraw"})
    assert list(issue.interests.all()) == [theirs]


def test_people_off_the_team_cannot_reach_an_entry(client, issue, people):
    option = issue.options.get()
    client.force_login(people["teacher"])
    url = f"/teams/{issue.team_id}/issues/{issue.pk}/options/{option.pk}/"
    assert client.post(url, {"action": "withdraw"}).status_code == 404
    assert issue.options.filter(pk=option.pk).exists()
