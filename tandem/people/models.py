"""People, their employment in districts, their assignments and the dated grants of access.

A person is apart from their employment (one per district they work in) and
from their staff assignments (several at once). Every relation that grants
access carries dates; ``active_on`` is the one test of whether it is in force.
"""

import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.organizations.models import BargainingUnit, District, School, SchoolYear
from tandem.organizations.vocabulary import RoleGroup


def in_force_on(day: datetime.date, prefix: str = "") -> Q:
    """Rows whose [start_date, end_date] span covers ``day``; an open end runs on."""
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


class DatedQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date | None = None):
        return self.filter(in_force_on(day or timezone.localdate()))


class TandemUserManager(UserManager):
    def _create_user_object(self, username, email, password, **extra_fields):
        email = self.normalize_email(email)
        return super()._create_user_object(username or email, email, password, **extra_fields)

    def create_user(self, email=None, password=None, **extra_fields):
        return super().create_user(
            extra_fields.pop("username", email), email, password, **extra_fields
        )

    def create_superuser(self, email=None, password=None, **extra_fields):
        username = extra_fields.pop("username", email)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A sign-in. Signs in with e-mail; ``username`` mirrors it for Django's admin."""

    email = models.EmailField(_("e-mail address"), unique=True)
    REQUIRED_FIELDS = []
    USERNAME_FIELD = "email"
    objects = TandemUserManager()

    class Meta:
        ordering = ["email"]

    def save(self, *args, **kwargs):
        self.username = self.email
        super().save(*args, **kwargs)

    def __str__(self):
        full = self.get_full_name()
        return full or self.email


class Person(models.Model):
    """One human being across districts, identified by the state educator identifier."""

    state_id = models.CharField(
        _("state educator identifier"),
        max_length=12,
        null=True,
        blank=True,
        unique=True,
        help_text=_(
            "The MEPID. Leave empty while the state has not yet assigned one to a new hire."
        ),
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    user = models.OneToOneField(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="person"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def sort_name(self) -> str:
        return f"{self.last_name}, {self.first_name}"

    @property
    def state_id_display(self) -> str:
        return self.state_id or _("Pending")


class Employment(models.Model):
    """A person's employment in one district: career status is held here, per district.

    Confidential: leave and separation details are personnel information.
    """

    class SeparationReason(models.TextChoices):
        RESIGNED = "resigned", _("Resigned")
        RETIRED = "retired", _("Retired")
        NON_RENEWED = "non_renewed", _("Not renewed")
        DISMISSED = "dismissed", _("Dismissed")
        END_OF_CONTRACT = "end_of_contract", _("End of contract")
        LEAVE = "leave", _("Left during a leave of absence")
        MOVED = "moved", _("Moved to another district")
        OTHER = "other", _("Other")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="employments")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="employments")
    bargaining_unit = models.ForeignKey(
        BargainingUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="employments"
    )
    employee_number = models.CharField(
        _("employee number"),
        max_length=20,
        blank=True,
        help_text=_("The district's own number for the employee, as in its HR system."),
    )
    role_group = models.CharField(max_length=20, choices=RoleGroup.choices, db_index=True)
    start_date = models.DateField(help_text=_("First day of employment in the district."))
    end_date = models.DateField(null=True, blank=True, help_text=_("Last day, once separated."))
    role_start_date = models.DateField(help_text=_("First day in the current role group."))
    has_pts = models.BooleanField(_("professional teacher status"), default=False)
    pts_date = models.DateField(_("professional teacher status granted"), null=True, blank=True)
    separation_reason = models.CharField(
        max_length=20, choices=SeparationReason.choices, blank=True
    )
    history = HistoricalRecords()
    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="employment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(has_pts=False) | Q(role_group__in=["teacher", "sisp"]),
                name="pts_only_for_teachers",
            ),
            # The district's number names one employment; imports match on it.
            models.UniqueConstraint(
                fields=["district", "employee_number"],
                condition=~Q(employee_number=""),
                name="unique_employee_number_in_district",
            ),
        ]
        indexes = [models.Index(fields=["district", "role_group"])]

    def __str__(self):
        return f"{self.person} at {self.district}"

    def confidential_owner(self) -> tuple[int, int]:
        return self.person_id, self.district_id

    # What the access log reads to name it (``access_log_title``), fetched with it.
    access_log_related = ("district",)

    def access_log_title(self) -> str:
        return gettext("Personnel record in %(district)s") % {"district": self.district.name}

    def get_absolute_url(self) -> str:
        return reverse("people:educator_detail", args=[self.pk])

    def years_in_district(self, on: datetime.date | None = None) -> int:
        return _whole_years(self.start_date, on)

    def years_in_role(self, on: datetime.date | None = None) -> int:
        return _whole_years(self.role_start_date, on)

    def is_experienced(self, on: datetime.date | None = None) -> bool:
        """Experienced educator (603 CMR 35.02): PTS, or an administrator past 3 years in role."""
        if self.role_group in (RoleGroup.TEACHER, RoleGroup.SISP):
            # Status held on ``on``: granted on pts_date, when that is known.
            on = on or timezone.localdate()
            return self.has_pts and (self.pts_date is None or self.pts_date <= on)
        return self.years_in_role(on) > 3


def _whole_years(start: datetime.date, on: datetime.date | None) -> int:
    on = on or timezone.localdate()
    years = on.year - start.year - ((on.month, on.day) < (start.month, start.day))
    return max(years, 0)


class LeaveOfAbsence(models.Model):
    class Kind(models.TextChoices):
        MEDICAL = "medical", _("Medical")
        FAMILY = "family", _("Family")
        SABBATICAL = "sabbatical", _("Sabbatical")
        UNPAID = "unpaid", _("Unpaid personal")
        OTHER = "other", _("Other")

    employment = models.ForeignKey(Employment, on_delete=models.CASCADE, related_name="leaves")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()
    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        verbose_name_plural = "leaves of absence"

    def __str__(self):
        return f"{self.get_kind_display()} leave from {self.start_date}"


class StaffAssignment(models.Model):
    """What a person does at a school; itinerant staff hold several at once."""

    class Position(models.TextChoices):
        CLASSROOM_TEACHER = "classroom_teacher", _("Classroom teacher")
        SPECIAL_EDUCATION_TEACHER = "special_education_teacher", _("Special education teacher")
        COUNSELOR = "counselor", _("School counselor")
        PSYCHOLOGIST = "psychologist", _("School psychologist")
        NURSE = "nurse", _("School nurse")
        SPEECH_LANGUAGE = "speech_language", _("Speech-language pathologist")
        PRINCIPAL = "principal", _("Principal")
        ASSISTANT_PRINCIPAL = "assistant_principal", _("Assistant principal")
        DISTRICT_ADMINISTRATOR = "district_administrator", _("District administrator")
        SUPERINTENDENT = "superintendent", _("Superintendent")

    # The role group each position belongs to: what a new employment in the position is.
    ROLE_GROUPS = {
        Position.CLASSROOM_TEACHER: RoleGroup.TEACHER,
        Position.SPECIAL_EDUCATION_TEACHER: RoleGroup.TEACHER,
        Position.COUNSELOR: RoleGroup.SISP,
        Position.PSYCHOLOGIST: RoleGroup.SISP,
        Position.NURSE: RoleGroup.SISP,
        Position.SPEECH_LANGUAGE: RoleGroup.SISP,
        Position.PRINCIPAL: RoleGroup.SCHOOL_ADMIN,
        Position.ASSISTANT_PRINCIPAL: RoleGroup.SCHOOL_ADMIN,
        Position.DISTRICT_ADMINISTRATOR: RoleGroup.DISTRICT_ADMIN,
        Position.SUPERINTENDENT: RoleGroup.SUPERINTENDENT,
    }

    employment = models.ForeignKey(Employment, on_delete=models.CASCADE, related_name="assignments")
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        help_text=_("Empty for central-office assignments."),
    )
    position = models.CharField(max_length=40, choices=Position.choices)
    subject = models.CharField(max_length=100, blank=True)
    grade_level = models.CharField(max_length=20, blank=True)
    fte = models.DecimalField(_("FTE"), max_digits=3, decimal_places=2)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()
    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fte__gt=0) & Q(fte__lte=1), name="assignment_fte_between_0_and_1"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="assignment_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["school", "start_date", "end_date"])]

    def __str__(self):
        return f"{self.get_position_display()} at {self.school or 'central office'}"


class EvaluatorAssignment(models.Model):
    """Who evaluates an educator in a school year. A superintendent's evaluator is the committee."""

    class Role(models.TextChoices):
        PRIMARY = "primary", _("Primary evaluator")
        SUPERVISING = "supervising", _("Supervising evaluator")
        CO_OBSERVER = "co_observer", _("Co-observer")

    evaluatee = models.ForeignKey(
        Employment, on_delete=models.CASCADE, related_name="evaluator_assignments"
    )
    evaluator = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluatee_assignments",
        help_text=_("Empty when the school committee evaluates (the superintendent)."),
    )
    by_school_committee = models.BooleanField(default=False)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PRIMARY)
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()
    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["school_year", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(by_school_committee=True) & Q(evaluator__isnull=True))
                | (Q(by_school_committee=False) & Q(evaluator__isnull=False)),
                name="evaluator_is_person_or_committee",
            ),
            models.UniqueConstraint(
                fields=["evaluatee", "school_year"],
                condition=Q(role="primary"),
                name="one_primary_evaluator_per_year",
            ),
        ]
        indexes = [models.Index(fields=["evaluator", "start_date", "end_date"])]

    def __str__(self):
        who = _("School committee") if self.by_school_committee else self.evaluator
        return f"{who}: {self.get_role_display()} of {self.evaluatee.person} ({self.school_year})"


class RoleGrant(models.Model):
    """An additive, dated grant of a role to a user: a union president is still a teacher."""

    class Role(models.TextChoices):
        PRINCIPAL = "principal", _("Principal")
        DISTRICT_HR = "district_hr", _("District HR")
        DISTRICT_ADMIN = "district_admin", _("District administrator")
        UNION_LEADER = "union_leader", _("Union leader")
        SCHOOL_COMMITTEE = "school_committee", _("School committee member")
        FACILITATOR = "facilitator", _("Partnership facilitator")
        STATE_ANALYST = "state_analyst", _("State analyst")
        STATE_ADMIN = "state_admin", _("State administrator")

    DISTRICT_ROLES = {
        Role.DISTRICT_HR,
        Role.DISTRICT_ADMIN,
        Role.UNION_LEADER,
        Role.SCHOOL_COMMITTEE,
    }

    class Office(models.TextChoices):
        """The offices whose holders are a district's key leaders in labor-management work."""

        SUPERINTENDENT = "superintendent", _("Superintendent")
        UNION_PRESIDENT = "union_president", _("Union president")
        COMMITTEE_CHAIR = "committee_chair", _("School committee chair")
        COMMITTEE_VICE_CHAIR = "committee_vice_chair", _("School committee vice chair")

    # The role an office is held under.
    OFFICE_ROLES = {
        Office.SUPERINTENDENT: Role.DISTRICT_ADMIN,
        Office.UNION_PRESIDENT: Role.UNION_LEADER,
        Office.COMMITTEE_CHAIR: Role.SCHOOL_COMMITTEE,
        Office.COMMITTEE_VICE_CHAIR: Role.SCHOOL_COMMITTEE,
    }
    # Roles whose holders must use a second factor to sign in (issue 3).
    MFA_ROLES = {Role.DISTRICT_HR, Role.DISTRICT_ADMIN, Role.STATE_ANALYST, Role.STATE_ADMIN}

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=20, choices=Role.choices)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="role_grants"
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="role_grants"
    )
    bargaining_unit = models.ForeignKey(
        BargainingUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="role_grants"
    )
    title = models.CharField(max_length=100, blank=True, help_text=_("Such as Union president."))
    office = models.CharField(
        max_length=30,
        choices=Office.choices,
        blank=True,
        help_text=_("The district office this grant holds, if it is one of the key leaders'."),
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()
    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["role", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="principal") | Q(school__isnull=False),
                name="principal_grant_names_school",
            ),
            models.CheckConstraint(
                condition=~Q(
                    role__in=["district_hr", "district_admin", "union_leader", "school_committee"]
                )
                | Q(district__isnull=False),
                name="district_grant_names_district",
            ),
            models.CheckConstraint(
                condition=Q(office="")
                | Q(office="superintendent", role="district_admin")
                | Q(office="union_president", role="union_leader")
                | Q(
                    office__in=["committee_chair", "committee_vice_chair"], role="school_committee"
                ),
                name="office_matches_role",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "role"]),
            models.Index(fields=["district", "office"]),
        ]

    def __str__(self):
        where = self.school or self.district or _("the state")
        return f"{self.get_role_display()} ({where})"


class ApiToken(models.Model):
    """A revocable credential for another system; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text=_("What the token is for."))
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
