"""The partnership's programs and events, and a district's way into a program."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.collaboration.models.parties import PartySignature
from tandem.collaboration.models.teams import Team


class Program(models.Model):
    """One of the partnership's programs that a district may take part in."""

    class Kind(models.TextChoices):
        CAPACITY = "capacity", _("District Capacity Project")
        WORKSHOPS = "workshops", _("Joint Leadership Workshops")
        STRATEGIC_PLANNING = "strategic_planning", _("Joint Strategic Planning")
        IBB = "ibb", _("Interest-Based Bargaining training")

    kind = models.CharField(max_length=30, choices=Kind.choices, unique=True)
    name = models.CharField(max_length=200)
    summary = models.TextField()
    accepting = models.BooleanField(default=True, help_text=_("Districts may inquire."))

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProgramTopic(models.Model):
    """A topic of a program, such as one Joint Leadership Workshop."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["program", "title"]

    def __str__(self):
        return self.title


class Event(models.Model):
    """A workshop session, institute day or convening that teams attend."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="events")
    topic = models.ForeignKey(
        ProgramTopic, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"


class EventAttendance(models.Model):
    """How many of a team's members took part in an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendance")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="attendance")
    people = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "team"], name="one_attendance_per_team")
        ]

    def __str__(self):
        return f"{self.team} at {self.event}: {self.people}"


class Engagement(models.Model):
    """A district's path into one program: inquiry, first meeting, the leaders' agreement."""

    class Status(models.TextChoices):
        INQUIRED = "inquired", _("Inquiry received")
        MET = "met", _("First meeting held")
        ENROLLED = "enrolled", _("Enrolled")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="engagements")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="engagements")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INQUIRED)
    inquired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    inquired_on = models.DateField()
    inquiry = models.TextField(help_text=_("What the district hopes to work on."))
    first_meeting_on = models.DateField(null=True, blank=True)
    first_meeting_notes = models.TextField(blank=True)
    first_meeting_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    enrolled_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-inquired_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "program"],
                condition=Q(status__in=["inquired", "met", "enrolled"]),
                name="one_open_engagement_per_program",
            ),
            models.CheckConstraint(
                condition=~Q(status="enrolled") | Q(enrolled_on__isnull=False),
                name="enrolled_engagement_has_date",
            ),
            # The path's dates come in its order: no meeting, enrollment or end before the
            # inquiry.
            models.CheckConstraint(
                condition=Q(first_meeting_on__isnull=True)
                | Q(first_meeting_on__gte=F("inquired_on")),
                name="engagement_met_after_inquiry",
            ),
            models.CheckConstraint(
                condition=Q(enrolled_on__isnull=True) | Q(enrolled_on__gte=F("inquired_on")),
                name="engagement_enrolled_after_inquiry",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("inquired_on")),
                name="engagement_ended_after_inquiry",
            ),
        ]

    def __str__(self):
        return f"{self.team.district} · {self.program}"

    def signed_content(self) -> dict:
        """What each key leader agrees to."""
        return {
            "district": self.team.district.name,
            "program": self.program.name,
            "inquiry": self.inquiry,
            "first_meeting_on": self.first_meeting_on.isoformat()
            if self.first_meeting_on
            else None,
            "first_meeting_notes": self.first_meeting_notes,
        }


class EnrollmentAgreement(PartySignature):
    """A key leader's agreement, signed in their own session, to take part in a program.

    It names the office grant it was given under: if that office changes hands before the
    district enrolls, the agreement no longer counts and the new holder must agree.
    """

    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="agreements")
    agreed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreed_at"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "grant"], name="one_agreement_per_grant")
        ]

    def __str__(self):
        return f"{self.grant} agreed to {self.engagement}"
