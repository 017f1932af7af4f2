"""The catalog's points by the conversion rules, its filters and its page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tandem.learning.models import PointsConversion, Subject
from tandem.learning.selectors import offering_list
from tandem.learning.tests.factories import OfferingFactory, ProviderFactory
from tandem.people.tests.factories import PersonFactory
from tandem.rubrics.models import Indicator

pytestmark = pytest.mark.django_db


def test_the_conversions_are_seeded_as_the_state_sets_them():
    table = dict(PointsConversion.objects.values_list("unit", "points"))
    assert table == {
        "clock_hour": Decimal("1"),
        "credit": Decimal("15"),
        "graduate_semester_hour": Decimal("22.5"),
        "audited_semester_hour": Decimal("7.5"),
    }


@pytest.mark.parametrize(
    ("unit", "units", "points"),
    [
        ("clock_hour", "12", "12"),
        ("credit", "3", "45"),
        ("graduate_semester_hour", "3", "67.5"),
        ("audited_semester_hour", "2", "15"),
    ],
)
def test_an_offering_earns_its_units_times_the_conversion(unit, units, points):
    offering = OfferingFactory(
        conversion=PointsConversion.objects.get(unit=unit), units=Decimal(units)
    )
    assert offering.points == Decimal(points)


def test_filters_narrow_the_list_and_combine():
    provider = ProviderFactory()
    indicator = Indicator.objects.first()
    subject = Subject.objects.create(name="Mathematics")
    wanted = OfferingFactory(provider=provider, topic="sei", title="SEI for math")
    wanted.subjects.add(subject)
    wanted.indicators.add(indicator)
    OfferingFactory(provider=provider, topic="pedagogy", title="Questioning")
    OfferingFactory(topic="sei", title="SEI elsewhere")

    assert list(offering_list(provider=provider, topic="sei")) == [wanted]
    assert list(offering_list(subject=subject)) == [wanted]
    assert list(offering_list(indicator=indicator)) == [wanted]
    assert list(offering_list(search="sei for")) == [wanted]
    assert list(offering_list(starts_from=wanted.starts_on.replace(year=2100))) == []


def test_the_catalog_page_filters_and_pages(client):
    client.force_login(PersonFactory(signs_in=True).user)
    provider = ProviderFactory(name="Harbor Collaborative")
    for n in range(25):
        OfferingFactory(provider=provider, title=f"Course {n:02d}")
    url = reverse("learning:catalog")
    first = client.get(url, {"provider": provider.pk})
    assert first.status_code == 200
    assert first.content.decode().count("Harbor Collaborative") >= 20
    second = client.get(url, {"provider": provider.pk, "page": 2}).content.decode()
    assert "Course 24" in second and "Course 00" not in second


def test_dates_in_the_wrong_order_are_named(client):
    client.force_login(PersonFactory(signs_in=True).user)
    response = client.get(
        reverse("learning:catalog"), {"starts_from": "2027-02-01", "starts_until": "2027-01-01"}
    )
    assert "The first date must come before the second." in response.content.decode()
