"""Separations from a district, the exit survey sent on them, and its anonymous totals.

A separation is the district's record of why an employment ended; it sets the employment's
last day and ends the access that came with it. The exit survey mirrors the relationship
survey (collaboration.models.survey): the invitation records only that the leaver answered,
and the answers are added to a district's yearly totals, so no answer can be tied to anyone.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.organizations.models import District
from tandem.people.models import Employment


class ExitReason(models.TextChoices):
    """Why an educator leaves, as HR records it and as the leaver answers the survey."""

    PERSONAL_FAMILY = "personal_family", _("Personal or family")
    RETIREMENT = "retirement", _("Retirement")
    COMPENSATION = "compensation", _("Pay and benefits")
    WORKLOAD = "workload", _("Workload")
    LEADERSHIP_CLIMATE = "leadership_climate", _("Leadership or school climate")
    CAREER_CHANGE = "career_change", _("A change of career")
    RELOCATION = "relocation", _("Moving away")
    EDUCATION_ELSEWHERE = "education_elsewhere", _("A job elsewhere in education")
    OTHER = "other", _("Something else")


# The separation types HR chooses from: the employment's reasons less those the state's
# imports alone set ("moved" is what the data shows, "other" what a file could not name).
SEPARATION_KINDS = [
    (value, label)
    for value, label in Employment.SeparationReason.choices
    if value not in (Employment.SeparationReason.MOVED, Employment.SeparationReason.OTHER)
]


class Separation(models.Model):
    """The end of one employment, as district HR recorded it. Confidential personnel record.

    ``ended`` lists what the separation ended on the last day (role grants, assignments,
    evaluator assignments) with the end date each had before, so that a correction of the last
    day moves them with it and nothing else.
    """

    employment = models.OneToOneField(
        Employment, on_delete=models.PROTECT, related_name="separation"
    )
    last_day = models.DateField(help_text=_("The last day of work. Access ends the day after."))
    school_year = models.PositiveSmallIntegerField(
        editable=False, help_text=_("The calendar year in which the last day's school year began.")
    )
    kind = models.CharField(_("type"), max_length=20, choices=SEPARATION_KINDS)
    reason = models.CharField(max_length=30, choices=ExitReason.choices)
    note = models.TextField(blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    ended = models.JSONField(default=list, editable=False)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-last_day", "pk"]
        indexes = [models.Index(fields=["school_year", "kind"])]

    def __str__(self):
        return f"{self.employment} · {self.get_kind_display()} {self.last_day}"

    def confidential_owner(self) -> tuple[int, int]:
        return self.employment.person_id, self.employment.district_id

    access_log_related = ("employment__district",)

    def access_log_title(self) -> str:
        return gettext("Separation from %(district)s") % {"district": self.employment.district.name}

    def get_absolute_url(self) -> str:
        return reverse("exits:separation_detail", args=[self.pk])


class ExitSurveyInvitation(models.Model):
    """The one-time link sent to a leaver: only the SHA-256 of its token is kept, and only
    whether it was used, never what was answered."""

    separation = models.OneToOneField(
        Separation, on_delete=models.CASCADE, related_name="survey_invitation"
    )
    digest = models.CharField(max_length=64, unique=True)
    sent_to = models.EmailField()
    sent_on = models.DateField()
    answered = models.BooleanField(default=False)

    def __str__(self):
        return f"Exit survey of {self.separation}"


class ExitSurveyTotals(models.Model):
    """A district's exit-survey answers of one school year, kept only as totals.

    No row per answer, for the reason ``RelationshipSurvey`` gives: its order would line up
    with the invitations marked answered. Each answer adds to ``reasons`` in place and a
    comment is slipped into ``comments`` at a random position; no history is kept.
    """

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    school_year = models.PositiveSmallIntegerField(
        help_text=_("The calendar year in which the school year of the last day began.")
    )
    answers = models.PositiveIntegerField(default=0)
    # reason → how many gave it as their main reason
    reasons = models.JSONField(default=dict)
    comments = models.JSONField(default=list)

    class Meta:
        ordering = ["district", "school_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "school_year"], name="one_exit_survey_total_per_year"
            )
        ]

    def __str__(self):
        return f"{self.district} · {self.school_year}"
