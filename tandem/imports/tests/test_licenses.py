"""Licenses: the person's across districts, loaded by a district that employs them."""

import datetime

import pytest

from tandem.imports.models import ImportRun
from tandem.imports.tests.factories import applied, checked_rows
from tandem.licensure.models import License
from tandem.licensure.tests.factories import LicenseFactory
from tandem.organizations.tests.factories import DistrictFactory
from tandem.people.tests.factories import EmploymentFactory, PersonFactory, RoleGrantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr():
    hr = RoleGrantFactory(district=DistrictFactory())
    EmploymentFactory(district=hr.district, person=PersonFactory(state_id="90000001"))
    # Employed here once, no longer: still the district's to load.
    EmploymentFactory(
        district=hr.district,
        person=PersonFactory(state_id="90000002"),
        end_date=datetime.date(2025, 6, 30),
    )
    return hr


def _row(**values):
    row = {
        "state_id": "90000001",
        "license_number": "412345",
        "field": "Mathematics",
        "grade_levels": "5-8",
        "role": "teacher",
        "stage": "initial",
        "issued_on": "2021-07-01",
        "expires_on": "2026-06-30",
    }
    row.update(values)
    return row


def _check(hr, rows):
    return checked_rows(hr, rows, "licenses")


def _problems(run):
    return {(p.row, p.column, p.reason) for p in run.problems.all()}


def test_a_license_is_added_changed_in_place_and_unchanged_again(hr):
    applied(_check(hr, [_row(), _row(state_id="90000002", license_number="7")]), by=hr.user)
    license = License.objects.get(license_number="412345")
    assert (license.person.state_id, license.stage) == ("90000001", "initial")
    assert license.history.get().history_user == hr.user

    run = _check(hr, [_row(stage="professional", expires_on="2031-06-30")])
    assert (run.added, run.changed, run.unchanged, run.absent) == (0, 1, 0, 0)
    assert run.changes.get().fields == {
        "stage": ["initial", "professional"],
        "expires_on": ["2026-06-30", "2031-06-30"],
    }
    applied(run, by=hr.user)
    license.refresh_from_db()
    assert (license.stage, license.expires_on) == ("professional", datetime.date(2031, 6, 30))

    again = _check(hr, [_row(stage="professional", expires_on="2031-06-30")])
    assert again.status == ImportRun.Status.UNCHANGED
    # A license the file leaves out stays.
    assert License.objects.filter(license_number="7").exists()


def test_each_reference_problem_is_named_and_nothing_changes(hr):
    stranger = EmploymentFactory(person=PersonFactory(state_id="90000009"))  # another district's
    LicenseFactory(person=stranger.person, license_number="555")
    run = _check(
        hr,
        [
            _row(state_id="90000404"),
            _row(state_id="90000009", license_number="9"),
            _row(license_number="555"),
            _row(license_number="10", stage="preliminary", role="coach"),
            _row(license_number="11", expires_on="2020-01-01"),
            _row(license_number="12"),
            _row(license_number="12"),
        ],
    )
    assert run.status == ImportRun.Status.PROBLEMS
    problems = _problems(run)
    assert (2, "state_id", "names no educator in Tandem: import the educators first") in problems
    assert (3, "state_id", "is not an educator of this district") in problems
    assert (4, "license_number", "is another educator's license") in problems
    assert {(row, column) for row, column, _reason in problems if row == 5} == {
        (5, "stage"),
        (5, "role"),
    }
    assert (6, "expires_on", "is not after the day it was issued") in problems
    assert any(row == 8 and "also on line 7" in reason for row, _c, reason in problems)
    assert not License.objects.filter(person__employments__district=hr.district).exists()


def test_the_mepid_is_required(hr):
    run = _check(hr, [_row(state_id="")])
    assert _problems(run) == {(2, "state_id", "is required")}
