"""Reads about a team: its key leaders, who sits in which party, and what each may open."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from tandem.collaboration.models import (
    CAUCUS_PARTIES,
    KEY_OFFICES,
    PARTY_OF_OFFICE,
    Team,
    TeamMember,
    TeamNote,
)
from tandem.people.models import RoleGrant, User
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


def team_holders(*, team: Team, day: datetime.date) -> dict[str, RoleGrant]:
    """The team's district's office-holders on ``day`` (office → grant), read once per team
    object: a page asks several questions about the same leaders."""
    cache = team.__dict__.setdefault("_holders_by_day", {})
    if day not in cache:
        cache[day] = office_holders(district_ids=[team.district_id], day=day).get(
            team.district_id, {}
        )
    return cache[day]


def key_leaders(*, team: Team, day: datetime.date) -> list[KeyLeader]:
    """Each key office of the team's district with its holder on ``day`` (None when vacant),
    and who held it before."""
    holders = team_holders(team=team, day=day)
    earlier: dict[str, RoleGrant] = {}
    for grant in (
        RoleGrant.objects.filter(district_id=team.district_id, end_date__lt=day)
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
    for office, grant in team_holders(team=team, day=day).items():
        if grant.user_id == user.pk:
            return PARTY_OF_OFFICE[office]
    member = (
        TeamMember.objects.active_on(day)
        .filter(team=team, user=user)
        .values_list("party", flat=True)
    )
    return next(iter(member), None)


def key_office_of(*, user, team: Team, day: datetime.date) -> RoleGrant | None:
    """The key-office grant ``user`` holds in the team's district on ``day``, if any."""
    return next(
        (g for g in team_holders(team=team, day=day).values() if g.user_id == user.pk), None
    )


def is_partnership_staff(roles: Roles) -> bool:
    return RoleGrant.Role.FACILITATOR in roles.state_roles


def led_districts(roles: Roles) -> frozenset[int]:
    """The districts this user may speak for to the partnership: as an administrator, a union
    leader or a school committee member."""
    return roles.districts_with(
        RoleGrant.Role.DISTRICT_ADMIN, RoleGrant.Role.UNION_LEADER, RoleGrant.Role.SCHOOL_COMMITTEE
    )


def is_district_leader(roles: Roles, district_id: int) -> bool:
    """May speak for the district to the partnership."""
    return district_id in led_districts(roles)


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
    return teams_of(user=user, day=roles.day)


def teams_of(*, user, day: datetime.date) -> QuerySet[Team]:
    """The teams ``user`` sits on or facilitates on ``day``."""
    led = RoleGrant.objects.active_on(day).filter(user=user).exclude(office="")
    teams = Team.objects.filter(
        Exists(led.filter(district=OuterRef("district")))
        | Exists(TeamMember.objects.active_on(day).filter(team=OuterRef("pk"), user=user))
        | Q(facilitator=user)
    )
    return teams.select_related("district", "facilitator").order_by("name")


def notes_in(*, team: Team, space: str, limit: int = 50) -> list[TeamNote]:
    return list(team.notes.filter(space=space).select_related("author")[:limit])


def team_people(*, team: Team, day: datetime.date) -> list[User]:
    """Who may attend a meeting or own an action item: the key leaders and members on ``day``,
    and the team's facilitator."""
    ids = {grant.user_id for grant in team_holders(team=team, day=day).values()}
    ids |= set(
        TeamMember.objects.active_on(day).filter(team=team).values_list("user_id", flat=True)
    )
    if team.facilitator_id:
        ids.add(team.facilitator_id)
    return list(User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "pk"))
