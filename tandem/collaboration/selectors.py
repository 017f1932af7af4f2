"""Reads about teams, the partnership's programs and districts' engagements."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextChoices,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from tandem.collaboration.models import (
    CAUCUS_PARTIES,
    KEY_OFFICES,
    PARTY_OF_OFFICE,
    SURVEY_MINIMUM_ANSWERS,
    SURVEY_STATEMENTS,
    ActionItem,
    AgreementSignature,
    CalendarFeed,
    ConsensusCheck,
    Engagement,
    EnrollmentAgreement,
    Event,
    EventAttendance,
    IssueCriterion,
    IssueOption,
    IssueStatement,
    JointAgreement,
    MeasureProgress,
    Meeting,
    OptionRating,
    Party,
    PlanVersion,
    RelationshipSurvey,
    Resource,
    Stance,
    StrategicPlan,
    SurveyParticipation,
    Team,
    TeamMember,
    TeamNote,
)
from tandem.collaboration.plan_content import measures
from tandem.organizations.models import SchoolYear
from tandem.people.models import RoleGrant, User
from tandem.people.selectors import Roles, office_holders, roles_of


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


def engaged_over_time(*, group_by: str) -> tuple[list[str], list[tuple[str, list[int]]]]:
    """Districts enrolled in a program, by the school year of enrollment on the district's own
    calendar and by program or region: (school year names, [(label, counts per year)])."""
    field = {"program": "program__name", "region": "team__district__region"}[group_by]
    # organizations.selectors.school_year_for in one query for every engagement: the latest
    # school year of the district that began on or before the day of enrollment.
    school_year = SchoolYear.objects.filter(
        district=OuterRef("team__district"), start_date__lte=OuterRef("enrolled_on")
    ).order_by("-start_date")
    rows = Counter(
        (label, year or "")
        for label, year in Engagement.objects.filter(enrolled_on__isnull=False)
        .annotate(school_year=Subquery(school_year.values("name")[:1]))
        .values_list(field, "school_year")
    )
    years = sorted({year for _label, year in rows})
    labels = sorted({label or "" for label, _year in rows})
    return years, [(label, [rows.get((label, year), 0) for year in years]) for label in labels]


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


def plan_adopting_signatures(*, version: PlanVersion) -> list[PartyConsent]:
    """For each party, the signature that adopted this version. An adopted plan stays adopted
    when an office changes hands, so unlike a draft's, these signatures never lapse."""
    signed = {
        s.party: s
        for s in version.party_signatures.select_related("grant__user", "signature").order_by(
            "signature__signed_at"
        )
    }
    return [PartyConsent(party, None, signed.get(party), []) for party in KEY_OFFICES]


def plan_version_standing(*, version: PlanVersion, day: datetime.date) -> list[PartyConsent]:
    """The signatures that adopted a version, or a draft's as they stand on ``day``."""
    if version.adopted_on:
        return plan_adopting_signatures(version=version)
    return plan_signatures(version=version, day=day)


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


def plan_step_choices(*, team: Team) -> list[tuple[str, str]]:
    """("<plan id>:<step key>", label) for each action step of the team's adopted plans."""
    choices = []
    for version in PlanVersion.objects.filter(
        plan__team=team, status=PlanVersion.Status.ADOPTED
    ).select_related("plan"):
        for strategy in version.content["strategies"]:
            for initiative in strategy["initiatives"]:
                for step in initiative["steps"]:
                    choices.append(
                        (
                            f"{version.plan_id}:{step['key']}",
                            f"{version.plan.title}: {step['title']}",
                        )
                    )
    return choices


def plan_action_items(*, plan: StrategicPlan, content: dict) -> list[tuple[dict, list]]:
    """Each action step of ``content`` with the meetings' action items that carry it forward."""
    items: dict[str, list] = {}
    for item in plan.action_items.select_related("owner", "meeting"):
        items.setdefault(item.plan_step_key, []).append(item)
    return [
        (step, items.get(step["key"], []))
        for strategy in content["strategies"]
        for initiative in strategy["initiatives"]
        for step in initiative["steps"]
        if step["key"] in items
    ]


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
    return resources.select_related("team__district", "shared_by", "file").prefetch_related(
        "topics"
    )


# -- Meetings, action items, calendar feeds and the relationship survey (issue 5) -----------


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


def meeting_list(*, team: Team) -> QuerySet[Meeting]:
    """The team's meetings, latest first, with how many of their action items are open."""
    return (
        team.meetings.annotate(
            open_items=Count("action_items", filter=Q(action_items__done_on__isnull=True))
        )
        .prefetch_related("agenda")
        .order_by("-starts_at", "-pk")
    )


def meeting_detail_get(*, team: Team, meeting_id: int) -> Meeting | None:
    return (
        team.meetings.filter(pk=meeting_id)
        .select_related("created_by", "cancelled_by")
        .prefetch_related("agenda", "attendees")
        .first()
    )


def action_item_list(*, team: Team, open_only: bool = True) -> QuerySet[ActionItem]:
    items = ActionItem.objects.filter(meeting__team=team).select_related("owner", "meeting")
    if open_only:
        items = items.filter(done_on__isnull=True)
    return items.order_by("due_on", "pk")


def calendar_feed_owner(*, token: str) -> User | None:
    """The active owner of an unrevoked feed address, or None."""
    feed = (
        CalendarFeed.objects.filter(digest=CalendarFeed.digest_of(token), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


@dataclass(frozen=True)
class CalendarEntries:
    meetings: list[Meeting]
    action_items: list[ActionItem]


def calendar_entries(*, user: User, day: datetime.date) -> CalendarEntries:
    """What ``user``'s feed lists: the meetings of the teams they may open on ``day`` (from a
    year back, cancelled ones included so that calendar apps take them off) and those teams'
    open action items."""
    teams = team_list(roles=roles_of(user, day), user=user)
    since = day - datetime.timedelta(days=365)
    return CalendarEntries(
        meetings=list(
            Meeting.objects.filter(team__in=teams, starts_at__date__gte=since)
            .select_related("team")
            .prefetch_related("agenda")
            .order_by("starts_at", "pk")
        ),
        action_items=list(
            ActionItem.objects.filter(meeting__team__in=teams, done_on__isnull=True)
            .select_related("owner", "meeting__team")
            .order_by("due_on", "pk")
        ),
    )


@dataclass(frozen=True)
class StatementResult:
    key: str
    text: str
    mean: float | None


@dataclass(frozen=True)
class SurveyYearResult:
    """One school year of a team's survey; means and comments only when enough answered."""

    school_year: int
    label: str
    answers: int
    statements: list[StatementResult]
    comments: list[str]

    @property
    def shown(self) -> bool:
        return self.answers >= SURVEY_MINIMUM_ANSWERS

    @property
    def overall(self) -> float | None:
        means = [s.mean for s in self.statements if s.mean is not None]
        return round(sum(means) / len(means), 2) if means else None


def _year_names(school_years) -> dict[int, str]:
    """The survey's stored year (the calendar year a school year began) → the district's name
    for that school year."""
    return {year.start_date.year: year.name for year in school_years}


def _survey_result(survey: RelationshipSurvey, names: dict[int, str]) -> SurveyYearResult:
    shown = survey.answers >= SURVEY_MINIMUM_ANSWERS
    statements = []
    for key, text in SURVEY_STATEMENTS:
        counts = survey.tallies.get(key) or []
        total = sum(counts)
        mean = (
            round(sum(score * n for score, n in enumerate(counts, start=1)) / total, 2)
            if shown and total
            else None
        )
        statements.append(StatementResult(key=key, text=str(text), mean=mean))
    return SurveyYearResult(
        school_year=survey.school_year,
        label=names.get(survey.school_year, str(survey.school_year)),
        answers=survey.answers,
        statements=statements,
        comments=list(survey.comments) if shown else [],
    )


def survey_results(*, team: Team) -> list[SurveyYearResult]:
    """The team's survey by school year, oldest first; below the threshold only the count."""
    names = _year_names(SchoolYear.objects.filter(district_id=team.district_id))
    return [_survey_result(s, names) for s in team.surveys.order_by("school_year")]


def survey_has_answered(*, team: Team, user, school_year: int) -> bool:
    return SurveyParticipation.objects.filter(
        team=team, user=user, school_year=school_year
    ).exists()


class EngagementStage(TextChoices):
    """The stage of one engagement on the facilitator's dashboard, in order of progress."""

    INQUIRY = "inquiry", _("Inquiry")
    FIRST_MEETING = "first_meeting", _("First meeting held")
    WAITING = "waiting", _("First meeting held; leaders agreeing")
    ENROLLED = "enrolled", _("Enrolled")


def _stage_of(engagement: Engagement) -> EngagementStage:
    if engagement.status == Engagement.Status.ENROLLED:
        return EngagementStage.ENROLLED
    if engagement.status == Engagement.Status.MET:
        return EngagementStage.WAITING if engagement.agreed else EngagementStage.FIRST_MEETING
    return EngagementStage.INQUIRY


@dataclass(frozen=True)
class FacilitatedTeam:
    """One row of a facilitator's dashboard."""

    team: Team
    programs: list[tuple[str, str]]  # (program name, stage label)
    stage: str | None
    attended: int
    last_met: datetime.datetime | None
    open_items: int
    overdue_items: int
    survey: SurveyYearResult | None
    plan: "PlanStanding | None" = None


@dataclass(frozen=True)
class PlanStanding:
    """Where a team's plan stands: adopted or in draft, and how far its measures have come."""

    plan: StrategicPlan
    adopted: PlanVersion | None
    progress: float | None  # 0 to 1: the measures' mean share of the way to their targets

    @property
    def progress_percent(self) -> int | None:
        return None if self.progress is None else round(self.progress * 100)


def plan_progress(*, content: dict, readings) -> float | None:
    """The mean, over the measures that have a reading, of the share of the way from the
    baseline to the target that the latest reading has come (0 to 1)."""
    latest: dict[str, MeasureProgress] = {}
    for reading in sorted(readings, key=lambda r: (r.recorded_on, r.pk)):
        latest[reading.measure_key] = reading
    shares = []
    for _goal, measure in measures(content):
        reading = latest.get(measure["key"])
        span = measure["target"] - measure["baseline"]
        if reading is None or not span:
            continue
        shares.append(min(1.0, max(0.0, (float(reading.value) - measure["baseline"]) / span)))
    return sum(shares) / len(shares) if shares else None


def _plan_standing(plans: list[StrategicPlan]) -> PlanStanding | None:
    """The standing of the team's most recent plan (its versions and readings prefetched)."""
    if not plans:
        return None
    plan = plans[0]
    adopted = next((v for v in plan.live_versions if v.status == PlanVersion.Status.ADOPTED), None)
    return PlanStanding(
        plan=plan,
        adopted=adopted,
        progress=plan_progress(content=adopted.content, readings=plan.progress.all())
        if adopted
        else None,
    )


def _count_of(queryset: QuerySet, group_by: str):
    return Coalesce(
        Subquery(
            queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def facilitated_teams(*, user: User, day: datetime.date) -> list[FacilitatedTeam]:
    """The teams ``user`` facilitates, with where each stands; a fixed number of queries."""
    open_items = ActionItem.objects.filter(meeting__team=OuterRef("pk"), done_on__isnull=True)
    teams = (
        Team.objects.filter(facilitator=user)
        .select_related("district")
        .prefetch_related("district__school_years")
        .annotate(
            attended=Coalesce(
                Subquery(
                    EventAttendance.objects.filter(team=OuterRef("pk"))
                    .order_by()
                    .values("team")
                    .annotate(n=Sum("people"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            last_met=Subquery(
                Meeting.objects.filter(
                    team=OuterRef("pk"), starts_at__date__lte=day, cancelled_at__isnull=True
                )
                .order_by()
                .values("team")
                .annotate(last=Max("starts_at"))
                .values("last")
            ),
            open_items=_count_of(open_items, "meeting__team"),
            overdue_items=_count_of(open_items.filter(due_on__lt=day), "meeting__team"),
        )
        .prefetch_related(
            Prefetch(
                "engagements",
                queryset=Engagement.objects.exclude(status=Engagement.Status.WITHDRAWN)
                .select_related("program")
                .annotate(
                    agreed=Exists(EnrollmentAgreement.objects.filter(engagement=OuterRef("pk")))
                )
                .order_by("program__name"),
                to_attr="open_engagements",
            ),
            Prefetch(
                "plans",
                queryset=StrategicPlan.objects.order_by("-created_at").prefetch_related(
                    Prefetch(
                        "versions",
                        queryset=PlanVersion.objects.filter(
                            status__in=[PlanVersion.Status.ADOPTED, PlanVersion.Status.DRAFT]
                        ),
                        to_attr="live_versions",
                    ),
                    "progress",
                ),
                to_attr="recent_plans",
            ),
            Prefetch(
                "surveys",
                queryset=RelationshipSurvey.objects.filter(
                    answers__gte=SURVEY_MINIMUM_ANSWERS
                ).order_by("-school_year"),
                to_attr="shown_surveys",
            ),
        )
        .order_by("name")
    )
    order = list(EngagementStage)
    rows = []
    for team in teams:
        stages = [(e.program.name, _stage_of(e)) for e in team.open_engagements]
        furthest = max((order.index(s) for _n, s in stages), default=None)
        rows.append(
            FacilitatedTeam(
                team=team,
                programs=[(name, str(s.label)) for name, s in stages],
                stage=str(order[furthest].label) if furthest is not None else None,
                attended=team.attended,
                last_met=team.last_met,
                open_items=team.open_items,
                overdue_items=team.overdue_items,
                survey=_survey_result(
                    team.shown_surveys[0], _year_names(team.district.school_years.all())
                )
                if team.shown_surveys
                else None,
                plan=_plan_standing(team.recent_plans),
            )
        )
    return rows


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
