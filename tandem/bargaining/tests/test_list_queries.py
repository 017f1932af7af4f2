"""A district's settings page and its settings endpoints make as many queries for 30 versions
and proposals as for 3 (STYLE.md §9: an N+1 fails here)."""

import pytest

from tandem.bargaining.tests.factories import (
    BaselineSettingsFactory,
    SettingsProposalFactory,
    UnitSettingsVersionFactory,
)
from tandem.organizations.models import SettingsProposal
from tandem.organizations.tests.factories import BargainingUnitFactory
from tandem.people.tests.factories import RoleGrantFactory

pytestmark = pytest.mark.django_db


def _unit_with_history(rows):
    """A unit of a new district with ``rows`` adopted versions and ``rows`` declined proposals;
    the district's HR reads them."""
    unit = BargainingUnitFactory()
    BaselineSettingsFactory(district=unit.district)
    UnitSettingsVersionFactory.create_batch(rows, bargaining_unit=unit)
    SettingsProposalFactory.create_batch(
        rows, bargaining_unit=unit, status=SettingsProposal.Status.DECLINED
    )
    return unit, RoleGrantFactory(district=unit.district).user


def test_the_settings_page_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    unit, hr = _unit_with_history(rows)
    signed_in(hr)
    response = pinned_queries(f"/districts/{unit.district_id}/settings/", 12)
    assert len(response.context["proposals"]) == 2 * rows


@pytest.mark.parametrize(
    ("listing", "expected"),
    [
        pytest.param("settings-versions", lambda rows: 1 + rows, id="versions and the baseline"),
        pytest.param("settings-proposals", lambda rows: 2 * rows, id="adopted and declined"),
    ],
)
def test_a_settings_list_endpoint_makes_a_fixed_number_of_queries(
    rows, listing, expected, signed_in, pinned_queries
):
    unit, hr = _unit_with_history(rows)
    signed_in(hr)
    response = pinned_queries(f"/api/districts/{unit.district_id}/{listing}?limit=200", 8)
    assert response.json()["count"] == expected(rows)
