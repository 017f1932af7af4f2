"""Teachers' Top Three: issues of three items, their subscribers and one delivery per
subscriber and issue (leadership.md §7)."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.organizations.vocabulary import RoleGroup


class Issue(models.Model):
    """One issue; staff edit it until it starts sending. ``version`` counts the saved edits,
    so an edit made on an older version is refused rather than silently overwriting."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    send_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    audience_role_group = models.CharField(
        max_length=20,
        choices=RoleGroup.choices,
        blank=True,
        help_text=_("Only subscribers employed in this role group; empty for everyone."),
    )
    audience_region = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("Only subscribers employed in a district of this region; empty for all."),
    )
    audience_license_field = models.CharField(
        max_length=150,
        blank=True,
        help_text=_(
            "Only subscribers holding a license in force in this field, such as Mathematics."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-send_at", "-pk"]
        indexes = [models.Index(fields=["status", "send_at"])]

    def __str__(self):
        return self.title

    @property
    def narrowed(self) -> bool:
        return bool(self.audience_role_group or self.audience_region or self.audience_license_field)


class Item(models.Model):
    """One of the three items, in the fixed order resource, reflection, opportunity."""

    class Kind(models.TextChoices):
        RESOURCE = "resource", _("New resource")
        REFLECTION = "reflection", _("Teacher reflection")
        OPPORTUNITY = "opportunity", _("Get involved")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField(help_text=_("A short paragraph."))
    link = models.URLField(max_length=500)
    author = models.CharField(
        max_length=200, blank=True, help_text=_("For a reflection: the teacher who wrote it.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["issue", "position"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "kind"], name="one_item_of_each_kind")
        ]

    def __str__(self):
        return self.title


class Subscriber(models.Model):
    """An address that asked for the newsletter. It receives issues once confirmed and until
    unsubscribed; a signed-in subscriber's account lets audiences use Tandem's records."""

    email = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="newsletter_subscriptions",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="one_subscriber_per_address")]

    def __str__(self):
        return self.email

    @property
    def receives(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Delivery(models.Model):
    """One subscriber's copy of one issue: the row exists before the message is sent, so that
    it is sent at most once (see ``tandem.newsletter.sending``)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Handed to a batch")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped (unsubscribed before sending)")
        UNCERTAIN = "uncertain", _("Interrupted mid-batch, not sent again")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="one_delivery_per_copy")
        ]
        indexes = [models.Index(fields=["issue", "status"])]

    def __str__(self):
        return f"{self.issue} to {self.subscriber}"
