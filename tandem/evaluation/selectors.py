"""Reads of evaluation cycles, narrowed to those the user may open."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tandem.evaluation.models import (
    EvaluationCycle,
    Evidence,
    IndicatorSelfRating,
    Observation,
    PriorRating,
    RecordShare,
    SelfAssessment,
    StandardRating,
)
from tandem.organizations.models import School
from tandem.organizations.selectors import school_day_after, school_year_on
from tandem.organizations.vocabulary import DueStep, PlanType, RoleGroup
from tandem.people.models import Employment, RoleGrant, StaffAssignment, User, in_force_on
from tandem.people.selectors import Roles
from tandem.records.models import Signature
from tandem.records.suppression import Row, Table
from tandem.records.versions import FieldConflict, three_way_merge
from tandem.rubrics.models import Indicator, PerformanceLevel


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
    if roles.user_id and roles.districts_with(RoleGrant.Role.UNION_LEADER):
        # A union representative reads a cycle only while its educator's consent stands.
        condition |= Exists(
            RecordShare.objects.filter(
                cycle=OuterRef("pk"), shared_with_id=roles.user_id, revoked_at__isnull=True
            )
        )
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


# The user's part in a cycle, as the caseload filters it. A primary evaluator is also the
# evaluator of a cycle that names none, when the evaluator assignment is theirs.
CASELOAD_RELATIONS = {
    "own": lambda roles: Q(person_id=roles.person_id),
    "primary": lambda roles: (
        Q(primary_evaluator_id=roles.person_id)
        | Q(primary_evaluator__isnull=True, employment_id__in=roles.evaluatee_ids)
    ),
    "supervising": lambda roles: Q(supervising_evaluator_id=roles.person_id),
}


def caseload_schools(roles: Roles):
    """The schools the educators of this user's cycles under way are assigned to today: the
    choices of the caseload's school filter."""
    cycles = EvaluationCycle.objects.filter(
        cycle_visible(roles), start_date__lte=roles.day, end_date__gte=roles.day
    )
    return School.objects.filter(
        Exists(
            StaffAssignment.objects.filter(
                in_force_on(roles.day),
                school=OuterRef("pk"),
                employment__in=cycles.values("employment_id"),
            )
        )
    ).order_by("name")


def cycle_list(
    *,
    roles: Roles,
    search: str = "",
    step: str = "",
    current_only: bool = False,
    evaluating: bool = False,
    sort: str = "",
    school_id: int | None = None,
    plan_type: str = "",
    relation: str = "",
) -> QuerySet[EvaluationCycle]:
    """The cycles this user may open, filtered by the educator's name, the step, the school
    the educator is assigned to today, the plan type and the user's part in the cycle
    (``CASELOAD_RELATIONS``; ``evaluating`` is either evaluator's)."""
    cycles = EvaluationCycle.objects.filter(cycle_visible(roles)).select_related(
        "person",
        "district",
        "school_year",
        "settings_version",
        "primary_evaluator",
        "educator_plan",
        "formative_assessment",
        "summative_evaluation",
    )
    if search:
        for word in search.split()[:3]:
            cycles = cycles.filter(
                Q(person__last_name__icontains=word) | Q(person__first_name__icontains=word)
            )
    if step in EvaluationCycle.Step.values:
        cycles = cycles.filter(step=step)
    if current_only:
        cycles = cycles.filter(start_date__lte=roles.day, end_date__gte=roles.day)
    if evaluating:
        cycles = cycles.filter(
            Q(employment_id__in=roles.evaluatee_ids)
            | Q(primary_evaluator_id=roles.person_id)
            | Q(supervising_evaluator_id=roles.person_id)
        )
    if relation in CASELOAD_RELATIONS:
        cycles = cycles.filter(CASELOAD_RELATIONS[relation](roles))
    if school_id is not None:
        cycles = cycles.filter(
            Exists(
                StaffAssignment.objects.filter(
                    in_force_on(roles.day),
                    employment=OuterRef("employment_id"),
                    school_id=school_id,
                )
            )
        )
    if plan_type in PlanType.values:
        cycles = cycles.filter(plan_type=plan_type)
    return with_observation_counts(cycles).order_by(*CYCLE_SORTS.get(sort, CYCLE_SORTS["-start"]))


def with_observation_counts(cycles: QuerySet[EvaluationCycle]) -> QuerySet[EvaluationCycle]:
    return cycles.annotate(
        announced_count=Count(
            "observations", filter=Q(observations__kind=Observation.Kind.ANNOUNCED)
        ),
        unannounced_count=Count(
            "observations", filter=Q(observations__kind=Observation.Kind.UNANNOUNCED)
        ),
    )


def observation_shortfall(cycle: EvaluationCycle) -> dict[str, int]:
    """How many observations of each kind the cycle still lacks against the minimums of the
    settings it keeps (a cycle from ``with_observation_counts``)."""
    minimums = cycle.settings_version.values["observation_minimums"][cycle.plan_type]
    counts = {
        Observation.Kind.ANNOUNCED: cycle.announced_count,
        Observation.Kind.UNANNOUNCED: cycle.unannounced_count,
    }
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


def cycles_shared_with(roles: Roles) -> QuerySet[RecordShare]:
    """The standing consents by which educators let this union representative read a cycle."""
    if not roles.user_id or not roles.districts_with(RoleGrant.Role.UNION_LEADER):
        return RecordShare.objects.none()
    return (
        RecordShare.objects.filter(shared_with_id=roles.user_id, revoked_at__isnull=True)
        .select_related("cycle__person", "cycle__district")
        .order_by("cycle__person__last_name", "cycle__person__first_name", "pk")
    )


def formative_acknowledged(formative) -> bool:
    """Whether the educator has signed for receipt of the formative."""
    return Signature.objects.filter(
        content_type=ContentType.objects.get_for_model(type(formative)),
        object_id=formative.pk,
        capacity="educator",
    ).exists()


def cycle_has_signature(cycle: EvaluationCycle) -> bool:
    """Whether anyone has signed one of the cycle's records (its plan, formative or summative)."""
    records = [
        record
        for record in (
            getattr(cycle, "educator_plan", None),
            getattr(cycle, "formative_assessment", None),
            getattr(cycle, "summative_evaluation", None),
        )
        if record is not None
    ]
    return any(
        Signature.objects.filter(
            content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk
        ).exists()
        for record in records
    )


def observation_list(*, user: User, cycle: EvaluationCycle) -> QuerySet[Observation]:
    """The cycle's observations ``user`` may see: all of them for its observers, else those
    whose written feedback is shared (``evaluation.view_observation``, for a whole list)."""
    observations = cycle.observations.all()
    if not user.has_perm("evaluation.observe", cycle):
        observations = observations.filter(feedback_shared_at__isnull=False)
    return observations


def current_cycles(*, employment_ids, day: datetime.date) -> dict[int, EvaluationCycle]:
    """Each employment's cycle under way on ``day`` (the latest begun), by employment id."""
    cycles = with_observation_counts(
        EvaluationCycle.objects.filter(
            employment_id__in=list(employment_ids), start_date__lte=day, end_date__gte=day
        )
        .select_related("settings_version", "school_year")
        .order_by("employment_id", "-start_date")
    )
    found: dict[int, EvaluationCycle] = {}
    for cycle in cycles:
        found.setdefault(cycle.employment_id, cycle)
    return found


# Which district due date closes each step (the settings' "due_dates", MM-DD).
STEP_DUE_KEYS = {
    EvaluationCycle.Step.SELF_ASSESSMENT: DueStep.SELF_ASSESSMENT,
    EvaluationCycle.Step.EDUCATOR_PLAN: DueStep.EDUCATOR_PLAN,
    EvaluationCycle.Step.IMPLEMENTATION: DueStep.FORMATIVE,
    EvaluationCycle.Step.FORMATIVE: DueStep.FORMATIVE,
    EvaluationCycle.Step.SUMMATIVE: DueStep.SUMMATIVE,
}


def step_due_dates(cycle: EvaluationCycle) -> dict[str, datetime.date]:
    """Each step's due date on the cycle's school-year calendar, from the settings version the
    cycle began with (the plan type's own dates first). A two-year plan's summative falls in its
    second year, and its formative evaluation at the end of the first (evaluation.md §6)."""
    values = cycle.settings_version.values
    due = {**values["due_dates"], **values.get("due_dates_by_plan", {}).get(cycle.plan_type, {})}
    first_day = cycle.school_year.start_date

    def date_of(month_day: str, year_offset: int = 0) -> datetime.date:
        month, day = int(month_day[:2]), int(month_day[3:])
        year = first_day.year + (0 if month >= first_day.month else 1) + year_offset
        return datetime.date(year, month, day)

    dates = {key: date_of(value) for key, value in due.items()}
    if cycle.plan_years == 2:
        dates[DueStep.FORMATIVE] = date_of(due[DueStep.SUMMATIVE])
        dates[DueStep.SUMMATIVE] = date_of(due[DueStep.SUMMATIVE], year_offset=1)
    return dates


# Observations are needed by the formative and the summative: a shortfall is pressing at
# those steps once their due date is this near; before that it says how many are to come.
SHORTFALL_PRESSING_STEPS = (EvaluationCycle.Step.FORMATIVE, EvaluationCycle.Step.SUMMATIVE)
SHORTFALL_NOTICE = datetime.timedelta(days=45)


@dataclass(frozen=True)
class NextDue:
    step: str
    label: str
    due: datetime.date | None
    overdue: bool
    shortfall: dict[str, int] | None = None
    shortfall_pressing: bool = False
    ended_unfinished: bool = False


def cycle_next_due(cycle: EvaluationCycle, *, day: datetime.date) -> NextDue:
    """What the cycle waits for now, when it is due and whether that date has passed. A
    complete cycle waits for nothing; so does one whose dates ended before it was finished,
    which is marked so rather than overdue for ever."""
    step = EvaluationCycle.Step(cycle.step)
    if step == EvaluationCycle.Step.COMPLETE:
        return NextDue(step, step.label, None, overdue=False)
    if cycle.end_date < day:
        return NextDue(step, _("Ended unfinished"), None, overdue=False, ended_unfinished=True)
    shortfall = observation_shortfall(cycle) if hasattr(cycle, "announced_count") else None
    due = step_due_dates(cycle)[STEP_DUE_KEYS[step]]
    pressing = (
        bool(shortfall) and step in SHORTFALL_PRESSING_STEPS and due - day <= SHORTFALL_NOTICE
    )
    return NextDue(
        step, step.label, due, overdue=due < day, shortfall=shortfall, shortfall_pressing=pressing
    )


# A formative or summative taken this long before its due date is early: the page says so
# and the evaluator records why (a plan that runs to June is not judged in December).
EARLY_NOTICE = datetime.timedelta(days=45)


def early_until(
    cycle: EvaluationCycle, due_step: str, *, day: datetime.date
) -> datetime.date | None:
    """The due date of ``due_step`` when ``day`` is well before it (see ``EARLY_NOTICE``)."""
    due = step_due_dates(cycle)[due_step]
    return due if day < due - EARLY_NOTICE else None


def response_due_if_shared(cycle: EvaluationCycle, *, day: datetime.date) -> datetime.date:
    """The last day of the educator's response window for a summative the evaluator signs on
    ``day``: the district's response window, counted in school days."""
    return school_day_after(
        school_year=school_year_on(district_id=cycle.district_id, day=day) or cycle.school_year,
        start=day,
        school_days=cycle.settings_version.values["response_school_days"],
    )


# -- progress for principals and districts ------------------------------------------------


@dataclass(frozen=True)
class CycleRow:
    cycle: EvaluationCycle
    school_ids: frozenset[int]
    next_due: NextDue


def cycle_rows(
    *, district_id: int, day: datetime.date, school_id: int | None = None
) -> list[CycleRow]:
    """Every cycle under way in the district on ``day``, with the schools its educator is
    assigned to and what it waits for. Two queries, whatever the size of the district."""
    schools: dict[int, set[int]] = {}
    for employment_id, assigned_school in StaffAssignment.objects.filter(
        in_force_on(day), employment__district_id=district_id, school__isnull=False
    ).values_list("employment_id", "school_id"):
        schools.setdefault(employment_id, set()).add(assigned_school)
    cycles = with_observation_counts(
        EvaluationCycle.objects.filter(
            district_id=district_id, start_date__lte=day, end_date__gte=day
        ).select_related("person", "settings_version", "school_year", "employment")
    ).order_by("person__last_name", "person__first_name", "pk")
    rows = []
    for cycle in cycles:
        assigned = frozenset(schools.get(cycle.employment_id, ()))
        if school_id is not None and school_id not in assigned:
            continue
        rows.append(CycleRow(cycle, assigned, cycle_next_due(cycle, day=day)))
    return rows


STEP_COLUMNS = (
    *(step for step in EvaluationCycle.Step.values if step != EvaluationCycle.Step.COMPLETE),
    EvaluationCycle.Step.COMPLETE,
)


def step_population(rows: list[CycleRow]) -> dict[frozenset, Counter]:
    """Cycles under way by step, past due and short of observations, counted by the set of
    schools each belongs to (a cycle counts in every school of its educator)."""
    population: dict[frozenset, Counter] = {}
    for row in rows:
        counts = population.setdefault(row.school_ids, Counter())
        counts[row.cycle.step] += 1
        counts["overdue"] += int(row.next_due.overdue)
        counts["below_minimum"] += int(row.next_due.shortfall_pressing)
    return population


def school_steps_table(schools) -> Table:
    """A district's progress by school, its own total first (``step_population``'s groups).
    Steps judge nobody, so only the size rule applies of rules 1–3."""
    return Table(
        name="steps",
        rows=(
            Row("district", _l("Every school"), lambda key: True),
            *(Row(s.pk, s.name, lambda key, pk=s.pk: pk in key) for s in schools),
        ),
        columns=STEP_COLUMNS,
        extra=("overdue", "below_minimum"),
        judgement=False,
        margin="district",
    )


ADMINISTRATOR_GROUPS = (RoleGroup.SCHOOL_ADMIN, RoleGroup.DISTRICT_ADMIN, RoleGroup.SUPERINTENDENT)


def rating_population(
    *, district_id: int, ended_between: tuple[datetime.date, datetime.date], school_id=None
) -> dict[tuple[str, bool], Counter]:
    """Overall summative ratings of the cycles that ended in a period (a school year), counted
    by the finest groups of the state's public report (evaluation.md §7): role group × PTS."""
    cycles = EvaluationCycle.objects.filter(
        district_id=district_id, step=EvaluationCycle.Step.COMPLETE, end_date__range=ended_between
    ).exclude(overall_rating="")
    if school_id is not None:
        cycles = cycles.filter(assigned_at_end(school_id))
    return report_population(cycles)


def assigned_at_end(school_id: int) -> Exists:
    """A cycle whose educator was assigned to the school on the cycle's end date."""
    return Exists(
        StaffAssignment.objects.filter(
            employment=OuterRef("employment_id"),
            school_id=school_id,
            start_date__lte=OuterRef("end_date"),
        ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("end_date")))
    )


def report_population(cycles: QuerySet[EvaluationCycle]) -> dict[tuple[str, bool], Counter]:
    """The cycles' overall ratings by the state report's finest groups, role group × PTS."""
    population: dict[tuple[str, bool], Counter] = {}
    for role_group, has_pts, rating, n in (
        cycles.values_list("employment__role_group", "employment__has_pts", "overall_rating")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        population.setdefault((role_group, has_pts), Counter())[rating] += n
    return population


def _teaching(key) -> bool:
    return key[0] in (RoleGroup.TEACHER, RoleGroup.SISP)


# The state report's rows (evaluation.md §7) over ``rating_population``'s groups. Principals
# are counted with the school administrators; rules 4 and 5 are the hierarchy.
STATE_REPORT_GROUPS = Table(
    name="ratings",
    rows=(
        Row("all", _l("All educators"), lambda key: True),
        Row("administrators", _l("Administrators"), lambda key: key[0] in ADMINISTRATOR_GROUPS),
        Row(
            "principals", _l("School administrators"), lambda key: key[0] == RoleGroup.SCHOOL_ADMIN
        ),
        Row("teachers", _l("Teachers and specialists"), _teaching),
        Row(
            "teachers_pts",
            _l("…with professional teacher status"),
            lambda key: _teaching(key) and key[1],
        ),
        Row(
            "teachers_non_pts",
            _l("…without professional teacher status"),
            lambda key: _teaching(key) and not key[1],
        ),
    ),
    columns=tuple(level for level, _label in reversed(PerformanceLevel.choices)),
    hierarchy={
        "all": ("administrators", "teachers"),
        "administrators": ("principals",),
        "teachers": ("teachers_pts", "teachers_non_pts"),
    },
    margin="all",
)


def self_assessment_fields(
    *, student_learning_analysis: str, practice_summary: str, ratings: dict[int, tuple[str, str]]
) -> dict[str, str]:
    """A self-assessment's text by the name of its form field (``level_<indicator>``,
    ``reflection_<indicator>``), so that two versions compare field by field."""
    values = {
        "student_learning_analysis": student_learning_analysis,
        "practice_summary": practice_summary,
    }
    for indicator_id, (level, reflection) in ratings.items():
        values[f"level_{indicator_id}"] = level
        values[f"reflection_{indicator_id}"] = reflection
    return values


def self_assessment_values(assessment: SelfAssessment) -> dict[str, str]:
    """What the self-assessment holds now, by form field."""
    return self_assessment_fields(
        student_learning_analysis=assessment.student_learning_analysis,
        practice_summary=assessment.practice_summary,
        ratings={r.indicator_id: (r.level, r.reflection) for r in assessment.ratings.all()},
    )


def self_assessment_values_at(assessment: SelfAssessment, version: int) -> dict[str, str] | None:
    """What the self-assessment held at ``version``, from its history (None when the history
    does not reach back that far); an indicator not rated yet has no fields. Its ratings are saved after its version moves on, in the same
    transaction, so the ratings of ``version`` are those changed before the next version."""
    if version == assessment.version:
        return self_assessment_values(assessment)
    history = assessment.history.order_by("history_date")
    at = history.filter(version=version).last()
    later = history.filter(version__gt=version).first()
    if at is None or later is None:
        return None
    ratings = {}
    for row in IndicatorSelfRating.history.filter(
        self_assessment_id=assessment.pk, history_date__lt=later.history_date
    ).order_by("history_date"):
        ratings[row.indicator_id] = (
            ("", "") if row.history_type == "-" else (row.level, row.reflection)
        )
    unrated = {i: ("", "") for i in assessment.ratings.values_list("indicator_id", flat=True)}
    return self_assessment_fields(
        student_learning_analysis=at.student_learning_analysis,
        practice_summary=at.practice_summary,
        ratings={**unrated, **ratings},
    )


def self_assessment_merge(
    *,
    assessment: SelfAssessment,
    version: int,
    values: dict[str, str],
    resolved: dict[str, tuple[str, int]],
) -> tuple[dict[str, str], list[FieldConflict]]:
    """What a save of ``values`` typed from ``version`` leaves in each field, and the fields
    in conflict with a newer save. ``resolved`` holds the person's choices: a field's
    ("saved" or "mine", the version whose saved text they were shown)."""

    def at(version):
        known = self_assessment_values_at(assessment, version)
        return {} if known is None else {name: "" for name in values} | known

    saved = self_assessment_values(assessment)
    base = at(version)
    mine = dict(values)
    for name, (choice, seen) in resolved.items():
        shown = at(seen)
        if name in mine and name in shown:
            base[name] = shown[name]
        if name in mine and choice == "saved":
            mine[name] = shown.get(name, saved.get(name, ""))
    return three_way_merge(base=base, saved=saved, mine=mine)


def self_assessment_saved_at(assessment: SelfAssessment):
    """The history row of the self-assessment's latest save: when, and by whom."""
    return assessment.history.order_by("history_date").select_related("history_user").last()


def prior_ratings_of(employment: Employment) -> list[PriorRating]:
    """The summative ratings a district brought from before Tandem, newest first."""
    return list(
        PriorRating.objects.filter(employment=employment)
        .select_related("employment", "school_year")
        .order_by("-school_year__start_date")
    )


@dataclass(frozen=True)
class GrowthArea:
    """An indicator an educator is working on, and why: ``source`` is "goal" (their goals'
    evidence is tagged to it), "self" (they rated themselves below Proficient on it) or
    "summative" (their last evaluation rated its standard below Proficient)."""

    indicator_id: int
    source: str
    level: str = ""
    standard_name: str = ""


BELOW_PROFICIENT = (PerformanceLevel.NEEDS_IMPROVEMENT, PerformanceLevel.UNSATISFACTORY)


def growth_areas_of(person_id: int) -> list[GrowthArea]:
    """The indicators of the educator's own newest cycle that professional learning could
    serve: those their goal-progress evidence is tagged to, those they rated themselves below
    Proficient, and the indicators of the standards their last evaluation rated below
    Proficient. The caller shows them only to the educator."""
    cycles = EvaluationCycle.objects.filter(person_id=person_id).order_by(
        "-school_year__start_date", "-pk"
    )
    current = cycles.first()
    if current is None:
        return []
    areas = [
        GrowthArea(indicator_id=pk, source="goal")
        for pk in Evidence.objects.filter(
            cycle=current, kind=Evidence.Kind.GOAL_PROGRESS, removed_at__isnull=True
        )
        .values_list("indicators", flat=True)
        .distinct()
        if pk
    ]
    areas += [
        GrowthArea(indicator_id=r.indicator_id, source="self", level=r.level)
        for r in IndicatorSelfRating.objects.filter(
            self_assessment__cycle=current, level__in=BELOW_PROFICIENT
        )
    ]
    rated = (
        StandardRating.objects.filter(
            summative__cycle__person_id=person_id,
            summative__status__in=["signed_by_evaluator", "locked"],
        )
        .select_related("standard")
        .order_by("-summative__cycle__school_year__start_date")
    )
    latest = rated.first()
    if latest is not None:
        for rating in rated.filter(summative_id=latest.summative_id, level__in=BELOW_PROFICIENT):
            areas += [
                GrowthArea(
                    indicator_id=pk,
                    source="summative",
                    level=rating.level,
                    standard_name=rating.standard.name,
                )
                for pk in Indicator.objects.filter(standard=rating.standard).values_list(
                    "pk", flat=True
                )
            ]
    return areas


def last_signed_ratings(person_ids) -> dict[int, EvaluationCycle]:
    """Each person's newest cycle whose summative the evaluator has signed (the cycle keeps
    its overall rating from then): by person id, with its school year for the access log."""
    latest: dict[int, EvaluationCycle] = {}
    for cycle in (
        EvaluationCycle.objects.filter(person_id__in=list(person_ids))
        .exclude(overall_rating="")
        .select_related("school_year")
        .order_by("person_id", "-end_date", "-pk")
    ):
        latest.setdefault(cycle.person_id, cycle)
    return latest
