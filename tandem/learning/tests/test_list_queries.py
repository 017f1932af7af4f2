"""The effectiveness pages make as many queries for 30 measured offerings as for 3 (STYLE.md
§9: an N+1 fails here)."""

import pytest

from tandem.learning.models import Completion, Registration
from tandem.learning.tests.factories import OfferingFactory
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import PersonFactory, RoleGrantFactory
from tandem.rubrics.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def test_the_effectiveness_page_makes_a_fixed_number_of_queries(
    rows, settings, signed_in, pinned_queries
):
    settings.LEARNING_EFFECTIVENESS_PARTICIPANTS = 1
    analyst = RoleGrantFactory(district=None, role=RoleGrant.Role.STATE_ANALYST).user
    indicator = IndicatorFactory()
    for offering in OfferingFactory.create_batch(rows, sessions=0):
        offering.indicators.add(indicator)
        registration = Registration.objects.create(
            offering=offering, person=PersonFactory(), status=Registration.Status.REGISTERED
        )
        Completion.objects.create(
            registration=registration,
            passed=True,
            points=10,
            topic="pedagogy",
            completed_on=offering.ends_on,
            recorded_by=analyst,
        )
    signed_in(analyst)
    response = pinned_queries("/learning/effectiveness/", 14)
    assert len(response.context["effects"]) == rows
