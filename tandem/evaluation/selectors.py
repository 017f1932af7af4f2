"""Reads of evaluation cycles, narrowed to those the user may open."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from tandem.evaluation.models import EvaluationCycle
from tandem.people.models import StaffAssignment, in_force_on
from tandem.people.selectors import Roles

Step = EvaluationCycle.Step


def cycle_visible(roles: Roles) -> Q:
    """Cycles whose confidential record the user may open (603 CMR 35.10(3)): the educator's
    own, those they evaluate, those of their school's staff if principal, and every cycle of
    a district where they are HR or an administrator."""
    condition = Q(person_id=roles.person_id) if roles.person_id else Q(pk__in=[])
    if roles.person_id:
        condition |= Q(primary_evaluator_id=roles.person_id)
        condition |= Q(supervising_evaluator_id=roles.person_id)
    if roles.evaluatee_ids:
        condition |= Q(employment_id__in=roles.evaluatee_ids)
    if roles.personnel_districts:
        condition |= Q(district__in=roles.personnel_districts)
    if roles.principal_schools:
        condition |= Exists(
            StaffAssignment.objects.filter(
                in_force_on(roles.day),
                employment=OuterRef("employment_id"),
                school__in=roles.principal_schools,
            )
        )
    return condition


CYCLE_SORTS = {
    "name": ("person__last_name", "person__first_name", "pk"),
    "-name": ("-person__last_name", "-person__first_name", "-pk"),
    "start": ("start_date", "pk"),
    "-start": ("-start_date", "-pk"),
}


def cycle_list(
    *, roles: Roles, search: str = "", step: str = "", current_only: bool = False, sort: str = ""
) -> QuerySet[EvaluationCycle]:
    """The cycles this user may open, filtered by the educator's name and the step."""
    cycles = EvaluationCycle.objects.filter(cycle_visible(roles)).select_related(
        "person", "district", "school_year", "settings_version", "primary_evaluator"
    )
    if search:
        for word in search.split()[:3]:
            cycles = cycles.filter(
                Q(person__last_name__icontains=word) | Q(person__first_name__icontains=word)
            )
    if step in Step.values:
        cycles = cycles.filter(step=step)
    if current_only:
        cycles = cycles.filter(start_date__lte=roles.day, end_date__gte=roles.day)
    return with_observation_counts(cycles).order_by(*CYCLE_SORTS.get(sort, CYCLE_SORTS["-start"]))


def with_observation_counts(cycles: QuerySet[EvaluationCycle]) -> QuerySet[EvaluationCycle]:
    return cycles.annotate(
        announced_count=Count("observations", filter=Q(observations__kind="announced")),
        unannounced_count=Count("observations", filter=Q(observations__kind="unannounced")),
    )


def observation_shortfall(cycle: EvaluationCycle) -> dict[str, int]:
    """How many observations of each kind the cycle still lacks against the minimums of the
    settings it keeps (a cycle from ``with_observation_counts``)."""
    minimums = cycle.settings_version.values["observation_minimums"][cycle.plan_type]
    counts = {"announced": cycle.announced_count, "unannounced": cycle.unannounced_count}
    return {kind: minimums[kind] - counts[kind] for kind in counts if counts[kind] < minimums[kind]}


def cycle_get(*, roles: Roles, cycle_id: int) -> EvaluationCycle | None:
    return (
        cycle_list(roles=roles)
        .select_related(
            "employment",
            "framework_version__framework",
            "supervising_evaluator",
        )
        .filter(pk=cycle_id)
        .first()
    )


def current_cycles(*, employment_ids, day: datetime.date) -> dict[int, EvaluationCycle]:
    """Each employment's cycle under way on ``day`` (the latest begun), by employment id."""
    cycles = with_observation_counts(
        EvaluationCycle.objects.filter(employment_id__in=list(employment_ids), start_date__lte=day)
        .select_related("settings_version", "school_year")
        .order_by("employment_id", "-start_date")
    )
    found: dict[int, EvaluationCycle] = {}
    for cycle in cycles:
        found.setdefault(cycle.employment_id, cycle)
    return found


# Which district due date closes each step (the settings' "due_dates", MM-DD).
STEP_DUE_KEYS = {
    Step.SELF_ASSESSMENT: "self_assessment",
    Step.EDUCATOR_PLAN: "educator_plan",
    Step.IMPLEMENTATION: "formative",
    Step.FORMATIVE: "formative",
    Step.SUMMATIVE: "summative",
}


def step_due_dates(cycle: EvaluationCycle) -> dict[str, datetime.date]:
    """Each step's due date on the cycle's school-year calendar, from the settings version the
    cycle began with. A two-year plan's summative falls in its second year, and its formative
    evaluation at the end of the first (evaluation.md §6)."""
    due = cycle.settings_version.values["due_dates"]
    first_day = cycle.school_year.start_date

    def date_of(month_day: str, year_offset: int = 0) -> datetime.date:
        month, day = int(month_day[:2]), int(month_day[3:])
        year = first_day.year + (0 if month >= first_day.month else 1) + year_offset
        return datetime.date(year, month, day)

    dates = {key: date_of(value) for key, value in due.items()}
    if cycle.plan_years == 2:
        dates["formative"] = date_of(due["summative"])
        dates["summative"] = date_of(due["summative"], year_offset=1)
    return dates


@dataclass(frozen=True)
class NextDue:
    step: str
    label: str
    due: datetime.date | None
    overdue: bool
    shortfall: dict[str, int] | None = None


def cycle_next_due(cycle: EvaluationCycle, *, day: datetime.date) -> NextDue:
    """What the cycle waits for now, when it is due and whether that date has passed."""
    step = Step(cycle.step)
    shortfall = observation_shortfall(cycle) if hasattr(cycle, "announced_count") else None
    if step == Step.COMPLETE:
        return NextDue(step, step.label, None, overdue=False, shortfall=shortfall)
    due = step_due_dates(cycle)[STEP_DUE_KEYS[step]]
    return NextDue(step, step.label, due, overdue=due < day, shortfall=shortfall)
