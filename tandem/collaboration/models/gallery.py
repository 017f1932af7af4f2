"""Comments on the plans that teams publish in the gallery."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.collaboration.models.plans import StrategicPlan


class GalleryComment(models.Model):
    """A comment on a published plan from staff of any district, shown once the partnership
    has approved it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the partnership")
        APPROVED = "approved", _("Shown")
        REJECTED = "rejected", _("Not shown")

    plan = models.ForeignKey(StrategicPlan, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.author} on {self.plan}"
