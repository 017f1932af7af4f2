"""A team's meetings, their agenda and action items, and the calendar feeds that list them."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.collaboration.models.plans import StrategicPlan
from tandem.collaboration.models.teams import Team


class Meeting(models.Model):
    """One meeting of a team: its agenda beforehand, then who came, the minutes and decisions.

    ``version`` goes up with every save of the agenda or the minutes, so two members editing
    at once cannot overwrite each other. A cancelled meeting is kept, with who called it off
    and why, so that the team's record and everyone's calendar show it did not take place.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="meetings")
    subject = models.CharField(
        max_length=200, help_text=_("What the meeting is about, as the calendar's title shows it.")
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=200)
    video_link = models.URLField(
        blank=True, help_text=_("The address to join by video, if the meeting has one.")
    )
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    minutes = models.TextField(blank=True)
    decisions = models.TextField(
        blank=True, help_text=_("One decision per line, in the words the team agreed.")
    )
    version = models.PositiveIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancellation_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["team", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True, cancelled_by__isnull=True)
                & Q(cancellation_reason="")
                | Q(cancelled_at__isnull=False, cancelled_by__isnull=False)
                & ~Q(cancellation_reason=""),
                name="cancelled_meeting_has_canceller_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_it_starts"
            ),
        ]

    def __str__(self):
        return f"{self.team} · {self.starts_at:%Y-%m-%d}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def length_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    def held_by(self, day) -> bool:
        """The meeting's day has come by ``day``, so its minutes may be recorded."""
        return timezone.localtime(self.starts_at).date() <= day

    def is_recorded(self) -> bool:
        """Minutes, decisions or attendance are on record, so the meeting took place."""
        return bool(self.minutes or self.decisions or self.attendees.all())

    def decision_list(self) -> list[str]:
        return [line.strip() for line in self.decisions.splitlines() if line.strip()]


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="one_item_per_position")
        ]

    def __str__(self):
        return self.title


class ActionItem(models.Model):
    """Something a person on the team agreed at a meeting to do by a date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    description = models.CharField(max_length=500)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    plan = models.ForeignKey(
        StrategicPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        help_text=_("The joint plan whose action step this item carries forward."),
    )
    plan_step_key = models.CharField(max_length=20, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["meeting", "done_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(plan__isnull=True, plan_step_key="")
                | Q(plan__isnull=False) & ~Q(plan_step_key=""),
                name="action_item_names_plan_and_step",
            )
        ]

    def __str__(self):
        return self.description

    def is_overdue(self, day) -> bool:
        return self.done_on is None and self.due_on < day


class CalendarFeed(models.Model):
    """A person's secret calendar address; only the SHA-256 of its token is stored.

    A calendar app cannot sign in, so the address itself is the credential: the owner revokes
    it and makes a new one when it leaks.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="one_open_feed_per_user"
            )
        ]

    def __str__(self):
        return f"Calendar feed of {self.user}"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
