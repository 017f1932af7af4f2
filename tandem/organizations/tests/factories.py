"""Factories of the structure and calendar: the smallest valid rows, on top of the demo or alone.

Organization codes start with 7 (districts) and 8 (schools), which the demo never uses.
"""

import datetime

import factory
from factory.django import DjangoModelFactory

from tandem.organizations.models import (
    BargainingUnit,
    District,
    NonSchoolDay,
    School,
    SchoolYear,
    StateAgency,
)


class StateAgencyFactory(DjangoModelFactory):
    """The state agency: the demo's own when it is loaded (the same code), else a new one."""

    class Meta:
        model = StateAgency
        django_get_or_create = ("code",)

    name = "Commonwealth Department of Elementary and Secondary Education"
    code = "00000000"


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District

    state = factory.SubFactory(StateAgencyFactory)
    name = factory.Sequence(lambda n: f"Factory District {n:03d}")
    org_code = factory.Sequence(lambda n: f"7{n:07d}")
    region = "Central"


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Factory School {n:03d}")
    org_code = factory.Sequence(lambda n: f"8{n:07d}")
    level = School.Level.ELEMENTARY
    grade_span = "K-5"


class SchoolYearFactory(DjangoModelFactory):
    """The school year of the tests' today (24 November 2026)."""

    class Meta:
        model = SchoolYear
        django_get_or_create = ("district", "name")

    district = factory.SubFactory(DistrictFactory)
    name = "2026-27"
    start_date = datetime.date(2026, 8, 31)
    end_date = datetime.date(2027, 6, 18)


class NonSchoolDayFactory(DjangoModelFactory):
    class Meta:
        model = NonSchoolDay

    school_year = factory.SubFactory(SchoolYearFactory)
    date = datetime.date(2026, 11, 26)
    kind = NonSchoolDay.Kind.HOLIDAY
    name = "Thanksgiving"


class BargainingUnitFactory(DjangoModelFactory):
    class Meta:
        model = BargainingUnit

    district = factory.SubFactory(DistrictFactory)
    name = factory.LazyAttribute(lambda unit: f"{unit.district.name} Education Association")
    code = factory.Sequence(lambda n: f"Unit F{n}")
