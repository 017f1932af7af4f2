"""Read endpoints of a team's problem solving: the stances of an issue's consensus check,
behind the same rule as the page (``rules.stances_refusal``)."""

from django.http import Http404
from ninja import Router, Schema

from tandem.api_types import ObjectId
from tandem.collaboration.models import IssueStatement
from tandem.collaboration.rules import may_open_team, stances_refusal
from tandem.collaboration.selectors import problem_solving as problem_solving_selectors

router = Router(tags=["collaboration"])


class StanceOut(Schema):
    member: str
    party: str
    gradient: int
    comment: str


class StancesOut(Schema):
    """The round's stances, or only how many there are and why the rest is unseen."""

    issue_id: int
    stances_before_own: bool
    stances_after_decision: bool
    count: int
    hidden_reason: str | None
    holds: bool | None
    stances: list[StanceOut]


@router.get("/teams/{team_id}/issues/{issue_id}/stances", response=StancesOut)
def issue_stances(request, team_id: ObjectId, issue_id: ObjectId):
    """The stances of the issue's open or deciding consensus check, as the issue's choice lets
    the reader see them; 404 for anyone who may not open the team."""
    issue = (
        IssueStatement.objects.select_related("team").filter(pk=issue_id, team_id=team_id).first()
    )
    if issue is None or not may_open_team(request.user, issue.team):
        raise Http404
    check = problem_solving_selectors.open_check(
        issue=issue
    ) or problem_solving_selectors.decided_check(issue=issue)
    hidden = stances_refusal(request.user, check) if check else None
    status = (
        problem_solving_selectors.consensus_status(check=check) if check and not hidden else None
    )
    stances = [s for party in status.parties for s in party.stances] if status else []
    return {
        "issue_id": issue.pk,
        "stances_before_own": issue.stances_before_own,
        "stances_after_decision": issue.stances_after_decision,
        "count": check.stances.count() if check else 0,
        "hidden_reason": hidden,
        "holds": status.holds if status else None,
        "stances": [
            {
                "member": str(s.user),
                "party": s.party,
                "gradient": s.gradient,
                "comment": s.comment,
            }
            for s in stances
        ],
    }
