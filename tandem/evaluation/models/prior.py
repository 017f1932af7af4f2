"""Summative ratings from before Tandem, as a district's files bring its history in (issue 12).

Not a cycle: nothing of the cycle's steps, signatures or evidence is known, only the rating
the district recorded. Confidential like the cycle's records (603 CMR 35.10(3)).
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.organizations.models import SchoolYear
from tandem.organizations.vocabulary import PlanType
from tandem.people.models import Employment
from tandem.rubrics.models import PerformanceLevel

# The standards a prior rating holds, as the framework numbers them (I to IV).
STANDARDS = ("standard_1", "standard_2", "standard_3", "standard_4")


def _standard(number: str):
    return models.CharField(
        _("Standard %s") % number, max_length=20, choices=PerformanceLevel.choices, blank=True
    )


class PriorRating(models.Model):
    employment = models.ForeignKey(
        Employment, on_delete=models.CASCADE, related_name="prior_ratings"
    )
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+")
    plan_type = models.CharField(max_length=20, choices=PlanType.choices)
    overall_rating = models.CharField(max_length=20, choices=PerformanceLevel.choices)
    standard_1 = _standard("I")
    standard_2 = _standard("II")
    standard_3 = _standard("III")
    standard_4 = _standard("IV")
    evaluated_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-evaluated_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["employment", "school_year"], name="one_prior_rating_per_year"
            )
        ]

    def __str__(self):
        return f"{self.school_year}: {self.get_overall_rating_display()}"

    def confidential_owner(self) -> tuple[int, int]:
        return self.employment.person_id, self.employment.district_id

    # What the access log reads to name it (``access_log_title``), fetched with it.
    access_log_related = ("employment", "school_year")

    def access_log_title(self) -> str:
        return gettext("Summative rating %(year)s, before Tandem") % {"year": self.school_year}

    def get_absolute_url(self) -> str:
        return reverse("evaluation:prior_ratings", args=[self.employment_id])
