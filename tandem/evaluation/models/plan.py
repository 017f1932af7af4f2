"""Step 2: the goals and the educator plan."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.evaluation.models.cycles import EvaluationCycle, StepOfCycle


class Goal(models.Model):
    """A SMART goal of an educator plan. A team goal is shared by the cycles of its team."""

    class Kind(models.TextChoices):
        STUDENT_LEARNING = "student_learning", _("Student learning goal")
        PROFESSIONAL_PRACTICE = "professional_practice", _("Professional practice goal")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        FINAL = "final", _("Final")

    district = models.ForeignKey(
        "organizations.District", on_delete=models.PROTECT, related_name="+"
    )
    cycles = models.ManyToManyField(EvaluationCycle, related_name="goals")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    statement = models.TextField(
        help_text=_("Specific and strategic: what will change, for whom, by how much and when.")
    )
    measures = models.TextField(
        blank=True, help_text=_("Measurable: the evidence that will show the goal is met.")
    )
    key_actions = models.TextField(
        blank=True, help_text=_("Action-oriented: what the educator will do.")
    )
    benchmarks = models.TextField(
        blank=True, help_text=_("Checkpoints along the way, with their dates.")
    )
    supports = models.TextField(
        blank=True, help_text=_("Supports and resources the district and evaluator provide.")
    )
    timeline = models.TextField(
        blank=True, help_text=_("Timed and tracked: when each part happens.")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    created_by = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "pk"]

    def __str__(self):
        return self.statement[:80]

    @property
    def is_team_goal(self) -> bool:
        return self.cycles.count() > 1


GOAL_CONTENT = (
    "kind",
    "statement",
    "measures",
    "key_actions",
    "benchmarks",
    "supports",
    "timeline",
)


class EducatorPlan(StepOfCycle):
    """Step 2: the plan the evaluator approves (or returns with comments) and both sign."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for approval")
        RETURNED = "returned", _("Returned with comments")
        APPROVED = "approved", _("Approved")

    cycle = models.OneToOneField(
        EvaluationCycle, on_delete=models.PROTECT, related_name="educator_plan"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    evaluator_comments = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    evaluator_opened_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the evaluator first opened it once submitted.")
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()
    step_name = _("Educator plan")
    step_url = "evaluation:plan"

    def signed_content(self) -> dict:
        """What both signers see: the plan, its type and dates, and every field of its goals."""
        cycle = self.cycle
        return {
            "form": "educator_plan",
            "cycle": cycle.pk,
            "educator": str(cycle.person),
            "plan_type": cycle.plan_type,
            "plan_years": cycle.plan_years,
            "start_date": cycle.start_date,
            "end_date": cycle.end_date,
            "status": self.status,
            "approved_at": self.approved_at,
            "goals": [
                {"id": goal.pk, **{field: getattr(goal, field) for field in GOAL_CONTENT}}
                for goal in cycle.goals.order_by("pk")
            ],
        }
