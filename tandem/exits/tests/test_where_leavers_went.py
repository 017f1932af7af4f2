"""Where the leavers of 2030-31 went, on a hand-built state of two districts far in the future
of the demo (whose open-ended staff are left out by looking only at these districts)."""

import datetime
from collections import Counter

import pytest

from tandem.exits.selectors import (
    LEFT,
    OTHER_DISTRICT,
    OTHER_JOB_CLASS,
    leaver_destinations,
    leaver_tables,
)
from tandem.organizations.tests.factories import DistrictFactory, SchoolFactory
from tandem.people.tests.factories import (
    EmploymentFactory,
    PersonFactory,
    StaffAssignmentFactory,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2029, 8, 27)
JUNE = datetime.date(2031, 6, 30)  # between the two snapshots: October 1 of 2030 and of 2031
TEACHER, SPECIAL, PRINCIPAL = "classroom_teacher", "special_education_teacher", "principal"


def _job(person, district, position, *, start=START, end=None, role_group="teacher"):
    employment = EmploymentFactory(
        person=person, district=district, role_group=role_group, start_date=start, end_date=end
    )
    StaffAssignmentFactory(
        employment=employment,
        school=SchoolFactory(district=district),
        position=position,
        start_date=start,
        end_date=end,
    )
    return employment


@pytest.fixture
def state():
    a, b = DistrictFactory(), DistrictFactory()
    p = [PersonFactory() for _ in range(9)]
    after = JUNE + datetime.timedelta(days=1)
    # p0: a teacher in A both years: retained, not a leaver.
    _job(p[0], a, TEACHER)
    # p1: teacher in A, then principal in A: another job class, same district.
    e1 = _job(p[1], a, TEACHER, end=None)
    e1.assignments.update(end_date=JUNE)
    StaffAssignmentFactory(
        employment=e1, school=SchoolFactory(district=a), position=PRINCIPAL, start_date=after
    )
    # p2: teacher in A, then teacher in B: moved to another district.
    _job(p[2], a, TEACHER, end=JUNE)
    _job(p[2], b, TEACHER, start=after)
    # p3: teacher in A who left in June: left the state's schools.
    _job(p[3], a, TEACHER, end=JUNE)
    # p4: principal (school administrator) in A who left.
    _job(p[4], a, PRINCIPAL, end=JUNE, role_group="school_admin")
    # p5: teacher in B, then teacher in A: B's leaver, moved.
    _job(p[5], b, TEACHER, end=JUNE)
    _job(p[5], a, TEACHER, start=after)
    # p6: teacher in A, then special-education teacher in A and a teacher in B: the same
    # district in another job class comes first.
    e6 = _job(p[6], a, TEACHER)
    e6.assignments.update(end_date=JUNE)
    StaffAssignmentFactory(
        employment=e6, school=SchoolFactory(district=a), position=SPECIAL, start_date=after
    )
    _job(p[6], b, TEACHER, start=after)
    # p7: teacher in A moving between two of A's schools: retained at the district.
    e7 = _job(p[7], a, TEACHER)
    e7.assignments.update(end_date=JUNE)
    StaffAssignmentFactory(
        employment=e7, school=SchoolFactory(district=a), position=TEACHER, start_date=after
    )
    # p8: hired in B after October 1 of 2030: not on its staff that year, so no leaver.
    _job(p[8], b, TEACHER, start=datetime.date(2030, 11, 1), end=JUNE)
    return a, b


def test_each_leaver_is_placed_where_they_were_the_next_october(state):
    a, b = state
    population = {
        key: counts
        for key, counts in leaver_destinations("2030-31").items()
        if key[0] in (a.pk, b.pk)
    }
    # A's teachers on 1 Oct 2030: p0, p1, p2, p3, p6, p7 (6); retained p0 and p7 (2); leavers
    # 6 - 2 = 4: p1 and p6 to another job class in A (2), p2 to B (1), p3 left (1).
    # A's school administrators: p4, left (1). B's teachers: p5, moved to A (1); p8 came later.
    assert population == {
        (a.pk, "teacher"): Counter({OTHER_JOB_CLASS: 2, OTHER_DISTRICT: 1, LEFT: 1}),
        (a.pk, "school_admin"): Counter({LEFT: 1}),
        (b.pk, "teacher"): Counter({OTHER_DISTRICT: 1}),
    }


def test_district_hr_sees_the_counts_and_the_state_sees_them_suppressed(state):
    a, b = state
    population = {
        key: counts
        for key, counts in leaver_destinations("2030-31").items()
        if key[0] in (a.pk, b.pk)
    }
    exact = leaver_tables(population, [a], state=False, aggregates_only=False)
    rows = {row.key: row for row in exact["role_groups"].as_rows()}
    # A: 4 teachers + 1 school administrator = 5 leavers: to another district 1 (p2), another
    # job class 2 (p1, p6), left 1 + 1 = 2 (p3, p4).
    assert rows["total"].total == 5
    assert [count for count, _share in rows["total"].cells] == [1, 2, 2]
    assert rows["teacher"].total == 4
    assert b.pk not in {row.key for row in exact["districts"].as_rows()}
    # The state (these two districts): 5 + 1 = 6 leavers, to another district 1 + 1 = 2, another
    # job class 2, left 2: six and not alike, so shown. Every part of it counts fewer than 6
    # (A 5, B 1; teachers 4 + 1 = 5, school administrators 1): all hidden, and together they
    # are the total, which passes the rules, so nothing more is hidden.
    counts = leaver_tables(population, [a, b], state=True, aggregates_only=True)
    for table in counts.values():
        rows = {row.key: row for row in table.as_rows()}
        assert rows["total"].total == 6
        assert [count for count, _share in rows["total"].cells] == [2, 2, 2]
        assert all(row.hidden for key, row in rows.items() if key != "total")
