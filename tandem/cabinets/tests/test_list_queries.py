"""The cabinets' lists make as many queries for 30 rows as for 3 (STYLE.md §9)."""

import pytest

from tandem.cabinets.models import Application, DistrictLocale
from tandem.cabinets.services import feedback_save
from tandem.cabinets.tests.factories import (
    MeetingFactory,
    RoundFactory,
    TermFactory,
    TopicFactory,
    state_admin,
)
from tandem.people.tests.factories import EmploymentFactory

pytestmark = pytest.mark.django_db


def test_the_selection_page_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    round = RoundFactory()
    for n in range(rows):
        employment = EmploymentFactory()
        DistrictLocale.objects.create(district=employment.district, kind="urban")
        Application.objects.create(
            round=round,
            person=employment.person,
            statement="I would serve.",
            role_group=employment.role_group,
            district=employment.district,
            region=employment.district.region,
            district_type="urban",
            status="selected" if n % 2 else "submitted",
        )
    signed_in(state_admin())
    response = pinned_queries(f"/cabinets/rounds/{round.pk}/selection/", PINNED["selection"])
    assert len(response.context["applications"]) == rows


def test_a_cabinets_page_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    terms = TermFactory.create_batch(rows)
    cabinet = terms[0].cabinet
    for term in terms[1:]:
        term.cabinet = cabinet
        term.save()
    MeetingFactory.create_batch(rows, cabinet=cabinet)
    TopicFactory.create_batch(rows, cabinet=cabinet)
    signed_in(state_admin())
    response = pinned_queries(f"/cabinets/{cabinet.pk}/", PINNED["cabinet"])
    assert len(response.context["terms"]) == rows


def test_a_topics_summary_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    topic = TopicFactory()
    for n in range(rows):
        term = TermFactory(cabinet=topic.cabinet)
        if n % 2:
            feedback_save(topic_id=topic.pk, by=term.person.user, text="Yes.", version=0)
    signed_in(state_admin())
    response = pinned_queries(f"/cabinets/topics/{topic.pk}/", PINNED["topic"])
    assert response.context["summary"].members == rows


PINNED = {"selection": 8, "cabinet": 10, "topic": 10}
