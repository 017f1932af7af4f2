"""A run of one file through the import pipeline: checked first, applied only when clean."""

import datetime

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# An apply that has given no sign for this long was stopped (its worker killed): it may run again.
APPLY_STALE_AFTER = datetime.timedelta(minutes=15)


class ImportRun(models.Model):
    """One file a person gave Tandem to load, with what its check found and what it changed.

    The file is kept for as long as the run, so a run's report can always be read again
    against what was uploaded.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be checked")
        CHECKING = "checking", _("Being checked")
        PROBLEMS = "problems", _("Has problems")
        READY = "ready", _("Checked, ready to apply")
        UNCHANGED = "unchanged", _("Checked, nothing to change")
        APPLYING = "applying", _("Being applied")
        APPLIED = "applied", _("Applied")
        FAILED = "failed", _("Could not be read")

    class Absent(models.TextChoices):
        """What a record the file leaves out means; asked only when there are such records."""

        UNDECIDED = "", _("Not decided yet")
        IGNORE = "ignore", _("Leave them as they are")
        END = "end", _("End them on a date")

    # A run loads a district's records, or (the state administrator's) the state's organizations.
    district = models.ForeignKey(
        "organizations.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="import_runs",
    )
    state = models.ForeignKey(
        "organizations.StateAgency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="import_runs",
    )
    # One of ``kinds.KINDS``; not choices, so that a new kind needs no migration.
    kind = models.CharField(max_length=30)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to="imports/%Y/%m/")
    file_name = models.CharField(max_length=200, help_text=_("The name it was uploaded with."))
    file_size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    started_by = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    rows_read = models.PositiveIntegerField(default=0)
    problem_count = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    absent = models.PositiveIntegerField(
        default=0, help_text=_("Records Tandem holds that the file leaves out.")
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    plan_digest = models.CharField(
        max_length=64, blank=True, help_text=_("What the check planned, to refuse a stale apply.")
    )
    state_digest = models.CharField(
        max_length=64,
        blank=True,
        help_text=_(
            "The records the check compared the file with, as a digest: while they are the "
            "same, the apply writes the check's stored plan instead of reading the file again."
        ),
    )
    absent_means = models.CharField(max_length=10, choices=Absent.choices, blank=True)
    absent_end_date = models.DateField(null=True, blank=True)
    applied_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)
    failure = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["district", "-started_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(district__isnull=False, state__isnull=True)
                | models.Q(district__isnull=True, state__isnull=False),
                name="import_run_one_scope",
            )
        ]

    def __str__(self):
        return f"{self.kind_label}: {self.file_name}"

    @property
    def kind_label(self) -> str:
        from tandem.imports.kinds import KINDS

        return str(KINDS[self.kind].label) if self.kind in KINDS else self.kind

    @property
    def is_file_set(self) -> bool:
        """Whether the upload is a set of files (a zip), whose problems each name their file."""
        from tandem.imports.kinds import KINDS

        return self.kind in KINDS and KINDS[self.kind].takes_zip

    def get_absolute_url(self) -> str:
        return reverse("imports:run_detail", args=[self.pk])

    @property
    def scope(self):
        """What the run loads records into: its district, or the state."""
        return self.district or self.state

    @property
    def may_apply(self) -> bool:
        """Checked clean, or an apply that stopped without finishing (nothing was written)."""
        return self.status == self.Status.READY or (
            self.status == self.Status.APPLYING
            and (self.applied_at is None or timezone.now() - self.applied_at > APPLY_STALE_AFTER)
        )

    @property
    def is_working(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.CHECKING, self.Status.APPLYING)


class ImportProblem(models.Model):
    """One thing wrong in a file: where it is, what it says and why Tandem cannot take it."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="problems")
    file = models.CharField(
        max_length=100, blank=True, help_text=_("The file within a set (a OneRoster zip), if any.")
    )
    row = models.PositiveIntegerField(null=True, blank=True, help_text=_("Line 1 is the header."))
    column = models.CharField(max_length=100, blank=True)
    value = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["run", "row", "pk"]

    def __str__(self):
        return f"{self.row or '-'} {self.column}: {self.reason}"


class ImportChange(models.Model):
    """What applying the run will do to one record (or did, once applied)."""

    class Action(models.TextChoices):
        ADD = "add", _("Add")
        CHANGE = "change", _("Change")
        ABSENT = "absent", _("Not in the file")

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=10, choices=Action.choices)
    row = models.PositiveIntegerField(null=True, blank=True)
    key = models.CharField(max_length=100, help_text=_("The natural key the row matched on."))
    label = models.CharField(max_length=200)
    fields = models.JSONField(
        default=dict, help_text=_("For a change: each field's value before and after.")
    )

    class Meta:
        # The file's order, then what the file leaves out.
        ordering = ["run", models.F("row").asc(nulls_last=True), "pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.label}"
