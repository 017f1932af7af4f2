"""The relationship survey (issue 5, item 8): once a year, with nothing that links an answer
to the person who gave it, and results only where at least five answered."""

import datetime
from functools import partial

import pytest
from django.db import models

from tandem.collaboration.models import SURVEY_STATEMENTS, RelationshipSurvey, SurveyParticipation
from tandem.collaboration.selectors.survey import survey_results
from tandem.collaboration.services.survey import survey_answer
from tandem.collaboration.tests.first_team import KEY_LEADERS, OUTSIDERS
from tandem.errors import DomainError
from tandem.organizations.selectors import school_year_for

pytestmark = pytest.mark.django_db

YEAR = 2026  # the school year of 2026-11-24


@pytest.fixture
def people(team, user_of):
    """Everyone who sits on the first district's team today: six people."""
    members = [m.user for m in team.members.filter(end_date__isnull=True)]
    return [user_of(email) for email in KEY_LEADERS] + members


def _answer(client, team, user, score=4, comment=""):
    client.force_login(user)
    data = {key: score for key, _text in SURVEY_STATEMENTS}
    return client.post(f"/teams/{team.pk}/survey/", {**data, "comment": comment})


def test_the_answer_is_kept_as_totals_with_a_separate_marker(client, team, people):
    response = _answer(client, team, people[0], score=2, comment="Too many meetings.")
    assert response.status_code == 302
    survey = RelationshipSurvey.objects.get(team=team, school_year=YEAR)
    assert survey.answers == 1
    assert survey.tallies == {key: [0, 1, 0, 0, 0] for key, _text in SURVEY_STATEMENTS}
    assert survey.comments == ["Too many meetings."]
    assert list(
        SurveyParticipation.objects.filter(team=team, school_year=YEAR).values_list(
            "user", flat=True
        )
    ) == [people[0].pk]


def test_nothing_stored_with_the_answers_points_to_a_person_or_a_moment():
    """No user, no time and no per-answer row whose order could be matched to the markers."""
    fields = {f.name: f for f in RelationshipSurvey._meta.get_fields()}
    assert set(fields) == {"id", "team", "school_year", "answers", "tallies", "comments"}
    assert not any(isinstance(f, models.DateField | models.DateTimeField) for f in fields.values())
    assert all(
        f.related_model is None or f.related_model.__name__ == "Team"
        for f in fields.values()
        if f.is_relation
    )
    assert not hasattr(RelationshipSurvey, "history")
    marker = {f.name for f in SurveyParticipation._meta.get_fields()}
    assert marker == {"id", "team", "user", "school_year"}


def test_the_stored_rows_hold_no_trace_of_who_answered(client, team, people):
    for person in people[:3]:
        _answer(client, team, person, comment=f"Comment from someone #{person.pk % 7}")
    row = RelationshipSurvey.objects.filter(team=team, school_year=YEAR).values().get()
    stored = repr(row)
    for person in people[:3]:
        assert person.email not in stored and person.last_name not in stored
    assert RelationshipSurvey.objects.filter(team=team, school_year=YEAR).count() == 1


def test_a_second_answer_in_the_same_year_is_refused(client, team, people):
    _answer(client, team, people[1])
    with pytest.raises(DomainError):
        survey_answer(team_id=team.pk, by=people[1], scores={k: 5 for k, _t in SURVEY_STATEMENTS})
    page = client.get(f"/teams/{team.pk}/survey/").content.decode()
    assert "You have answered this school year" in page
    response = _answer(client, team, people[1], score=1)
    assert response.status_code == 200
    assert RelationshipSurvey.objects.get(team=team, school_year=YEAR).answers == 1


def test_only_members_answer(team, user_of):
    for email in ("facilitator@example.org", "teacher@example.org", "hr@example.org"):
        with pytest.raises(DomainError):
            survey_answer(
                team_id=team.pk,
                by=user_of(email),
                scores={k: 3 for k, _t in SURVEY_STATEMENTS},
            )
    assert not RelationshipSurvey.objects.filter(team=team, school_year=YEAR).exists()


def test_every_statement_needs_an_answer_from_1_to_5(team, people):
    scores = {k: 3 for k, _t in SURVEY_STATEMENTS}
    for bad in ({**scores, "trust": 6}, {k: v for k, v in scores.items() if k != "trust"}):
        with pytest.raises(DomainError):
            survey_answer(team_id=team.pk, by=people[0], scores=bad)
    assert not SurveyParticipation.objects.filter(team=team, school_year=YEAR).exists()


def test_results_stay_hidden_until_five_have_answered(client, team, people):
    for person in people[:4]:
        _answer(client, team, person, score=4, comment="Better than last year.")
    client.force_login(people[0])
    page = client.get(f"/teams/{team.pk}/survey/results/").content.decode()
    this_year = page.split("2026-27")
    assert "fewer than 5 answers: not shown" in page
    assert "Better than last year." not in page
    result = survey_results(team=team)[-1]
    assert result.answers == 4 and not result.shown
    assert result.comments == [] and all(s.mean is None for s in result.statements)
    assert len(this_year) > 1

    _answer(client, team, people[4], score=2)
    client.force_login(people[0])
    page = client.get(f"/teams/{team.pk}/survey/results/").content.decode()
    assert "Better than last year." in page
    result = survey_results(team=team)[-1]
    assert result.shown and result.statements[0].mean == 3.6


def test_results_over_the_years_are_read_by_members_and_the_facilitator_only(client, team, user_of):
    url = f"/teams/{team.pk}/survey/results/"
    for email in ("principal@example.org", "facilitator@example.org", KEY_LEADERS[1]):
        client.force_login(user_of(email))
        page = client.get(url).content.decode()
        for label in ("2023-24", "2024-25", "2025-26"):
            assert label in page, (email, label)
    for email in OUTSIDERS:
        client.force_login(user_of(email))
        assert client.get(url).status_code == 404, email
        assert client.get(f"/teams/{team.pk}/survey/").status_code == 404, email


def test_the_demo_shows_three_years_for_the_first_team_and_hides_small_ones(team):
    shown = [r for r in survey_results(team=team) if r.shown]
    assert [r.school_year for r in shown] == [2023, 2024, 2025]
    small = RelationshipSurvey.objects.exclude(team=team).filter(answers__lt=5)
    assert small.exists()


def test_the_facilitator_sees_the_survey_but_is_not_asked_to_answer(client, team, user_of):
    client.force_login(user_of("facilitator@example.org"))
    page = client.get(f"/teams/{team.pk}/survey/").content.decode()
    assert "Only the team's members answer" in page
    assert 'type="radio"' not in page


def test_the_school_year_begins_in_july(team):
    """The year is the district's own (issue 10, item 2): here its 2026-27 begins on July 1."""
    team.district.school_years.filter(name="2026-27").update(start_date=datetime.date(2026, 7, 1))
    year = partial(school_year_for, district_id=team.district_id)
    assert year(day=datetime.date(2026, 6, 30)).start_date.year == 2025
    assert year(day=datetime.date(2026, 7, 1)).start_date.year == 2026
