"""Evaluator assignments: named by educator, evaluator, role and school year."""

import datetime

import pytest

from tandem.imports.models import ImportRun
from tandem.imports.tests.factories import applied, checked_rows, employed
from tandem.organizations.tests.factories import DistrictFactory, SchoolYearFactory
from tandem.people.models import EvaluatorAssignment
from tandem.people.tests.factories import EmploymentFactory, PersonFactory, RoleGrantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    hr = RoleGrantFactory(district=DistrictFactory())
    SchoolYearFactory(district=hr.district)
    teacher = employed(hr.district, 1)
    principal = employed(hr.district, 2)
    EmploymentFactory(district=hr.district, employee_number="E3")
    return hr, teacher, principal


def _row(**values):
    row = {
        "evaluatee_employee_number": "E1",
        "evaluator_employee_number": "E2",
        "role": "primary",
        "school_year": "2026-27",
        "start_date": "2026-08-31",
    }
    row.update(values)
    return row


def _check(hr, rows):
    return checked_rows(hr, rows, "evaluator_assignments")


def test_an_assignment_is_added_changed_in_place_and_unchanged_again(world):
    hr, teacher, principal = world
    applied(_check(hr, [_row()]), by=hr.user)
    assignment = EvaluatorAssignment.objects.get(evaluatee=teacher)
    assert (assignment.evaluator, assignment.role) == (principal.person, "primary")
    assert assignment.history.get().history_user == hr.user

    by_mepid = _row(
        evaluatee_employee_number="",
        evaluatee_state_id="90000001",
        evaluator_employee_number="",
        evaluator_state_id="90000002",
        end_date="2027-01-29",
    )
    run = _check(hr, [by_mepid])
    assert (run.added, run.changed, run.absent) == (0, 1, 0)
    assert run.changes.get().fields == {"end_date": ["", "2027-01-29"]}
    applied(run, by=hr.user)
    assignment.refresh_from_db()
    assert assignment.end_date == datetime.date(2027, 1, 29)
    assert _check(hr, [by_mepid]).status == ImportRun.Status.UNCHANGED


def test_assignments_left_out_end_on_the_date_given(world):
    hr, teacher, _principal = world
    applied(
        _check(hr, [_row(), _row(role="co_observer", evaluator_employee_number="E3")]), by=hr.user
    )
    run = _check(hr, [_row()])
    assert run.absent == 1
    applied(run, by=hr.user, absent_means="end", end_date=datetime.date(2026, 12, 1))
    ended = EvaluatorAssignment.objects.get(evaluatee=teacher, role="co_observer")
    assert ended.end_date == datetime.date(2026, 12, 1)
    assert EvaluatorAssignment.objects.get(evaluatee=teacher, role="primary").end_date is None


def test_each_reference_problem_is_named_and_nothing_changes(world):
    hr, _teacher, _principal = world
    EmploymentFactory(employee_number="E9", person=PersonFactory(state_id="90000009"))  # elsewhere
    run = _check(
        hr,
        [
            _row(evaluatee_employee_number="E404"),
            _row(evaluator_employee_number="", evaluator_state_id="90000009"),
            _row(school_year="2019-20"),
            _row(role="mentor"),
            _row(evaluator_employee_number="E1", role="supervising"),
            _row(evaluatee_employee_number="E3", end_date="2026-01-01"),
        ],
    )
    assert run.status == ImportRun.Status.PROBLEMS
    assert {(p.row, p.column) for p in run.problems.all()} == {
        (2, "evaluatee_employee_number"),
        (3, "evaluator_state_id"),
        (4, "school_year"),
        (5, "role"),
        (6, "evaluator_employee_number"),
        (7, "end_date"),
    }
    assert not EvaluatorAssignment.objects.filter(evaluatee__district=hr.district).exists()


def test_a_second_primary_evaluator_in_a_year_is_a_problem(world):
    hr, _teacher, _principal = world
    applied(_check(hr, [_row()]), by=hr.user)
    run = _check(hr, [_row(evaluator_employee_number="E3")])
    assert {(p.row, p.column) for p in run.problems.all()} == {(2, "role")}
    twice = _check(
        hr,
        [
            _row(evaluatee_employee_number="E3"),
            _row(evaluatee_employee_number="E3", evaluator_employee_number="E1"),
        ],
    )
    assert [p.row for p in twice.problems.all()] == [3]
