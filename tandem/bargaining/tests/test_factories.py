"""The settings factories build versions and proposals the models accept, by the rules they
keep: one baseline per district, a unit's versions only from an adopted proposal."""

import datetime

import pytest

from tandem.bargaining.selectors import settings_in_force
from tandem.bargaining.tests import factories
from tandem.organizations.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory",
    [
        factories.BaselineSettingsFactory,
        factories.SettingsProposalFactory,
        factories.UnitSettingsVersionFactory,
    ],
    ids=lambda f: f.__name__,
)
def test_the_factory_builds_a_valid_row(factory):
    factory().full_clean()


def test_a_district_has_one_baseline_however_often_it_is_asked_for():
    district = DistrictFactory()
    baseline = factories.BaselineSettingsFactory(district=district)
    assert factories.BaselineSettingsFactory(district=district) == baseline
    assert settings_in_force(district_id=district.pk, on=datetime.date(2026, 11, 24)) == baseline


def test_a_units_version_comes_from_its_adopted_proposal():
    version = factories.UnitSettingsVersionFactory()
    assert version.proposal.status == "adopted"
    assert version.proposal.bargaining_unit == version.bargaining_unit
