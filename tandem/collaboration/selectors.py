"""Reads about teams, the partnership's programs and districts' engagements."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from tandem.collaboration.models import (
    CAUCUS_PARTIES,
    KEY_OFFICES,
    PARTY_OF_OFFICE,
    Engagement,
    EnrollmentAgreement,
    Event,
    Party,
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
