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
    Event,
    MeasureProgress,
    Party,
    PlanVersion,
    Resource,
    StrategicPlan,
    Team,
    TeamMember,
    TeamNote,
)
from tandem.collaboration.plan_content import measures
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
class PartyConsent:
    """Where one party's key leader stands on a record that every party must sign."""

    party: str
    holder: RoleGrant | None
    agreement: object | None
    lapsed: list

    @property
    def party_label(self) -> str:
        return Party(self.party).label


def consent_status(*, district_id: int, consents, day: datetime.date) -> list[PartyConsent]:
    """For each party: its office-holder on ``day`` and their consent (any rows with ``party``
    and ``grant_id``), and the consents that lapsed because the office changed hands."""
    holders = office_holders(district_ids=[district_id], day=day).get(district_id, {})
    current_grants = {grant.pk for grant in holders.values()}
    status = []
    for party, offices in KEY_OFFICES.items():
        holder = next((holders[o] for o in offices if o in holders), None)
        own = [c for c in consents if c.party == party]
        status.append(
            PartyConsent(
                party=party,
                holder=holder,
                agreement=next((c for c in own if c.grant_id in current_grants), None),
                lapsed=[c for c in own if c.grant_id not in current_grants],
            )
        )
    return status


def agreement_status(*, engagement: Engagement, day: datetime.date) -> list[PartyConsent]:
    return consent_status(
        district_id=engagement.team.district_id,
        consents=list(
            engagement.agreements.select_related("grant__user", "signature").order_by("agreed_at")
        ),
        day=day,
    )


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


# -- Plans, the gallery and the resource library ----------------------------------------------


def plan_versions(plan: StrategicPlan) -> list[PlanVersion]:
    return list(plan.versions.order_by("-number"))


def plan_current(versions: list[PlanVersion]) -> tuple[PlanVersion | None, PlanVersion | None]:
    """(the adopted version, the draft) of a plan's versions."""
    adopted = next((v for v in versions if v.status == PlanVersion.Status.ADOPTED), None)
    draft = next((v for v in versions if v.status == PlanVersion.Status.DRAFT), None)
    return adopted, draft


def plan_signatures(*, version: PlanVersion, day: datetime.date) -> list[PartyConsent]:
    return consent_status(
        district_id=version.plan.team.district_id,
        consents=list(version.party_signatures.select_related("grant__user", "signature")),
        day=day,
    )


CHART_W, CHART_H, CHART_PAD = 480, 160, 12


@dataclass(frozen=True)
class MeasureChart:
    """A measure's readings drawn on a small chart, with its baseline and target."""

    goal: dict
    measure: dict
    readings: list
    points: str
    baseline_y: float
    target_y: float
    width: int = CHART_W
    height: int = CHART_H

    @property
    def latest(self):
        return self.readings[-1] if self.readings else None


def measure_charts(*, plan: StrategicPlan, content: dict) -> list[MeasureChart]:
    """One chart per measure of ``content``, from the plan's recorded readings."""
    readings: dict[str, list[MeasureProgress]] = {}
    for reading in plan.progress.order_by("recorded_on", "pk"):
        readings.setdefault(reading.measure_key, []).append(reading)
    charts = []
    for goal, measure in measures(content):
        own = readings.get(measure["key"], [])
        values = [float(r.value) for r in own] + [measure["baseline"], measure["target"]]
        low, high = min(values), max(values)
        span = (high - low) or 1.0

        def y(value, low=low, span=span):
            return round(
                CHART_H - CHART_PAD - (float(value) - low) / span * (CHART_H - 2 * CHART_PAD), 1
            )

        if own:
            first = own[0].recorded_on
            days = max((own[-1].recorded_on - first).days, 1)
            points = " ".join(
                f"{round(CHART_PAD + (r.recorded_on - first).days / days * (CHART_W - 2 * CHART_PAD), 1)},"
                f"{y(r.value)}"
                for r in own
            )
        else:
            points = ""
        charts.append(
            MeasureChart(goal, measure, own, points, y(measure["baseline"]), y(measure["target"]))
        )
    return charts


def gallery_list(*, q: str = "", topic: str = "") -> QuerySet[StrategicPlan]:
    plans = StrategicPlan.objects.filter(published_version__isnull=False)
    for word in q.split()[:8]:
        plans = plans.filter(search_text__icontains=word)
    if topic:
        plans = plans.filter(topics__slug=topic)
    return (
        plans.select_related("team__district", "published_version")
        .prefetch_related("topics")
        .order_by("-published_at", "pk")
    )


def resource_list(*, q: str = "", topic: str = "", kind: str = "") -> QuerySet[Resource]:
    resources = Resource.objects.all()
    for word in q.split()[:8]:
        resources = resources.filter(Q(title__icontains=word) | Q(summary__icontains=word))
    if topic:
        resources = resources.filter(topics__slug=topic)
    if kind:
        resources = resources.filter(kind=kind)
    return resources.select_related("team__district", "shared_by").prefetch_related("topics")
