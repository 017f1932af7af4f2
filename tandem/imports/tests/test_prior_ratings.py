"""Summative ratings from before Tandem: one per educator and school year."""

import datetime

import pytest

from tandem.evaluation.models import PriorRating
from tandem.imports.models import ImportRun
from tandem.imports.tests.factories import applied, checked_rows, employed
from tandem.organizations.tests.factories import DistrictFactory, SchoolYearFactory
from tandem.people.tests.factories import EmploymentFactory, PersonFactory, RoleGrantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    hr = RoleGrantFactory(district=DistrictFactory())
    SchoolYearFactory(
        district=hr.district,
        name="2023-24",
        start_date=datetime.date(2023, 8, 28),
        end_date=datetime.date(2024, 6, 14),
    )
    employment = employed(hr.district, 1)
    return hr, employment


def _row(**values):
    row = {
        "employee_number": "E1",
        "school_year": "2023-24",
        "plan_type": "self_directed",
        "overall_rating": "proficient",
        "standard_1": "proficient",
        "standard_2": "exemplary",
        "standard_3": "proficient",
        "standard_4": "proficient",
        "evaluated_on": "2024-05-20",
    }
    row.update(values)
    return row


def _check(hr, rows):
    return checked_rows(hr, rows, "prior_ratings")


def test_a_rating_is_added_changed_in_place_and_unchanged_again(world):
    hr, employment = world
    applied(_check(hr, [_row()]), by=hr.user)
    rating = PriorRating.objects.get(employment=employment)
    assert (rating.overall_rating, rating.standard_2) == ("proficient", "exemplary")
    assert rating.history.get().history_user == hr.user

    changed = _row(
        employee_number="", state_id="90000001", standard_4="", overall_rating="exemplary"
    )
    run = _check(hr, [changed])
    assert (run.added, run.changed) == (0, 1)
    assert run.changes.get().fields == {
        "overall_rating": ["proficient", "exemplary"],
        "standard_4": ["proficient", ""],
    }
    applied(run, by=hr.user)
    rating.refresh_from_db()
    assert (rating.overall_rating, rating.standard_4) == ("exemplary", "")
    assert _check(hr, [changed]).status == ImportRun.Status.UNCHANGED


def test_each_reference_problem_is_named_and_nothing_changes(world):
    hr, _employment = world
    EmploymentFactory(district=hr.district, employee_number="E2")
    EmploymentFactory(employee_number="E9", person=PersonFactory(state_id="90000009"))  # elsewhere
    run = _check(
        hr,
        [
            _row(employee_number="E404"),
            _row(employee_number="", state_id="90000009"),
            _row(school_year="2026-27"),
            _row(
                employee_number="E2", overall_rating="meets", standard_3="good", plan_type="growth"
            ),
            _row(),
            # The same educator and year, named by MEPID this time.
            _row(employee_number="", state_id="90000001"),
        ],
    )
    assert run.status == ImportRun.Status.PROBLEMS
    assert {(p.row, p.column) for p in run.problems.all()} == {
        (2, "employee_number"),
        (3, "state_id"),
        (4, "school_year"),
        (5, "overall_rating"),
        (5, "standard_3"),
        (5, "plan_type"),
        (7, ""),
    }
    assert not PriorRating.objects.filter(employment__district=hr.district).exists()
