"""The equity plan's figures on a hand-made district: the arithmetic is in each test.

The year is 2016-17, before the demo Commonwealth of every test database holds any
assignment; the figures are asked for this district.
"""

import datetime

import pytest

from tandem.evaluation.tests.factories import PriorRatingFactory
from tandem.insights.selectors import equity
from tandem.licensure.tests.factories import LicenseFactory
from tandem.organizations.models import SchoolEnrollment
from tandem.organizations.tests.factories import DistrictFactory, SchoolFactory, SchoolYearFactory
from tandem.people.tests.factories import EmploymentFactory, StaffAssignmentFactory

pytestmark = pytest.mark.django_db

YEAR = "2016-17"
LONG_AGO = datetime.date(2009, 8, 24)


def _enroll(school, year, total, poor, white, learners=0):
    SchoolEnrollment.objects.create(
        school=school,
        school_year=year,
        total=total,
        economically_disadvantaged=poor,
        english_learners=learners,
        with_disabilities=0,
        hispanic_latino=total - white,
        american_indian_alaska_native=0,
        asian=0,
        black_african_american=0,
        native_hawaiian_pacific_islander=0,
        white=white,
        multiracial=0,
    )


def _teacher(school, hired=LONG_AGO, field="Mathematics", grades="1-6", rating=None):
    employment = EmploymentFactory(district=school.district, start_date=hired)
    StaffAssignmentFactory(
        employment=employment,
        school=school,
        subject="Mathematics",
        grade_level="4",
        start_date=hired,
    )
    LicenseFactory(
        person=employment.person,
        field=field,
        grade_levels=grades,
        issued_on=datetime.date(2009, 7, 1),
        expires_on=None,
    )
    if rating:
        PriorRatingFactory(
            employment=employment, overall_rating=rating, evaluated_on=datetime.date(2016, 5, 20)
        )
    return employment


@pytest.fixture
def district():
    district = DistrictFactory()
    year = SchoolYearFactory(
        district=district,
        name=YEAR,
        start_date=datetime.date(2016, 8, 29),
        end_date=datetime.date(2017, 6, 16),
    )
    s1, s2, s3, s4 = (SchoolFactory(district=district) for _ in range(4))
    # Poverty shares .8, .6, .4, .1; minority shares .9, .5, .3, .1: S1 is the highest of
    # both, S4 the lowest of both.
    _enroll(s1, year, 100, 80, 10, learners=40)
    _enroll(s2, year, 100, 60, 50)
    _enroll(s3, year, 100, 40, 70)
    _enroll(s4, year, 100, 10, 90, learners=10)
    _teacher(s1, hired=datetime.date(2016, 8, 22))  # first year
    _teacher(s1, hired=datetime.date(2015, 8, 24))  # second year
    _teacher(s1, grades="5-8")  # licensed for Mathematics, not for grade 4
    _teacher(s1, rating="needs_improvement")
    _teacher(s4)
    _teacher(s4, field="English")  # licensed, not in Mathematics
    _teacher(s2, rating="unsatisfactory")
    _teacher(s3, rating="proficient")
    return district, (s1, s2, s3, s4)


def _shares(figures):
    return {key: (f.numerator, f.denominator) for key, f in figures.items()}


def test_the_highest_and_lowest_quarters_of_schools(district):
    gaps = equity.gaps(YEAR, district[0])
    # Four schools: a quarter is one school. S1 has 4 teachers, S4 has 2.
    assert _shares(gaps["inexperienced"]) == {
        "high_poverty": (1, 4),
        "low_poverty": (0, 2),
        "high_minority": (1, 4),
        "low_minority": (0, 2),
    }
    assert _shares(gaps["out_of_field"])["high_poverty"] == (1, 4)
    assert _shares(gaps["out_of_field"])["low_poverty"] == (1, 2)
    assert _shares(gaps["ineffective"])["high_poverty"] == (1, 4)
    assert _shares(gaps["ineffective"])["low_minority"] == (0, 2)
    assert "October 1" in gaps["inexperienced"]["high_poverty"].how
    assert "highest quarter" in gaps["inexperienced"]["high_poverty"].how


def test_the_first_year_threshold_is_a_setting(district, settings):
    settings.INSIGHTS_INEXPERIENCED_YEARS = 2
    gaps = equity.gaps(YEAR, district[0])
    # The teacher in the second year is now inexperienced too.
    assert _shares(gaps["inexperienced"])["high_poverty"] == (2, 4)
    assert "2 full year" in gaps["inexperienced"]["high_poverty"].how


def test_per_school_and_per_district(district):
    d, (s1, s2, s3, s4) = district
    rows = {row.school_id: row.counts for row in equity.schools(YEAR, d)}
    assert rows[s1.pk] == equity.Counts(teachers=4, inexperienced=1, out_of_field=1, ineffective=1)
    assert rows[s2.pk] == equity.Counts(teachers=1, ineffective=1)
    assert rows[s3.pk] == equity.Counts(teachers=1)  # rated Proficient
    assert rows[s4.pk] == equity.Counts(teachers=2, out_of_field=1)
    assert equity.districts(YEAR)[d.pk] == equity.Counts(
        teachers=8, inexperienced=1, out_of_field=2, ineffective=2
    )
    assert equity.state(YEAR, d) == equity.districts(YEAR)[d.pk]


def test_student_groups_are_weighted_by_their_students(district):
    groups = equity.student_groups(YEAR, district[0])
    # English learners: 40 at S1 (a quarter of its teachers first-year), 10 at S4 (none):
    # 40 × 1/4 / 50 = 0.2.
    assert groups["english_learners"]["inexperienced"].share == pytest.approx(0.2)
    # Out-of-field: 40 × 1/4 + 10 × 1/2 = 15 of 50.
    assert groups["english_learners"]["out_of_field"].share == pytest.approx(15 / 50)
    # Economically disadvantaged, ineffective: S1 80 × 1/4 + S2 60 × 1 = 80 of 190.
    assert groups["economically_disadvantaged"]["ineffective"].share == pytest.approx(80 / 190)
    # White students, ineffective: S1 10 × 1/4 + S2 50 × 1 = 52.5 of 220.
    assert groups["white"]["ineffective"].share == pytest.approx(52.5 / 220)
    assert groups["asian"]["ineffective"].share is None  # no Asian students enrolled
    assert "weighted" in groups["all"]["inexperienced"].how


def test_fewer_than_four_schools_have_no_quarters(district):
    d, schools = district
    SchoolEnrollment.objects.filter(school__in=schools[1:]).delete()
    gaps = equity.gaps(YEAR, d)
    assert gaps["inexperienced"]["high_poverty"].share is None
