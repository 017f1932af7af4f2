"""An Ed-Fi export: who asked for it, of what, and the zip it made."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class EdfiExport(models.Model):
    """One export of a district's (or, with no district, the state's) records in Ed-Fi form,
    made in the background. Only the person who asked for it downloads it: the access log
    names them as the reader of every summative in it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready to download")
        FAILED = "failed", _("Failed")

    district = models.ForeignKey(
        "organizations.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the whole state."),
    )
    requested_by = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to="edfi-exports/", blank=True)
    counts = models.JSONField(default=dict, blank=True, help_text=_("Entities written, by name."))
    left_out = models.JSONField(
        default=dict, blank=True, help_text=_("What could not go out, and why, by reason.")
    )
    history = HistoricalRecords()

    # Why records stay out of an export (Ed-Fi keys staff and ratings by the state educator
    # identifier), as ``left_out`` counts them.
    LEFT_OUT = {
        "employments": _("employments of people without a state educator identifier yet"),
        "summatives": _("signed summative evaluations of educators without one"),
        "prior_ratings": _("ratings from before Tandem of educators without one"),
    }

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"Ed-Fi export {self.pk} of {self.district or 'the state'}"

    def left_out_lines(self) -> list[tuple[int, str]]:
        return [(count, self.LEFT_OUT[reason]) for reason, count in self.left_out.items()]

    def get_absolute_url(self) -> str:
        return reverse("interop:export_detail", args=[self.pk])
