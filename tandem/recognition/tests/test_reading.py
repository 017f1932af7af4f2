"""Reading: readers score on the rubric, a conflicted reader is recused (the service refuses,
the page never offers it), scores are blind until one's own are in, the shortlist by total,
the selection and the public honourees."""

import datetime

import pytest
from django.urls import reverse

from tandem.errors import DomainError
from tandem.people.tests.factories import UserFactory
from tandem.recognition.models import Application, Reader, Score, Stage
from tandem.recognition.services import (
    application_select,
    recusal_declare,
    scores_record,
    shortlist_make,
)
from tandem.recognition.tests.factories import ApplicationFactory, CycleFactory
from tandem.recognition.tests.helpers import educator, state_admin
from tandem.records.models import AccessLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def reading():
    """A cycle with one application, from a teacher at a school, and two readers from
    elsewhere."""
    cycle = CycleFactory()
    applicant = educator()
    application = ApplicationFactory(
        cycle=cycle,
        person=applicant.person,
        district=applicant.district,
        school=applicant.assignments.get().school,
    )
    readers = [UserFactory(), educator().person.user]
    for user in readers:
        Reader.objects.create(cycle=cycle, user=user)
    return application, readers


def _points(application, *values):
    criteria = application.cycle.program.criteria.all()
    return {c.pk: v for c, v in zip(criteria, values, strict=True)}


def _score(application, reader, *values):
    return scores_record(
        application=application, reader=reader, points=_points(application, *values)
    )


def test_a_reader_scores_every_criterion_and_may_change_them_until_the_reading_closes(reading):
    application, (reader, _other) = reading
    _score(application, reader, 7, 8, 9)
    _score(application, reader, 10, 8, 9)
    assert sorted(
        Score.objects.filter(application=application).values_list("points", flat=True)
    ) == [8, 9, 10]
    application.cycle.stages.filter(kind=Stage.Kind.READING).update(
        closes_on=datetime.date(2026, 11, 23)
    )
    with pytest.raises(DomainError, match="Reading and scoring for"):
        _score(application, reader, 1, 1, 1)


@pytest.mark.parametrize(
    ("values", "message"),
    [((7, 8), "Score every criterion: Voice"), ((7, 8, 11), "out of range for: Voice")],
)
def test_a_bad_score_sheet_saves_nothing(reading, values, message):
    application, (reader, _other) = reading
    criteria = list(application.cycle.program.criteria.all())
    points = dict(zip([c.pk for c in criteria], values, strict=False))
    with pytest.raises(DomainError, match=message):
        scores_record(application=application, reader=reader, points=points)
    assert not Score.objects.filter(application=application).exists()


def test_who_may_not_score(reading):
    application, _readers = reading
    same_school = educator(district=application.district)
    same_school.assignments.update(school=application.school)
    same_district = educator(district=application.district)
    # Each is a reader of the cycle but the first.
    strangers = [
        UserFactory(),
        application.person.user,
        same_school.person.user,
        same_district.person.user,
    ]
    for user in strangers[1:]:
        Reader.objects.create(cycle=application.cycle, user=user)
    for user in strangers:
        with pytest.raises(DomainError, match="may not score"):
            _score(application, user, 1, 1, 1)
    assert not Score.objects.filter(application=application).exists()


def test_a_conflicted_reader_cannot_open_the_application_nor_find_it_on_the_cycle_page(
    reading, client
):
    application, (reader, _other) = reading
    colleague = educator(district=application.district)
    Reader.objects.create(cycle=application.cycle, user=colleague.person.user)
    client.force_login(colleague.person.user)
    assert client.get(application.get_absolute_url()).status_code == 404
    page = client.get(application.cycle.get_absolute_url()).content.decode()
    assert application.get_absolute_url() not in page
    assert str(application.person) not in page

    client.force_login(reader)
    page = client.get(application.cycle.get_absolute_url()).content.decode()
    assert application.get_absolute_url() in page


def test_a_declared_conflict_recuses_the_reader_and_drops_their_scores(reading, client):
    application, (reader, _other) = reading
    _score(application, reader, 5, 5, 5)
    client.force_login(reader)
    client.post(reverse("recognition:recuse", args=[application.pk]), {"reason": "My cousin."})
    assert application.recusals.get().reason == "My cousin."
    assert not Score.objects.filter(application=application, reader=reader).exists()
    assert client.get(application.get_absolute_url()).status_code == 404
    with pytest.raises(DomainError, match="may not score"):
        _score(application, reader, 1, 1, 1)
    # Only a reader of the cycle declares: anyone else gets nothing.
    client.force_login(UserFactory())
    response = client.post(reverse("recognition:recuse", args=[application.pk]), {"reason": "x"})
    assert response.status_code == 404
    with pytest.raises(DomainError, match="Only a reader"):
        recusal_declare(application=application, reader=UserFactory(), reason="x")


def test_scores_are_blind_until_the_reader_has_scored(reading, client):
    application, (first, second) = reading
    _score(application, first, 3, 4, 6)  # total 13
    client.force_login(second)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "scores-caption" not in page and ">13<" not in page
    _score(application, second, 9, 9, 9)
    page = client.get(application.get_absolute_url()).content.decode()
    assert ">13<" in page and ">27<" in page


def test_the_applicant_sees_no_score_and_a_stranger_not_the_application(reading, client):
    application, (reader, _other) = reading
    _score(application, reader, 3, 4, 6)
    client.force_login(application.person.user)
    page = client.get(application.get_absolute_url()).content.decode()
    assert application.statement in page and ">13<" not in page
    client.force_login(UserFactory())
    assert client.get(application.get_absolute_url()).status_code == 404
    client.force_login(state_admin())
    assert ">13<" in client.get(application.get_absolute_url()).content.decode()
    logged = AccessLogEntry.objects.filter(object_id=application.pk, subject=application.person)
    assert logged.count() == 1  # the staff's read; the applicant's own is not logged


def test_shortlist_by_mean_total_then_selection_with_a_citation_then_the_public_page(client):
    cycle = CycleFactory(shortlist_size=2)
    reader = UserFactory()
    Reader.objects.create(cycle=cycle, user=reader)
    applications = [ApplicationFactory(cycle=cycle, person=educator().person) for _ in range(4)]
    for application, value in zip(applications[:3], (5, 9, 7), strict=True):
        _score(application, reader, value, value, value)
    staff = state_admin()
    with pytest.raises(DomainError, match="Only the program's staff"):
        shortlist_make(cycle=cycle, by=reader)
    chosen = shortlist_make(cycle=cycle, by=staff)
    assert chosen == [applications[1], applications[2]]
    statuses = list(
        Application.objects.filter(cycle=cycle).order_by("pk").values_list("status", flat=True)
    )
    assert statuses == ["submitted", "shortlisted", "shortlisted", "submitted"]

    with pytest.raises(DomainError, match="Only a shortlisted"):
        application_select(application=applications[0], citation="Great.", by=staff)
    with pytest.raises(DomainError, match="Write a citation"):
        application_select(application=applications[1], citation=" ", by=staff)
    with pytest.raises(DomainError, match="Only the program's staff"):
        application_select(application=applications[1], citation="Great.", by=reader)
    honouree = application_select(
        application=applications[1], citation="Builds readers for life.", by=staff
    )

    page = client.get(reverse("recognition:honourees")).content.decode()  # anonymous
    assert "Builds readers for life." in page
    assert f"{honouree.person.first_name} {honouree.person.last_name}" in page
    assert cycle.program.name in page and "2027" in page
    assert honouree.statement not in page
    assert str(applications[2].person) not in page  # shortlisted, not selected
