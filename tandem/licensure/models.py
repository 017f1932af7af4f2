"""Educator licenses as the state issues them (603 CMR 7.04): a person's, whatever district
employs them. Renewal comes later, on top of this."""

from django.db import models
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
