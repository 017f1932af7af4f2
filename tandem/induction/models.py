"""Induction and mentoring of beginning teachers (603 CMR 7.12; issue 14, item 5).

The state's program elements are kept as data per district and school year, so a district
may strengthen them and the state may change them without a release. Mentored hours belong
to the person, not the district: they follow the educator to a new district.
"""

import datetime
from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.organizations.models import District, SchoolYear
from tandem.people.models import DatedQuerySet, Employment, Person, User

# The state's values (603 CMR 7.12(2), 7.04(2)(c)): ../shared/domain/pipeline.md §1.2 and §2.
STATE_RULES = {
    "orientation_required": True,
    "mentor_within_days": 14,
    "support_team_required": True,
    "release_time_required": True,
    "incoming_mentor_required": False,
    "induction_year_hours": None,
    "professional_hours": Decimal("50"),
}


class InductionRules(models.Model):
    """A district's induction program for one school year; the state's values until it saves.

    Versioned by school year (a new year starts from the state's values or the year before,
    as HR chooses on the settings page); each save is kept in the history.
    """

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+")
    orientation_required = models.BooleanField(
        _("orientation for beginning and incoming teachers"),
        default=STATE_RULES["orientation_required"],
    )
    mentor_within_days = models.PositiveSmallIntegerField(
        _("days to assign a trained mentor"),
        default=STATE_RULES["mentor_within_days"],
        help_text=_(
            "Counted in calendar days from the first day of teaching. The state asks for a "
            "mentor within the first two weeks (14 days)."
        ),
    )
    support_team_required = models.BooleanField(
        _("support team of the mentor and a qualified evaluator"),
        default=STATE_RULES["support_team_required"],
    )
    release_time_required = models.BooleanField(
        _("release time for observations and mentoring"),
        default=STATE_RULES["release_time_required"],
    )
    incoming_mentor_required = models.BooleanField(
        _("incoming teachers also get a mentor"),
        default=STATE_RULES["incoming_mentor_required"],
        help_text=_("The state recommends a mentor for teachers new to the district."),
    )
    induction_year_hours = models.DecimalField(
        _("mentored hours in the induction year"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("The state sets no minimum for the first year; leave empty for none."),
    )
    professional_hours = models.DecimalField(
        _("mentored hours beyond the induction year"),
        max_digits=5,
        decimal_places=1,
        default=STATE_RULES["professional_hours"],
        help_text=_("Needed for the Professional license: 50 by the state's rule."),
    )
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "induction rules"
        ordering = ["district", "-school_year__start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "school_year"], name="one_induction_rules_per_year"
            ),
            models.CheckConstraint(
                condition=Q(professional_hours__gt=0), name="professional_hours_positive"
            ),
            models.CheckConstraint(
                condition=Q(induction_year_hours__isnull=True) | Q(induction_year_hours__gt=0),
                name="induction_year_hours_positive",
            ),
        ]

    def __str__(self):
        return f"Induction rules of {self.district} for {self.school_year}"


class TrainedMentor(models.Model):
    """An educator the district has trained to mentor, and how many mentees they take."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mentor_records")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    trained_on = models.DateField(_("trained on"))
    subjects = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Separated by commas, such as Mathematics, Science."),
    )
    grade_levels = models.CharField(
        max_length=40, blank=True, help_text=_("Such as 5-8, or K, 1, 2.")
    )
    capacity = models.PositiveSmallIntegerField(
        _("most mentees at once"), default=2, help_text=_("Between 1 and 6.")
    )
    end_date = models.DateField(
        null=True, blank=True, help_text=_("Once the educator no longer mentors.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "district"], name="one_mentor_record"),
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=6), name="mentor_capacity_1_to_6"
            ),
        ]

    def __str__(self):
        return str(self.person)

    def subject_list(self) -> list[str]:
        return [s.strip() for s in self.subjects.split(",") if s.strip()]

    def mentors_on(self, day: datetime.date) -> bool:
        return self.trained_on <= day and (self.end_date is None or self.end_date >= day)


class MentorAssignment(models.Model):
    """A trained mentor for a beginning or incoming teacher, from one date to another, with the
    evaluator who completes the support team. Reassigning ends the one before."""

    mentee = models.ForeignKey(
        Employment, on_delete=models.PROTECT, related_name="mentor_assignments"
    )
    mentor = models.ForeignKey(TrainedMentor, on_delete=models.PROTECT, related_name="assignments")
    evaluator = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The administrator qualified to evaluate teachers on the support team."),
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    assigned_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()
    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="mentor_assignment_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(end_date__isnull=True),
                name="one_open_mentor_assignment",
            ),
        ]

    def __str__(self):
        return f"{self.mentor} mentors {self.mentee.person}"


class MentoringLog(models.Model):
    """Time a mentor and a mentee spent together, entered by one and confirmed by the other.

    Only confirmed hours count; a confirmed entry is read-only. Confidential as a personnel
    record: the mentor, the mentee, and the district's HR and administrators read it.
    """

    class Kind(models.TextChoices):
        OBSERVATION = "observation", _("Classroom observation")
        MEETING = "meeting", _("Meeting")
        CO_TEACHING = "co_teaching", _("Co-teaching")
        PLANNING = "planning", _("Planning together")
        DEMONSTRATION = "demonstration", _("Demonstration lesson")
        OTHER = "other", _("Other")

    assignment = models.ForeignKey(MentorAssignment, on_delete=models.PROTECT, related_name="logs")
    # The mentee's person and the district, kept on the entry: hours belong to the person and
    # are counted wherever they work next; the district owns the entry's notes.
    mentee = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mentored_hours")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    hours = models.DecimalField(max_digits=4, decimal_places=2)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    topic = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    entered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=12), name="mentoring_hours_0_to_12"
            ),
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True, confirmed_at__isnull=True)
                | Q(confirmed_by__isnull=False, confirmed_at__isnull=False),
                name="mentoring_confirmed_by_and_at",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=F("entered_by")),
                name="mentoring_confirmed_by_the_other",
            ),
        ]
        indexes = [models.Index(fields=["mentee", "date"])]

    def __str__(self):
        return f"{self.hours} h on {self.date}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def confidential_owner(self) -> tuple[int, int]:
        return self.mentee_id, self.district_id

    def access_log_title(self) -> str:
        return gettext("Mentoring log of %(date)s") % {"date": self.date.isoformat()}

    def get_absolute_url(self) -> str:
        return reverse("induction:mine")
