"""Selection's read API: a candidate's interview scorecards, by the rule the pages ask
(``rules.may_view_scorecard``): a panel member reads the others' only after submitting their
own, and nobody without a part in the posting reads any (404)."""

import datetime

from django.http import Http404
from ninja import Router, Schema

from tandem.api_types import ObjectId
from tandem.hiring.models import Posting
from tandem.people.selectors import roles_of
from tandem.records.models import AccessLogEntry
from tandem.records.services import access_log_request
from tandem.selection import selectors

router = Router(tags=["selection"])


class ScoreOut(Schema):
    criterion: str
    weight: int
    score: int


class ScorecardOut(Schema):
    id: int
    panel_member: str
    mine: bool
    submitted_at: datetime.datetime | None
    notes: str
    total: int
    scores: list[ScoreOut]


class ScorecardsOut(Schema):
    scorecards: list[ScorecardOut]
    not_shown: int


@router.get("/postings/{posting_id}/candidates/{application_id}/scorecards", response=ScorecardsOut)
def list_scorecards(request, posting_id: ObjectId, application_id: ObjectId):
    """The candidate's scorecards the caller may read, and how many others there are."""
    posting = Posting.objects.select_related("vacancy").filter(pk=posting_id).first()
    if posting is None or not request.user.has_perm("selection.view_candidates", posting):
        raise Http404("No such posting among those you select for.")
    application = selectors.candidate_get(posting, application_id)
    if application is None:
        raise Http404("No such candidate.")
    cards = list(selectors.scorecards_of(application))
    shown = [card for card in cards if request.user.has_perm("selection.view_scorecard", card)]
    access_log_request(request, [application, *shown], channel=AccessLogEntry.Channel.API)
    person_id = roles_of(request.user).person_id
    return {
        "scorecards": [
            {
                "id": card.pk,
                "panel_member": str(card.panel_member.person),
                "mine": card.panel_member.person_id == person_id,
                "submitted_at": card.submitted_at,
                "notes": card.notes,
                "total": selectors.scorecard_total(card),
                "scores": [
                    {"criterion": s.criterion.name, "weight": s.criterion.weight, "score": s.score}
                    for s in card.scores.all()
                ],
            }
            for card in shown
        ],
        "not_shown": len(cards) - len(shown),
    }
