"""Staff assignments: named by educator, school, position and start; the rest may change."""

import datetime

import pytest

from tandem.imports.models import ImportRun
from tandem.imports.tests.factories import applied, checked_rows, employed
from tandem.organizations.tests.factories import DistrictFactory, SchoolFactory
from tandem.people.models import StaffAssignment
from tandem.people.tests.factories import RoleGrantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    hr = RoleGrantFactory(district=DistrictFactory())
    school = SchoolFactory(district=hr.district, org_code="99000010")
    employment = employed(hr.district, 1)
    return hr, school, employment


def _row(**values):
    row = {
        "employee_number": "E1",
        "school": "99000010",
        "position": "classroom_teacher",
        "subject": "Mathematics",
        "grade_level": "4",
        "fte": "1.00",
        "start_date": "2024-08-26",
    }
    row.update(values)
    return row


def _check(hr, rows):
    return checked_rows(hr, rows, "assignments")


def test_an_assignment_is_added_then_changed_in_place(world):
    hr, school, employment = world
    applied(_check(hr, [_row()]), by=hr.user)
    assignment = StaffAssignment.objects.get(employment=employment)
    assert (assignment.school, assignment.fte) == (school, 1)
    run = _check(hr, [_row(fte="0.5", state_id="90000001", employee_number="")])
    assert (run.added, run.changed) == (0, 1)
    assert run.changes.get().fields == {"fte": ["1.00", "0.50"]}
    applied(run, by=hr.user)
    assignment.refresh_from_db()
    assert str(assignment.fte) == "0.50"


def test_an_unknown_school_and_an_unknown_educator_are_named(world):
    hr, _school, _employment = world
    other_school = SchoolFactory(org_code="99000020")  # another district's
    run = _check(hr, [_row(school=other_school.org_code), _row(employee_number="E404")])
    assert run.status == ImportRun.Status.PROBLEMS
    assert {(p.row, p.column) for p in run.problems.all()} == {
        (2, "school"),
        (3, "employee_number"),
    }
    assert not StaffAssignment.objects.filter(employment__district=hr.district).exists()


def test_assignments_left_out_end_on_the_date_given(world):
    hr, _school, employment = world
    applied(_check(hr, [_row(), _row(position="counselor", subject="")]), by=hr.user)
    run = _check(hr, [_row()])
    assert run.absent == 1
    applied(run, by=hr.user, absent_means="end", end_date=datetime.date(2026, 12, 1))
    ended = StaffAssignment.objects.get(employment=employment, position="counselor")
    assert ended.end_date == datetime.date(2026, 12, 1)
    assert (
        StaffAssignment.objects.get(employment=employment, position="classroom_teacher").end_date
        is None
    )


def test_a_central_office_assignment_has_no_school(world):
    hr, _school, employment = world
    applied(_check(hr, [_row(school="", position="district_administrator")]), by=hr.user)
    assert StaffAssignment.objects.get(employment=employment).school is None
