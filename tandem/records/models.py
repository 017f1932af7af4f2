"""Mechanisms every app shares: the access log, signatures and amendments."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied(f"{self.model._meta.verbose_name_plural} are append-only.")

    def delete(self):
        raise PermissionDenied(f"{self.model._meta.verbose_name_plural} are append-only.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk:
            raise PermissionDenied(f"{self._meta.verbose_name_plural} are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(f"{self._meta.verbose_name_plural} are append-only.")


class AccessLogEntry(AppendOnlyModel):
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

    class Meta:
        ordering = ["-accessed_at", "-id"]
        verbose_name_plural = "access log entries"
        indexes = [models.Index(fields=["subject", "-accessed_at"])]

    def __str__(self):
        return f"{self.user_id} opened {self.content_type.model} {self.object_id}"


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


class Amendment(AppendOnlyModel):
    """A correction to a locked record, with its reason. Append-only.

    Both versions are kept: ``before`` is exactly what the record held (and what earlier
    signers signed), ``after`` what it holds now. Version n of a record is the ``after`` of its
    amendment n; version 0 is the ``before`` of amendment 1.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    district = models.ForeignKey(
        "organizations.District", on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveIntegerField(help_text=_("1 for the first amendment of the record."))
    reason = models.TextField()
    amended_by = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    amended_at = models.DateTimeField(auto_now_add=True)
    before = models.TextField(help_text=_("The content before, as canonical JSON."))
    before_digest = models.CharField(max_length=64)
    after = models.TextField(help_text=_("The content after, as canonical JSON."))
    after_digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["content_type", "object_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "number"], name="amendment_number_unique"
            )
        ]

    def __str__(self):
        return f"Amendment {self.number} of {self.content_type.model} {self.object_id}"


class Draft(models.Model):
    """What a person typed into a form and has not saved yet, kept so it is never lost: not to
    a timeout, a lost connection, or a save refused because someone else saved first.

    Only its author ever sees it. ``base_version`` is the version of the record the text was
    typed against, so the form can say when the record has moved on.
    """

    user = models.ForeignKey("people.User", on_delete=models.CASCADE, related_name="drafts")
    key = models.CharField(max_length=100, help_text=_("The form and record, such as plan:12."))
    data = models.JSONField()
    base_version = models.PositiveIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_draft_per_form")]

    def __str__(self):
        return f"Draft {self.key} of user {self.user_id}"


class StoredFile(models.Model):
    """An uploaded file, kept outside the web root under a name derived from its digest.

    Its type is what its content is, not what its name says (``records.files``). It follows
    the confidentiality of the record that holds it: an evidence file belongs to the cycle's
    district, a file in the partnership's resource library to no district.
    """

    district = models.ForeignKey(
        "organizations.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The district whose record holds it; empty for the partnership's shared files."
        ),
    )
    name = models.CharField(max_length=200, help_text=_("The name it was uploaded with."))
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to="evidence/%Y/%m/")
    uploaded_by = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name
