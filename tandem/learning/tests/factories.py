import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from tandem.learning.models import Offering, PointsConversion, Provider, Session


class ProviderFactory(DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Learning Provider {n}")
    kind = Provider.Kind.REGISTERED
    registration_number = factory.Sequence(lambda n: f"P{n:05d}")


class OfferingFactory(DjangoModelFactory):
    """A ten-hour workshop in pedagogy starting in a week, with one session."""

    class Meta:
        model = Offering
        skip_postgeneration_save = True

    provider = factory.SubFactory(ProviderFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    kind = Offering.Kind.WORKSHOP
    topic = "pedagogy"
    conversion = factory.LazyFunction(
        lambda: PointsConversion.objects.get_or_create(
            unit="clock_hour", defaults={"label": "Clock hour", "points": 1}
        )[0]
    )
    units = Decimal("10")
    hours = Decimal("10")
    capacity = 2
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=14))

    @factory.post_generation
    def sessions(offering, create, extracted, **kwargs):
        if not create:
            return
        start = datetime.datetime.combine(offering.starts_on, datetime.time(15), datetime.UTC)
        for n in range(extracted if extracted is not None else 1):
            Session.objects.create(
                offering=offering,
                starts_at=start + datetime.timedelta(days=7 * n),
                ends_at=start + datetime.timedelta(days=7 * n, hours=2),
                place="Room 4",
            )
