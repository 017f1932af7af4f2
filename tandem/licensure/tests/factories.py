import datetime

import factory
from factory.django import DjangoModelFactory

from tandem.licensure.models import License
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
