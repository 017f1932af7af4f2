"""Retention on a hand-made population: the arithmetic is in each test.

The years are 2015-16 and 2016-17, before the demo Commonwealth of every test database holds
any assignment, so the state's figures are this population's."""

import datetime

import pytest

from tandem.evaluation.tests.factories import PriorRatingFactory
from tandem.insights.selectors.retention import (
    DISTRICT,
    ROLL_UP,
    SCHOOL,
    STATE,
    retention,
    year_pairs,
)
from tandem.organizations.tests.factories import DistrictFactory, SchoolFactory, SchoolYearFactory
from tandem.people.models import StaffAssignment
from tandem.people.tests.factories import (
    EmploymentFactory,
    PersonFactory,
    StaffAssignmentFactory,
)

pytestmark = pytest.mark.django_db

TEACHER = StaffAssignment.Position.CLASSROOM_TEACHER
PRINCIPAL = StaffAssignment.Position.PRINCIPAL
HIRED = datetime.date(2009, 8, 27)
SUMMER = datetime.date(2016, 6, 30)
AUGUST = datetime.date(2016, 8, 25)


def _work(person, school, start=HIRED, end=None, position=TEACHER, employment=None, ended=None):
    employment = employment or EmploymentFactory(
        person=person, district=school.district, start_date=start, end_date=ended
    )
    StaffAssignmentFactory(
        employment=employment, school=school, position=position, start_date=start, end_date=end
    )
    return employment


@pytest.fixture
def world():
    d1, d2 = DistrictFactory(), DistrictFactory()
    a, b = SchoolFactory(district=d1), SchoolFactory(district=d1)
    c = SchoolFactory(district=d2)
    p = [PersonFactory() for _ in range(6)]
    _work(p[0], a)  # stays at A
    moved = _work(p[1], a, end=SUMMER)  # A, then B in the same district
    _work(p[1], b, start=AUGUST, employment=moved)
    _work(p[2], a, start=datetime.date(2015, 8, 24), ended=SUMMER)  # first year, then leaves
    _work(p[3], b, end=SUMMER, ended=SUMMER)  # B, then C in another district
    _work(p[3], c, start=AUGUST)
    promoted = _work(p[4], a, end=SUMMER)  # a teacher, then A's principal
    _work(p[4], a, start=AUGUST, position=PRINCIPAL, employment=promoted)
    _work(p[5], a, start=AUGUST)  # a new hire
    PriorRatingFactory(
        employment=moved,
        overall_rating="needs_improvement",
        evaluated_on=datetime.date(2015, 5, 20),
    )
    return d1, d2, a, b, c


def _figures(level, by=None, **kwargs):
    return {
        (f.organization, f.job_class, f.group): (f.retained, f.staff)
        for f in retention("2015-16", "2016-17", level, by, **kwargs)
    }


def test_a_move_between_schools_is_leaving_the_school_and_staying_in_the_district(world):
    d1, d2, a, b, _c = world
    # A: P1, P2, P3, P5 taught there; only P1 teaches there still.
    # B: P4 taught there and left for district 2.
    # C had nobody in 2015: no figure.
    assert _figures(SCHOOL) == {(a.pk, TEACHER, None): (1, 4), (b.pk, TEACHER, None): (0, 1)}
    # District 1: P1..P5; P1 and P2 (moved within it) stay. District 2 had nobody in 2015.
    assert _figures(DISTRICT) == {(d1.pk, TEACHER, None): (2, 5)}
    assert _figures(DISTRICT, district=d2) == {}


def test_the_state_unduplicated_follows_the_person_and_the_roll_up_adds_districts(world):
    # Unduplicated: P1, P2 and P4 (who moved districts) still teach somewhere: 3 of 5.
    assert _figures(STATE) == {(None, TEACHER, None): (3, 5)}
    # Roll-up: district 1's 2 of 5, plus district 2's 0 of 0.
    assert _figures(ROLL_UP) == {(None, TEACHER, None): (2, 5)}


def test_a_new_job_class_is_leaving_the_old_one(world):
    # P5 became a principal: not retained as a teacher, and not in 2015's principals.
    assert all(job != PRINCIPAL for _o, job, _g in _figures(STATE))


def test_retention_by_experience_and_last_rating(world):
    d1, *_ = world
    # On 2015-10-01, P3 was in the first year; the others had six years.
    assert _figures(DISTRICT, "experience") == {
        (d1.pk, TEACHER, "first_year"): (0, 1),
        (d1.pk, TEACHER, "4_10"): (2, 4),
    }
    # P2 was rated Needs Improvement in May 2015 and stayed in the district.
    assert _figures(DISTRICT, "last_rating") == {
        (d1.pk, TEACHER, "needs_improvement"): (1, 1),
        (d1.pk, TEACHER, "not_rated"): (1, 4),
    }
    assert _figures(STATE, "role_group") == {(None, TEACHER, "teacher"): (3, 5)}


def test_the_years_the_data_covers(world):
    d1, d2, *_ = world
    for district in (d1, d2):
        for start in (2014, 2015, 2016):
            SchoolYearFactory(
                district=district,
                name=f"{start}-{str(start + 1)[2:]}",
                start_date=datetime.date(start, 8, 28),
                end_date=datetime.date(start + 1, 6, 15),
            )
    pairs = year_pairs()
    assert ("2014-15", "2015-16") in pairs and ("2015-16", "2016-17") in pairs
    # The demo's years begin with 2022-23: no figure spans the gap.
    assert not any(before == "2016-17" for before, _a in pairs)
    assert all(int(after[:4]) - int(before[:4]) == 1 for before, after in pairs)
    fig = retention("2015-16", "2016-17", STATE)[0]
    assert fig.rate == pytest.approx(0.6)
    assert "2015-16" in fig.how and "2016-17" in fig.how
