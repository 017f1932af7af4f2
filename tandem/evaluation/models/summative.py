"""Step 5: the summative evaluation, its ratings on the standards and the goals' attainment."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.evaluation.models.content import ratings_content
from tandem.evaluation.models.cycles import EvaluationCycle, StepOfCycle
from tandem.evaluation.models.formative import FormativeAssessment
from tandem.evaluation.models.plan import Goal
from tandem.organizations.vocabulary import PlanType
from tandem.rubrics.models import PerformanceLevel


class GoalAttainment(models.TextChoices):
    """Progress toward a goal at the summative evaluation (the model forms' scale)."""

    DID_NOT_MEET = "did_not_meet", _("Did not meet")
    SOME_PROGRESS = "some_progress", _("Some progress")
    SIGNIFICANT_PROGRESS = "significant_progress", _("Significant progress")
    MET = "met", _("Met")
    EXCEEDED = "exceeded", _("Exceeded")


class SummativeEvaluation(StepOfCycle):
    """Step 5: a rating on each standard and overall, goal attainment and the next plan.

    The overall rating is the evaluator's judgment from the evidence, not a formula; the only
    rule enforced is 603 CMR 35.08(4)-(5) (see ``framework.overall_rating_problems``).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED_BY_EVALUATOR = "signed_by_evaluator", _("Signed by the evaluator")
        LOCKED = "locked", _("Locked")

    cycle = models.OneToOneField(
        EvaluationCycle, on_delete=models.PROTECT, related_name="summative_evaluation"
    )
    overall_rating = models.CharField(max_length=20, choices=PerformanceLevel.choices, blank=True)
    rationale = models.TextField(
        blank=True, help_text=_("The evidence and judgment behind the overall rating.")
    )
    next_plan_type = models.CharField(max_length=20, choices=PlanType.choices, blank=True)
    next_plan_years = models.PositiveSmallIntegerField(default=1)
    next_plan_reason = models.TextField(
        blank=True, help_text=_("Why the next plan differs from the one the rules propose.")
    )
    observation_shortfall_reason = models.TextField(
        blank=True,
        help_text=_("Why the evaluation was written with fewer observations than the minimum."),
    )
    early_reason = models.TextField(
        blank=True, help_text=_("Why the evaluator signed it well before its due date, if so.")
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    shared_at = models.DateTimeField(null=True, blank=True)
    response_due = models.DateField(
        null=True, blank=True, help_text=_("Last day for the educator to sign and respond.")
    )
    locked_at = models.DateTimeField(null=True, blank=True)
    educator_signed = models.BooleanField(default=False)
    educator_response = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()
    step_name = _("Summative evaluation")
    step_url = "evaluation:summative"

    def signed_content(self) -> dict:
        """What the evaluator signs and the educator acknowledges: every rating, comment and
        goal, the next plan and the reasons. The educator's response is theirs, apart."""
        cycle = self.cycle
        return {
            "form": "summative_evaluation",
            "cycle": cycle.pk,
            "educator": str(cycle.person),
            "evaluator": str(cycle.primary_evaluator or "School committee"),
            "plan_type": cycle.plan_type,
            "start_date": cycle.start_date,
            "end_date": cycle.end_date,
            "ratings": ratings_content(self),
            "overall_rating": self.overall_rating,
            "rationale": self.rationale,
            "goals": [
                {
                    "goal": a.goal_id,
                    "statement": a.goal.statement,
                    "attainment": a.attainment,
                    "comment": a.comment,
                }
                for a in self.goal_attainments.select_related("goal").order_by("goal_id")
            ],
            "next_plan_type": self.next_plan_type,
            "next_plan_years": self.next_plan_years,
            "next_plan_reason": self.next_plan_reason,
            "observation_shortfall_reason": self.observation_shortfall_reason,
        }


class StandardRating(models.Model):
    """A rating on one standard, in a summative evaluation or a formative evaluation."""

    summative = models.ForeignKey(
        SummativeEvaluation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="standard_ratings",
    )
    formative = models.ForeignKey(
        FormativeAssessment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="standard_ratings",
    )
    standard = models.ForeignKey("rubrics.Standard", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=20, choices=PerformanceLevel.choices)
    comment = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["standard__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["summative", "standard"], name="one_rating_per_standard"
            ),
            models.UniqueConstraint(
                fields=["formative", "standard"], name="one_formative_rating_per_standard"
            ),
            models.CheckConstraint(
                condition=Q(summative__isnull=True, formative__isnull=False)
                | Q(summative__isnull=False, formative__isnull=True),
                name="rating_belongs_to_one_report",
            ),
        ]

    def __str__(self):
        return f"{self.standard_id}: {self.level}"


class GoalAttainmentRating(models.Model):
    summative = models.ForeignKey(
        SummativeEvaluation, on_delete=models.CASCADE, related_name="goal_attainments"
    )
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="+")
    attainment = models.CharField(max_length=30, choices=GoalAttainment.choices)
    comment = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["summative", "goal"], name="one_attainment_per_goal")
        ]

    def __str__(self):
        return f"{self.goal_id}: {self.attainment}"
