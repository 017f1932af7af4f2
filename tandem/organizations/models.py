"""The state agency, its districts and schools, their years and calendars."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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
    org_code = models.CharField(
        _("organization code"),
        max_length=8,
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
    org_code = models.CharField(_("organization code"), max_length=8, unique=True)
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
    history = HistoricalRecords()

    class Meta:
        ordering = ["district", "bargaining_unit", "-effective_from", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "bargaining_unit", "number"], name="unique_settings_version"
            )
        ]
        indexes = [models.Index(fields=["district", "bargaining_unit", "effective_from"])]

    def __str__(self):
        return f"{self.district} settings v{self.number} from {self.effective_from}"

    def save(self, *args, **kwargs):
        if self.pk and type(self).objects.filter(pk=self.pk).exists():
            raise ValidationError(
                _("An adopted settings version cannot be changed; adopt a new one.")
            )
        super().save(*args, **kwargs)
