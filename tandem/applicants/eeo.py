"""The equal-opportunity questions in the federal two-question format (OMB's 1997 standards):
ethnicity first, then one or more races, each with a way to decline; and sex. What an answer
adds to the counts is its reporting category, so one applicant adds one to each question."""

from django.utils.translation import gettext_lazy as _

HISPANIC_CHOICES = [
    ("yes", _("Yes, Hispanic or Latino")),
    ("no", _("No, not Hispanic or Latino")),
    ("decline", _("I prefer not to say")),
]
RACES = [
    ("american_indian", _("American Indian or Alaska Native")),
    ("asian", _("Asian")),
    ("black", _("Black or African American")),
    ("pacific_islander", _("Native Hawaiian or Other Pacific Islander")),
    ("white", _("White")),
]
RACE_DECLINE = "decline"
SEX_CHOICES = [
    ("female", _("Female")),
    ("male", _("Male")),
    ("decline", _("I prefer not to say")),
]

# The reporting categories, in the order the counts show them.
ETHNICITY_RACE_CATEGORIES = [
    ("hispanic", _("Hispanic or Latino, of any race")),
    *[(race, _("%(race)s alone") % {"race": label}) for race, label in RACES],
    ("two_or_more", _("Two or more races")),
    ("declined", _("Did not say")),
]
SEX_CATEGORIES = [
    ("female", _("Female")),
    ("male", _("Male")),
    ("declined", _("Did not say")),
]


def ethnicity_race_category(hispanic: str, races: list[str]) -> str:
    """The one reporting category of an applicant's two answers: Hispanic or Latino whatever
    the race; otherwise the race alone, two or more races, or declined."""
    if hispanic == "yes":
        return "hispanic"
    chosen = [race for race in races if race != RACE_DECLINE]
    if hispanic != "no" and not chosen:
        return "declined"
    if len(chosen) > 1:
        return "two_or_more"
    return chosen[0] if chosen else "declined"


def sex_category(sex: str) -> str:
    return sex if sex in ("female", "male") else "declined"
