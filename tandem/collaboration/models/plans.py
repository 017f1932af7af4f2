"""Joint strategic plans: their versions, the key leaders' signatures and the readings of their
measures."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tandem.collaboration.models.parties import PartySignature
from tandem.collaboration.models.teams import Team


class Topic(models.Model):
    """A subject that plans and resources are tagged with, such as career lattices."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class StrategicPlan(models.Model):
    """A team's joint strategic plan. Its content lives in versions; only a version that every
    party signed is adopted, and adopted versions never change."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(max_length=200)
    topics = models.ManyToManyField(Topic, blank=True, related_name="plans")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_version = models.ForeignKey(
        "PlanVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The adopted version shown in the gallery to staff of every district."),
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # Words of the published version, for the gallery's search.
    search_text = models.TextField(blank=True)

    class Meta:
        ordering = ["team", "-created_at"]

    def __str__(self):
        return self.title


class PlanVersion(models.Model):
    """One version of a plan's content: a draft the team edits, then adopted when every
    party's key leader has signed it. ``content`` is the whole plan as data, so what was
    signed is exactly one value and versions compare line by line."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")
        SUPERSEDED = "superseded", _("Superseded by a later version")
        WITHDRAWN = "withdrawn", _("Withdrawn before adoption")

    plan = models.ForeignKey(StrategicPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    content = models.JSONField()
    version = models.PositiveIntegerField(
        default=1, help_text=_("Counts saves of the draft, so a stale save is refused.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_on = models.DateField(help_text=_("The day the team began this version."))
    adopted_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(adopted_on__isnull=True) | Q(adopted_on__gte=F("started_on")),
                name="plan_version_adopted_after_started",
            ),
            models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_version"),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(status="draft"), name="one_draft_per_plan"
            ),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(status="adopted"), name="one_adopted_version_per_plan"
            ),
        ]

    def __str__(self):
        return f"{self.plan} v{self.number}"

    def save(self, *args, **kwargs):
        """Only a draft's content changes; an adopted plan changes by a new signed version."""
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values("status", "content").first()
            if (
                stored
                and stored["status"] != self.Status.DRAFT
                and (stored["content"] != self.content)
            ):
                raise ValidationError(
                    _("An adopted plan is not edited; start a new version and sign it.")
                )
        super().save(*args, **kwargs)

    def is_signed(self) -> bool:
        """A key leader has signed it, so a draft no longer changes."""
        return self.party_signatures.exists()

    def signed_content(self) -> dict:
        return {
            "plan": self.plan.title,
            "district": self.plan.team.district.name,
            "version": self.number,
            "content": self.content,
        }


class MeasureProgress(models.Model):
    """A reading of one measure of success on a date; the chart of a measure is its readings."""

    plan = models.ForeignKey(StrategicPlan, on_delete=models.CASCADE, related_name="progress")
    measure_key = models.CharField(max_length=20)
    recorded_on = models.DateField()
    value = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["plan", "measure_key", "recorded_on"]
        indexes = [models.Index(fields=["plan", "measure_key", "recorded_on"])]

    def __str__(self):
        return f"{self.measure_key} = {self.value} on {self.recorded_on}"


class PlanSignature(PartySignature):
    """A key leader's signature on a plan version for their party. As with enrollment, a
    signature counts only while its signer still holds the office."""

    plan_version = models.ForeignKey(
        PlanVersion, on_delete=models.PROTECT, related_name="party_signatures"
    )

    class Meta:
        ordering = ["signature__signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan_version", "grant"], name="one_plan_signature_per_grant"
            )
        ]

    def __str__(self):
        return f"{self.grant} signed {self.plan_version}"
