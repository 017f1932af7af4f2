import datetime

import pytest

from tandem.bargaining.selectors import settings_in_force
from tandem.bargaining.services import DEFAULT_EVALUATION_SETTINGS
from tandem.bargaining.tests.factories import settings_bargain
from tandem.errors import DomainError
from tandem.organizations.models import District, NonSchoolDay
from tandem.organizations.selectors import school_day_after, school_days_between
from tandem.organizations.tests.factories import NonSchoolDayFactory, SchoolYearFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    """A 2026-27 school year with Thanksgiving (Thursday and Friday) and February vacation."""
    year = SchoolYearFactory()
    for day, kind in [
        (datetime.date(2026, 11, 26), NonSchoolDay.Kind.HOLIDAY),
        (datetime.date(2026, 11, 27), NonSchoolDay.Kind.VACATION),
        *[(datetime.date(2027, 2, 15 + n), NonSchoolDay.Kind.VACATION) for n in range(5)],
    ]:
        NonSchoolDayFactory(school_year=year, date=day, kind=kind)
    return year


def test_five_school_days_after_a_friday_before_february_vacation_fall_after_the_vacation(year):
    """Deadlines count school days on the district's calendar: the vacation week does not count."""
    friday = datetime.date(2027, 2, 12)  # February vacation is the week of Feb 15
    assert school_day_after(school_year=year, start=friday, school_days=5) == datetime.date(
        2027, 2, 26
    )
    assert school_days_between(school_year=year, start=friday, end=datetime.date(2027, 2, 26)) == 5


def test_thanksgiving_thursday_and_friday_are_not_school_days(year):
    wednesday = datetime.date(2026, 11, 25)
    assert school_day_after(school_year=year, start=wednesday, school_days=1) == datetime.date(
        2026, 11, 30
    )


def test_the_settings_in_force_are_the_latest_version_effective_on_that_date():
    district = District.objects.get(name="Ashford Public Schools")
    unit = district.bargaining_units.get(code="Unit B")
    first = settings_in_force(
        district_id=district.pk, bargaining_unit_id=unit.pk, on=datetime.date(2026, 11, 24)
    )
    later = {**DEFAULT_EVALUATION_SETTINGS, "feedback_school_days": 3}
    second = settings_bargain(unit=unit, values=later, effective_from=datetime.date(2027, 7, 1))
    for day, expected in [(datetime.date(2027, 6, 30), first), (datetime.date(2027, 7, 1), second)]:
        assert (
            settings_in_force(district_id=district.pk, bargaining_unit_id=unit.pk, on=day)
            == expected
        )
    assert first.bargaining_unit is None and second.number == 1


def test_a_bargaining_unit_version_overrides_the_district_default():
    district = District.objects.get(name="Bellmont Public Schools")
    unit = district.bargaining_units.get(code="Unit A")
    on = datetime.date(2026, 11, 24)
    own = settings_bargain(unit=unit, values=DEFAULT_EVALUATION_SETTINGS, effective_from=on)
    assert settings_in_force(district_id=district.pk, bargaining_unit_id=unit.pk, on=on) == own
    assert settings_in_force(district_id=district.pk, on=on) != own


def test_malformed_settings_are_refused_with_every_problem_named():
    district = District.objects.get(name="Ashford Public Schools")
    bad = {
        **DEFAULT_EVALUATION_SETTINGS,
        "feedback_school_days": 0,
        "due_dates": {"summative": "13-45"},
    }
    with pytest.raises(DomainError) as refused:
        settings_bargain(
            unit=district.bargaining_units.get(code="Unit B"),
            values=bad,
            effective_from=datetime.date(2027, 1, 1),
        )
    text = " ".join(refused.value.messages)
    assert "feedback_school_days" in text and "summative" in text and "self_assessment" in text


def test_an_adopted_version_cannot_be_edited():
    district = District.objects.get(name="Ashford Public Schools")
    version = settings_in_force(district_id=district.pk, on=datetime.date(2026, 11, 24))
    version.values = {}
    with pytest.raises(Exception, match="cannot be changed"):
        version.save()
