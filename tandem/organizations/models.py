"""The state agency, its districts and schools, their years and calendars."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.records.models import AppendOnlyQuerySet


class StateAgency(models.Model):
    name = models.CharField(max_length=200)
    code = models.CharField(
        max_length=8, unique=True, help_text=_("The state's organization code.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "state agencies"

    def __str__(self):
        return self.name


class District(models.Model):
    state = models.ForeignKey(StateAgency, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(max_length=200, db_index=True)
    # Ten digits: a Massachusetts code has eight; an Ed-Fi identifier imported has up to ten.
    org_code = models.CharField(
        _("organization code"),
        max_length=10,
        unique=True,
        help_text=_("The eight-digit code the state assigns to the district."),
    )
    region = models.CharField(max_length=100, blank=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class School(models.Model):
    class Level(models.TextChoices):
        ELEMENTARY = "elementary", _("Elementary")
        MIDDLE = "middle", _("Middle")
        HIGH = "high", _("High")
        K12 = "k12", _("K-12")

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField(max_length=200, db_index=True)
    # Ten digits, as the district's.
    org_code = models.CharField(_("organization code"), max_length=10, unique=True)
    level = models.CharField(max_length=20, choices=Level.choices)
    grade_span = models.CharField(max_length=20, blank=True, help_text=_("For example K-5."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class SchoolYear(models.Model):
    """A district's school year; its school days are its weekdays less its non-school days."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="school_years")
    name = models.CharField(max_length=9, help_text=_("For example 2026-27."))
    start_date = models.DateField()
    end_date = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="unique_school_year_name"),
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="school_year_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    def contains(self, day: datetime.date) -> bool:
        return self.start_date <= day <= self.end_date


class NonSchoolDay(models.Model):
    """A weekday inside a school year on which school is not in session."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday")
        VACATION = "vacation", _("Vacation")
        PROFESSIONAL_DAY = "professional_day", _("Professional day (no students)")
        STORM = "storm", _("Cancelled (weather or emergency)")

    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.CASCADE, related_name="non_school_days"
    )
    date = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "date"], name="unique_non_school_day")
        ]

    def __str__(self):
        return f"{self.date} {self.name or self.get_kind_display()}"

    def clean(self):
        if self.school_year_id and not self.school_year.contains(self.date):
            raise ValidationError({"date": _("The date is outside the school year.")})


class BargainingUnit(models.Model):
    """A unit of employees under one collective bargaining agreement, with its own settings."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="bargaining_units"
    )
    name = models.CharField(max_length=200)
    code = models.CharField(
        max_length=20, help_text=_("The district's short name, such as Unit A.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["district", "code"]
        constraints = [
            models.UniqueConstraint(fields=["district", "code"], name="unique_bargaining_unit_code")
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"


class SettingsProposal(models.Model):
    """A bargained change to one bargaining unit's evaluation settings (issue 5, item 7).

    Evaluation procedures are bargained (evaluation.md §6, M.G.L. c.150E): management
    proposes, the union agrees, the school committee adopts, each by a signature. Once
    proposed, its content never changes; a different change is a new proposal.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed, waiting for the union")
        AGREED = "agreed", _("Agreed, waiting for the school committee")
        ADOPTED = "adopted", _("Adopted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn by management")

    OPEN = (Status.PROPOSED, Status.AGREED)
    # What was proposed; the signatures are taken over these and they never change.
    CONTENT_FIELDS = ("district_id", "bargaining_unit_id", "values", "effective_from", "rationale")

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="settings_proposals"
    )
    bargaining_unit = models.ForeignKey(
        BargainingUnit, on_delete=models.PROTECT, related_name="settings_proposals"
    )
    values = models.JSONField()
    effective_from = models.DateField()
    rationale = models.TextField(help_text=_("Why the change is proposed."))
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    proposed_by = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    agreed_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    adopted_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    adopted_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bargaining_unit"],
                condition=models.Q(status__in=["proposed", "agreed"]),
                name="one_open_settings_proposal_per_unit",
            )
        ]

    def __str__(self):
        return f"Settings proposal {self.pk} for {self.bargaining_unit}"

    def save(self, *args, **kwargs):
        if self.pk:
            before = type(self).objects.filter(pk=self.pk).values(*self.CONTENT_FIELDS).first()
            if before is not None and any(
                before[name] != getattr(self, name) for name in self.CONTENT_FIELDS
            ):
                raise ValidationError(
                    _("A proposal cannot be changed once it is made; propose again instead.")
                )
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def signed_content(self) -> dict:
        """What each side signs: the proposed settings, for which unit, from when, and why."""
        return {
            "form": "evaluation_settings_proposal",
            "proposal": self.pk,
            "district": self.district_id,
            "bargaining_unit": self.bargaining_unit_id,
            "values": self.values,
            "effective_from": self.effective_from,
            "rationale": self.rationale,
            "proposed_by": self.proposed_by_id,
        }


class DistrictSettingsVersion(models.Model):
    """One adopted version of a district's (or bargaining unit's) evaluation settings.

    Versions are never edited: a change is a new version with a later
    ``effective_from``. ``settings_in_force`` picks the one for a date, so work
    under way keeps the rules it began with.
    """

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="settings_versions"
    )
    bargaining_unit = models.ForeignKey(
        BargainingUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="settings_versions",
        help_text=_("Empty for settings that apply to the whole district."),
    )
    number = models.PositiveIntegerField()
    effective_from = models.DateField()
    values = models.JSONField()
    adopted_at = models.DateTimeField(auto_now_add=True)
    adopted_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    proposal = models.OneToOneField(
        SettingsProposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_version",
        help_text=_("The adopted proposal this version comes from; empty for the baseline."),
    )
    history = HistoricalRecords()
    # The database refuses UPDATE and DELETE too (migration 0004), as for the access log.
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["district", "bargaining_unit", "-effective_from", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "bargaining_unit", "number"], name="unique_settings_version"
            ),
            # A unit's settings are bargained: its versions exist only through an adopted
            # proposal. The district baseline is made once, when the district joins.
            models.CheckConstraint(
                condition=models.Q(bargaining_unit__isnull=True, proposal__isnull=True)
                | models.Q(bargaining_unit__isnull=False, proposal__isnull=False),
                name="unit_settings_come_from_a_proposal",
            ),
        ]
        indexes = [models.Index(fields=["district", "bargaining_unit", "effective_from"])]

    def __str__(self):
        return f"{self.district} settings v{self.number} from {self.effective_from}"

    def save(self, *args, **kwargs):
        if self.pk and type(self).objects.filter(pk=self.pk).exists():
            raise ValidationError(
                _("An adopted settings version cannot be changed; adopt a new one.")
            )
        if self.bargaining_unit_id is None:
            if self.proposal_id is not None or (
                type(self).objects.filter(district_id=self.district_id).exists()
            ):
                raise ValidationError(
                    _("A district's baseline settings are made once, when it joins Tandem.")
                )
        elif not (
            self.proposal_id is not None
            and self.proposal.status == SettingsProposal.Status.ADOPTED
            and self.proposal.bargaining_unit_id == self.bargaining_unit_id
            and self.proposal.district_id == self.district_id
        ):
            raise ValidationError(
                _(
                    "A bargaining unit's settings change only through a proposal that the "
                    "union agreed to and the school committee adopted."
                )
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(_("An adopted settings version cannot be deleted."))


# The parts of an enrollment's total, each at most the total; the race and ethnicity counts
# (the federal seven categories, each student in one) add up to at most it too.
ENROLLMENT_GROUPS = ("economically_disadvantaged", "english_learners", "with_disabilities")
ENROLLMENT_RACES = (
    "hispanic_latino",
    "american_indian_alaska_native",
    "asian",
    "black_african_american",
    "native_hawaiian_pacific_islander",
    "white",
    "multiracial",
)


class SchoolEnrollment(models.Model):
    """How many students a school enrolls in a school year, and in which groups: what the
    state equity plan weighs teachers by (pipeline.md §5). Counts, never a student's record.

    The race and ethnicity counts follow the federal seven categories, each student in one.
    """

    GROUPS = ENROLLMENT_GROUPS
    RACES = ENROLLMENT_RACES

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="enrollments")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+")
    total = models.PositiveIntegerField(_("students enrolled"))
    economically_disadvantaged = models.PositiveIntegerField(_("economically disadvantaged"))
    english_learners = models.PositiveIntegerField(_("English learners"))
    with_disabilities = models.PositiveIntegerField(_("students with disabilities"))
    hispanic_latino = models.PositiveIntegerField(_("Hispanic or Latino"))
    american_indian_alaska_native = models.PositiveIntegerField(
        _("American Indian or Alaska Native")
    )
    asian = models.PositiveIntegerField(_("Asian"))
    black_african_american = models.PositiveIntegerField(_("Black or African American"))
    native_hawaiian_pacific_islander = models.PositiveIntegerField(
        _("Native Hawaiian or Other Pacific Islander")
    )
    white = models.PositiveIntegerField(_("White"))
    multiracial = models.PositiveIntegerField(_("Two or more races"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["school_year", "school"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year"], name="unique_school_enrollment"
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{part}__lte": models.F("total")}),
                    name=f"enrollment_{part}_within_total",
                )
                for part in ENROLLMENT_GROUPS
            ),
            models.CheckConstraint(
                condition=models.Q(
                    total__gte=sum(
                        (models.F(race) for race in ENROLLMENT_RACES[1:]),
                        models.F(ENROLLMENT_RACES[0]),
                    )
                ),
                name="enrollment_races_within_total",
            ),
        ]

    def __str__(self):
        return f"{self.school} {self.school_year}: {self.total} students"
