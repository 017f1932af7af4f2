"""The educator's consent for a union representative to read a cycle."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from tandem.evaluation.models.cycles import EvaluationCycle


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
