"""Step 1: the educator's self-assessment, saved as they type and sent with the proposed goals."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.evaluation import rules
from tandem.evaluation.models import (
    EducatorPlan,
    EvaluationCycle,
    IndicatorSelfRating,
    SelfAssessment,
)
from tandem.evaluation.selectors import self_assessment_fields, self_assessment_merge
from tandem.evaluation.services.cycles import (
    locked_cycle,
    raise_refusal,
    require_permission,
    require_step,
)
from tandem.evaluation.services.plan import goal_problems
from tandem.people.models import User
from tandem.records.versions import FieldConflicts, version_bump, version_check
from tandem.rubrics.models import Indicator, PerformanceLevel


@transaction.atomic
def self_assessment_save(
    *,
    cycle_id: int,
    by: User,
    version: int,
    student_learning_analysis: str,
    practice_summary: str,
    ratings: dict[int, tuple[str, str]],
    resolved: dict[str, tuple[str, int]] | None = None,
) -> SelfAssessment:
    """Save the educator's draft: analysis, summary and a level and reflection per indicator.

    A save typed from an older version keeps what was saved since in the fields it did not
    change; where both changed a field, nothing is written (``FieldConflicts``) until
    ``resolved`` says, for that field, which text to keep (issue 11).
    """
    cycle = locked_cycle(cycle_id)
    raise_refusal(rules.self_assessment_edit_refusal(by, cycle))
    assessment = SelfAssessment.objects.select_for_update().get(cycle=cycle)
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
    typed = self_assessment_fields(
        student_learning_analysis=student_learning_analysis,
        practice_summary=practice_summary,
        ratings=ratings,
    )
    merged, conflicts = self_assessment_merge(
        assessment=assessment, version=version, values=typed, resolved=resolved or {}
    )
    if conflicts:
        raise FieldConflicts(conflicts, version=assessment.version)
    assessment.student_learning_analysis = merged["student_learning_analysis"]
    assessment.practice_summary = merged["practice_summary"]
    version_bump(assessment, "student_learning_analysis", "practice_summary")
    existing = {r.indicator_id: r for r in assessment.ratings.all()}
    for indicator_id in ratings:
        level, reflection = merged[f"level_{indicator_id}"], merged[f"reflection_{indicator_id}"]
        rating = existing.get(indicator_id) or IndicatorSelfRating(
            self_assessment=assessment, indicator_id=indicator_id
        )
        if rating.pk and (rating.level, rating.reflection) == (level, reflection):
            continue
        rating.level, rating.reflection = level, reflection
        rating.save()
    return assessment


@transaction.atomic
def self_assessment_submit(*, cycle_id: int, by: User, version: int) -> SelfAssessment:
    """Hand the self-assessment and proposed goals to the evaluator: the cycle moves to step 2."""
    cycle = locked_cycle(cycle_id)
    raise_refusal(rules.self_assessment_edit_refusal(by, cycle))
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
    problems += goal_problems(cycle)
    if problems:
        raise DomainError(problems)
    assessment.submitted_at = timezone.now()
    version_bump(assessment, "submitted_at")
    cycle.step = EvaluationCycle.Step.EDUCATOR_PLAN
    version_bump(cycle, "step")
    EducatorPlan.objects.get_or_create(cycle=cycle)
    return assessment


@transaction.atomic
def self_assessment_take_back(*, cycle_id: int, by: User) -> SelfAssessment:
    """Undo a submission made by mistake, while the evaluator has not yet opened it."""
    cycle = locked_cycle(cycle_id)
    require_permission(by, "evaluation.act_as_educator", cycle)
    require_step(cycle, EvaluationCycle.Step.EDUCATOR_PLAN)
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


def self_assessment_opened(*, assessment: SelfAssessment, by: User) -> None:
    """The evaluator has seen the submitted self-assessment: from now on it cannot be taken back."""
    if (
        assessment.submitted_at
        and assessment.evaluator_opened_at is None
        and by.has_perm("evaluation.act_as_evaluator", assessment.cycle)
    ):
        SelfAssessment.objects.filter(pk=assessment.pk, evaluator_opened_at__isnull=True).update(
            evaluator_opened_at=timezone.now()
        )
