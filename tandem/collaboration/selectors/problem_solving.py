"""Reads about interest-based problem solving: issues, the weighing and the consensus check (issue
5, item 4)."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tandem.collaboration.models import (
    CAUCUS_PARTIES,
    ConsensusCheck,
    IssueCriterion,
    IssueOption,
    IssueStatement,
    OptionRating,
    Party,
    Stance,
    Team,
)


def issue_list(*, team: Team) -> QuerySet[IssueStatement]:
    return team.issues.select_related("raised_by").order_by("-created_at", "-pk")


def open_check(*, issue: IssueStatement) -> ConsensusCheck | None:
    """The consensus round under way on the issue, if the team is at that step."""
    return issue.checks.filter(closed_at__isnull=True).select_related("option").first()


def decided_check(*, issue: IssueStatement) -> ConsensusCheck | None:
    """The round whose consensus the decision records."""
    if not issue.is_decided:
        return None
    return issue.checks.select_related("option").order_by("-closed_at", "-pk").first()


@dataclass(frozen=True)
class WeighingRow:
    option: IssueOption
    cells: list[tuple[IssueCriterion, OptionRating | None]]


def weighing_matrix(*, issue: IssueStatement) -> tuple[list[IssueCriterion], list[WeighingRow]]:
    """The criteria, and each option with its rating against every criterion (None: not yet)."""
    criteria = list(issue.criteria.all())
    ratings = {
        (r.option_id, r.criterion_id): r
        for r in OptionRating.objects.filter(option__issue=issue).select_related("updated_by")
    }
    rows = [
        WeighingRow(option, [(c, ratings.get((option.pk, c.pk))) for c in criteria])
        for option in issue.options.all()
    ]
    return criteria, rows


@dataclass(frozen=True)
class PartyStances:
    party: str
    stances: list[Stance]

    @property
    def party_label(self) -> str:
        return Party(self.party).label


@dataclass(frozen=True)
class ConsensusStatus:
    """Where a consensus round stands.

    Consensus holds when (1) at least one member of each caucus party (management, union,
    school committee) has recorded a stance, (2) nobody blocks (5) and (3) every recorded
    stance, community members' included, is at 3, "I can live with it", or better (1 to 3).
    A 4, "Need more discussion", sends the team back to talk; it does not block for good.
    """

    parties: list[PartyStances]
    missing: list[str]
    blocking: list[Stance]
    below: list[Stance]

    @property
    def holds(self) -> bool:
        return not (self.missing or self.blocking or self.below)

    @property
    def stance_count(self) -> int:
        return sum(len(p.stances) for p in self.parties)

    def reasons(self) -> list[str]:
        """Why consensus does not hold yet, one sentence each."""
        reasons = [
            _("No one from the %(party)s has stood yet.") % {"party": Party(p).label}
            for p in self.missing
        ]
        reasons += [
            _("%(who)s blocks: serious disagreement.") % {"who": s.user} for s in self.blocking
        ]
        reasons += [_("%(who)s needs more discussion.") % {"who": s.user} for s in self.below]
        return reasons


def consensus_status(*, check: ConsensusCheck) -> ConsensusStatus:
    """Every stance of the round by party, and whether they make a consensus."""
    stances = list(check.stances.select_related("user"))
    by_party = {party: [] for party in (*CAUCUS_PARTIES, Party.COMMUNITY)}
    for stance in stances:
        by_party.setdefault(stance.party, []).append(stance)
    return ConsensusStatus(
        parties=[
            PartyStances(party, own)
            for party, own in by_party.items()
            if own or party in CAUCUS_PARTIES
        ],
        missing=[party for party in CAUCUS_PARTIES if not by_party[party]],
        blocking=[s for s in stances if s.gradient == Stance.Gradient.BLOCK],
        below=[s for s in stances if s.gradient == Stance.Gradient.MORE_DISCUSSION],
    )
