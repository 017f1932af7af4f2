"""Step 4: the formative assessment or evaluation."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.evaluation.models.content import ratings_content
from tandem.evaluation.models.cycles import EvaluationCycle, StepOfCycle
from tandem.evaluation.models.plan import Goal
from tandem.rubrics.models import PerformanceLevel


class FormativeAssessment(StepOfCycle):
    """Step 4: progress on each goal at mid-cycle and, for a formative evaluation (the end of
    the first year of a two-year plan), a rating on each standard and overall."""

    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", _("Formative assessment")
        EVALUATION = "evaluation", _("Formative evaluation")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SHARED = "shared", _("Shared with the educator")

    cycle = models.OneToOneField(
        EvaluationCycle, on_delete=models.PROTECT, related_name="formative_assessment"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    comments = models.TextField(blank=True)
    overall_rating = models.CharField(max_length=20, choices=PerformanceLevel.choices, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    shared_at = models.DateTimeField(null=True, blank=True)
    educator_response = models.TextField(blank=True)
    early_reason = models.TextField(
        blank=True, help_text=_("Why it was shared well before its due date, when it was.")
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()
    step_url = "evaluation:formative"

    @property
    def step_name(self) -> str:
        return self.get_kind_display()

    def signed_content(self) -> dict:
        """What the educator acknowledges receiving: every rating, comment and goal's progress
        as shared. The educator's response is theirs, apart."""
        cycle = self.cycle
        return {
            "form": "formative_assessment",
            "cycle": cycle.pk,
            "educator": str(cycle.person),
            "kind": self.kind,
            "shared_at": self.shared_at,
            "ratings": ratings_content(self),
            "overall_rating": self.overall_rating,
            "comments": self.comments,
            "goals": [
                {"goal": p.goal_id, "statement": p.goal.statement, "progress": p.progress}
                for p in self.goal_progress.select_related("goal").order_by("goal_id")
            ],
            "early_reason": self.early_reason,
        }


class GoalProgress(models.Model):
    formative = models.ForeignKey(
        FormativeAssessment, on_delete=models.CASCADE, related_name="goal_progress"
    )
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="+")
    progress = models.TextField()
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["formative", "goal"], name="one_progress_per_goal")
        ]

    def __str__(self):
        return f"{self.goal_id}: {self.progress[:40]}"
