"""Step 4: the formative assessment (or, at the end of the first year of a two-year plan, the
formative evaluation), written by the evaluator and shared with the educator."""

from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.evaluation import rules
from tandem.evaluation.models import EvaluationCycle, FormativeAssessment, GoalProgress
from tandem.evaluation.selectors import formative_acknowledged
from tandem.evaluation.services.cycles import (
    early_reason_required,
    locked_cycle,
    raise_refusal,
    require_permission,
    require_step,
)
from tandem.evaluation.services.ratings import (
    rating_problems,
    report_rows_write,
    standard_levels,
    write_ratings,
)
from tandem.evaluation.services.signing import sign_as
from tandem.organizations.vocabulary import DueStep
from tandem.people.models import User
from tandem.records.versions import version_bump, version_check
from tandem.rubrics.models import PerformanceLevel


@transaction.atomic
def formative_save(
    *,
    cycle_id: int,
    by: User,
    version: int,
    comments: str,
    goal_progress: dict[int, str],
    ratings: dict[int, tuple[str, str]],
    overall: str = "",
) -> FormativeAssessment:
    """The evaluator writes the formative; beginning it moves the cycle to step 4. A two-year
    plan's is a formative evaluation, with ratings; otherwise ratings are optional."""
    cycle = locked_cycle(cycle_id)
    raise_refusal(rules.formative_edit_refusal(by, cycle))
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
    if overall and overall not in PerformanceLevel.values:
        raise DomainError(_("Choose one of the four performance levels."))
    standard_levels(cycle, ratings)
    goals = set(cycle.goals.values_list("pk", flat=True))
    if set(goal_progress) - goals:
        raise DomainError(_("That goal is not part of this cycle."))
    formative.comments = comments.strip()
    formative.overall_rating = overall
    version_bump(formative, "comments", "overall_rating")
    write_ratings("formative", formative, ratings)
    report_rows_write(
        formative.goal_progress.all(),
        {goal_id: (text.strip(),) for goal_id, text in goal_progress.items()},
        key="goal_id",
        fields=("progress",),
        create=partial(GoalProgress.objects.create, formative=formative),
    )
    if cycle.step == EvaluationCycle.Step.IMPLEMENTATION:
        cycle.step = EvaluationCycle.Step.FORMATIVE
        version_bump(cycle, "step")
    return formative


@transaction.atomic
def formative_share(
    *, cycle_id: int, by: User, version: int, early_reason: str = ""
) -> FormativeAssessment:
    """Share the formative with the educator; the cycle then heads to the summative. Shared
    well before its due date, it needs the evaluator's reason, which is kept with it."""
    cycle = locked_cycle(cycle_id)
    require_permission(by, "evaluation.act_as_evaluator", cycle)
    require_step(cycle, EvaluationCycle.Step.FORMATIVE)
    formative = FormativeAssessment.objects.select_for_update().get(cycle=cycle)
    version_check(formative, version)
    formative.early_reason = early_reason_required(cycle, DueStep.FORMATIVE, early_reason)
    problems = [
        _("Describe progress on the goal “%(goal)s”.") % {"goal": g.statement[:60]}
        for g in cycle.goals.exclude(pk__in=formative.goal_progress.values("goal_id"))
    ]
    if formative.kind == FormativeAssessment.Kind.EVALUATION:
        problems += rating_problems(cycle, formative, formative.overall_rating)
    if problems:
        raise DomainError(problems)
    formative.status = FormativeAssessment.Status.SHARED
    formative.shared_at = timezone.now()
    version_bump(formative, "status", "shared_at", "early_reason")
    cycle.step = EvaluationCycle.Step.SUMMATIVE
    version_bump(cycle, "step")
    return formative


def _shared_formative(cycle: EvaluationCycle, by: User) -> FormativeAssessment:
    require_permission(by, "evaluation.act_as_educator", cycle)
    formative = FormativeAssessment.objects.select_for_update().filter(cycle=cycle).first()
    if formative is None or formative.status != FormativeAssessment.Status.SHARED:
        raise DomainError(_("The evaluator has not shared the formative yet."))
    if formative_acknowledged(formative):
        raise DomainError(_("You have acknowledged the formative; it no longer changes."))
    return formative


@transaction.atomic
def formative_respond(
    *, cycle_id: int, by: User, version: int, response: str
) -> FormativeAssessment:
    """The educator's written response, attached before they acknowledge receipt."""
    cycle = locked_cycle(cycle_id)
    formative = _shared_formative(cycle, by)
    version_check(formative, version)
    formative.educator_response = response.strip()
    version_bump(formative, "educator_response")
    return formative


@transaction.atomic
def formative_acknowledge(*, by: User, cycle_id: int):
    """The educator signs for receipt of the shared formative (not agreement), as the state's
    model forms have it; the signature keeps the fingerprint of what was shared."""
    cycle = locked_cycle(cycle_id)
    formative = _shared_formative(cycle, by)
    return sign_as(by, cycle, formative)[1]
