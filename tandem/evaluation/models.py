"""The Massachusetts 5-step evaluation cycle (603 CMR 35.06).

Every row here is a confidential personnel record (603 CMR 35.10(3)): it carries the district
it belongs to and stays there when the educator moves, and only the educator, their
evaluators, their principal and the district's HR and administrators may open it.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.organizations.vocabulary import PlanType
from tandem.rubrics.models import PerformanceLevel

# A Directed Growth or Improvement Plan tells anyone who sees it how the educator was rated,
# so these plan types are as confidential as the rating itself (issue 4, item 12).
RATING_REVEALING_PLAN_TYPES = frozenset({PlanType.DIRECTED, PlanType.IMPROVEMENT})


class GoalAttainment(models.TextChoices):
    """Progress toward a goal at the summative evaluation (the model forms' scale)."""

    DID_NOT_MEET = "did_not_meet", _("Did not meet")
    SOME_PROGRESS = "some_progress", _("Some progress")
    SIGNIFICANT_PROGRESS = "significant_progress", _("Significant progress")
    MET = "met", _("Met")
    EXCEEDED = "exceeded", _("Exceeded")


class EvaluationCycle(models.Model):
    """One Educator Plan period of one educator in one district: the five steps."""

    class Step(models.TextChoices):
        SELF_ASSESSMENT = "self_assessment", _("1. Self-assessment")
        EDUCATOR_PLAN = "educator_plan", _("2. Goals and educator plan")
        IMPLEMENTATION = "implementation", _("3. Plan implementation")
        FORMATIVE = "formative", _("4. Formative assessment")
        SUMMATIVE = "summative", _("5. Summative evaluation")
        COMPLETE = "complete", _("Complete")

    employment = models.ForeignKey(
        "people.Employment", on_delete=models.PROTECT, related_name="evaluation_cycles"
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="evaluation_cycles",
        help_text=_("The educator evaluated (the employment's person, kept for the access log)."),
    )
    district = models.ForeignKey(
        "organizations.District", on_delete=models.PROTECT, related_name="evaluation_cycles"
    )
    school_year = models.ForeignKey(
        "organizations.SchoolYear",
        on_delete=models.PROTECT,
        related_name="evaluation_cycles",
        help_text=_("The school year in which the cycle began."),
    )
    framework_version = models.ForeignKey(
        "rubrics.FrameworkVersion", on_delete=models.PROTECT, related_name="evaluation_cycles"
    )
    settings_version = models.ForeignKey(
        "organizations.DistrictSettingsVersion",
        on_delete=models.PROTECT,
        related_name="evaluation_cycles",
        help_text=_("The district settings in force when the cycle began; it keeps them."),
    )
    plan_type = models.CharField(max_length=20, choices=PlanType.choices)
    plan_years = models.PositiveSmallIntegerField(
        default=1, help_text=_("1, or 2 for a two-year Self-Directed Growth Plan.")
    )
    proposed_plan_type = models.CharField(
        max_length=20,
        choices=PlanType.choices,
        help_text=_("The plan type the framework's rules proposed."),
    )
    plan_type_reason = models.TextField(
        blank=True, help_text=_("Why the plan type differs from the one proposed.")
    )
    primary_evaluator = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cycles_as_primary_evaluator",
        help_text=_("Empty when the school committee evaluates (the superintendent)."),
    )
    supervising_evaluator = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cycles_as_supervising_evaluator",
    )
    start_date = models.DateField()
    end_date = models.DateField()
    step = models.CharField(max_length=20, choices=Step.choices, default=Step.SELF_ASSESSMENT)
    overall_rating = models.CharField(
        max_length=20,
        choices=PerformanceLevel.choices,
        blank=True,
        help_text=_("The summative overall rating, once the evaluator has signed it."),
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")), name="cycle_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(plan_years=1) | Q(plan_years=2, plan_type="self_directed"),
                name="two_year_plans_are_self_directed",
            ),
            models.CheckConstraint(
                condition=Q(plan_type=models.F("proposed_plan_type")) | ~Q(plan_type_reason=""),
                name="plan_type_override_has_a_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["district", "school_year", "step"]),
            models.Index(fields=["primary_evaluator", "end_date"]),
            models.Index(fields=["employment", "-start_date"]),
        ]

    def __str__(self):
        return f"{self.get_plan_type_display()} {self.start_date:%Y}-{self.end_date:%Y}"

    def confidential_owner(self) -> tuple[int, int]:
        return self.person_id, self.district_id

    def is_open_on(self, day: datetime.date) -> bool:
        return self.step != self.Step.COMPLETE and self.start_date <= day <= self.end_date


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


class EducatorPlan(models.Model):
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

    def __str__(self):
        return f"Educator plan of cycle {self.cycle_id}"

    def confidential_owner(self) -> tuple[int, int]:
        return self.cycle.confidential_owner()

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


class FormativeAssessment(models.Model):
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
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    def __str__(self):
        return f"{self.get_kind_display()} of cycle {self.cycle_id}"

    def confidential_owner(self) -> tuple[int, int]:
        return self.cycle.confidential_owner()


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


class SummativeEvaluation(models.Model):
    """Step 5: a rating on each standard and overall, goal attainment and the next plan.

    The overall rating is the evaluator's judgment from the evidence, not a formula; the only
    rule enforced is 603 CMR 35.08(4)-(5) (see ``services.overall_rating_problems``).
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

    def __str__(self):
        return f"Summative evaluation of cycle {self.cycle_id}"

    def confidential_owner(self) -> tuple[int, int]:
        return self.cycle.confidential_owner()

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
            "ratings": [
                {"standard": r.standard.code, "level": r.level, "comment": r.comment}
                for r in self.standard_ratings.select_related("standard").order_by(
                    "standard__position"
                )
            ],
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


class Observation(models.Model):
    """Step 3: an announced or unannounced observation, its notes, the evidence it gives for
    rubric elements, and the written feedback owed to the educator by a school-day deadline."""

    class Kind(models.TextChoices):
        ANNOUNCED = "announced", _("Announced")
        UNANNOUNCED = "unannounced", _("Unannounced")

    cycle = models.ForeignKey(
        EvaluationCycle, on_delete=models.PROTECT, related_name="observations"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    observed_on = models.DateField()
    duration_minutes = models.PositiveSmallIntegerField(
        help_text=_("How long the observation lasted, in minutes.")
    )
    observer = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True, help_text=_("What was seen and heard, as evidence."))
    feedback = models.TextField(blank=True, help_text=_("Written feedback to the educator."))
    feedback_due = models.DateField(
        help_text=_("The district's deadline for written feedback, in school days.")
    )
    feedback_shared_at = models.DateTimeField(null=True, blank=True)
    elements = models.ManyToManyField(
        "rubrics.Element", blank=True, related_name="+", help_text=_("Elements this evidences.")
    )
    client_id = models.UUIDField(
        null=True,
        blank=True,
        unique=True,
        help_text=_("Set by the offline capture form, so a note synced twice is stored once."),
    )
    created_by = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["observed_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} observation on {self.observed_on}"

    def confidential_owner(self) -> tuple[int, int]:
        return self.cycle.confidential_owner()

    def feedback_overdue(self, day: datetime.date) -> bool:
        return self.feedback_shared_at is None and self.feedback_due < day


class Evidence(models.Model):
    """Step 3: an artifact, measure or feedback that the educator or the evaluator adds,
    tagged to indicators. An uploaded file may hold student information, so it is as
    confidential as the cycle."""

    class Kind(models.TextChoices):
        ARTIFACT = "artifact", _("Artifact of practice")
        STUDENT_LEARNING = "student_learning", _("Measure of student learning")
        STUDENT_FEEDBACK = "student_feedback", _("Student feedback")
        STAFF_FEEDBACK = "staff_feedback", _("Staff feedback")
        GOAL_PROGRESS = "goal_progress", _("Progress toward a goal")
        OTHER = "other", _("Other evidence")

    cycle = models.ForeignKey(EvaluationCycle, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    file = models.ForeignKey(
        "records.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    indicators = models.ManyToManyField("rubrics.Indicator", blank=True, related_name="+")
    added_by = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-added_at", "-pk"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.title

    def confidential_owner(self) -> tuple[int, int]:
        return self.cycle.confidential_owner()


class Reminder(models.Model):
    """One e-mail reminder to one person about one item on one day: never a second that day."""

    user = models.ForeignKey("people.User", on_delete=models.CASCADE, related_name="+")
    item = models.CharField(max_length=100, help_text=_("Such as cycle:12:summative."))
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "item", "sent_on"], name="one_reminder_a_day_per_item"
            )
        ]

    def __str__(self):
        return f"{self.item} to {self.user_id} on {self.sent_on}"


class RecordShare(models.Model):
    """The educator's consent for a union representative to read one cycle. The
    representative sees it only while the consent stands; each opening is logged."""

    cycle = models.ForeignKey(EvaluationCycle, on_delete=models.CASCADE, related_name="shares")
    shared_with = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "shared_with"],
                condition=Q(revoked_at__isnull=True),
                name="one_standing_share_per_person",
            )
        ]

    def __str__(self):
        return f"Cycle {self.cycle_id} shared with {self.shared_with_id}"
