"""Step 3: observations and evidence."""

import datetime

from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.evaluation.models.cycles import EvaluationCycle


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

    def access_log_title(self) -> str:
        return gettext("%(kind)s observation of %(date)s") % {
            "kind": self.get_kind_display(),
            "date": date_format(self.observed_on),
        }

    def get_absolute_url(self) -> str:
        """Its own page once the feedback is shared; until then only its observers open that,
        and the cycle's other readers find it on the evidence page."""
        if self.feedback_shared_at is None:
            return reverse("evaluation:evidence", args=[self.cycle_id])
        return reverse("evaluation:observation", args=[self.cycle_id, self.pk])

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

    def access_log_title(self) -> str:
        return gettext("Evidence: %(title)s") % {"title": self.title}

    def get_absolute_url(self) -> str:
        return reverse("evaluation:evidence", args=[self.cycle_id])
