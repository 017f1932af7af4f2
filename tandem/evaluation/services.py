"""Writes and rules of the evaluation cycle: which plan comes next, what an overall rating
must respect, and starting a cycle with the settings and framework it keeps."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.bargaining.selectors import settings_in_force
from tandem.errors import DomainError
from tandem.evaluation.models import (
    GOAL_CONTENT,
    EducatorPlan,
    EvaluationCycle,
    Evidence,
    FormativeAssessment,
    Goal,
    GoalAttainment,
    GoalAttainmentRating,
    GoalProgress,
    IndicatorSelfRating,
    Observation,
    RecordShare,
    SelfAssessment,
    StandardRating,
    SummativeEvaluation,
)
from tandem.evaluation.selectors import observation_shortfall, with_observation_counts
from tandem.organizations.models import DistrictSettingsVersion, SchoolYear
from tandem.organizations.selectors import school_day_after, school_year_on
from tandem.organizations.vocabulary import PlanType, RoleGroup
from tandem.people.models import Employment, EvaluatorAssignment, RoleGrant, User
from tandem.records.files import stored_file_save
from tandem.records.services import amendment_make, signature_sign
from tandem.records.versions import version_bump, version_check
from tandem.rubrics.models import Element, FrameworkVersion, Indicator, PerformanceLevel, Standard

# 603 CMR 35.08(4)-(5): the standards that must be at least Proficient for an overall
# rating of Proficient or Exemplary. SISP follow the teacher standards.
GATING_STANDARDS = {
    RoleGroup.TEACHER: ("I", "II"),
    RoleGroup.SISP: ("I", "II"),
    RoleGroup.SCHOOL_ADMIN: ("I",),
    RoleGroup.DISTRICT_ADMIN: ("I",),
    RoleGroup.SUPERINTENDENT: ("I",),
}
PROFICIENT_OR_BETTER = frozenset({PerformanceLevel.EXEMPLARY, PerformanceLevel.PROFICIENT})


def overall_rating_problems(
    *, role_group: str, plan_type: str, overall: str, standard_ratings: dict[str, str]
) -> list[str]:
    """Why an overall rating cannot stand with these standard ratings (codes to levels).

    The rating itself is the evaluator's judgment; these are the only rules it must obey.
    """
    if overall not in PerformanceLevel.values:
        return [_("Give an overall rating.")]
    problems = []
    if overall in PROFICIENT_OR_BETTER:
        for code in GATING_STANDARDS[role_group]:
            if standard_ratings.get(code) not in PROFICIENT_OR_BETTER:
                problems.append(
                    _(
                        "An overall rating of %(overall)s needs at least Proficient on "
                        "Standard %(code)s (603 CMR 35.08)."
                    )
                    % {"overall": PerformanceLevel(overall).label, "code": code}
                )
    if plan_type == PlanType.DIRECTED and overall == PerformanceLevel.NEEDS_IMPROVEMENT:
        problems.append(
            _(
                "At the end of a Directed Growth Plan the educator is rated Proficient or better, "
                "or else Unsatisfactory; Needs Improvement cannot be given again."
            )
        )
    return problems


@dataclass(frozen=True)
class PlanProposal:
    plan_type: str
    plan_years: int
    why: str


def plan_type_proposal(
    *, employment: Employment, on: datetime.date, last_rating: str, last_plan_type: str
) -> PlanProposal:
    """The plan the framework's rules give the next cycle (603 CMR 35.06; evaluation.md §4).

    The evaluator may choose another with a recorded reason, such as a Developing Educator
    Plan for an experienced educator in a new assignment.
    """
    if not employment.is_experienced(on):
        return PlanProposal(
            PlanType.DEVELOPING,
            1,
            _(
                "Not yet an experienced educator (no professional teacher status in the district, "
                "or an administrator in their first three years)."
            ),
        )
    if last_rating == PerformanceLevel.UNSATISFACTORY:
        return PlanProposal(PlanType.IMPROVEMENT, 1, _("Last rated Unsatisfactory."))
    if last_rating == PerformanceLevel.NEEDS_IMPROVEMENT:
        if last_plan_type == PlanType.DIRECTED:
            return PlanProposal(
                PlanType.IMPROVEMENT,
                1,
                _("Rated below Proficient at the end of a Directed Growth Plan."),
            )
        return PlanProposal(PlanType.DIRECTED, 1, _("Last rated Needs Improvement."))
    if last_rating in PROFICIENT_OR_BETTER:
        return PlanProposal(
            PlanType.SELF_DIRECTED,
            2,
            _(
                "An experienced educator last rated %(rating)s; one or two years is the "
                "evaluator's choice."
            )
            % {"rating": PerformanceLevel(last_rating).label},
        )
    return PlanProposal(
        PlanType.SELF_DIRECTED,
        1,
        _("An experienced educator with no earlier rating in this district."),
    )


def framework_for(
    *, employment: Employment, settings: DistrictSettingsVersion | None = None
) -> FrameworkVersion | None:
    """The rubric an educator is evaluated with: the version the bargained settings name for
    the educator's role, else the newest published one, the district's own before the
    state's model."""
    published = FrameworkVersion.objects.filter(
        status=FrameworkVersion.Status.PUBLISHED, framework__role_group=employment.role_group
    ).order_by("-published_at", "-pk")
    named = settings.values.get("frameworks", {}).get(employment.role_group) if settings else None
    if named is not None:
        return published.filter(pk=named).first()
    return (
        published.filter(framework__district_id=employment.district_id).first()
        or published.filter(framework__district__isnull=True).first()
    )


@transaction.atomic
def cycle_start(
    *,
    employment_id: int,
    school_year: SchoolYear,
    start_date: datetime.date,
    plan_type: str = "",
    plan_years: int | None = None,
    reason: str = "",
) -> EvaluationCycle:
    """Begin a cycle with the plan the rules propose, or another with a reason.

    The cycle keeps the framework version and the district settings in force on its first
    day, whatever the district adopts later.
    """
    employment = Employment.objects.select_for_update().get(pk=employment_id)
    if employment.district_id != school_year.district_id:
        raise DomainError(_("That school year belongs to another district."))
    if not school_year.contains(start_date):
        raise DomainError(_("The cycle must start within the school year."))
    if (
        EvaluationCycle.objects.filter(employment=employment)
        .exclude(step=EvaluationCycle.Step.COMPLETE)
        .exists()
    ):
        raise DomainError(_("This educator already has a cycle under way."))
    settings = settings_in_force(
        district_id=employment.district_id,
        on=start_date,
        bargaining_unit_id=employment.bargaining_unit_id,
    )
    if settings is None:
        raise DomainError(_("The district has no evaluation settings in force on that date."))
    framework = framework_for(employment=employment, settings=settings)
    if framework is None:
        raise DomainError(
            _("No published rubric for %(role)s: the district must adopt and publish one first.")
            % {"role": employment.get_role_group_display()}
        )
    last = (
        EvaluationCycle.objects.filter(employment=employment, step=EvaluationCycle.Step.COMPLETE)
        .order_by("-end_date")
        .first()
    )
    proposal = plan_type_proposal(
        employment=employment,
        on=start_date,
        last_rating=last.overall_rating if last else "",
        last_plan_type=last.plan_type if last else "",
    )
    plan_type = plan_type or proposal.plan_type
    if plan_type not in PlanType.values:
        raise DomainError(_("Choose one of the four plan types."))
    reason = reason.strip()
    if plan_type != proposal.plan_type and not reason:
        raise DomainError(
            _(
                "Say why this educator gets a %(chosen)s rather than the %(proposed)s the rules "
                "propose."
            )
            % {"chosen": PlanType(plan_type).label, "proposed": proposal.plan_type.label}
        )
    plan_years = plan_years or (proposal.plan_years if plan_type == proposal.plan_type else 1)
    if plan_years == 2 and plan_type != PlanType.SELF_DIRECTED:
        raise DomainError(_("Only a Self-Directed Growth Plan may last two years."))
    end_date = school_year.end_date
    if plan_years == 2:
        end_date = end_date.replace(year=end_date.year + 1)
    evaluators = {
        a.role: a
        for a in EvaluatorAssignment.objects.filter(
            evaluatee=employment, school_year=school_year
        ).active_on(start_date)
    }
    primary = evaluators.get(EvaluatorAssignment.Role.PRIMARY)
    if primary is None:
        raise DomainError(_("Assign a primary evaluator for the school year first."))
    supervising = evaluators.get(EvaluatorAssignment.Role.SUPERVISING)
    cycle = EvaluationCycle.objects.create(
        employment=employment,
        person_id=employment.person_id,
        district_id=employment.district_id,
        school_year=school_year,
        framework_version=framework,
        settings_version=settings,
        plan_type=plan_type,
        plan_years=plan_years,
        proposed_plan_type=proposal.plan_type,
        plan_type_reason=reason if plan_type != proposal.plan_type else "",
        primary_evaluator_id=primary.evaluator_id,
        supervising_evaluator_id=supervising.evaluator_id if supervising else None,
        start_date=start_date,
        end_date=end_date,
    )
    SelfAssessment.objects.create(cycle=cycle)
    return cycle


# -- shared checks ----------------------------------------------------------------------


def _locked_cycle(cycle_id: int) -> EvaluationCycle:
    return EvaluationCycle.objects.select_for_update().get(pk=cycle_id)


def _require(by, permission: str, cycle: EvaluationCycle) -> None:
    if not by.has_perm(permission, cycle):
        raise PermissionDenied


def _require_step(cycle: EvaluationCycle, *steps: str) -> None:
    if cycle.step not in steps:
        raise DomainError(
            _("The cycle is at %(step)s; this can no longer change here.")
            % {"step": cycle.get_step_display()}
        )


# -- step 1: self-assessment -----------------------------------------------------------


@transaction.atomic
def self_assessment_save(
    *,
    cycle_id: int,
    by,
    version: int,
    student_learning_analysis: str,
    practice_summary: str,
    ratings: dict[int, tuple[str, str]],
) -> SelfAssessment:
    """Save the educator's draft: analysis, summary and a level and reflection per indicator."""
    cycle = _locked_cycle(cycle_id)
    _require(by, "evaluation.act_as_educator", cycle)
    _require_step(cycle, EvaluationCycle.Step.SELF_ASSESSMENT)
    assessment = SelfAssessment.objects.select_for_update().get(cycle=cycle)
    version_check(assessment, version)
    indicators = set(
        Indicator.objects.filter(standard__framework_version=cycle.framework_version).values_list(
            "pk", flat=True
        )
    )
    for indicator_id, (level, _reflection) in ratings.items():
        if indicator_id not in indicators:
            raise DomainError(_("That indicator is not in this cycle's rubric."))
        if level and level not in PerformanceLevel.values:
            raise DomainError(_("Choose one of the four performance levels."))
    assessment.student_learning_analysis = student_learning_analysis
    assessment.practice_summary = practice_summary
    version_bump(assessment, "student_learning_analysis", "practice_summary")
    existing = {r.indicator_id: r for r in assessment.ratings.all()}
    for indicator_id, (level, reflection) in ratings.items():
        rating = existing.get(indicator_id) or IndicatorSelfRating(
            self_assessment=assessment, indicator_id=indicator_id
        )
        if rating.pk and (rating.level, rating.reflection) == (level, reflection):
            continue
        rating.level, rating.reflection = level, reflection
        rating.save()
    return assessment


@transaction.atomic
def self_assessment_submit(*, cycle_id: int, by, version: int) -> SelfAssessment:
    """Hand the self-assessment and proposed goals to the evaluator: the cycle moves to step 2."""
    cycle = _locked_cycle(cycle_id)
    _require(by, "evaluation.act_as_educator", cycle)
    _require_step(cycle, EvaluationCycle.Step.SELF_ASSESSMENT)
    assessment = SelfAssessment.objects.select_for_update().get(cycle=cycle)
    version_check(assessment, version)
    problems = []
    if not assessment.student_learning_analysis.strip():
        problems.append(_("Write your analysis of your students' learning."))
    rated = set(assessment.ratings.exclude(level="").values_list("indicator_id", flat=True))
    unrated = Indicator.objects.filter(standard__framework_version=cycle.framework_version).exclude(
        pk__in=rated
    )
    if unrated.exists():
        problems.append(
            _("Rate yourself on every indicator; still to rate: %(codes)s.")
            % {
                "codes": ", ".join(
                    unrated.order_by("standard__position", "position").values_list(
                        "code", flat=True
                    )
                )
            }
        )
    problems += _goal_problems(cycle)
    if problems:
        raise DomainError(problems)
    assessment.submitted_at = timezone.now()
    version_bump(assessment, "submitted_at")
    cycle.step = EvaluationCycle.Step.EDUCATOR_PLAN
    version_bump(cycle, "step")
    EducatorPlan.objects.get_or_create(cycle=cycle)
    return assessment


@transaction.atomic
def self_assessment_take_back(*, cycle_id: int, by) -> SelfAssessment:
    """Undo a submission made by mistake, while the evaluator has not yet opened it."""
    cycle = _locked_cycle(cycle_id)
    _require(by, "evaluation.act_as_educator", cycle)
    _require_step(cycle, EvaluationCycle.Step.EDUCATOR_PLAN)
    assessment = SelfAssessment.objects.select_for_update().get(cycle=cycle)
    plan = EducatorPlan.objects.filter(cycle=cycle).first()
    if assessment.evaluator_opened_at or (plan and plan.status != EducatorPlan.Status.DRAFT):
        raise DomainError(
            _("Your evaluator has already opened your self-assessment; ask them to return it.")
        )
    assessment.submitted_at = None
    version_bump(assessment, "submitted_at")
    cycle.step = EvaluationCycle.Step.SELF_ASSESSMENT
    version_bump(cycle, "step")
    return assessment


def self_assessment_opened(*, assessment: SelfAssessment, by) -> None:
    """The evaluator has seen the submitted self-assessment: from now on it cannot be taken back."""
    if (
        assessment.submitted_at
        and assessment.evaluator_opened_at is None
        and by.has_perm("evaluation.act_as_evaluator", assessment.cycle)
    ):
        SelfAssessment.objects.filter(pk=assessment.pk, evaluator_opened_at__isnull=True).update(
            evaluator_opened_at=timezone.now()
        )


# -- step 2: goals and the educator plan -----------------------------------------------


def _goal_problems(cycle: EvaluationCycle) -> list[str]:
    kinds = set(cycle.goals.values_list("kind", flat=True))
    return [
        _("Propose at least one %(kind)s.") % {"kind": kind.label.lower()}
        for kind in Goal.Kind
        if kind not in kinds
    ]


def _goal_editable(cycle: EvaluationCycle, by) -> None:
    """Goals change while the plan is not yet approved: the educator proposes, the evaluator
    has the final word (603 CMR 35.06(3)(c))."""
    if not (
        by.has_perm("evaluation.act_as_educator", cycle)
        or by.has_perm("evaluation.act_as_evaluator", cycle)
    ):
        raise PermissionDenied
    _require_step(cycle, EvaluationCycle.Step.SELF_ASSESSMENT, EvaluationCycle.Step.EDUCATOR_PLAN)
    plan = EducatorPlan.objects.filter(cycle=cycle).first()
    submitted = plan is not None and plan.status == EducatorPlan.Status.SUBMITTED
    if submitted and not by.has_perm("evaluation.act_as_evaluator", cycle):
        raise DomainError(
            _("The plan is with your evaluator; goals change only if it is returned.")
        )


def _goal_values(values: dict) -> dict:
    cleaned = {field: (values.get(field) or "").strip() for field in GOAL_CONTENT}
    if cleaned["kind"] not in Goal.Kind.values:
        raise DomainError(
            _("Say whether it is a student learning or a professional practice goal.")
        )
    if len(cleaned["statement"]) < 20:
        raise DomainError(_("Write the goal itself: what will change, for whom and by when."))
    return cleaned


@transaction.atomic
def goal_add(*, cycle_id: int, by, values: dict, team_cycle_ids=()) -> Goal:
    """Propose a goal; a team goal is shared with the cycles of the team's other members,
    which the evaluator of all of them may do."""
    cycle = _locked_cycle(cycle_id)
    _goal_editable(cycle, by)
    goal = Goal.objects.create(
        district_id=cycle.district_id,
        created_by=by,
        status=Goal.Status.PROPOSED,
        **_goal_values(values),
    )
    team = list(EvaluationCycle.objects.filter(pk__in=team_cycle_ids).exclude(pk=cycle.pk))
    for member in team:
        if member.district_id != cycle.district_id or not by.has_perm(
            "evaluation.act_as_evaluator", member
        ):
            raise DomainError(_("A team goal is shared only among educators you evaluate."))
    goal.cycles.add(cycle, *team)
    return goal


@transaction.atomic
def goal_update(*, cycle_id: int, goal_id: int, by, version: int, values: dict) -> Goal:
    cycle = _locked_cycle(cycle_id)
    _goal_editable(cycle, by)
    goal = Goal.objects.select_for_update().filter(pk=goal_id, cycles=cycle).first()
    if goal is None:
        raise DomainError(_("That goal is not part of this cycle."))
    version_check(goal, version)
    for field, value in _goal_values(values).items():
        setattr(goal, field, value)
    version_bump(goal, *GOAL_CONTENT)
    return goal


@transaction.atomic
def goal_remove(*, cycle_id: int, goal_id: int, by) -> None:
    """Take a goal off this cycle; a team goal stays with the other members."""
    cycle = _locked_cycle(cycle_id)
    _goal_editable(cycle, by)
    goal = Goal.objects.filter(pk=goal_id, cycles=cycle).first()
    if goal is None:
        raise DomainError(_("That goal is not part of this cycle."))
    goal.cycles.remove(cycle)
    if not goal.cycles.exists():
        goal.delete()


def _plan(cycle: EvaluationCycle, version: int) -> EducatorPlan:
    plan = EducatorPlan.objects.select_for_update().get(cycle=cycle)
    version_check(plan, version)
    return plan


@transaction.atomic
def educator_plan_submit(*, cycle_id: int, by, version: int) -> EducatorPlan:
    """The educator asks the evaluator to approve the plan and its goals."""
    cycle = _locked_cycle(cycle_id)
    _require(by, "evaluation.act_as_educator", cycle)
    _require_step(cycle, EvaluationCycle.Step.EDUCATOR_PLAN)
    plan = _plan(cycle, version)
    if plan.status not in (EducatorPlan.Status.DRAFT, EducatorPlan.Status.RETURNED):
        raise DomainError(_("The plan is already with the evaluator."))
    problems = _goal_problems(cycle)
    if problems:
        raise DomainError(problems)
    plan.status = EducatorPlan.Status.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.evaluator_opened_at = None
    version_bump(plan, "status", "submitted_at", "evaluator_opened_at")
    return plan


@transaction.atomic
def educator_plan_take_back(*, cycle_id: int, by) -> EducatorPlan:
    cycle = _locked_cycle(cycle_id)
    _require(by, "evaluation.act_as_educator", cycle)
    plan = EducatorPlan.objects.select_for_update().get(cycle=cycle)
    if plan.status != EducatorPlan.Status.SUBMITTED or plan.evaluator_opened_at:
        raise DomainError(_("Your evaluator has already opened the plan; ask them to return it."))
    plan.status = EducatorPlan.Status.DRAFT
    version_bump(plan, "status")
    return plan


def educator_plan_opened(*, plan: EducatorPlan, by) -> None:
    if (
        plan.status == EducatorPlan.Status.SUBMITTED
        and plan.evaluator_opened_at is None
        and by.has_perm("evaluation.act_as_evaluator", plan.cycle)
    ):
        EducatorPlan.objects.filter(pk=plan.pk, evaluator_opened_at__isnull=True).update(
            evaluator_opened_at=timezone.now()
        )


@transaction.atomic
def educator_plan_return(*, cycle_id: int, by, version: int, comments: str) -> EducatorPlan:
    """The evaluator sends the plan back with what to change."""
    cycle = _locked_cycle(cycle_id)
    _require(by, "evaluation.act_as_evaluator", cycle)
    _require_step(cycle, EvaluationCycle.Step.EDUCATOR_PLAN)
    plan = _plan(cycle, version)
    if plan.status != EducatorPlan.Status.SUBMITTED:
        raise DomainError(_("Only a submitted plan can be returned."))
    if not comments.strip():
        raise DomainError(_("Say what should change before the plan can be approved."))
    plan.status = EducatorPlan.Status.RETURNED
    plan.evaluator_comments = comments.strip()
    version_bump(plan, "status", "evaluator_comments")
    return plan


@transaction.atomic
def educator_plan_approve(*, cycle_id: int, by, version: int) -> EducatorPlan:
    """The evaluator approves: the goals become final and the plan is carried out (step 3).
    The evaluator may approve a plan they wrote themselves without a submission, as for an
    Improvement Plan."""
    cycle = _locked_cycle(cycle_id)
    _require(by, "evaluation.act_as_evaluator", cycle)
    _require_step(cycle, EvaluationCycle.Step.EDUCATOR_PLAN)
    plan = _plan(cycle, version)
    if plan.status == EducatorPlan.Status.APPROVED:
        raise DomainError(_("The plan is already approved."))
    problems = _goal_problems(cycle)
    if problems:
        raise DomainError(problems)
    cycle.goals.update(status=Goal.Status.FINAL)
    plan.status = EducatorPlan.Status.APPROVED
    plan.approved_at = timezone.now()
    version_bump(plan, "status", "approved_at")
    cycle.step = EvaluationCycle.Step.IMPLEMENTATION
    version_bump(cycle, "step")
    return plan


SIGNING_CAPACITY_EDUCATOR = "educator"
SIGNING_CAPACITY_EVALUATOR = "evaluator"


@transaction.atomic
def educator_plan_sign(*, by: User, cycle_id: int):
    """Sign the approved plan: the evaluator, and the educator to acknowledge receipt (not
    agreement: the evaluator has the final word on goals)."""
    cycle = _locked_cycle(cycle_id)
    plan = EducatorPlan.objects.select_related("cycle__person").get(cycle=cycle)
    if plan.status != EducatorPlan.Status.APPROVED:
        raise DomainError(_("The plan is signed once the evaluator has approved it."))
    return _sign_as(by, cycle, plan)[1]


# -- step 3: observations and evidence ---------------------------------------------------

EVIDENCE_STEPS = (
    EvaluationCycle.Step.IMPLEMENTATION,
    EvaluationCycle.Step.FORMATIVE,
    EvaluationCycle.Step.SUMMATIVE,
)


def _element_ids(cycle: EvaluationCycle, element_ids) -> list[int]:
    ids = {int(i) for i in element_ids}
    known = set(
        Element.objects.filter(
            indicator__standard__framework_version=cycle.framework_version, pk__in=ids
        ).values_list("pk", flat=True)
    )
    if ids - known:
        raise DomainError(_("Tag only elements of this cycle's rubric."))
    return sorted(ids)


def feedback_due_date(cycle: EvaluationCycle, observed_on: datetime.date) -> datetime.date:
    """The district's feedback deadline: so many school days after the observation, on the
    calendar of that school year (vacations and holidays do not count)."""
    school_year = (
        school_year_on(district_id=cycle.district_id, day=observed_on) or cycle.school_year
    )
    return school_day_after(
        school_year=school_year,
        start=observed_on,
        school_days=cycle.settings_version.values["feedback_school_days"],
    )


@transaction.atomic
def observation_record(
    *,
    cycle_id: int,
    by,
    kind: str,
    observed_on: datetime.date,
    duration_minutes: int,
    notes: str = "",
    element_ids=(),
    client_id=None,
) -> Observation:
    """Record an observation; one synced twice from an offline tablet is stored once."""
    if client_id is not None:
        earlier = Observation.objects.filter(client_id=client_id).first()
        if earlier is not None:
            if earlier.cycle_id != cycle_id:
                raise DomainError(_("This note was already stored for another educator."))
            return earlier
    cycle = _locked_cycle(cycle_id)
    _require(by, "evaluation.observe", cycle)
    _require_step(cycle, EvaluationCycle.Step.IMPLEMENTATION, EvaluationCycle.Step.FORMATIVE)
    if kind not in Observation.Kind.values:
        raise DomainError(_("Say whether the observation was announced or unannounced."))
    today = timezone.localdate()
    if not cycle.start_date <= observed_on <= min(cycle.end_date, today):
        raise DomainError(_("The date must fall within the cycle and not be in the future."))
    if not 1 <= duration_minutes <= 600:
        raise DomainError(_("Give the length in minutes, from 1 to 600."))
    observation = Observation.objects.create(
        cycle=cycle,
        kind=kind,
        observed_on=observed_on,
        duration_minutes=duration_minutes,
        observer_id=by.person.pk,
        notes=notes.strip(),
        feedback_due=feedback_due_date(cycle, observed_on),
        client_id=client_id,
        created_by=by,
    )
    observation.elements.set(_element_ids(cycle, element_ids))
    return observation


@transaction.atomic
def observation_update(
    *, observation_id: int, by, version: int, notes: str, feedback: str, element_ids=()
) -> Observation:
    """Change the notes, feedback and tags until the feedback is shared with the educator."""
    observation = (
        Observation.objects.select_for_update().select_related("cycle").get(pk=observation_id)
    )
    _require(by, "evaluation.observe", observation.cycle)
    version_check(observation, version)
    if observation.feedback_shared_at:
        raise DomainError(_("The feedback was shared with the educator; it no longer changes."))
    observation.notes = notes.strip()
    observation.feedback = feedback.strip()
    version_bump(observation, "notes", "feedback")
    observation.elements.set(_element_ids(observation.cycle, element_ids))
    return observation


@transaction.atomic
def observation_feedback_share(*, observation_id: int, by, version: int) -> Observation:
    observation = (
        Observation.objects.select_for_update().select_related("cycle").get(pk=observation_id)
    )
    _require(by, "evaluation.observe", observation.cycle)
    version_check(observation, version)
    if observation.feedback_shared_at:
        raise DomainError(_("The feedback was already shared."))
    if not observation.feedback.strip():
        raise DomainError(_("Write the feedback before sharing it."))
    observation.feedback_shared_at = timezone.now()
    version_bump(observation, "feedback_shared_at")
    return observation


@transaction.atomic
def evidence_add(
    *,
    cycle_id: int,
    by,
    kind: str,
    title: str,
    description: str = "",
    upload=None,
    indicator_ids=(),
) -> Evidence:
    """The educator or the evaluator adds evidence; a file is checked by its content first,
    so a refused upload stores nothing."""
    cycle = _locked_cycle(cycle_id)
    if not (
        by.has_perm("evaluation.act_as_educator", cycle) or by.has_perm("evaluation.observe", cycle)
    ):
        raise PermissionDenied
    _require_step(cycle, *EVIDENCE_STEPS)
    if kind not in Evidence.Kind.values:
        raise DomainError(_("Choose what kind of evidence this is."))
    title = title.strip()
    if not title:
        raise DomainError(_("Give the evidence a title."))
    ids = {int(i) for i in indicator_ids}
    known = set(
        Indicator.objects.filter(
            standard__framework_version=cycle.framework_version, pk__in=ids
        ).values_list("pk", flat=True)
    )
    if ids - known:
        raise DomainError(_("Tag only indicators of this cycle's rubric."))
    if upload is None and not description.strip():
        raise DomainError(_("Describe the evidence or attach a file."))
    stored = (
        stored_file_save(upload=upload, district_id=cycle.district_id, by=by) if upload else None
    )
    evidence = Evidence.objects.create(
        cycle=cycle,
        kind=kind,
        title=title[:200],
        description=description.strip(),
        file=stored,
        added_by=by,
    )
    evidence.indicators.set(sorted(ids))
    return evidence


# -- shared by the formative and the summative -------------------------------------------


def _standard_levels(cycle: EvaluationCycle, ratings: dict[int, tuple[str, str]]) -> dict:
    """The ratings keyed by standard, checked against the cycle's rubric."""
    standards = {
        s.pk: s for s in Standard.objects.filter(framework_version=cycle.framework_version)
    }
    for standard_id, (level, _comment) in ratings.items():
        if standard_id not in standards:
            raise DomainError(_("That standard is not in this cycle's rubric."))
        if level and level not in PerformanceLevel.values:
            raise DomainError(_("Choose one of the four performance levels."))
    return standards


def _write_ratings(report_field: str, report, ratings: dict[int, tuple[str, str]]) -> None:
    existing = {r.standard_id: r for r in report.standard_ratings.all()}
    for standard_id, (level, comment) in ratings.items():
        rating = existing.get(standard_id)
        if not level:
            if rating:
                rating.delete()
            continue
        if rating is None:
            StandardRating.objects.create(
                **{report_field: report}, standard_id=standard_id, level=level, comment=comment
            )
        elif (rating.level, rating.comment) != (level, comment):
            rating.level, rating.comment = level, comment
            rating.save()


def _rating_problems(cycle: EvaluationCycle, report, overall: str) -> list[str]:
    standards = list(Standard.objects.filter(framework_version=cycle.framework_version))
    levels = {r.standard_id: r.level for r in report.standard_ratings.all()}
    problems = [
        _("Rate Standard %(code)s.") % {"code": s.code} for s in standards if s.pk not in levels
    ]
    by_code = {s.code: levels.get(s.pk, "") for s in standards}
    return problems + overall_rating_problems(
        role_group=cycle.employment.role_group,
        plan_type=cycle.plan_type,
        overall=overall,
        standard_ratings=by_code,
    )


def _sign_as(by: User, cycle: EvaluationCycle, record):
    if by.has_perm("evaluation.act_as_evaluator", cycle):
        capacity = SIGNING_CAPACITY_EVALUATOR
    elif by.has_perm("evaluation.act_as_educator", cycle):
        capacity = SIGNING_CAPACITY_EDUCATOR
    else:
        raise PermissionDenied
    return capacity, signature_sign(signer=by, record=record, capacity=capacity)


# -- step 4: formative -----------------------------------------------------------------


@transaction.atomic
def formative_save(
    *,
    cycle_id: int,
    by,
    version: int,
    comments: str,
    goal_progress: dict[int, str],
    ratings: dict[int, tuple[str, str]],
    overall: str = "",
) -> FormativeAssessment:
    """The evaluator writes the formative; beginning it moves the cycle to step 4. A two-year
    plan's is a formative evaluation, with ratings; otherwise ratings are optional."""
    cycle = _locked_cycle(cycle_id)
    _require(by, "evaluation.act_as_evaluator", cycle)
    _require_step(cycle, EvaluationCycle.Step.IMPLEMENTATION, EvaluationCycle.Step.FORMATIVE)
    kind = (
        FormativeAssessment.Kind.EVALUATION
        if cycle.plan_years == 2
        else FormativeAssessment.Kind.ASSESSMENT
    )
    formative, created = FormativeAssessment.objects.select_for_update().get_or_create(
        cycle=cycle, defaults={"kind": kind}
    )
    if not created:
        version_check(formative, version)
    if formative.status != FormativeAssessment.Status.DRAFT:
        raise DomainError(_("The formative was shared; it no longer changes."))
    if overall and overall not in PerformanceLevel.values:
        raise DomainError(_("Choose one of the four performance levels."))
    _standard_levels(cycle, ratings)
    goals = set(cycle.goals.values_list("pk", flat=True))
    if set(goal_progress) - goals:
        raise DomainError(_("That goal is not part of this cycle."))
    formative.comments = comments.strip()
    formative.overall_rating = overall
    version_bump(formative, "comments", "overall_rating")
    _write_ratings("formative", formative, ratings)
    existing = {p.goal_id: p for p in formative.goal_progress.all()}
    for goal_id, text in goal_progress.items():
        text = text.strip()
        progress = existing.get(goal_id)
        if progress and not text:
            progress.delete()
        elif progress and progress.progress != text:
            progress.progress = text
            progress.save()
        elif text and not progress:
            GoalProgress.objects.create(formative=formative, goal_id=goal_id, progress=text)
    if cycle.step == EvaluationCycle.Step.IMPLEMENTATION:
        cycle.step = EvaluationCycle.Step.FORMATIVE
        version_bump(cycle, "step")
    return formative


@transaction.atomic
def formative_share(*, cycle_id: int, by, version: int) -> FormativeAssessment:
    """Share the formative with the educator; the cycle then heads to the summative."""
    cycle = _locked_cycle(cycle_id)
    _require(by, "evaluation.act_as_evaluator", cycle)
    _require_step(cycle, EvaluationCycle.Step.FORMATIVE)
    formative = FormativeAssessment.objects.select_for_update().get(cycle=cycle)
    version_check(formative, version)
    problems = [
        _("Describe progress on the goal “%(goal)s”.") % {"goal": g.statement[:60]}
        for g in cycle.goals.exclude(pk__in=formative.goal_progress.values("goal_id"))
    ]
    if formative.kind == FormativeAssessment.Kind.EVALUATION:
        problems += _rating_problems(cycle, formative, formative.overall_rating)
    if problems:
        raise DomainError(problems)
    formative.status = FormativeAssessment.Status.SHARED
    formative.shared_at = timezone.now()
    version_bump(formative, "status", "shared_at")
    cycle.step = EvaluationCycle.Step.SUMMATIVE
    version_bump(cycle, "step")
    return formative


# -- step 5: summative -----------------------------------------------------------------


@transaction.atomic
def summative_save(
    *,
    cycle_id: int,
    by,
    version: int,
    ratings: dict[int, tuple[str, str]],
    overall: str,
    rationale: str,
    attainments: dict[int, tuple[str, str]],
    next_plan_type: str,
    next_plan_years: int,
    next_plan_reason: str,
    observation_shortfall_reason: str,
) -> SummativeEvaluation:
    """The evaluator drafts the summative; it stays theirs until they sign it."""
    cycle = _locked_cycle(cycle_id)
    _require(by, "evaluation.act_as_evaluator", cycle)
    _require_step(
        cycle,
        EvaluationCycle.Step.IMPLEMENTATION,
        EvaluationCycle.Step.FORMATIVE,
        EvaluationCycle.Step.SUMMATIVE,
    )
    summative, created = SummativeEvaluation.objects.select_for_update().get_or_create(cycle=cycle)
    if not created:
        version_check(summative, version)
    if summative.status != SummativeEvaluation.Status.DRAFT:
        raise DomainError(_("The evaluation is signed; a correction is an amendment."))
    if overall and overall not in PerformanceLevel.values:
        raise DomainError(_("Choose one of the four performance levels."))
    if next_plan_type and next_plan_type not in PlanType.values:
        raise DomainError(_("Choose one of the four plan types."))
    if next_plan_years == 2 and next_plan_type != PlanType.SELF_DIRECTED:
        raise DomainError(_("Only a Self-Directed Growth Plan may last two years."))
    _standard_levels(cycle, ratings)
    goals = set(cycle.goals.values_list("pk", flat=True))
    if set(attainments) - goals:
        raise DomainError(_("That goal is not part of this cycle."))
    for attainment, _comment in attainments.values():
        if attainment and attainment not in GoalAttainment.values:
            raise DomainError(_("Choose how far the goal was attained."))
    summative.overall_rating = overall
    summative.rationale = rationale.strip()
    summative.next_plan_type = next_plan_type
    summative.next_plan_years = next_plan_years if next_plan_years in (1, 2) else 1
    summative.next_plan_reason = next_plan_reason.strip()
    summative.observation_shortfall_reason = observation_shortfall_reason.strip()
    version_bump(
        summative,
        "overall_rating",
        "rationale",
        "next_plan_type",
        "next_plan_years",
        "next_plan_reason",
        "observation_shortfall_reason",
    )
    _write_ratings("summative", summative, ratings)
    existing = {a.goal_id: a for a in summative.goal_attainments.all()}
    for goal_id, (attainment, comment) in attainments.items():
        row = existing.get(goal_id)
        if not attainment:
            if row:
                row.delete()
        elif row is None:
            GoalAttainmentRating.objects.create(
                summative=summative, goal_id=goal_id, attainment=attainment, comment=comment
            )
        elif (row.attainment, row.comment) != (attainment, comment):
            row.attainment, row.comment = attainment, comment
            row.save()
    if cycle.step != EvaluationCycle.Step.SUMMATIVE:
        cycle.step = EvaluationCycle.Step.SUMMATIVE
        version_bump(cycle, "step")
    return summative


def next_plan_proposal(cycle: EvaluationCycle, overall: str) -> PlanProposal:
    return plan_type_proposal(
        employment=cycle.employment,
        on=cycle.end_date,
        last_rating=overall,
        last_plan_type=cycle.plan_type,
    )


def summative_problems(cycle: EvaluationCycle, summative: SummativeEvaluation) -> list[str]:
    """Everything that stops the evaluator from signing."""
    problems = _rating_problems(cycle, summative, summative.overall_rating)
    if not summative.rationale.strip():
        problems.append(_("Give the evidence and judgment behind the overall rating."))
    rated = set(summative.goal_attainments.values_list("goal_id", flat=True))
    problems += [
        _("Rate the attainment of the goal “%(goal)s”.") % {"goal": g.statement[:60]}
        for g in cycle.goals.exclude(pk__in=rated)
    ]
    if not summative.next_plan_type:
        problems.append(_("Choose the next plan."))
    elif summative.overall_rating in PerformanceLevel.values:
        proposal = next_plan_proposal(cycle, summative.overall_rating)
        if summative.next_plan_type != proposal.plan_type and not summative.next_plan_reason:
            problems.append(
                _("The rules propose a %(plan)s next; say why you chose another.")
                % {"plan": proposal.plan_type.label}
            )
    counted = with_observation_counts(EvaluationCycle.objects.filter(pk=cycle.pk)).get()
    if observation_shortfall(counted) and not summative.observation_shortfall_reason:
        problems.append(
            _(
                "This cycle has fewer observations than the district's minimum; record why "
                "the evaluation is written without them."
            )
        )
    return problems


@transaction.atomic
def summative_sign(*, by: User, cycle_id: int) -> SummativeEvaluation:
    """The evaluator signs and the educator receives it; the educator then signs to
    acknowledge receipt (not agreement), which locks it. Unsigned, it locks when the
    response window closes (``summative_lock_expired``)."""
    cycle = _locked_cycle(cycle_id)
    summative = SummativeEvaluation.objects.select_for_update().get(cycle=cycle)
    evaluator = by.has_perm("evaluation.act_as_evaluator", cycle)
    if evaluator:
        if summative.status != SummativeEvaluation.Status.DRAFT:
            raise DomainError(_("You have already signed this evaluation."))
        problems = summative_problems(cycle, summative)
        if problems:
            raise DomainError(problems)
    elif summative.status != SummativeEvaluation.Status.SIGNED_BY_EVALUATOR:
        raise DomainError(_("The evaluation can be signed once the evaluator has signed it."))
    _capacity, _signature = _sign_as(by, cycle, summative)
    now = timezone.now()
    if evaluator:
        summative.status = SummativeEvaluation.Status.SIGNED_BY_EVALUATOR
        summative.shared_at = now
        summative.response_due = school_day_after(
            school_year=school_year_on(district_id=cycle.district_id, day=timezone.localdate())
            or cycle.school_year,
            start=timezone.localdate(),
            school_days=cycle.settings_version.values["response_school_days"],
        )
        version_bump(summative, "status", "shared_at", "response_due")
        cycle.overall_rating = summative.overall_rating
        version_bump(cycle, "overall_rating")
    else:
        _lock(summative, cycle, educator_signed=True)
    return summative


def _lock(summative: SummativeEvaluation, cycle: EvaluationCycle, *, educator_signed: bool):
    summative.status = SummativeEvaluation.Status.LOCKED
    summative.locked_at = timezone.now()
    summative.educator_signed = educator_signed
    version_bump(summative, "status", "locked_at", "educator_signed")
    cycle.step = EvaluationCycle.Step.COMPLETE
    version_bump(cycle, "step")


@transaction.atomic
def summative_respond(*, cycle_id: int, by, version: int, response: str) -> SummativeEvaluation:
    """The educator's written response, attached within the district's window."""
    cycle = _locked_cycle(cycle_id)
    _require(by, "evaluation.act_as_educator", cycle)
    summative = SummativeEvaluation.objects.select_for_update().get(cycle=cycle)
    version_check(summative, version)
    if summative.status != SummativeEvaluation.Status.SIGNED_BY_EVALUATOR:
        raise DomainError(_("The evaluation is locked; the window for a response has closed."))
    summative.educator_response = response.strip()
    version_bump(summative, "educator_response")
    return summative


def summative_lock_expired(*, today: datetime.date | None = None) -> int:
    """Lock every summative whose response window closed without the educator's signature
    (who may have refused); returns how many were locked."""
    today = today or timezone.localdate()
    locked = 0
    for summative_id in SummativeEvaluation.objects.filter(
        status=SummativeEvaluation.Status.SIGNED_BY_EVALUATOR, response_due__lt=today
    ).values_list("pk", flat=True):
        with transaction.atomic():
            summative = SummativeEvaluation.objects.select_for_update().get(pk=summative_id)
            if summative.status == SummativeEvaluation.Status.SIGNED_BY_EVALUATOR:
                _lock(summative, _locked_cycle(summative.cycle_id), educator_signed=False)
                locked += 1
    return locked


@transaction.atomic
def summative_amend(
    *,
    cycle_id: int,
    by,
    reason: str,
    ratings: dict[int, tuple[str, str]],
    overall: str,
    rationale: str,
):
    """Correct a locked summative: both versions are kept, with the reason, and the ratings
    must still obey the framework's rules."""
    cycle = _locked_cycle(cycle_id)
    _require(by, "evaluation.act_as_evaluator", cycle)
    summative = SummativeEvaluation.objects.select_for_update().get(cycle=cycle)
    if summative.status != SummativeEvaluation.Status.LOCKED:
        raise DomainError(_("Only a locked evaluation is amended; change the draft instead."))
    _standard_levels(cycle, ratings)

    def apply():
        _write_ratings("summative", summative, ratings)
        summative.overall_rating = overall
        summative.rationale = rationale.strip()
        version_bump(summative, "overall_rating", "rationale")
        problems = _rating_problems(cycle, summative, overall)
        if problems:
            raise DomainError(problems)
        cycle.overall_rating = overall
        version_bump(cycle, "overall_rating")

    return amendment_make(record=summative, user=by, reason=reason, apply=apply)


# -- sharing with a union representative ---------------------------------------------------


def union_representatives(cycle: EvaluationCycle):
    """Who the educator may share the cycle with: the union leaders of its district today."""
    return User.objects.filter(
        pk__in=RoleGrant.objects.filter(
            role=RoleGrant.Role.UNION_LEADER, district_id=cycle.district_id
        )
        .active_on(timezone.localdate())
        .values("user_id")
    ).order_by("last_name", "first_name")


@transaction.atomic
def record_share_grant(*, cycle_id: int, by, shared_with_id: int) -> RecordShare:
    """The educator consents to a union representative reading this cycle."""
    cycle = _locked_cycle(cycle_id)
    _require(by, "evaluation.act_as_educator", cycle)
    if not union_representatives(cycle).filter(pk=shared_with_id).exists():
        raise DomainError(_("Share only with a union representative of your district."))
    if RecordShare.objects.filter(
        cycle=cycle, shared_with_id=shared_with_id, revoked_at__isnull=True
    ).exists():
        raise DomainError(_("This cycle is already shared with that person."))
    return RecordShare.objects.create(cycle=cycle, shared_with_id=shared_with_id)


@transaction.atomic
def record_share_revoke(*, cycle_id: int, by, share_id: int) -> RecordShare:
    """Withdraw consent: from now on the representative cannot open the cycle."""
    cycle = _locked_cycle(cycle_id)
    _require(by, "evaluation.act_as_educator", cycle)
    share = (
        RecordShare.objects.select_for_update()
        .filter(pk=share_id, cycle=cycle, revoked_at__isnull=True)
        .first()
    )
    if share is None:
        raise DomainError(_("That consent was already withdrawn."))
    share.revoked_at = timezone.now()
    share.save(update_fields=["revoked_at"])
    return share
