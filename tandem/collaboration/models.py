"""A district's labor-management team and the partnership that supports it.

The key leaders of a team are not stored here: they are whoever holds the superintendent's,
the union president's and the school committee chair's (or vice chair's) office on the day
(``people.RoleGrant.office``), so a change of office-holder shows at once.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.errors import DomainError
from tandem.organizations.models import District
from tandem.people.models import DatedQuerySet, RoleGrant


class Party(models.TextChoices):
    MANAGEMENT = "management", _("Management")
    UNION = "union", _("Union")
    COMMITTEE = "committee", _("School committee")
    COMMUNITY = "community", _("Community")


# The parties that keep a caucus and whose key leader must agree; community members join
# the joint work only.
CAUCUS_PARTIES = (Party.MANAGEMENT, Party.UNION, Party.COMMITTEE)
KEY_OFFICES = {
    Party.MANAGEMENT: (RoleGrant.Office.SUPERINTENDENT,),
    Party.UNION: (RoleGrant.Office.UNION_PRESIDENT,),
    Party.COMMITTEE: (RoleGrant.Office.COMMITTEE_CHAIR, RoleGrant.Office.COMMITTEE_VICE_CHAIR),
}
PARTY_OF_OFFICE = {office: party for party, offices in KEY_OFFICES.items() for office in offices}


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
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

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
            )
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


class PartySignature(models.Model):
    """A key leader's signature for their party: the office grant it was given under, and the
    signature that keeps the digest of exactly what was signed."""

    party = models.CharField(max_length=20, choices=Party.choices)
    grant = models.ForeignKey(RoleGrant, on_delete=models.PROTECT, related_name="+")
    signature = models.OneToOneField(
        "records.Signature", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


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


# -- Joint strategic plans, the gallery and the resource library ----------------------------


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
    adopted_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
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


class Resource(models.Model):
    """A guide, template or case study shared by the partnership or by a team."""

    class Kind(models.TextChoices):
        GUIDE = "guide", _("Guide")
        TEMPLATE = "template", _("Template")
        CASE_STUDY = "case_study", _("Case study")

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.TextField()
    link = models.URLField(blank=True, help_text=_("Where the resource can be read, if online."))
    file = models.ForeignKey(
        "records.StoredFile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The resource as a file to download."),
    )
    topics = models.ManyToManyField(Topic, related_name="resources")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        help_text=_("The team that shared it; empty for the partnership's own."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(link="") | Q(file__isnull=False), name="resource_has_a_link_or_a_file"
            )
        ]

    def __str__(self):
        return self.title


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


# -- Meetings, action items, calendar feeds and the relationship survey (issue 5) -----------


class Meeting(models.Model):
    """One meeting of a team: its agenda beforehand, then who came, the minutes and decisions.

    ``version`` goes up with every save of the agenda or the minutes, so two members editing
    at once cannot overwrite each other. A cancelled meeting is kept, with who called it off
    and why, so that the team's record and everyone's calendar show it did not take place.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField()
    place = models.CharField(max_length=200)
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    minutes = models.TextField(blank=True)
    decisions = models.TextField(
        blank=True, help_text=_("One decision per line, in the words the team agreed.")
    )
    version = models.PositiveIntegerField(default=1)
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
            )
        ]

    def __str__(self):
        return f"{self.team} · {self.starts_at:%Y-%m-%d}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

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


# The relationship survey's statements, answered on a 1 (strongly disagree) to 5 (strongly
# agree) scale. The keys are what the totals are stored under: reword a statement freely, but
# give a statement with a new meaning a new key so that years stay comparable.
SURVEY_STATEMENTS = [
    ("trust", _("The parties on this team trust one another to act in good faith.")),
    ("follow_through", _("When we agree to do something, each party does its part, on time.")),
    ("students", _("Our discussions keep coming back to what is best for students.")),
    ("candor", _("I can raise a hard issue at the table without fear of how it will be used.")),
    ("informed", _("Each party shares what the others need to know, early enough to matter.")),
    ("disagreement", _("We work through disagreements by looking at interests, not positions.")),
    ("worth_it", _("The time I give this team is well spent.")),
]
SURVEY_SCALE = [
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Neither agree nor disagree")),
    (4, _("Agree")),
    (5, _("Strongly agree")),
]
# Results of a school year are shown only when at least this many members answered (issue 5).
SURVEY_MINIMUM_ANSWERS = 5


class RelationshipSurvey(models.Model):
    """The answers of one team's members for one school year, kept only as totals.

    There is deliberately no row per answer. A row per answer, even without a user, would
    carry an order (its primary key, SQLite's rowid, PostgreSQL's physical position) that
    lines up with the order of the ``SurveyParticipation`` markers and so tells who gave which
    answer. Instead each answer adds to ``tallies`` and ``answers`` in place, and a comment is
    slipped into ``comments`` at a random position. No history is kept on this model for the
    same reason.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="surveys")
    school_year = models.PositiveSmallIntegerField(
        help_text=_("The calendar year in which the school year began.")
    )
    answers = models.PositiveIntegerField(default=0)
    # statement key → how many answered 1, 2, 3, 4 and 5
    tallies = models.JSONField(default=dict)
    comments = models.JSONField(default=list)

    class Meta:
        ordering = ["team", "school_year"]
        constraints = [
            models.UniqueConstraint(fields=["team", "school_year"], name="one_survey_per_year")
        ]

    def __str__(self):
        return f"{self.team} · {self.school_year}"


class SurveyParticipation(models.Model):
    """That a person has answered a team's survey in a school year, and nothing more."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    school_year = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user", "school_year"], name="one_survey_answer_per_year"
            )
        ]

    def __str__(self):
        return f"{self.user} answered {self.team} · {self.school_year}"


# --- Interest-based problem solving and joint agreements (issue 5, item 4) -----------------


class IssueStatement(models.Model):
    """An issue the team works through by interest-based problem solving.

    The steps follow one another (``Stage``); the team may step back to any earlier one until
    the decision is recorded, after which the issue and everything under it is frozen.
    """

    class Stage(models.TextChoices):
        ISSUE = "issue", _("Issue")
        INTERESTS = "interests", _("Interests")
        OPTIONS = "options", _("Options")
        CRITERIA = "criteria", _("Criteria")
        WEIGHING = "weighing", _("Weighing")
        CONSENSUS = "consensus", _("Consensus")
        DECIDED = "decided", _("Decision")

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="issues")
    title = models.CharField(max_length=200)
    statement = models.TextField(
        help_text=_(
            "The problem in neutral words that every party can accept, without a solution in it."
        )
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.ISSUE)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decision = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage="decided") | (Q(decided_at__isnull=False) & ~Q(decision="")),
                name="decided_issue_has_decision",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """A decided issue is a record of what the team agreed: it no longer changes."""
        if self.pk and type(self).objects.filter(pk=self.pk, stage=self.Stage.DECIDED).exists():
            raise DomainError(_("This issue is decided; its record no longer changes."))
        super().save(*args, **kwargs)

    @property
    def is_decided(self) -> bool:
        return self.stage == self.Stage.DECIDED

    def stage_index(self) -> int:
        return self.Stage.values.index(self.stage)


class IssueEntry(models.Model):
    """What a member writes at one step of an issue: an interest, an option or a criterion.
    Its author may reword or withdraw it at that step; the history keeps every wording."""

    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class Interest(IssueEntry):
    """A need, concern or hope behind a party's position; ``mutual`` when every party holds it."""

    issue = models.ForeignKey(IssueStatement, on_delete=models.CASCADE, related_name="interests")
    party = models.CharField(max_length=20, choices=Party.choices)
    text = models.TextField()
    mutual = models.BooleanField(default=False)

    class Meta(IssueEntry.Meta):
        ordering = ["-mutual", "party", "created_at", "pk"]


class IssueOption(IssueEntry):
    """A possible solution, brainstormed: it is listed without being judged."""

    issue = models.ForeignKey(IssueStatement, on_delete=models.CASCADE, related_name="options")
    text = models.TextField()


class IssueCriterion(IssueEntry):
    """A standard the team agreed that every option is tested against."""

    issue = models.ForeignKey(IssueStatement, on_delete=models.CASCADE, related_name="criteria")
    text = models.CharField(max_length=500)


class OptionRating(models.Model):
    """How well one option meets one criterion, in the team's joint judgement."""

    class Meets(models.TextChoices):
        YES = "yes", _("Meets it")
        PARTLY = "partly", _("Partly")
        NO = "no", _("Does not meet it")

    option = models.ForeignKey(IssueOption, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(IssueCriterion, on_delete=models.CASCADE, related_name="ratings")
    meets = models.CharField(max_length=10, choices=Meets.choices)
    note = models.CharField(max_length=1000, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["option", "criterion"], name="one_rating_per_cell")
        ]

    def __str__(self):
        return f"{self.option} / {self.criterion}: {self.meets}"


class ConsensusCheck(models.Model):
    """One round of asking every member where they stand on the chosen option.

    Stepping back from the consensus step closes the round; its stances are kept as they were.
    """

    issue = models.ForeignKey(IssueStatement, on_delete=models.CASCADE, related_name="checks")
    option = models.ForeignKey(IssueOption, on_delete=models.PROTECT, related_name="checks")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["opened_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue"], condition=Q(closed_at__isnull=True), name="one_open_check"
            )
        ]

    def __str__(self):
        return f"Consensus check on {self.option}"


class Stance(models.Model):
    """A member's own place on the gradients of agreement; only they record or change it."""

    class Gradient(models.IntegerChoices):
        WHOLEHEARTED = 1, _("1 · Wholehearted endorsement")
        MINOR_RESERVATIONS = 2, _("2 · Agree with minor reservations")
        LIVE_WITH_IT = 3, _("3 · Support with reservations: I can live with it")
        MORE_DISCUSSION = 4, _("4 · Need more discussion")
        BLOCK = 5, _("5 · Serious disagreement: I block")

    consensus_check = models.ForeignKey(
        ConsensusCheck, on_delete=models.CASCADE, related_name="stances"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    party = models.CharField(
        max_length=20, choices=Party.choices, help_text=_("The member's party when they stood.")
    )
    gradient = models.PositiveSmallIntegerField(choices=Gradient.choices)
    comment = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["party", "recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consensus_check", "user"], name="one_stance_per_member"
            ),
            models.CheckConstraint(
                condition=Q(gradient__gte=1, gradient__lte=5), name="stance_on_the_gradients"
            ),
            models.CheckConstraint(
                condition=Q(gradient__lte=3) | ~Q(comment=""),
                name="stance_below_live_with_it_explains",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.gradient}"


class AgreementQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """Even a bulk update cannot rewrite the text of an agreement someone has signed."""
        if (
            JointAgreement.SIGNED_FIELDS & kwargs.keys()
            and self.filter(signatures__isnull=False).exists()
        ):
            raise DomainError(_("A signed agreement is never edited: draft a new version."))
        return super().update(**kwargs)


class JointAgreement(models.Model):
    """A text the three parties sign: a tentative agreement, a memorandum of understanding or a
    joint statement of shared vision.

    One model for the three kinds, because they live the same life: drafted by members, signed
    by each party's key leader, in effect on the third signature, frozen from the first, and
    changed only by a new version that supersedes the old once it is fully signed. Only a
    tentative agreement points to the issue it settles. ``number`` counts the versions of one
    agreement (1, 2, …); ``version`` is the edit counter of a draft, as elsewhere in Tandem.
    """

    class Kind(models.TextChoices):
        TENTATIVE = "tentative", _("Tentative agreement")
        MOU = "mou", _("Memorandum of understanding")
        SHARED_VISION = "shared_vision", _("Joint statement of shared vision")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNING = "signing", _("Being signed")
        IN_EFFECT = "in_effect", _("In effect")
        SUPERSEDED = "superseded", _("Superseded")

    TEXT_COLUMNS = ("team_id", "kind", "issue_id", "title", "body", "number", "supersedes_id")
    SIGNED_FIELDS = frozenset({*TEXT_COLUMNS, "team", "issue", "supersedes"})

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="agreements")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    issue = models.ForeignKey(
        IssueStatement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        help_text=_("The decided issue whose language a tentative agreement sets down."),
    )
    title = models.CharField(max_length=200)
    body = models.TextField()
    number = models.PositiveIntegerField(default=1)
    original = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="later_versions"
    )
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    effective_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()
    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="tentative") | Q(issue__isnull=False),
                name="tentative_agreement_settles_an_issue",
            ),
            models.CheckConstraint(
                condition=~Q(status="in_effect") | Q(effective_on__isnull=False),
                name="agreement_in_effect_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.number})"

    def save(self, *args, **kwargs):
        """Once any party has signed, the text stays exactly as they signed it."""
        if self.pk and self._signed_text_changed():
            raise DomainError(_("A signed agreement is never edited: draft a new version."))
        super().save(*args, **kwargs)

    def _signed_text_changed(self) -> bool:
        stored = type(self).objects.filter(pk=self.pk).values(*self.TEXT_COLUMNS, "status").first()
        if stored is None:
            return False
        if stored["status"] == self.Status.DRAFT and not self.is_signed():
            return False
        return any(stored[column] != getattr(self, column) for column in self.TEXT_COLUMNS)

    def is_signed(self) -> bool:
        """A party has signed this version, so its text no longer changes."""
        return self.signatures.exists()

    def has_newer_version(self) -> bool:
        """A later version supersedes (or will supersede) this one: sign or revise that one."""
        return type(self).objects.filter(supersedes=self).exists()

    @property
    def line_id(self) -> int:
        """The first version's id, shared by every version of the agreement."""
        return self.original_id or self.pk

    def signed_content(self) -> dict:
        """What each key leader signs: the text and where it belongs, never its status."""
        return {
            "district": self.team.district.name,
            "kind": self.get_kind_display(),
            "issue": self.issue.title if self.issue_id else None,
            "title": self.title,
            "body": self.body,
            "number": self.number,
            "supersedes": self.supersedes.number if self.supersedes_id else None,
        }


class AgreementSignature(PartySignature):
    """A party's signature on one version of an agreement, by its key leader of the day.

    Unlike an enrollment agreement, it does not lapse when the office changes hands: what the
    office-holder signed for the party stays signed.
    """

    agreement = models.ForeignKey(
        JointAgreement, on_delete=models.PROTECT, related_name="signatures"
    )
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="one_signature_per_party")
        ]

    def __str__(self):
        return f"{self.get_party_display()} signed {self.agreement}"


# The seven core elements of "Transforming the Teaching Profession", the shared vision that
# national education leaders signed in 2012: an outline a team may start its own statement from.
SHARED_VISION_ELEMENTS = (
    "A culture of shared responsibility and leadership",
    "Recruiting top talent into schools prepared for success",
    "Continuous growth and professional development",
    "Effective teachers and principals",
    "A professional career continuum with competitive compensation",
    "Conditions that support successful teaching and learning",
    "Engaged communities",
)
