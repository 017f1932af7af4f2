"""Step 2: the goals (a team goal is shared by the cycles of its team) and the educator plan:
submitted by the educator, returned or approved by the evaluator, signed by both."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.evaluation import rules
from tandem.evaluation.models import GOAL_CONTENT, EducatorPlan, EvaluationCycle, Goal
from tandem.evaluation.services.cycles import (
    locked_cycle,
    raise_refusal,
    require_permission,
    require_step,
)
from tandem.evaluation.services.signing import sign_as
from tandem.people.models import User
from tandem.records.versions import version_bump, version_check


def goal_problems(cycle: EvaluationCycle) -> list[str]:
    """What the goals still lack before the plan can be sent or approved."""
    kinds = set(cycle.goals.values_list("kind", flat=True))
    return [
        _("Propose at least one %(kind)s.") % {"kind": kind.label.lower()}
        for kind in Goal.Kind
        if kind not in kinds
    ]


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
def goal_add(*, cycle_id: int, by: User, values: dict, team_cycle_ids=()) -> Goal:
    """Propose a goal; a team goal is shared with the cycles of the team's other members,
    which the evaluator of all of them may do."""
    cycle = locked_cycle(cycle_id)
    raise_refusal(rules.educator_plan_edit_refusal(by, cycle))
    goal = Goal.objects.create(
        district_id=cycle.district_id,
        created_by=by,
        status=Goal.Status.PROPOSED,
        **_goal_values(values),
    )
    team = _locked_team(cycle, pk__in=team_cycle_ids)
    if any(member.district_id != cycle.district_id for member in team):
        raise DomainError(_("A team goal is shared only among educators you evaluate."))
    raise_refusal(rules.team_goal_refusal(by, team))
    goal.cycles.add(cycle, *team)
    return goal


def _locked_team(cycle: EvaluationCycle, **which) -> list[EvaluationCycle]:
    """The other cycles a team goal touches, locked in one order so two writers cannot cross."""
    return list(
        EvaluationCycle.objects.select_for_update(of=("self",))
        .filter(**which)
        .exclude(pk=cycle.pk)
        .select_related("person")
        .order_by("pk")
    )


@transaction.atomic
def goal_update(*, cycle_id: int, goal_id: int, by: User, version: int, values: dict) -> Goal:
    """Change a goal of this cycle while the goals may change."""
    cycle = locked_cycle(cycle_id)
    raise_refusal(rules.educator_plan_edit_refusal(by, cycle))
    goal = Goal.objects.select_for_update().filter(pk=goal_id, cycles=cycle).first()
    if goal is None:
        raise DomainError(_("That goal is not part of this cycle."))
    raise_refusal(rules.team_goal_refusal(by, _locked_team(cycle, goals=goal)))
    version_check(goal, version)
    for field, value in _goal_values(values).items():
        setattr(goal, field, value)
    version_bump(goal, *GOAL_CONTENT)
    return goal


@transaction.atomic
def goal_remove(*, cycle_id: int, goal_id: int, by: User) -> None:
    """Take a goal off this cycle; a team goal stays with the other members."""
    cycle = locked_cycle(cycle_id)
    raise_refusal(rules.educator_plan_edit_refusal(by, cycle))
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
def educator_plan_submit(*, cycle_id: int, by: User, version: int) -> EducatorPlan:
    """The educator asks the evaluator to approve the plan and its goals."""
    cycle = locked_cycle(cycle_id)
    require_permission(by, "evaluation.act_as_educator", cycle)
    require_step(cycle, EvaluationCycle.Step.EDUCATOR_PLAN)
    plan = _plan(cycle, version)
    if plan.status not in (EducatorPlan.Status.DRAFT, EducatorPlan.Status.RETURNED):
        raise DomainError(_("The plan is already with the evaluator."))
    problems = goal_problems(cycle)
    if problems:
        raise DomainError(problems)
    plan.status = EducatorPlan.Status.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.evaluator_opened_at = None
    version_bump(plan, "status", "submitted_at", "evaluator_opened_at")
    return plan


@transaction.atomic
def educator_plan_take_back(*, cycle_id: int, by: User) -> EducatorPlan:
    """Undo a submission made by mistake, while the evaluator has not yet opened the plan."""
    cycle = locked_cycle(cycle_id)
    require_permission(by, "evaluation.act_as_educator", cycle)
    plan = EducatorPlan.objects.select_for_update().get(cycle=cycle)
    if plan.status != EducatorPlan.Status.SUBMITTED or plan.evaluator_opened_at:
        raise DomainError(_("Your evaluator has already opened the plan; ask them to return it."))
    plan.status = EducatorPlan.Status.DRAFT
    version_bump(plan, "status")
    return plan


def educator_plan_opened(*, plan: EducatorPlan, by: User) -> None:
    """The evaluator has seen the submitted plan: from now on it cannot be taken back."""
    if (
        plan.status == EducatorPlan.Status.SUBMITTED
        and plan.evaluator_opened_at is None
        and by.has_perm("evaluation.act_as_evaluator", plan.cycle)
    ):
        EducatorPlan.objects.filter(pk=plan.pk, evaluator_opened_at__isnull=True).update(
            evaluator_opened_at=timezone.now()
        )


@transaction.atomic
def educator_plan_return(*, cycle_id: int, by: User, version: int, comments: str) -> EducatorPlan:
    """The evaluator sends the plan back with what to change."""
    cycle = locked_cycle(cycle_id)
    require_permission(by, "evaluation.act_as_evaluator", cycle)
    require_step(cycle, EvaluationCycle.Step.EDUCATOR_PLAN)
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
def educator_plan_approve(*, cycle_id: int, by: User, version: int) -> EducatorPlan:
    """The evaluator approves: the goals become final and the plan is carried out (step 3).
    The evaluator may approve a plan they wrote themselves without a submission, as for an
    Improvement Plan."""
    cycle = locked_cycle(cycle_id)
    require_permission(by, "evaluation.act_as_evaluator", cycle)
    require_step(cycle, EvaluationCycle.Step.EDUCATOR_PLAN)
    plan = _plan(cycle, version)
    if plan.status == EducatorPlan.Status.APPROVED:
        raise DomainError(_("The plan is already approved."))
    problems = goal_problems(cycle)
    if problems:
        raise DomainError(problems)
    cycle.goals.update(status=Goal.Status.FINAL)
    plan.status = EducatorPlan.Status.APPROVED
    plan.approved_at = timezone.now()
    version_bump(plan, "status", "approved_at")
    cycle.step = EvaluationCycle.Step.IMPLEMENTATION
    version_bump(cycle, "step")
    return plan


@transaction.atomic
def educator_plan_sign(*, by: User, cycle_id: int):
    """Sign the approved plan: the evaluator, and the educator to acknowledge receipt (not
    agreement: the evaluator has the final word on goals)."""
    cycle = locked_cycle(cycle_id)
    plan = EducatorPlan.objects.select_related("cycle__person").get(cycle=cycle)
    if plan.status != EducatorPlan.Status.APPROVED:
        raise DomainError(_("The plan is signed once the evaluator has approved it."))
    return sign_as(by, cycle, plan)[1]
