"""A district's vacancies, their postings and the applications made to them (issue 14).

The records every part of hiring shares: the public careers pages list postings, an applicant
applies to one, selection moves the application through the district's stages and an
accepted offer onboards the applicant. Each of those parts keeps its own records in its own
app; the application's stage and outcome, and its history of events, live here.
"""

import re

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.organizations.models import District, School
from tandem.people.models import Person, StaffAssignment, User
from tandem.records.models import AppendOnlyModel

GRADE_NUMBERS = {"PK": -1, "K": 0, **{str(grade): grade for grade in range(1, 13)}}
GRADE_SPAN = re.compile(r"^\s*(PK|K|\d{1,2})\s*(?:-\s*(PK|K|\d{1,2}))?\s*$", re.IGNORECASE)


def grades_of(grade_levels: str) -> tuple[int, int] | None:
    """The lowest and highest grade of a span such as ``5-8``, ``K`` or ``PK-2`` (PreK is -1,
    kindergarten 0), or None when the text is not such a span."""
    match = GRADE_SPAN.match(grade_levels or "")
    if not match:
        return None
    low, high = match.group(1).upper(), (match.group(2) or match.group(1)).upper()
    if low not in GRADE_NUMBERS or high not in GRADE_NUMBERS:
        return None
    low, high = GRADE_NUMBERS[low], GRADE_NUMBERS[high]
    return (low, high) if low <= high else None


def salary_step_field() -> models.CharField:
    """Where a vacancy, and the offer made for it, sit on the bargained salary schedule."""
    return models.CharField(
        _("salary step"),
        max_length=100,
        blank=True,
        help_text=_("The step and lane on the bargained schedule, such as Step 3, Master's."),
    )


class Vacancy(models.Model):
    """A position the district means to fill: at a school, or the district's own."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="vacancies")
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="vacancies"
    )
    title = models.CharField(max_length=150, help_text=_("Such as Grade 7 mathematics teacher."))
    position = models.CharField(max_length=40, choices=StaffAssignment.Position.choices)
    subject = models.CharField(max_length=100, blank=True)
    grade_levels = models.CharField(max_length=20, blank=True, help_text=_("Such as 5-8."))
    # The span of ``grade_levels`` as numbers, so the careers pages filter by one grade.
    grade_from = models.SmallIntegerField(null=True, blank=True, editable=False)
    grade_to = models.SmallIntegerField(null=True, blank=True, editable=False)
    fte = models.DecimalField(_("FTE"), max_digits=3, decimal_places=2, default=1)
    salary_min = models.PositiveIntegerField(_("lowest yearly salary"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("highest yearly salary"), null=True, blank=True)
    salary_step = salary_step_field()
    start_date = models.DateField()
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "vacancies"
        ordering = ["district", "start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fte__gt=0) & Q(fte__lte=1), name="vacancy_fte_between_0_and_1"
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_max__gte=F("salary_min")),
                name="vacancy_salary_range_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.grade_from, self.grade_to = grades_of(self.grade_levels) or (None, None)
        if kwargs.get("update_fields") is not None and "grade_levels" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "grade_from", "grade_to"}
        super().save(*args, **kwargs)


class RequiredLicense(models.Model):
    """A license a vacancy asks for: any one of a vacancy's required licenses fits it."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="required_licenses")
    field = models.CharField(max_length=150, help_text=_("Such as Mathematics."))
    grade_levels = models.CharField(max_length=20, blank=True, help_text=_("Such as 5-8."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["field", "grade_levels"]
        indexes = [models.Index(fields=["field"])]

    def __str__(self):
        return f"{self.field} ({self.grade_levels})" if self.grade_levels else self.field


class PostingQuerySet(models.QuerySet):
    def open_on(self, day):
        """Postings taking applications on ``day``: opened, not past their closing date and
        not closed early."""
        return self.filter(opens_on__lte=day, closes_on__gte=day, closed_on__isnull=True)


class Posting(models.Model):
    """A vacancy advertised from one date to another, to staff only or to everyone.

    Reposting makes a new posting that names the one it follows, so each posting's
    applications stay with the dates they were made under. Closing early keeps the dates
    it was posted with and records the day it closed.
    """

    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Audience(models.TextChoices):
        INTERNAL = "internal", _("Internal: the district's staff")
        EXTERNAL = "external", _("External: everyone")

    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="postings")
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.EXTERNAL)
    description = models.TextField(help_text=_("What the position is and whom it suits."))
    opens_on = models.DateField()
    closes_on = models.DateField()
    reposted_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reposts"
    )
    closed_on = models.DateField(
        _("closed early on"), null=True, blank=True, help_text=_("Set when HR closes it early.")
    )
    closed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    objects = PostingQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="posting_closes_after_it_opens"
            )
        ]
        indexes = [
            models.Index(fields=["opens_on", "closes_on"]),
            # The careers pages: open external postings, newest first.
            models.Index(fields=["audience", "-opens_on", "closes_on"], name="posting_careers_idx"),
        ]

    def __str__(self):
        return str(self.vacancy)

    def is_open(self, on=None) -> bool:
        return self.status(on) == self.Status.OPEN

    def status(self, on=None) -> str:
        on = on or timezone.localdate()
        if self.closed_on is not None or self.closes_on < on:
            return self.Status.CLOSED
        return self.Status.UPCOMING if on < self.opens_on else self.Status.OPEN


class PostingQuestion(models.Model):
    """A question of the posting's own, answered in the application beside the profile."""

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=500)
    required = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.text


class Application(models.Model):
    """One applicant's application to one posting: where it stands in selection and how it
    ended. Confidential: only the applicant and the district's people who select may read it.
    """

    class Stage(models.TextChoices):
        """The stages a district may use, in their order; a district picks its own."""

        APPLIED = "applied", _("Applied")
        SCREENING = "screening", _("Screening")
        INTERVIEW = "interview", _("Interviews")
        DEMONSTRATION = "demonstration", _("Demonstration lesson")
        REFERENCES = "references", _("References")
        RECOMMENDATION = "recommendation", _("Recommendation")
        APPROVAL = "approval", _("HR approval")
        OFFER = "offer", _("Offer")

    class Outcome(models.TextChoices):
        """How an application ended: by the applicant (withdrew, declined the offer, let it
        expire) or by the district (not selected), or hired."""

        IN_PROGRESS = "", _("In progress")
        WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
        NOT_SELECTED = "not_selected", _("Not selected by the district")
        OFFER_DECLINED = "offer_declined", _("Offer declined by the applicant")
        OFFER_EXPIRED = "offer_expired", _("Offer expired")
        HIRED = "hired", _("Hired")

    posting = models.ForeignKey(Posting, on_delete=models.PROTECT, related_name="applications")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="applications")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.APPLIED)
    outcome = models.CharField(
        max_length=20, choices=Outcome.choices, blank=True, default=Outcome.IN_PROGRESS
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["posting", "person"], name="one_application_per_posting"
            ),
            models.CheckConstraint(
                condition=Q(outcome="", ended_at__isnull=True)
                | (~Q(outcome="") & Q(ended_at__isnull=False)),
                name="application_ended_when_it_has_an_outcome",
            ),
        ]
        indexes = [models.Index(fields=["posting", "stage"])]

    def __str__(self):
        return f"{self.person} for {self.posting}"

    def confidential_owner(self) -> tuple[int, int]:
        return self.person_id, self.posting.vacancy.district_id

    access_log_related = ("posting__vacancy",)

    def access_log_title(self) -> str:
        return gettext("Application for %(posting)s") % {"posting": self.posting.vacancy.title}

    @property
    def is_open(self) -> bool:
        return self.outcome == self.Outcome.IN_PROGRESS

    def get_absolute_url(self) -> str:
        """The applicant's own page of the application."""
        return reverse("applicants:application", args=[self.pk])


class ApplicationEvent(AppendOnlyModel):
    """Who did what to an application, and when: the candidate's file reads its history from
    these. Append-only, like the access log."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=50, help_text=_("Such as moved to interviews."))
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.action} at {self.at:%Y-%m-%d %H:%M}"
