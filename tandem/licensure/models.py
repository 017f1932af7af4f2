"""Educator licenses as the state issues them (603 CMR 7.04): a person's, whatever district
employs them; the points ledger, the renewal rules as versioned data (603 CMR 44.00) and the
individual professional development plan on top."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.people.models import Person


class License(models.Model):
    class Role(models.TextChoices):
        """What the license lets its holder be employed as."""

        TEACHER = "teacher", _("Teacher")
        SPECIALIST = "specialist", _("Specialist teacher")
        SUPPORT = "support", _("Professional support personnel")
        ADMINISTRATOR = "administrator", _("Administrator")

    class Stage(models.TextChoices):
        """The five license types of 603 CMR 7.04(1)."""

        TEMPORARY = "temporary", _("Temporary")
        PROVISIONAL = "provisional", _("Provisional")
        INITIAL = "initial", _("Initial")
        PROFESSIONAL = "professional", _("Professional")
        MILITARY_SPOUSE = "military_spouse", _("Military Spouse")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="licenses")
    license_number = models.CharField(
        max_length=20, unique=True, help_text=_("The number the state gave the license.")
    )
    field = models.CharField(max_length=150, help_text=_("Such as Mathematics."))
    grade_levels = models.CharField(max_length=20, blank=True, help_text=_("Such as 5-8."))
    role = models.CharField(max_length=20, choices=Role.choices)
    stage = models.CharField(max_length=20, choices=Stage.choices)
    issued_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "license_number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gt=models.F("issued_on")),
                name="license_expires_after_issue",
            )
        ]

    def __str__(self):
        return f"{self.field} ({self.grade_levels}), {self.get_stage_display()}"


class Topic(models.TextChoices):
    """The topics of the renewal's required distribution (603 CMR 44.04), and the rest."""

    SEI = "sei", _("SEI, ESL or bilingual education")
    DISABILITIES = "disabilities", _("Students with disabilities and diverse learners")
    CONTENT = "content", _("Content of a license")
    PEDAGOGY = "pedagogy", _("Pedagogy")
    OTHER = "other", _("Other education topics")


REQUIRED_TOPICS = (Topic.SEI, Topic.DISABILITIES, Topic.CONTENT, Topic.PEDAGOGY)


class RenewalRules(models.Model):
    """One version of the state's renewal rules, in force from ``effective_from`` until the
    next version's date: the values change with the regulation, so they are data."""

    name = models.CharField(max_length=120, help_text=_("Such as 603 CMR 44.00 (2018)."))
    effective_from = models.DateField(unique=True)
    cycle_years = models.PositiveSmallIntegerField(default=5)
    total_points = models.PositiveSmallIntegerField(default=150)
    topic_minimum = models.PositiveSmallIntegerField(
        default=15, help_text=_("Points needed in each required topic.")
    )
    topic_counts_from = models.PositiveSmallIntegerField(
        default=10, help_text=_("A topic with fewer points than this counts for nothing.")
    )
    further_license_points = models.PositiveSmallIntegerField(default=30)
    further_license_content = models.PositiveSmallIntegerField(default=15)
    assessment_content = models.PositiveSmallIntegerField(
        default=90, help_text=_("Content points a passed performance assessment earns.")
    )
    assessment_pedagogy = models.PositiveSmallIntegerField(default=30)
    sei_fields = models.JSONField(
        default=list,
        help_text=_(
            "License fields (core academic) whose holders need the SEI endorsement to renew."
        ),
    )
    activity_needs_approval = models.BooleanField(
        default=True,
        help_text=_("An activity the educator records counts once the supervisor or HR approve."),
    )

    class Meta:
        ordering = ["-effective_from"]

    def __str__(self):
        return self.name


class PointsEntry(models.Model):
    """Professional development points of a person: they follow her across districts."""

    class Source(models.TextChoices):
        OFFERING = "offering", _("Completed offering")
        ACTIVITY = "activity", _("Activity recorded by the educator")
        ASSESSMENT = "assessment", _("Performance assessment")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Counts")
        DECLINED = "declined", _("Declined")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="points_entries")
    points = models.DecimalField(max_digits=6, decimal_places=1)
    topic = models.CharField(max_length=20, choices=Topic.choices)
    content_field = models.CharField(
        max_length=150,
        blank=True,
        help_text=_("For content points: the license field they are in, such as Mathematics."),
    )
    earned_on = models.DateField()
    description = models.CharField(max_length=300)
    source_kind = models.CharField(max_length=20, choices=Source.choices)
    source_id = models.PositiveIntegerField(null=True, blank=True)
    district = models.ForeignKey(
        "organizations.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The district employing the educator when the points were recorded."),
    )
    evidence = models.ForeignKey(
        "records.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPROVED)
    decided_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-earned_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(points__gt=0), name="points_positive"),
            models.UniqueConstraint(
                fields=["person", "source_kind", "source_id", "topic"],
                condition=models.Q(source_id__isnull=False),
                name="points_once_per_source",
            ),
        ]

    def __str__(self):
        return f"{self.points} {self.get_topic_display()}: {self.description}"

    def confidential_owner(self) -> tuple[int, int]:
        return self.person_id, self.district_id

    def access_log_title(self) -> str:
        return gettext("Professional development points of %(date)s") % {
            "date": self.earned_on.isoformat()
        }

    def get_absolute_url(self) -> str:
        return reverse("licensure:mine")


class SeiEndorsement(models.Model):
    """The Sheltered English Immersion endorsement a person holds (603 CMR 14.07)."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="sei_endorsement")
    endorsed_on = models.DateField()
    history = HistoricalRecords()

    def __str__(self):
        return gettext("SEI endorsement of %(date)s") % {"date": self.endorsed_on.isoformat()}


class Ipdp(models.Model):
    """An individual professional development plan for one license's five-year cycle, approved
    by the supervisor and reviewed every two years (603 CMR 44.04(1)(c))."""

    license = models.ForeignKey(License, on_delete=models.PROTECT, related_name="ipdps")
    goals = models.TextField(help_text=_("What the educator means to learn, and how."))
    starts_on = models.DateField()
    ends_on = models.DateField()
    written_by = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="ipdp_ends_after_start"
            )
        ]

    def __str__(self):
        return gettext("Plan of %(start)s to %(end)s") % {
            "start": self.starts_on.isoformat(),
            "end": self.ends_on.isoformat(),
        }


class IpdpReview(models.Model):
    """A review of the plan: every two years of its cycle."""

    ipdp = models.ForeignKey(Ipdp, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    reviewed_by = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["reviewed_on", "pk"]

    def __str__(self):
        return gettext("Review of %(date)s") % {"date": self.reviewed_on.isoformat()}


class RenewalReminder(models.Model):
    """A reminder sent before a license expires, once per license, mark and recipient."""

    license = models.ForeignKey(License, on_delete=models.CASCADE, related_name="+")
    months_before = models.PositiveSmallIntegerField()
    user = models.ForeignKey("people.User", on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["license", "months_before", "user"], name="renewal_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.license_id} −{self.months_before} months"
