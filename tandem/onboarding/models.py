"""From an accepted offer to an educator of the district (issue 14, item 4).

Onboarding an application makes its applicant an employee of the posting's district and opens
a checklist of what must be done around the first day: the district's own steps, or Tandem's
default ones while the district has configured none. HR ticks the steps off; the new educator
reads their own checklist.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.hiring.models import Application
from tandem.organizations.models import District, School
from tandem.people.models import Employment, Person, User
from tandem.records.models import AppendOnlyModel


class Checker(models.TextChoices):
    """Who ticks a step off: the district's HR always may; a principal for their school."""

    DISTRICT_HR = "district_hr", _("District HR")
    PRINCIPAL = "principal", _("The school's principal")


class OnboardingStep(models.Model):
    """One step of the checklist a district opens for every new educator."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="onboarding_steps"
    )
    title = models.CharField(max_length=150, help_text=_("Such as Background check cleared."))
    description = models.TextField(blank=True, help_text=_("What counts as done."))
    days_after_start = models.SmallIntegerField(
        _("due, in days after the first day"),
        default=0,
        help_text=_("0 for the first day; a negative number for a day before it."),
    )
    checked_by = models.CharField(
        max_length=20, choices=Checker.choices, default=Checker.DISTRICT_HR
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["district", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "title"], name="onboarding_step_title_unique_in_district"
            )
        ]

    def __str__(self):
        return self.title


@dataclass(frozen=True)
class DefaultStep:
    title: str
    description: str
    days_after_start: int
    checked_by: str = Checker.DISTRICT_HR


# The checklist of a district that has configured none.
DEFAULT_STEPS = (
    DefaultStep(
        _("Background check cleared"),
        _(
            "The criminal record check and the fingerprint check have come back and clear "
            "the educator to work with students."
        ),
        -1,
    ),
    DefaultStep(
        _("License verified"),
        _(
            "The educator's license, looked up in the state's licensure system, is active "
            "and fits the position; or a waiver is on file."
        ),
        0,
    ),
    DefaultStep(
        _("Accounts opened"),
        _("E-mail, the student information system and the learning platform are ready."),
        0,
    ),
    DefaultStep(
        _("Employment forms signed"),
        _(
            "Tax withholding, direct deposit, the employment eligibility form (within three "
            "business days of the first day) and the receipt of the district's policies."
        ),
        3,
    ),
    DefaultStep(
        _("Orientation attended"),
        _("The district's orientation for incoming educators, and the school's own."),
        10,
        Checker.PRINCIPAL,
    ),
)


class Onboarding(models.Model):
    """One new educator's onboarding: the application that was accepted, the employment it
    made, and the checklist. Confidential, as the candidate's file is."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="onboarding"
    )
    employment = models.OneToOneField(
        Employment, on_delete=models.PROTECT, related_name="onboarding"
    )
    # The employment's district and the vacancy's school, kept here to filter HR's list.
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="onboardings")
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="onboardings"
    )
    started_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return gettext("Onboarding of %(person)s") % {"person": self.employment.person}

    def get_absolute_url(self) -> str:
        return reverse("onboarding:detail", args=[self.pk])

    def confidential_owner(self) -> tuple[int, int]:
        return self.employment.person_id, self.district_id

    access_log_related = ("employment", "district")

    def access_log_title(self) -> str:
        return gettext("Onboarding checklist in %(district)s") % {"district": self.district.name}


class OnboardingTask(models.Model):
    """A step of one new educator's checklist, copied from the district's steps when the
    checklist opened, so that a later change to the steps leaves it as it was."""

    onboarding = models.ForeignKey(Onboarding, on_delete=models.CASCADE, related_name="tasks")
    step = models.ForeignKey(
        OnboardingStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    title = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    checked_by = models.CharField(max_length=20, choices=Checker.choices)
    due_on = models.DateField()
    position = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_at__isnull=True, done_by__isnull=True)
                | Q(done_at__isnull=False, done_by__isnull=False),
                name="onboarding_task_done_by_someone",
            )
        ]
        indexes = [models.Index(fields=["due_on", "done_at"])]

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        return not self.is_done and self.due_on < (on or timezone.localdate())


class PersonLink(AppendOnlyModel):
    """An applicant's record linked to the educator the state already knows: the same human.

    Onboarding employs the educator's record, not a copy; the applicant's sign-in and their
    applications move to it, and this row keeps which record they came from, and why.
    """

    class Basis(models.TextChoices):
        STATE_ID = "state_id", _("The same state educator identifier")
        CONFIRMED = "confirmed", _("HR confirmed the same name and educator")

    applicant = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    educator = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="links")
    onboarding = models.ForeignKey(Onboarding, on_delete=models.PROTECT, related_name="links")
    basis = models.CharField(max_length=20, choices=Basis.choices)
    linked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["linked_at", "id"]

    def __str__(self):
        return f"{self.applicant} → {self.educator}"
