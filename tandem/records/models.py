"""Mechanisms every app shares: the access log and signatures."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("The access log is append-only.")

    def delete(self):
        raise PermissionDenied("The access log is append-only.")


class AccessLogEntry(models.Model):
    """One confidential object returned to one user through one channel. Append-only.

    The database refuses UPDATE and DELETE on this table too (see its migration),
    so a bug or a console session cannot rewrite who looked at what.
    """

    class Channel(models.TextChoices):
        PAGE = "page", _("Page")
        API = "api", _("API")
        PDF = "pdf", _("PDF")
        EXPORT = "export", _("Export")

    accessed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    district = models.ForeignKey(
        "organizations.District", on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    subject = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="access_log_entries",
        db_constraint=False,
        help_text=_("Whose record was opened."),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    path = models.CharField(max_length=500)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-accessed_at", "-id"]
        verbose_name_plural = "access log entries"
        indexes = [models.Index(fields=["subject", "-accessed_at"])]

    def __str__(self):
        return f"{self.user_id} opened {self.content_type.model} {self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise PermissionDenied("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The access log is append-only.")


class Signature(models.Model):
    """A signer's mark on one record: the SHA-256 of what they saw, taken after reauthentication."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    signer = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="signatures")
    capacity = models.CharField(
        max_length=100, help_text=_("In what capacity they signed, such as Evaluator.")
    )
    signed_at = models.DateTimeField(auto_now_add=True)
    digest = models.CharField(max_length=64)
    canonical = models.TextField(help_text=_("Exactly what was signed, as canonical JSON."))

    class Meta:
        ordering = ["signed_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.signer} signed as {self.capacity} at {self.signed_at:%Y-%m-%d %H:%M}"
