"""A facilitator's teams at a glance."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    TextChoices,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from tandem.collaboration.models import (
    SURVEY_MINIMUM_ANSWERS,
    ActionItem,
    Engagement,
    EnrollmentAgreement,
    EventAttendance,
    Meeting,
    PlanVersion,
    RelationshipSurvey,
    StrategicPlan,
    Team,
)
from tandem.collaboration.selectors.plans import plan_progress
from tandem.collaboration.selectors.survey import SurveyYearResult, survey_result, survey_year_names
from tandem.people.models import User


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
                survey=survey_result(
                    team.shown_surveys[0], survey_year_names(team.district.school_years.all())
                )
                if team.shown_surveys
                else None,
                plan=_plan_standing(team.recent_plans),
            )
        )
    return rows
