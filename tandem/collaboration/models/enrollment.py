"""The partnership's programs and events, and a district's way into a program."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from tandem.collaboration.models.parties import PartySignature
from tandem.collaboration.models.teams import Team
from tandem.collaboration.programs import program_terms
from tandem.errors import DomainError

# Who commits to what in a program's terms: each party, and the partnership.
COMMITTING = (
    ("management", _("The superintendent and district management commit to")),
    ("union", _("The union commits to")),
    ("committee", _("The school committee commits to")),
    ("partnership", _("The facilitator and the state commit to")),
)


def terms_shown(terms: dict) -> list[tuple[str, str]]:
    """A program's terms as headed paragraphs: scope, length, each party's commitments, cost."""
    if not terms:
        return []
    rows = [(_("Scope"), terms["scope"])]
    if length := terms.get("length"):
        count = length["count"]
        text = (
            ngettext("%(n)d month", "%(n)d months", count)
            if length["unit"] == "months"
            else ngettext("%(n)d school year", "%(n)d school years", count)
        )
        rows.append((_("Length"), text % {"n": count}))
    commitments = terms.get("commitments", {})
    rows += [(heading, commitments.get(party, "")) for party, heading in COMMITTING]
    rows += [
        (_("The district pays for"), terms.get("district_cost", "")),
        (_("The state and the partnership cover"), terms.get("state_covers", "")),
    ]
    return [(heading, text) for heading, text in rows if text]


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
    # The terms a district's key leaders agree to (each engagement keeps them as they were
    # shown at its first meeting, so editing them here changes no agreement already given).
    scope = models.TextField(blank=True, help_text=_("What the program covers, and what not."))
    length = models.PositiveSmallIntegerField(null=True, blank=True)
    length_unit = models.CharField(
        max_length=20,
        blank=True,
        choices=[("months", _("months")), ("school_years", _("school years"))],
    )
    management_commits = models.TextField(
        blank=True, help_text=_("What the superintendent and district management commit to.")
    )
    union_commits = models.TextField(blank=True, help_text=_("What the union commits to."))
    committee_commits = models.TextField(
        blank=True, help_text=_("What the school committee commits to.")
    )
    partnership_commits = models.TextField(
        blank=True, help_text=_("What the facilitator and the state commit to.")
    )
    district_cost = models.TextField(blank=True, help_text=_("What the district pays for."))
    state_covers = models.TextField(
        blank=True, help_text=_("What the state and the partnership pay for.")
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(length__isnull=True) & Q(length_unit=""))
                | (Q(length__gt=0) & ~Q(length_unit="")),
                name="program_length_has_a_unit",
            )
        ]

    def __str__(self):
        return self.name

    def terms(self) -> dict:
        """The program's terms as an engagement keeps them; empty while staff have set none."""
        return program_terms(self)

    def terms_shown(self) -> list[tuple[str, str]]:
        return terms_shown(self.terms())


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
    terms = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("The program's terms as the first meeting presented them: what is agreed."),
    )
    history = HistoricalRecords()

    # What a key leader's agreement covers: none of it changes once one has agreed.
    SIGNED_FIELDS = (
        "team_id",
        "program_id",
        "inquiry",
        "first_meeting_on",
        "first_meeting_notes",
        "terms",
    )

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

    def save(self, *args, **kwargs):
        """Once a key leader has agreed, what they agreed to stays exactly as they saw it."""
        if self.pk and self._agreed_content_changed():
            raise DomainError(
                _("A key leader has agreed to these terms; they stay as that leader saw them.")
            )
        super().save(*args, **kwargs)

    def _agreed_content_changed(self) -> bool:
        if not self.agreements.exists():
            return False
        stored = type(self).objects.filter(pk=self.pk).values(*self.SIGNED_FIELDS).first()
        return stored is not None and any(
            stored[field] != getattr(self, field) for field in self.SIGNED_FIELDS
        )

    def signed_content(self) -> dict:
        """What each key leader agrees to: the first meeting and the program's terms (those
        who agreed before Tandem kept terms signed without them, so their fingerprint holds)."""
        content = {
            "district": self.team.district.name,
            "program": self.program.name,
            "inquiry": self.inquiry,
            "first_meeting_on": self.first_meeting_on.isoformat()
            if self.first_meeting_on
            else None,
            "first_meeting_notes": self.first_meeting_notes,
        }
        if self.terms:
            content["terms"] = self.terms
        return content

    def terms_shown(self) -> list[tuple[str, str]]:
        """The kept terms as headed paragraphs, as the agreement page shows them."""
        return terms_shown(self.terms)


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
