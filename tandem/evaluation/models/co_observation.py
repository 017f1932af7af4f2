"""Co-observation: a second evaluator observes the same lesson and rates its elements apart,
so that the district can see whether its evaluators rate alike (issue 13, item 5)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.evaluation.models.observations import Observation


class CoObservation(models.Model):
    """The observation's own observer invites a co-observer; each rates the observed elements
    on their own page, blind to the other's ratings until both have saved (rule
    ``may_view_co_ratings``); from then on the ratings are read-only."""

    observation = models.OneToOneField(
        Observation, on_delete=models.PROTECT, related_name="co_observation"
    )
    co_observer = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    invited_by = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)
    observer_saved_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the observation's observer saved their ratings.")
    )
    co_observer_saved_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the co-observer saved their ratings.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-invited_at", "-pk"]

    def __str__(self):
        return f"Co-observation of observation {self.observation_id}"

    @property
    def both_saved(self) -> bool:
        return bool(self.observer_saved_at and self.co_observer_saved_at)

    def rater_ids(self) -> tuple[int, int]:
        return self.observation.observer_id, self.co_observer_id

    def saved_at_of(self, person_id: int):
        if person_id == self.observation.observer_id:
            return self.observer_saved_at
        if person_id == self.co_observer_id:
            return self.co_observer_saved_at
        return None

    def confidential_owner(self) -> tuple[int, int]:
        return self.observation.confidential_owner()

    def access_log_title(self) -> str:
        return gettext("Co-observation ratings of %(date)s") % {
            "date": date_format(self.observation.observed_on)
        }

    def get_absolute_url(self) -> str:
        return reverse(
            "evaluation:co_observation", args=[self.observation.cycle_id, self.observation_id]
        )


class ObservationElementRating(models.Model):
    """One observer's rating of one observed element in a co-observation, on the rubric's four
    levels as numbers, so that agreement within one level is arithmetic."""

    class Level(models.IntegerChoices):
        UNSATISFACTORY = 1, _("Unsatisfactory")
        NEEDS_IMPROVEMENT = 2, _("Needs Improvement")
        PROFICIENT = 3, _("Proficient")
        EXEMPLARY = 4, _("Exemplary")

    observation = models.ForeignKey(
        Observation, on_delete=models.PROTECT, related_name="element_ratings"
    )
    observer = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    element = models.ForeignKey("rubrics.Element", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    saved_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["element__code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["observation", "observer", "element"],
                name="one_rating_per_observer_and_element",
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="element_rating_level_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()} on element {self.element_id}"

    def confidential_owner(self) -> tuple[int, int]:
        return self.observation.confidential_owner()
