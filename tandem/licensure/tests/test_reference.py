import datetime

import pytest

from tandem.learning.models import PointsConversion
from tandem.learning.reference import CONVERSIONS, points_conversions_install
from tandem.licensure.models import RenewalRules
from tandem.licensure.reference import renewal_rules_install
from tandem.licensure.renewal import rules_in_force

pytestmark = pytest.mark.django_db


def test_the_reference_data_comes_back_once_into_an_emptied_database():
    """A flushed database (a test's, or one emptied by hand before the demo) has lost what the
    migrations seeded; installing again restores it, and a second install adds nothing."""
    RenewalRules.objects.all().delete()
    PointsConversion.objects.all().delete()

    for _ in range(2):
        renewal_rules_install()
        points_conversions_install()

    assert RenewalRules.objects.count() == 1
    assert rules_in_force(datetime.date(2026, 11, 24)).total_points == 150
    assert sorted(PointsConversion.objects.values_list("unit", flat=True)) == sorted(
        unit for unit, _label, _points in CONVERSIONS
    )


def test_an_install_leaves_the_states_own_changes_as_they_are():
    PointsConversion.objects.filter(unit="credit").update(label="Credit, as the state words it")

    points_conversions_install()

    assert PointsConversion.objects.get(unit="credit").label == "Credit, as the state words it"
