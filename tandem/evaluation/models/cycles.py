"""The cycle itself: one Educator Plan period of one educator in one district."""

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.organizations.vocabulary import PlanType
from tandem.rubrics.models import PerformanceLevel


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

    # What the access log reads to name it (``access_log_title``), fetched with it.
    access_log_related = ("school_year",)

    def access_log_title(self) -> str:
        return gettext("Evaluation cycle %(year)s") % {"year": self.school_year}

    def get_absolute_url(self) -> str:
        return reverse("evaluation:cycle_detail", args=[self.pk])

    def is_open_on(self, day: datetime.date) -> bool:
        return self.step != self.Step.COMPLETE and self.start_date <= day <= self.end_date


class StepOfCycle(models.Model):
    """What one step of a cycle keeps (the self-assessment, plan, formative, summative): as
    confidential as its cycle, named (``step_name``) in the access log with the cycle's school
    year, and opened on the step's page, ``step_url``."""

    step_name: str
    step_url: str

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.step_name} of cycle {self.cycle_id}"

    def access_log_title(self) -> str:
        return gettext("%(step)s %(year)s") % {
            "step": self.step_name,
            "year": self.cycle.school_year,
        }

    # What the access log reads to name it (``access_log_title``), fetched with it.
    access_log_related = ("cycle__school_year",)

    def confidential_owner(self) -> tuple[int, int]:
        return self.cycle.confidential_owner()

    def get_absolute_url(self) -> str:
        return reverse(self.step_url, args=[self.cycle_id])
