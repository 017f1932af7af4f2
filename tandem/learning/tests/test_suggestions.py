"""The suggestion list: offerings that address the indicators an educator is working on,
each with the reason in plain words, shown to the educator alone."""

import datetime

import pytest
from django.urls import reverse

from tandem.evaluation.models import IndicatorSelfRating, StandardRating
from tandem.evaluation.tests.factories import (
    EvaluationCycleFactory,
    EvidenceFactory,
    SelfAssessmentFactory,
    SummativeEvaluationFactory,
)
from tandem.learning.selectors import suggestions_for
from tandem.learning.services import registration_register
from tandem.learning.tests.factories import OfferingFactory
from tandem.people.tests.factories import PersonFactory
from tandem.rubrics.models import Indicator, Standard

pytestmark = pytest.mark.django_db


@pytest.fixture
def educator():
    """An educator whose goals' evidence is tagged to one indicator, who rated themselves
    Needs Improvement on a second, and whose last evaluation rated a third's standard
    Unsatisfactory."""
    standards = list(Standard.objects.filter(indicators__isnull=False).distinct()[:2])
    goal_indicator, self_indicator = Indicator.objects.filter(standard=standards[0])[:2]
    rated = Indicator.objects.filter(standard=standards[1]).first()
    person = PersonFactory(signs_in=True)
    earlier = EvaluationCycleFactory(
        employment__person=person,
        school_year__name="2024-25",
        school_year__start_date=datetime.date(2024, 8, 31),
        school_year__end_date=datetime.date(2025, 6, 18),
    )
    summative = SummativeEvaluationFactory(cycle=earlier, status="locked")
    StandardRating.objects.create(
        summative=summative, standard=standards[1], level="unsatisfactory"
    )
    current = EvaluationCycleFactory(employment=earlier.employment)
    EvidenceFactory(cycle=current, kind="goal_progress").indicators.add(goal_indicator)
    IndicatorSelfRating.objects.create(
        self_assessment=SelfAssessmentFactory(cycle=current),
        indicator=self_indicator,
        level="needs_improvement",
    )
    return person, goal_indicator, self_indicator, rated


def test_each_source_gives_a_reason_and_unrelated_offerings_are_left_out(educator):
    person, goal_indicator, self_indicator, rated = educator
    both = OfferingFactory(title="Both")
    both.indicators.add(goal_indicator, self_indicator)
    summative = OfferingFactory(title="From the evaluation")
    summative.indicators.add(rated)
    unrelated = OfferingFactory(title="Unrelated")
    unrelated.indicators.add(
        Indicator.objects.exclude(standard=rated.standard)
        .exclude(pk__in=[goal_indicator.pk, self_indicator.pk])
        .exclude(standard=goal_indicator.standard)
        .first()
    )
    past = OfferingFactory(
        starts_on=datetime.date(2026, 10, 1), ends_on=datetime.date(2026, 10, 30)
    )
    past.indicators.add(goal_indicator)

    suggestions = suggestions_for(person.pk, day=datetime.date(2026, 11, 24))
    assert [s.offering.title for s in suggestions] == ["Both", "From the evaluation"]
    reasons = suggestions[0].reasons
    assert any("evidence of progress on your goals" in r for r in reasons)
    assert any("rated yourself Needs Improvement" in r for r in reasons)
    assert "rated the standard" in suggestions[1].reasons[0]
    assert "Unsatisfactory" in suggestions[1].reasons[0]


def test_an_offering_already_registered_is_not_suggested(educator):
    person, goal_indicator, _, _ = educator
    offering = OfferingFactory()
    offering.indicators.add(goal_indicator)
    registration_register(offering_id=offering.pk, person_id=person.pk)
    assert suggestions_for(person.pk, day=offering.starts_on) == []


def test_the_page_is_the_educators_own(client, educator):
    person, goal_indicator, _, _ = educator
    OfferingFactory(title="Exit tickets that work").indicators.add(goal_indicator)
    client.force_login(person.user)
    page = client.get(reverse("learning:my_learning")).content.decode()
    assert "Exit tickets that work" in page and "Why it is suggested" in page
    # Someone else sees their own list, without this educator's reasons.
    client.force_login(PersonFactory(signs_in=True).user)
    assert (
        "Exit tickets that work" not in client.get(reverse("learning:my_learning")).content.decode()
    )
