"""A district's labor-management team, its members and its notes.

The key leaders of a team are not stored here: they are whoever holds the superintendent's,
the union president's and the school committee chair's (or vice chair's) office on the day
(``people.RoleGrant.office``), so a change of office-holder shows at once.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.collaboration.models.parties import Party
from tandem.organizations.models import District
from tandem.people.models import DatedQuerySet

MEETING_MINUTES_MIN, MEETING_MINUTES_MAX = 15, 480  # a meeting's length, in minutes


class Team(models.Model):
    """A district's labor-management team."""

    district = models.OneToOneField(District, on_delete=models.PROTECT, related_name="team")
    name = models.CharField(max_length=200)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facilitated_teams",
        help_text=_("The partnership's facilitator who works with this team."),
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        default=90,
        help_text=_("How long the team's meetings last unless a meeting says otherwise."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    meeting_minutes__gte=MEETING_MINUTES_MIN,
                    meeting_minutes__lte=MEETING_MINUTES_MAX,
                ),
                name="team_meeting_length_in_bounds",
            )
        ]

    def __str__(self):
        return self.name


class TeamMember(models.Model):
    """A member beyond the key leaders: a teacher, a principal, a parent or a partner."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_memberships"
    )
    party = models.CharField(max_length=20, choices=Party.choices)
    role = models.CharField(
        max_length=100, blank=True, help_text=_("Such as Co-chair, Note-taker or Member.")
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()
    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["party", "user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"],
                condition=Q(end_date__isnull=True),
                name="one_open_membership_per_team",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="member_leaves_after_joining",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_party_display()})"


class TeamNote(models.Model):
    """A post in the team's joint space or in one party's private caucus."""

    class Space(models.TextChoices):
        JOINT = "joint", _("Joint space")
        MANAGEMENT = "management", _("Management caucus")
        UNION = "union", _("Union caucus")
        COMMITTEE = "committee", _("School committee caucus")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="notes")
    space = models.CharField(max_length=20, choices=Space.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["team", "space", "-created_at"])]

    def __str__(self):
        return f"{self.get_space_display()}: {self.body[:40]}"
