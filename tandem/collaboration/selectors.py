"""Reads about teams, the partnership's programs and districts' engagements."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from tandem.collaboration.models import (
    CAUCUS_PARTIES,
    KEY_OFFICES,
    PARTY_OF_OFFICE,
    AgreementSignature,
    ConsensusCheck,
    Engagement,
    EnrollmentAgreement,
    Event,
    IssueCriterion,
    IssueOption,
    IssueStatement,
    JointAgreement,
    OptionRating,
    Party,
    Stance,
    Team,
    TeamMember,
    TeamNote,
)
from tandem.people.models import RoleGrant
from tandem.people.selectors import Roles, office_holders


@dataclass(frozen=True)
class KeyLeader:
    """The holder of one key office on a day, and who held it before."""

    party: str
    office: str
    grant: RoleGrant | None
    previous: RoleGrant | None

    @property
    def office_label(self) -> str:
        return RoleGrant.Office(self.office).label


def key_leaders(*, district_id: int, day: datetime.date) -> list[KeyLeader]:
    """Each key office of the district with its holder on ``day`` (None when vacant)."""
    holders = office_holders(district_ids=[district_id], day=day).get(district_id, {})
    earlier: dict[str, RoleGrant] = {}
    for grant in (
        RoleGrant.objects.filter(district_id=district_id, end_date__lt=day)
        .exclude(office="")
        .select_related("user")
        .order_by("end_date", "pk")
    ):
        earlier[grant.office] = grant
    return [
        KeyLeader(party, office, holders.get(office), earlier.get(office))
        for party, offices in KEY_OFFICES.items()
        for office in offices
    ]


def party_of(*, user, team: Team, day: datetime.date) -> str | None:
    """The party in which ``user`` sits on ``team`` on ``day``: as a key leader or a member."""
    if not user.is_authenticated:
        return None
    for office, grant in (
        office_holders(district_ids=[team.district_id], day=day).get(team.district_id, {}).items()
    ):
        if grant.user_id == user.pk:
            return PARTY_OF_OFFICE[office]
    member = (
        TeamMember.objects.active_on(day)
        .filter(team=team, user=user)
        .values_list("party", flat=True)
    )
    return next(iter(member), None)


def is_partnership_staff(roles: Roles) -> bool:
    return RoleGrant.Role.FACILITATOR in roles.state_roles


def is_district_leader(roles: Roles, district_id: int) -> bool:
    """May speak for the district to the partnership: an administrator, union or committee."""
    return district_id in roles.districts_with(
        RoleGrant.Role.DISTRICT_ADMIN, RoleGrant.Role.UNION_LEADER, RoleGrant.Role.SCHOOL_COMMITTEE
    )


def visible_spaces(*, user, team: Team, day: datetime.date) -> list[str]:
    """The note spaces ``user`` may read: the joint space for members and the team's
    facilitator, and the caucus of the member's own party."""
    party = party_of(user=user, team=team, day=day)
    spaces = []
    if party is not None or (team.facilitator_id is not None and team.facilitator_id == user.pk):
        spaces.append(TeamNote.Space.JOINT)
    if party in CAUCUS_PARTIES:
        spaces.append(party)
    return spaces


def team_list(*, roles: Roles, user) -> QuerySet[Team]:
    """Teams the user may open: those they sit on, and for facilitators those they facilitate."""
    day = roles.day
    led = RoleGrant.objects.active_on(day).filter(user=user).exclude(office="")
    teams = Team.objects.filter(
        Exists(led.filter(district=OuterRef("district")))
        | Exists(TeamMember.objects.active_on(day).filter(team=OuterRef("pk"), user=user))
        | Q(facilitator=user)
    )
    return teams.select_related("district", "facilitator").order_by("name")


def notes_in(*, team: Team, space: str, limit: int = 50) -> list[TeamNote]:
    return list(team.notes.filter(space=space).select_related("author")[:limit])


@dataclass(frozen=True)
class PartyAgreement:
    """Where one party's key leader stands on an engagement."""

    party: str
    holder: RoleGrant | None
    agreement: EnrollmentAgreement | None
    lapsed: list[EnrollmentAgreement]

    @property
    def party_label(self) -> str:
        return Party(self.party).label


def agreement_status(*, engagement: Engagement, day: datetime.date) -> list[PartyAgreement]:
    """For each party: its current office-holder and their agreement, and agreements that
    lapsed because the office changed hands."""
    holders = office_holders(district_ids=[engagement.team.district_id], day=day).get(
        engagement.team.district_id, {}
    )
    agreements = list(
        engagement.agreements.select_related("grant__user", "signature").order_by("agreed_at")
    )
    current_grants = {grant.pk for grant in holders.values()}
    status = []
    for party, offices in KEY_OFFICES.items():
        holder = next((holders[o] for o in offices if o in holders), None)
        own = [a for a in agreements if a.party == party]
        valid = next((a for a in own if a.grant_id in current_grants), None)
        status.append(
            PartyAgreement(
                party=party,
                holder=holder,
                agreement=valid,
                lapsed=[a for a in own if a.grant_id not in current_grants],
            )
        )
    return status


def engagement_list(*, program_id=None, status=None, region=None) -> QuerySet[Engagement]:
    engagements = Engagement.objects.select_related(
        "team__district", "program", "team__facilitator"
    )
    if program_id:
        engagements = engagements.filter(program_id=program_id)
    if status:
        engagements = engagements.filter(status=status)
    if region:
        engagements = engagements.filter(team__district__region=region)
    return engagements.order_by("-inquired_on", "-pk")


def engaged_over_time(*, group_by: str) -> tuple[list[int], list[tuple[str, list[int]]]]:
    """Districts enrolled in a program, by school year of enrollment and by program or region:
    (years, [(label, counts per year)])."""
    field = {"program": "program__name", "region": "team__district__region"}[group_by]
    rows = Counter(
        (label, _school_year_of(enrolled_on))
        for label, enrolled_on in Engagement.objects.filter(enrolled_on__isnull=False).values_list(
            field, "enrolled_on"
        )
    )
    years = sorted({year for _label, year in rows})
    labels = sorted({label or "" for label, _year in rows})
    return years, [(label, [rows.get((label, year), 0) for year in years]) for label in labels]


def _school_year_of(day: datetime.date) -> int:
    """The calendar year in which ``day``'s school year began (July to June)."""
    return day.year if day.month >= 7 else day.year - 1


def upcoming_events(*, day: datetime.date, limit: int = 20) -> QuerySet[Event]:
    return (
        Event.objects.filter(starts_at__date__gte=day)
        .select_related("program", "topic")
        .order_by("starts_at")[:limit]
    )


# --- Interest-based problem solving and joint agreements (issue 5, item 4) -----------------


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


def agreement_list(*, team: Team) -> QuerySet[JointAgreement]:
    """The latest version of each of the team's agreements."""
    return (
        team.agreements.filter(superseded_by__isnull=True)
        .select_related("issue")
        .order_by("kind", "-created_at", "-pk")
    )


def agreement_versions(*, agreement: JointAgreement) -> list[JointAgreement]:
    """Every version of the agreement, newest first, with their signatures."""
    return list(
        JointAgreement.objects.filter(Q(pk=agreement.line_id) | Q(original_id=agreement.line_id))
        .prefetch_related("signatures__grant__user")
        .order_by("-number")
    )


def agreement_in_effect(*, agreement: JointAgreement) -> JointAgreement | None:
    """The version of the agreement that binds the parties today, if any."""
    return (
        JointAgreement.objects.filter(
            Q(pk=agreement.line_id) | Q(original_id=agreement.line_id),
            status=JointAgreement.Status.IN_EFFECT,
        )
        .order_by("-number")
        .first()
    )


@dataclass(frozen=True)
class PartySigning:
    """One party's signature on a version, and who may still sign for it today."""

    party: str
    holder: RoleGrant | None
    signed: AgreementSignature | None

    @property
    def party_label(self) -> str:
        return Party(self.party).label


def signing_status(*, agreement: JointAgreement, day: datetime.date) -> list[PartySigning]:
    """For each caucus party: its key leader today and its signature on this version."""
    holders = office_holders(district_ids=[agreement.team.district_id], day=day).get(
        agreement.team.district_id, {}
    )
    signed = {s.party: s for s in agreement.signatures.select_related("grant__user", "signature")}
    return [
        PartySigning(
            party=party,
            holder=next((holders[o] for o in KEY_OFFICES[party] if o in holders), None),
            signed=signed.get(party),
        )
        for party in CAUCUS_PARTIES
    ]
