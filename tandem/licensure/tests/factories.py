import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from tandem.licensure.models import License, PointsEntry, Topic
from tandem.people.tests.factories import PersonFactory


class LicenseFactory(DjangoModelFactory):
    class Meta:
        model = License

    person = factory.SubFactory(PersonFactory)
    license_number = factory.Sequence(lambda n: f"L{400000 + n}")
    field = "Mathematics"
    grade_levels = "5-8"
    role = License.Role.TEACHER
    stage = License.Stage.INITIAL
    issued_on = datetime.date(2019, 7, 1)
    expires_on = datetime.date(2024, 6, 30)


class ProfessionalLicenseFactory(LicenseFactory):
    """A Professional teacher's license of 2021-2026, renewed with points."""

    field = "Music"
    grade_levels = "All"
    stage = License.Stage.PROFESSIONAL
    issued_on = datetime.date(2021, 7, 1)
    expires_on = datetime.date(2026, 6, 30)


class PointsEntryFactory(DjangoModelFactory):
    class Meta:
        model = PointsEntry

    person = factory.SubFactory(PersonFactory)
    points = Decimal(15)
    topic = Topic.PEDAGOGY
    earned_on = datetime.date(2023, 3, 1)
    description = "Workshop"
    source_kind = PointsEntry.Source.OFFERING
