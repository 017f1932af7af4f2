"""Step 5: the summative evaluation: drafted and signed by the evaluator, responded to and
signed for receipt by the educator, locked when the response window closes, amended with
both versions kept."""

import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.evaluation import rules
from tandem.evaluation.framework import PlanProposal, plan_type_proposal
from tandem.evaluation.models import (
    EvaluationCycle,
    GoalAttainment,
    GoalAttainmentRating,
    SummativeEvaluation,
)
from tandem.evaluation.selectors import (
    observation_shortfall,
    response_due_if_shared,
    with_observation_counts,
)
from tandem.evaluation.services.cycles import (
    early_reason_required,
    locked_cycle,
    raise_refusal,
    require_permission,
)
from tandem.evaluation.services.ratings import (
    rating_problems,
    report_rows_write,
    standard_levels,
    write_ratings,
)
from tandem.evaluation.services.signing import sign_as
from tandem.organizations.vocabulary import DueStep, PlanType
from tandem.people.models import User
from tandem.records.services import amendment_make
from tandem.records.versions import version_bump, version_check
from tandem.rubrics.models import PerformanceLevel


@transaction.atomic
def summative_save(
    *,
    cycle_id: int,
    by: User,
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
    cycle = locked_cycle(cycle_id)
    raise_refusal(rules.summative_edit_refusal(by, cycle))
    summative, created = SummativeEvaluation.objects.select_for_update().get_or_create(cycle=cycle)
    if not created:
        version_check(summative, version)
    if overall and overall not in PerformanceLevel.values:
        raise DomainError(_("Choose one of the four performance levels."))
    if next_plan_type and next_plan_type not in PlanType.values:
        raise DomainError(_("Choose one of the four plan types."))
    if next_plan_years == 2 and next_plan_type != PlanType.SELF_DIRECTED:
        raise DomainError(_("Only a Self-Directed Growth Plan may last two years."))
    standard_levels(cycle, ratings)
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
    write_ratings("summative", summative, ratings)
    report_rows_write(
        summative.goal_attainments.all(),
        attainments,
        key="goal_id",
        fields=("attainment", "comment"),
        create=partial(GoalAttainmentRating.objects.create, summative=summative),
    )
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
    problems = rating_problems(cycle, summative, summative.overall_rating)
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
def summative_sign(*, by: User, cycle_id: int, early_reason: str = "") -> SummativeEvaluation:
    """The evaluator signs and the educator receives it; the educator then signs to
    acknowledge receipt (not agreement), which locks it. Unsigned, it locks when the
    response window closes (``summative_lock_expired``). The evaluator signing well before
    the summative's due date gives the reason, which is kept with it."""
    cycle = locked_cycle(cycle_id)
    summative = SummativeEvaluation.objects.select_for_update().get(cycle=cycle)
    evaluator = by.has_perm("evaluation.act_as_evaluator", cycle)
    if evaluator:
        if summative.status != SummativeEvaluation.Status.DRAFT:
            raise DomainError(_("You have already signed this evaluation."))
        problems = summative_problems(cycle, summative)
        if problems:
            raise DomainError(problems)
        summative.early_reason = early_reason_required(cycle, DueStep.SUMMATIVE, early_reason)
    elif summative.status != SummativeEvaluation.Status.SIGNED_BY_EVALUATOR:
        raise DomainError(_("The evaluation can be signed once the evaluator has signed it."))
    _capacity, _signature = sign_as(by, cycle, summative)
    now = timezone.now()
    if evaluator:
        summative.status = SummativeEvaluation.Status.SIGNED_BY_EVALUATOR
        summative.shared_at = now
        summative.response_due = response_due_if_shared(cycle, day=timezone.localdate())
        version_bump(summative, "status", "shared_at", "response_due", "early_reason")
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
def summative_respond(
    *, cycle_id: int, by: User, version: int, response: str
) -> SummativeEvaluation:
    """The educator's written response, attached within the district's window."""
    cycle = locked_cycle(cycle_id)
    require_permission(by, "evaluation.act_as_educator", cycle)
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
                _lock(summative, locked_cycle(summative.cycle_id), educator_signed=False)
                locked += 1
    return locked


@transaction.atomic
def summative_amend(
    *,
    cycle_id: int,
    by: User,
    reason: str,
    ratings: dict[int, tuple[str, str]],
    overall: str,
    rationale: str,
):
    """Correct a locked summative: both versions are kept, with the reason, and the ratings
    must still obey the framework's rules."""
    cycle = locked_cycle(cycle_id)
    require_permission(by, "evaluation.act_as_evaluator", cycle)
    summative = SummativeEvaluation.objects.select_for_update().get(cycle=cycle)
    if summative.status != SummativeEvaluation.Status.LOCKED:
        raise DomainError(_("Only a locked evaluation is amended; change the draft instead."))
    standard_levels(cycle, ratings)

    def apply():
        write_ratings("summative", summative, ratings)
        summative.overall_rating = overall
        summative.rationale = rationale.strip()
        version_bump(summative, "overall_rating", "rationale")
        problems = rating_problems(cycle, summative, overall)
        if problems:
            raise DomainError(problems)
        cycle.overall_rating = overall
        version_bump(cycle, "overall_rating")

    return amendment_make(record=summative, user=by, reason=reason, apply=apply)
