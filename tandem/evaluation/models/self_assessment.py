"""Step 1: the educator's self-assessment."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.evaluation.models.cycles import EvaluationCycle
from tandem.rubrics.models import PerformanceLevel


class SelfAssessment(models.Model):
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

    def __str__(self):
        return f"Self-assessment of cycle {self.cycle_id}"

    def confidential_owner(self) -> tuple[int, int]:
        return self.cycle.confidential_owner()

    # What the access log reads to name it (``access_log_title``), fetched with it.
    access_log_related = ("cycle__school_year",)

    def access_log_title(self) -> str:
        return gettext("Self-assessment %(year)s") % {"year": self.cycle.school_year}

    def get_absolute_url(self) -> str:
        return reverse("evaluation:self_assessment", args=[self.cycle_id])


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
