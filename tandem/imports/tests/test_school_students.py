"""Students per school: counts matched on the school's code and the school year."""

import datetime

import pytest

from tandem.imports.models import ImportRun
from tandem.imports.tests.factories import applied, checked, checked_rows, csv_file
from tandem.organizations.models import SchoolEnrollment
from tandem.organizations.tests.factories import (
    DistrictFactory,
    SchoolFactory,
    SchoolYearFactory,
)
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import RoleGrantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr():
    hr = RoleGrantFactory(district=DistrictFactory())
    SchoolFactory(district=hr.district, org_code="81110001")
    SchoolYearFactory(district=hr.district, name="2025-26", start_date=datetime.date(2025, 8, 25))
    return hr


def _row(**values):
    row = {
        "school_code": "81110001",
        "school_year": "2025-26",
        "total": "400",
        "economically_disadvantaged": "120",
        "english_learners": "50",
        "with_disabilities": "70",
        "hispanic_latino": "90",
        "american_indian_alaska_native": "2",
        "asian": "30",
        "black_african_american": "40",
        "native_hawaiian_pacific_islander": "1",
        "white": "220",
        "multiracial": "17",
    }
    row.update(values)
    return row


def _problems(run):
    return {(p.row, p.column, p.reason) for p in run.problems.all()}


def test_a_clean_file_is_added_changed_in_place_and_unchanged_again(hr):
    run = checked_rows(hr, [_row()], "school_students")
    assert (run.added, run.changed, run.unchanged) == (1, 0, 0)
    applied(run, by=hr.user)
    enrollment = SchoolEnrollment.objects.get(school__org_code="81110001")
    assert (enrollment.total, enrollment.white, enrollment.school_year.name) == (
        400,
        220,
        "2025-26",
    )
    assert enrollment.history.get().history_user == hr.user

    again = checked_rows(hr, [_row()], "school_students")
    assert again.status == ImportRun.Status.UNCHANGED

    run = checked_rows(hr, [_row(total="410", white="230")], "school_students")
    assert (run.added, run.changed, run.unchanged) == (0, 1, 0)
    assert run.changes.get().fields == {"total": ["400", "410"], "white": ["220", "230"]}
    applied(run, by=hr.user)
    enrollment.refresh_from_db()
    assert (enrollment.total, enrollment.white) == (410, 230)
    assert SchoolEnrollment.objects.filter(school__org_code="81110001").count() == 1


def test_each_bad_row_is_named_and_nothing_changes(hr):
    SchoolFactory(org_code="82220002")  # another district's
    run = checked_rows(
        hr,
        [
            _row(school_code="89990009"),
            _row(school_code="82220002"),
            _row(school_year="2031-32"),
            _row(economically_disadvantaged="401"),
            _row(white="300"),
            _row(asian="many", total="-3"),
            _row(),
            _row(),
        ],
        "school_students",
    )
    assert run.status == ImportRun.Status.PROBLEMS
    problems = _problems(run)
    assert (2, "school_code", "names no school in Tandem: import the schools first") in problems
    assert (3, "school_code", "is another district's school") in problems
    assert (4, "school_year", "is not a school year of the school's district") in problems
    assert (5, "economically_disadvantaged", "is more than the total (400)") in problems
    assert (
        6,
        "multiracial",
        "the seven race and ethnicity counts add up to 480, more than the total",
    ) in problems
    number = "is not a number of students: a whole number, 0 or more"
    assert {(7, "asian", number), (7, "total", number)} <= problems
    # The same school and year again: every such row after the first (line 5) is named.
    assert {(8, "", "is also on line 5"), (9, "", "is also on line 5")} <= problems
    assert not SchoolEnrollment.objects.filter(school__district=hr.district).exists()


def test_the_state_loads_any_school_of_the_state(hr):
    state_admin = RoleGrantFactory(role=RoleGrant.Role.STATE_ADMIN, district=None)
    run = checked(
        state=hr.district.state,
        by=state_admin.user,
        kind="school_students",
        upload=csv_file([_row()], kind="school_students"),
    )
    assert run.added == 1, _problems(run)
    applied(run, by=state_admin.user)
    assert SchoolEnrollment.objects.get(school__org_code="81110001").total == 400
