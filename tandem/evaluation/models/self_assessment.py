"""Step 1: the educator's self-assessment."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.evaluation.models.cycles import EvaluationCycle, StepOfCycle
from tandem.rubrics.models import PerformanceLevel


class SelfAssessment(StepOfCycle):
    """Step 1: the educator's analysis of their students' learning and of their own practice."""

    cycle = models.OneToOneField(
        EvaluationCycle, on_delete=models.PROTECT, related_name="self_assessment"
    )
    student_learning_analysis = models.TextField(
        blank=True,
        help_text=_(
            "What the evidence says about the learning, growth and achievement of your students."
        ),
    )
    practice_summary = models.TextField(
        blank=True, help_text=_("Your strengths and the areas of practice you want to grow in.")
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    evaluator_opened_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the evaluator first opened it once submitted.")
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()
    step_name = _("Self-assessment")
    step_url = "evaluation:self_assessment"


class IndicatorSelfRating(models.Model):
    """The educator's own rating of one indicator of their rubric, with a reflection."""

    self_assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="ratings"
    )
    indicator = models.ForeignKey("rubrics.Indicator", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=20, choices=PerformanceLevel.choices, blank=True)
    reflection = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__standard__position", "indicator__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["self_assessment", "indicator"], name="one_self_rating_per_indicator"
            )
        ]

    def __str__(self):
        return f"{self.indicator_id}: {self.level or '-'}"
