"""Rubric frameworks as data: Framework → version → Standard → Indicator → Element.

A published version is immutable (603 CMR 35 evaluations cite it for years);
changing one means revising it into a new draft version.
"""

from operator import attrgetter

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.organizations.vocabulary import RoleGroup


class PerformanceLevel(models.TextChoices):
    """The four ratings of 603 CMR 35.08(1), highest first."""

    EXEMPLARY = "exemplary", _("Exemplary")
    PROFICIENT = "proficient", _("Proficient")
    NEEDS_IMPROVEMENT = "needs_improvement", _("Needs Improvement")
    UNSATISFACTORY = "unsatisfactory", _("Unsatisfactory")


class Framework(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    role_group = models.CharField(max_length=20, choices=RoleGroup.choices)
    district = models.ForeignKey(
        "organizations.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="frameworks",
        help_text=_("Empty for the state's model frameworks."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class FrameworkVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    edition = models.CharField(max_length=20, help_text=_("The edition it follows, such as 2012."))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="revisions"
    )
    version = models.PositiveIntegerField(default=1, help_text=_("Edit counter of a draft."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="unique_framework_version")
        ]

    def __str__(self):
        return f"{self.framework} v{self.number} ({self.get_status_display()})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def save(self, *args, **kwargs):
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == self.Status.PUBLISHED:
                raise ValidationError(_("A published framework version cannot be changed."))
        super().save(*args, **kwargs)


class _FrozenWhenPublished(models.Model):
    """A part of a framework version (a standard, an indicator, an element), in order by
    position: it refuses writes to rows of a published version, whatever path they take through
    the ORM. ``version_path`` names the way up to the version (``standard.framework_version``)."""

    code = models.CharField(max_length=10)
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()
    version_path: str

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self):
        return f"{self.code} {self.name}"

    def framework_version_status(self) -> str:
        return attrgetter(self.version_path)(self).status

    def save(self, *args, **kwargs):
        if self.framework_version_status() == FrameworkVersion.Status.PUBLISHED:
            raise ValidationError(_("A published framework version cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.framework_version_status() == FrameworkVersion.Status.PUBLISHED:
            raise ValidationError(_("A published framework version cannot be changed."))
        return super().delete(*args, **kwargs)


class Standard(_FrozenWhenPublished):
    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="standards"
    )
    description = models.TextField(blank=True)
    history = HistoricalRecords()
    version_path = "framework_version"

    class Meta(_FrozenWhenPublished.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["framework_version", "code"], name="unique_standard_code"
            )
        ]

    def __str__(self):
        return f"Standard {self.code}: {self.name}"


class Indicator(_FrozenWhenPublished):
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="indicators")
    description = models.TextField(blank=True)
    history = HistoricalRecords()
    version_path = "standard.framework_version"

    class Meta(_FrozenWhenPublished.Meta):
        constraints = [
            models.UniqueConstraint(fields=["standard", "code"], name="unique_indicator_code")
        ]


class Element(_FrozenWhenPublished):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="elements")
    code = models.CharField(max_length=12)
    exemplary = models.TextField()
    proficient = models.TextField()
    needs_improvement = models.TextField()
    unsatisfactory = models.TextField()
    history = HistoricalRecords()
    version_path = "indicator.standard.framework_version"

    class Meta(_FrozenWhenPublished.Meta):
        constraints = [
            models.UniqueConstraint(fields=["indicator", "code"], name="unique_element_code")
        ]

    def descriptors(self) -> list[tuple[str, str]]:
        """(level label, descriptor) from Exemplary down to Unsatisfactory."""
        return [(level.label, getattr(self, level.value)) for level in PerformanceLevel]
