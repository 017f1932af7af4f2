"""The relationship survey's one write: an answer added to the year's totals."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.collaboration.models import (
    SURVEY_STATEMENTS,
    RelationshipSurvey,
    SurveyParticipation,
    Team,
)
from tandem.collaboration.rules import is_team_member
from tandem.collaboration.selectors.survey import survey_has_answered
from tandem.errors import DomainError
from tandem.organizations.selectors import school_year_for
from tandem.people.models import User


@transaction.atomic
def survey_answer(*, team_id: int, by: User, scores: dict[str, int], comment: str = "") -> None:
    """Add one member's answers to the team's totals for this school year.

    The marker that they answered and the totals are written in one transaction, and nothing
    ties the two together (see ``RelationshipSurvey``). Nothing is logged here for the same
    reason.
    """
    team = Team.objects.select_for_update().get(pk=team_id)
    day = timezone.localdate()
    if not is_team_member(by, team):
        raise DomainError(_("Only the team's members answer its survey."))
    school_year = school_year_for(district_id=team.district_id, day=day)
    if school_year is None:
        raise DomainError(_("The district has no school year on its calendar yet."))
    year = school_year.start_date.year
    if survey_has_answered(team=team, user=by, school_year=year):
        raise DomainError(_("You have already answered this school year's survey for the team."))
    keys = [key for key, text_checked in SURVEY_STATEMENTS]
    if set(scores) != set(keys) or any(scores[key] not in range(1, 6) for key in keys):
        raise DomainError(_("Choose an answer from 1 to 5 for every statement."))
    comment = comment.strip()
    if len(comment) > 2_000:
        raise DomainError(_("A comment holds at most 2,000 characters."))
    survey, _created = RelationshipSurvey.objects.get_or_create(team=team, school_year=year)
    for key in keys:
        counts = survey.tallies.get(key) or [0, 0, 0, 0, 0]
        counts[scores[key] - 1] += 1
        survey.tallies[key] = counts
    survey.answers += 1
    if comment:
        # At a random place, so the list's order says nothing about who wrote what.
        survey.comments.insert(secrets.randbelow(len(survey.comments) + 1), comment)
    survey.save(update_fields=["tallies", "answers", "comments"])
    SurveyParticipation.objects.create(team=team, user=by, school_year=year)
