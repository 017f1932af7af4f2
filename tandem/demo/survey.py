"""A team's relationship survey: the totals of its members' answers for a school year, and
who answered."""

import random

from tandem.collaboration.models import (
    SURVEY_STATEMENTS,
    RelationshipSurvey,
    SurveyParticipation,
    Team,
)
from tandem.people.models import User

SURVEY_COMMENTS = [
    "We listen to each other far better than two years ago.",
    "Follow-through from the central office has been slow this year.",
    "I would like the committee at more of our meetings.",
    "The monthly meetings are the only place all sides talk before a problem grows.",
    "We still fall back into positions when money comes up.",
]


def survey_answer(
    *, rng: random.Random, team: Team, people: list[User], year: int, mean: int = 3
) -> None:
    """Totals of ``people``'s answers for one school year, and their markers."""
    tallies = {key: [0, 0, 0, 0, 0] for key, _text in SURVEY_STATEMENTS}
    for _person in people:
        for counts in tallies.values():
            score = min(5, max(1, mean + rng.choice([-1, 0, 0, 1])))
            counts[score - 1] += 1
    RelationshipSurvey.objects.create(
        team=team,
        school_year=year,
        answers=len(people),
        tallies=tallies,
        comments=rng.sample(SURVEY_COMMENTS, k=min(2, len(people))),
    )
    SurveyParticipation.objects.bulk_create(
        [SurveyParticipation(team=team, user=user, school_year=year) for user in people]
    )
