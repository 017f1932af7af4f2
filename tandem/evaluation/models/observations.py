"""Step 3: observations and evidence."""

import datetime

from django.db import models
from django.db.models import Q
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
    confidential as the cycle.

    Its uploader may replace or remove it until the evaluator opens it
    (``first_opened_by_evaluator_at``, see ``rules.is_evidence_reviewer``); after that it is
    part of the record, and it is removed only when the evaluator grants an
    ``EvidenceRemovalRequest``. A removed item keeps its row (title, kind, and its
    ``StoredFile`` row with name, size and SHA-256), never the file's bytes.
    """

    class Kind(models.TextChoices):
        ARTIFACT = "artifact", _("Artifact of practice")
        STUDENT_LEARNING = "student_learning", _("Measure of student learning")
        STUDENT_FEEDBACK = "student_feedback", _("Student feedback")
        STAFF_FEEDBACK = "staff_feedback", _("Staff feedback")
        GOAL_PROGRESS = "goal_progress", _("Progress toward a goal")
        OTHER = "other", _("Other evidence")

    class RemovalReason(models.TextChoices):
        STUDENT_INFORMATION = "student_information", _("It holds student information")
        WRONG_FILE = "wrong_file", _("It is the wrong file")
        OTHER = "other", _("Another reason")

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
    first_opened_by_evaluator_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the evaluator first saw it; from then on only a request removes it."),
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removal_reason = models.CharField(max_length=20, choices=RemovalReason.choices, blank=True)
    removal_note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-added_at", "-pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True) | ~Q(removal_reason=""),
                name="removed_evidence_has_a_reason",
            )
        ]

    def __str__(self):
        return self.title

    def confidential_owner(self) -> tuple[int, int]:
        return self.cycle.confidential_owner()

    def access_log_title(self) -> str:
        return gettext("Evidence: %(title)s") % {"title": self.title}

    def get_absolute_url(self) -> str:
        return reverse("evaluation:evidence", args=[self.cycle_id])


class EvidenceRemovalRequest(models.Model):
    """The uploader's request to remove evidence the evaluator has already opened; the
    evaluator grants it (the item is removed) or declines it with a note the uploader reads."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting on the evaluator")
        GRANTED = "granted", _("Granted: the evidence was removed")
        DECLINED = "declined", _("Declined")

    evidence = models.ForeignKey(
        Evidence, on_delete=models.PROTECT, related_name="removal_requests"
    )
    reason = models.CharField(max_length=20, choices=Evidence.RemovalReason.choices)
    note = models.TextField(blank=True)
    requested_by = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["evidence"],
                condition=Q(status="pending"),
                name="one_pending_removal_request_per_evidence",
            )
        ]

    def __str__(self):
        return f"Request to remove evidence {self.evidence_id}"

    def confidential_owner(self) -> tuple[int, int]:
        return self.evidence.confidential_owner()
