"""The relationship survey: answers kept only as yearly totals (issue 5)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.collaboration.models.teams import Team

# The relationship survey's statements, answered on a 1 (strongly disagree) to 5 (strongly
# agree) scale. The keys are what the totals are stored under: reword a statement freely, but
# give a statement with a new meaning a new key so that years stay comparable.
SURVEY_STATEMENTS = [
    ("trust", _("The parties on this team trust one another to act in good faith.")),
    ("follow_through", _("When we agree to do something, each party does its part, on time.")),
    ("students", _("Our discussions keep coming back to what is best for students.")),
    ("candor", _("I can raise a hard issue at the table without fear of how it will be used.")),
    ("informed", _("Each party shares what the others need to know, early enough to matter.")),
    ("disagreement", _("We work through disagreements by looking at interests, not positions.")),
    ("worth_it", _("The time I give this team is well spent.")),
]


SURVEY_SCALE = [
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Neither agree nor disagree")),
    (4, _("Agree")),
    (5, _("Strongly agree")),
]


# Results of a school year are shown only when at least this many members answered (issue 5).
SURVEY_MINIMUM_ANSWERS = 5


class RelationshipSurvey(models.Model):
    """The answers of one team's members for one school year, kept only as totals.

    There is deliberately no row per answer. A row per answer, even without a user, would
    carry an order (its primary key, SQLite's rowid, PostgreSQL's physical position) that
    lines up with the order of the ``SurveyParticipation`` markers and so tells who gave which
    answer. Instead each answer adds to ``tallies`` and ``answers`` in place, and a comment is
    slipped into ``comments`` at a random position. No history is kept on this model for the
    same reason.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="surveys")
    school_year = models.PositiveSmallIntegerField(
        help_text=_("The calendar year in which the school year began.")
    )
    answers = models.PositiveIntegerField(default=0)
    # statement key → how many answered 1, 2, 3, 4 and 5
    tallies = models.JSONField(default=dict)
    comments = models.JSONField(default=list)

    class Meta:
        ordering = ["team", "school_year"]
        constraints = [
            models.UniqueConstraint(fields=["team", "school_year"], name="one_survey_per_year")
        ]

    def __str__(self):
        return f"{self.team} · {self.school_year}"


class SurveyParticipation(models.Model):
    """That a person has answered a team's survey in a school year, and nothing more."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    school_year = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user", "school_year"], name="one_survey_answer_per_year"
            )
        ]

    def __str__(self):
        return f"{self.user} answered {self.team} · {self.school_year}"
