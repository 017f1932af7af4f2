"""The pipeline on educators: check, report, apply all or nothing, re-import (issue 12)."""

import datetime

import pytest

from tandem.errors import DomainError
from tandem.imports import services
from tandem.imports.models import ImportChange, ImportRun
from tandem.imports.tests.factories import applied, checked, csv_file, educator
from tandem.organizations.tests.factories import BargainingUnitFactory, DistrictFactory
from tandem.people.models import Employment, Person
from tandem.people.tests.factories import EmploymentFactory, PersonFactory, RoleGrantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr():
    return RoleGrantFactory(district=DistrictFactory())


def test_a_clean_file_is_planned_then_applied_with_history(hr):
    district = hr.district
    run = checked(district=district, by=hr.user, upload=csv_file([educator(1), educator(2)]))
    assert run.status == ImportRun.Status.READY
    assert (run.rows_read, run.added, run.changed, run.problem_count) == (2, 2, 0, 0)
    assert not Employment.objects.filter(district=district).exists()

    run = applied(run, by=hr.user)
    assert run.status == ImportRun.Status.APPLIED
    employment = Employment.objects.get(district=district, employee_number="E00001")
    assert employment.person.state_id == "90000001"
    assert employment.role_start_date == datetime.date(2020, 8, 24)
    assert employment.history.get().history_user == hr.user


def test_the_same_file_again_changes_nothing_and_says_so(hr):
    rows = [educator(1), educator(2)]
    applied(checked(district=hr.district, by=hr.user, upload=csv_file(rows)), by=hr.user)
    again = checked(district=hr.district, by=hr.user, upload=csv_file(rows))
    assert again.status == ImportRun.Status.UNCHANGED
    assert (again.added, again.changed, again.unchanged) == (0, 0, 2)
    with pytest.raises(DomainError):
        services.run_apply_request(
            run=again, by=hr.user, version=again.version, absent_means="", end_date=None
        )


def test_a_changed_file_changes_only_what_changed(hr):
    applied(
        checked(district=hr.district, by=hr.user, upload=csv_file([educator(1), educator(2)])),
        by=hr.user,
    )
    run = checked(
        district=hr.district,
        by=hr.user,
        upload=csv_file([educator(1, last_name="Married"), educator(2), educator(3)]),
    )
    assert (run.added, run.changed, run.unchanged) == (1, 1, 1)
    change = run.changes.get(action=ImportChange.Action.CHANGE)
    assert change.fields == {"last_name": ["Imported001", "Married"]}
    applied(run, by=hr.user)
    assert Person.objects.get(state_id="90000001").last_name == "Married"
    assert Person.objects.filter(state_id__in=["90000002", "90000003"]).count() == 2


def test_records_left_out_end_only_when_the_person_says_so(hr):
    first = checked(district=hr.district, by=hr.user, upload=csv_file([educator(1), educator(2)]))
    applied(first, by=hr.user)
    run = checked(district=hr.district, by=hr.user, upload=csv_file([educator(1)]))
    assert run.absent == 1
    with pytest.raises(DomainError, match="leaves out"):
        services.run_apply_request(
            run=run, by=hr.user, version=run.version, absent_means="", end_date=None
        )
    with pytest.raises(DomainError, match="date"):
        services.run_apply_request(
            run=run, by=hr.user, version=run.version, absent_means="end", end_date=None
        )
    applied(run, by=hr.user, absent_means="end", end_date=datetime.date(2026, 11, 30))
    left = Employment.objects.get(employee_number="E00002")
    assert left.end_date == datetime.date(2026, 11, 30)
    assert Employment.objects.get(employee_number="E00001").end_date is None


def test_records_left_out_stay_when_ignored(hr):
    applied(
        checked(district=hr.district, by=hr.user, upload=csv_file([educator(1), educator(2)])),
        by=hr.user,
    )
    run = checked(district=hr.district, by=hr.user, upload=csv_file([educator(1)]))
    applied(run, by=hr.user, absent_means="ignore")
    assert Employment.objects.get(employee_number="E00002").end_date is None


def test_a_row_matches_an_educator_known_from_another_district(hr):
    person = PersonFactory(state_id="90000001", first_name="Ada1", last_name="Imported001")
    EmploymentFactory(person=person)
    run = checked(district=hr.district, by=hr.user, upload=csv_file([educator(1)]))
    applied(run, by=hr.user)
    assert person.employments.filter(district=hr.district).exists()
    assert Person.objects.filter(state_id="90000001").count() == 1


def test_a_bargaining_unit_is_named_by_its_code(hr):
    unit = BargainingUnitFactory(district=hr.district, code="A")
    run = checked(
        district=hr.district, by=hr.user, upload=csv_file([educator(1, bargaining_unit="A")])
    )
    applied(run, by=hr.user)
    assert Employment.objects.get(employee_number="E00001").bargaining_unit == unit


def test_an_apply_that_fails_half_way_changes_nothing_and_can_run_again(hr, monkeypatch):
    run = checked(district=hr.district, by=hr.user, upload=csv_file([educator(1), educator(2)]))
    services.run_apply_request(
        run=run, by=hr.user, version=run.version, absent_means="", end_date=None
    )
    from tandem.imports.kinds.educators import Educators

    original = Educators._apply_changes

    def stop_after_the_adds(self, *args, **kwargs):
        assert Employment.objects.filter(district=hr.district).count() == 2  # written...
        raise RuntimeError("worker stopped")

    monkeypatch.setattr(Educators, "_apply_changes", stop_after_the_adds)
    with pytest.raises(RuntimeError):
        services.run_apply(run.pk)
    assert not Employment.objects.filter(district=hr.district).exists()  # ...and rolled back
    assert not Person.objects.filter(state_id="90000001").exists()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.READY
    assert "Nothing was changed" in run.failure

    monkeypatch.setattr(Educators, "_apply_changes", original)
    assert applied(run, by=hr.user).status == ImportRun.Status.APPLIED
    assert Employment.objects.filter(district=hr.district).count() == 2


def test_records_that_moved_since_the_check_are_checked_again(
    hr, django_capture_on_commit_callbacks
):
    run = checked(district=hr.district, by=hr.user, upload=csv_file([educator(1)]))
    services.run_apply_request(
        run=run, by=hr.user, version=run.version, absent_means="", end_date=None
    )
    EmploymentFactory(
        district=hr.district, person=PersonFactory(state_id="90000001"), employee_number="E00001"
    )
    run = services.run_apply(run.pk)
    assert run.status == ImportRun.Status.QUEUED
    assert "checked again" in run.failure
    assert Employment.objects.filter(district=hr.district).count() == 1


def test_a_stale_apply_request_is_refused(hr):
    run = checked(district=hr.district, by=hr.user, upload=csv_file([educator(1)]))
    from tandem.records.versions import StaleVersion

    with pytest.raises(StaleVersion):
        services.run_apply_request(
            run=run, by=hr.user, version=run.version - 1, absent_means="", end_date=None
        )


def test_a_mepid_of_someone_else_by_name_is_a_problem(hr):
    PersonFactory(state_id="90000001", first_name="Uma", last_name="Gomes")
    run = checked(district=hr.district, by=hr.user, upload=csv_file([educator(1)]))
    assert run.status == ImportRun.Status.PROBLEMS
    problem = run.problems.get()
    assert (problem.row, problem.column, problem.value) == (2, "state_id", "90000001")
    assert "Uma Gomes" in problem.reason


def test_an_apply_whose_worker_was_killed_may_run_again_later(hr):
    run = checked(district=hr.district, by=hr.user, upload=csv_file([educator(1)]))
    services.run_apply_request(
        run=run, by=hr.user, version=run.version, absent_means="", end_date=None
    )
    run.refresh_from_db()  # the worker died here: nothing was written, the run says applying
    with pytest.raises(DomainError):
        services.run_apply_request(
            run=run, by=hr.user, version=run.version, absent_means="", end_date=None
        )
    ImportRun.objects.filter(pk=run.pk).update(
        applied_at=run.applied_at - datetime.timedelta(minutes=16)
    )
    run.refresh_from_db()
    assert run.may_apply
    assert applied(run, by=hr.user).status == ImportRun.Status.APPLIED
