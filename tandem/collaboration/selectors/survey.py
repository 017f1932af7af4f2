"""The relationship survey's results, shown only from five answers on."""

from dataclasses import dataclass

from tandem.collaboration.models import (
    SURVEY_MINIMUM_ANSWERS,
    SURVEY_STATEMENTS,
    RelationshipSurvey,
    SurveyParticipation,
    Team,
)
from tandem.organizations.models import SchoolYear


@dataclass(frozen=True)
class StatementResult:
    key: str
    text: str
    mean: float | None


@dataclass(frozen=True)
class SurveyYearResult:
    """One school year of a team's survey; means and comments only when enough answered."""

    school_year: int
    label: str
    answers: int
    statements: list[StatementResult]
    comments: list[str]

    @property
    def shown(self) -> bool:
        return self.answers >= SURVEY_MINIMUM_ANSWERS

    @property
    def overall(self) -> float | None:
        means = [s.mean for s in self.statements if s.mean is not None]
        return round(sum(means) / len(means), 2) if means else None


def survey_year_names(school_years) -> dict[int, str]:
    """The survey's stored year (the calendar year a school year began) → the district's name
    for that school year."""
    return {year.start_date.year: year.name for year in school_years}


def survey_result(survey: RelationshipSurvey, names: dict[int, str]) -> SurveyYearResult:
    shown = survey.answers >= SURVEY_MINIMUM_ANSWERS
    statements = []
    for key, text in SURVEY_STATEMENTS:
        counts = survey.tallies.get(key) or []
        total = sum(counts)
        mean = (
            round(sum(score * n for score, n in enumerate(counts, start=1)) / total, 2)
            if shown and total
            else None
        )
        statements.append(StatementResult(key=key, text=str(text), mean=mean))
    return SurveyYearResult(
        school_year=survey.school_year,
        label=names.get(survey.school_year, str(survey.school_year)),
        answers=survey.answers,
        statements=statements,
        comments=list(survey.comments) if shown else [],
    )


def survey_results(*, team: Team) -> list[SurveyYearResult]:
    """The team's survey by school year, oldest first; below the threshold only the count."""
    names = survey_year_names(SchoolYear.objects.filter(district_id=team.district_id))
    return [survey_result(s, names) for s in team.surveys.order_by("school_year")]


def survey_has_answered(*, team: Team, user, school_year: int) -> bool:
    return SurveyParticipation.objects.filter(
        team=team, user=user, school_year=school_year
    ).exists()
