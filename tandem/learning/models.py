"""The professional learning catalog: providers, offerings and their sessions, registrations
with a waitlist, attendance, the assessment of learning and completion (pipeline.md §1.4)."""

import secrets
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tandem.licensure.models import Topic  # the renewal's topics: one vocabulary


class Provider(models.Model):
    """Who offers learning that earns points: the state, a district, an educational
    collaborative or a provider the state registered."""

    class Kind(models.TextChoices):
        STATE = "state", _("State agency")
        DISTRICT = "district", _("School district")
        COLLABORATIVE = "collaborative", _("Educational collaborative")
        REGISTERED = "registered", _("Registered provider")

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    district = models.ForeignKey(
        "organizations.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The district, when the provider is one."),
    )
    registration_number = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="district", district__isnull=False)
                | (~Q(kind="district") & Q(district__isnull=True)),
                name="district_provider_names_its_district",
            )
        ]

    def __str__(self):
        return self.name


class PointsConversion(models.Model):
    """How many points one unit of an activity earns. Data, not code: the state changes them."""

    unit = models.SlugField(max_length=30, unique=True)
    label = models.CharField(max_length=100)
    points = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["points"]

    def __str__(self):
        return self.label


class Subject(models.Model):
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Offering(models.Model):
    class Kind(models.TextChoices):
        COURSE = "course", _("Course")
        WORKSHOP = "workshop", _("Workshop")
        COMMUNITY = "community", _("Professional learning community")
        COACHING = "coaching", _("Coaching")
        CONFERENCE = "conference", _("Conference")
        SELF_DESIGNED = "self_designed", _("Self-designed activity")

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="offerings")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    topic = models.CharField(max_length=20, choices=Topic.choices)
    conversion = models.ForeignKey(PointsConversion, on_delete=models.PROTECT, related_name="+")
    units = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        help_text=_("How many of the conversion's units: clock hours, credits, semester hours."),
    )
    hours = models.DecimalField(max_digits=6, decimal_places=2)
    indicators = models.ManyToManyField(
        "rubrics.Indicator", blank=True, related_name="learning_offerings"
    )
    subjects = models.ManyToManyField(Subject, blank=True, related_name="offerings")
    capacity = models.PositiveIntegerField()
    cost = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))
    starts_on = models.DateField()
    ends_on = models.DateField()
    mastery = models.TextField(
        blank=True, help_text=_("How the assessment of learning decides who passed.")
    )
    facilitator = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="offering_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(units__gt=0), name="offering_has_units"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:offering_detail", args=[self.pk])

    @property
    def points(self) -> Decimal:
        return self.units * self.conversion.points


class Session(models.Model):
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self):
        return f"{self.offering} {self.starts_at:%Y-%m-%d %H:%M}"


class Registration(models.Model):
    """An educator's place in an offering, or their turn on its waitlist (first come, first
    promoted: the order of ``waitlisted_at``)."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    offering = models.ForeignKey(Offering, on_delete=models.PROTECT, related_name="registrations")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "person"],
                condition=~Q(status="cancelled"),
                name="one_live_registration_per_person",
            )
        ]

    def __str__(self):
        return f"{self.person_id} in {self.offering_id}: {self.status}"


class Attendance(models.Model):
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendance"
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField()
    recorded_by = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="one_attendance_per_session"
            )
        ]

    def __str__(self):
        return f"{self.registration_id} at {self.session_id}: {self.present}"


def certificate_code() -> str:
    return secrets.token_urlsafe(18)


class Completion(models.Model):
    """The facilitator's record that a participant attended and passed the assessment of
    learning, with the points earned. The points ledger reads them from here until the lead
    wires ``licensure.services.points_record`` in (see ``services.completion_record``)."""

    registration = models.OneToOneField(
        Registration, on_delete=models.PROTECT, related_name="completion"
    )
    passed = models.BooleanField()
    points = models.DecimalField(max_digits=6, decimal_places=2)
    topic = models.CharField(max_length=20, choices=Topic.choices)
    completed_on = models.DateField()
    recorded_by = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=32, unique=True, default=certificate_code)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(passed=True) | Q(points=0), name="points_only_when_passed"
            )
        ]

    def __str__(self):
        return f"Completion of {self.registration_id}"

    def get_absolute_url(self) -> str:
        return reverse("learning:verify", args=[self.code])


class SurveyResponse(models.Model):
    """The short end-of-offering survey: one per participant who completed it, a rating of
    1 to 5 and a comment. Read only in aggregate (``effectiveness``), never with a name."""

    registration = models.OneToOneField(
        Registration, on_delete=models.PROTECT, related_name="survey_response"
    )
    rating = models.PositiveSmallIntegerField(
        help_text=_("1 (of little use) to 5 (of great use to my practice).")
    )
    comment = models.TextField(blank=True)
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="survey_rating_from_1_to_5"
            )
        ]

    def __str__(self):
        return f"Survey of {self.registration_id}: {self.rating}"
