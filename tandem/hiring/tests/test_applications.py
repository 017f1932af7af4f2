"""An application moves through stages and ends once, each step an event in its history."""

import datetime

import pytest
from django.db import IntegrityError

from tandem.errors import DomainError
from tandem.hiring.models import Application
from tandem.hiring.services import application_end, application_move
from tandem.hiring.tests.factories import ApplicationFactory, PostingFactory
from tandem.people.tests.factories import UserFactory
from tandem.records.versions import StaleVersion

pytestmark = pytest.mark.django_db


def test_a_move_and_an_end_are_each_an_event_with_who_did_it():
    application = ApplicationFactory()
    principal = UserFactory()
    application = application_move(
        application, stage=Application.Stage.INTERVIEW, actor=principal, version=1
    )
    application = application_end(
        application,
        outcome=Application.Outcome.NOT_SELECTED,
        actor=principal,
        version=application.version,
        detail="Another candidate's demonstration lesson was stronger.",
    )
    application.refresh_from_db()
    assert (application.stage, application.outcome) == ("interview", "not_selected")
    assert application.ended_at is not None
    assert [(e.action, e.actor) for e in application.events.all()] == [
        ("Moved to Interviews", principal),
        ("Not selected by the district", principal),
    ]


def test_a_move_from_a_version_read_before_another_move_is_refused():
    application = ApplicationFactory()
    application_move(application, stage="screening", actor=UserFactory(), version=1)
    with pytest.raises(StaleVersion):
        application_move(application, stage="interview", actor=UserFactory(), version=1)
    application.refresh_from_db()
    assert application.stage == "screening" and application.events.count() == 1


def test_an_ended_application_neither_moves_nor_ends_again():
    application = ApplicationFactory()
    application = application_end(application, outcome="withdrawn", actor=None, version=1)
    with pytest.raises(DomainError):
        application_move(application, stage="interview", actor=UserFactory(), version=2)
    with pytest.raises(DomainError):
        application_end(application, outcome="hired", actor=None, version=2)
    application.refresh_from_db()
    assert application.outcome == "withdrawn" and application.events.count() == 1


def test_one_application_per_person_and_posting():
    first = ApplicationFactory()
    with pytest.raises(IntegrityError):
        ApplicationFactory(posting=first.posting, person=first.person)


def test_a_posting_cannot_close_before_it_opens():
    with pytest.raises(IntegrityError):
        PostingFactory(opens_on=datetime.date(2026, 11, 1), closes_on=datetime.date(2026, 10, 31))
