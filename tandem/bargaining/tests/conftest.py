import pytest

from tandem.bargaining.tests.factories import office_holders
from tandem.organizations.models import District, SettingsProposal


@pytest.fixture
def ashford():
    return District.objects.get(name="Ashford Public Schools")


@pytest.fixture
def unit_a(ashford):
    return ashford.bargaining_units.get(code="Unit A")


@pytest.fixture
def who(unit_a):
    """Ashford's superintendent, Unit A's union president and the school committee chair."""
    return office_holders(unit_a)


@pytest.fixture
def waiting(ashford):
    """The demo's proposal for Ashford's Unit A, waiting for the union."""
    return SettingsProposal.objects.get(district=ashford, status="proposed")
