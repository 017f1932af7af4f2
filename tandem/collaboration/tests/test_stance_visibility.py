"""Stances with a choice to hide (issue 16, item 7): before the decision, a member sees the
others' stances only once theirs is given unless the team chose otherwise, and after it as
the team chose; the issue shows the choice, and the page and the API ask one rule."""

import pytest

from tandem.collaboration.models import IssueStatement, Stance
from tandem.collaboration.services.problem_solving import (
    issue_decide,
    issue_stance_visibility_set,
    stance_record,
)
from tandem.errors import DomainError

pytestmark = pytest.mark.django_db

Gradient = Stance.Gradient
CONCERN = "Only if the stipends come from the next budget"


def _stand(issue, user, gradient=Gradient.LIVE_WITH_IT, comment=""):
    return stance_record(issue_id=issue.pk, by=user, gradient=gradient, comment=comment)


def _choose(issue, by, *, before_own, after_decision=True):
    issue.refresh_from_db()
    return issue_stance_visibility_set(
        issue_id=issue.pk,
        version=issue.version,
        by=by,
        before_own=before_own,
        after_decision=after_decision,
    )


def _page(client, user, issue):
    client.force_login(user)
    return client.get(f"/teams/{issue.team_id}/issues/{issue.pk}/consensus/").content.decode()


def _api(client, user, issue):
    client.force_login(user)
    return client.get(f"/api/teams/{issue.team_id}/issues/{issue.pk}/stances")


@pytest.fixture
def stood(issue, people):
    """The superintendent has given a stance with a concern; nobody else has."""
    _stand(issue, people["superintendent"], Gradient.MORE_DISCUSSION, CONCERN)
    issue.refresh_from_db()
    return issue


def test_a_member_without_a_stance_sees_none_of_the_others_then_all_once_theirs_is_given(
    client, stood, people
):
    union = people["union"]
    page = _page(client, union, stood)
    assert CONCERN not in page
    assert "needs more discussion" not in page and "1 stance recorded." in page
    body = _api(client, union, stood).json()
    assert body["stances"] == [] and body["holds"] is None and body["count"] == 1
    assert "once you have given yours" in body["hidden_reason"]

    _stand(stood, union)
    page = _page(client, union, stood)
    assert CONCERN in page and "needs more discussion" in page
    body = _api(client, union, stood).json()
    assert body["hidden_reason"] is None
    assert {s["comment"] for s in body["stances"]} == {CONCERN, ""}


def test_the_issue_page_says_how_many_but_not_whether_consensus_holds(client, stood, people):
    client.force_login(people["committee"])
    page = client.get(f"/teams/{stood.team_id}/issues/{stood.pk}/").content.decode()
    assert "1 stance recorded." in page
    assert "No consensus yet." not in page and "Consensus holds." not in page
    assert "only once they have given their own" in page  # the choice, shown on the issue


def test_the_team_may_choose_to_show_stances_before_ones_own(client, issue, people):
    _choose(issue, people["principal"], before_own=True)
    _stand(issue, people["superintendent"], Gradient.MORE_DISCUSSION, CONCERN)
    assert CONCERN in _page(client, people["union"], issue)
    assert _api(client, people["union"], issue).json()["stances"][0]["comment"] == CONCERN


def test_the_facilitator_who_takes_no_stance_sees_them_to_guide_the_check(client, stood, people):
    assert CONCERN in _page(client, people["facilitator"], stood)
    assert _api(client, people["facilitator"], stood).json()["count"] == 1


def test_someone_off_the_team_reads_no_stance_through_the_api(client, stood, people):
    response = _api(client, people["teacher"], stood)
    assert response.status_code == 404 and CONCERN not in response.content.decode()


def test_a_member_without_a_stance_does_not_record_the_decision_nor_learn_why_it_fails(
    stood, people
):
    with pytest.raises(DomainError) as refused:
        issue_decide(
            issue_id=stood.pk, version=stood.version, by=people["union"], decision="Mentors."
        )
    assert "your own stance first" in str(refused.value)
    assert "discussion" not in str(refused.value)
    stood.refresh_from_db()
    assert stood.stage == IssueStatement.Stage.CONSENSUS


def test_after_the_decision_the_stances_stay_unseen_when_the_team_chose_so(client, issue, people):
    _choose(issue, people["principal"], before_own=False, after_decision=False)
    for role in ("superintendent", "union", "committee"):
        _stand(issue, people[role], comment=f"{role} agrees, with care")
    issue.refresh_from_db()
    issue_decide(issue_id=issue.pk, version=issue.version, by=people["union"], decision="Go.")
    for role in ("union", "facilitator", "principal"):
        page = _page(client, people[role], issue)
        assert "agrees, with care" not in page and "3 stances recorded." in page
        assert _api(client, people[role], issue).json()["stances"] == []


def test_after_the_decision_the_team_sees_every_stance_by_default(client, decided_issue, people):
    page = _page(client, people["principal"], decided_issue)  # who gave none
    assert page.count("Support with reservations") == 3
    assert len(_api(client, people["principal"], decided_issue).json()["stances"]) == 3


def test_stances_given_unseen_are_not_shown_by_changing_the_choice_mid_round(stood, people):
    with pytest.raises(DomainError, match="next round"):
        _choose(stood, people["principal"], before_own=True)
    stood.refresh_from_db()
    assert stood.stances_before_own is False


def test_the_facilitator_does_not_make_the_teams_choice(issue, people):
    with pytest.raises(DomainError):
        _choose(issue, people["facilitator"], before_own=True)
    issue.refresh_from_db()
    assert issue.stances_before_own is False


def test_the_choice_is_saved_from_the_issue_page(client, issue, people):
    client.force_login(people["principal"])
    response = client.post(
        f"/teams/{issue.team_id}/issues/{issue.pk}/stance-visibility/",
        {"version": issue.version, "before_own": "on"},
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.stances_before_own is True and issue.stances_after_decision is False
    page = client.get(f"/teams/{issue.team_id}/issues/{issue.pk}/").content.decode()
    assert "even before giving their own" in page and "stays unseen" in page
