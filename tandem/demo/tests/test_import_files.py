"""The demo's files to import: the clean ones check clean against the demo, the others report
each kind of mistake, and the Imports page offers them to the first district's HR."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import TODAY
from tandem.demo.import_files import files_write
from tandem.imports.models import ImportRun
from tandem.imports.tests.factories import applied, checked
from tandem.imports.views import DEMO_FILES, demo_file_path
from tandem.organizations.models import District, School
from tandem.people.models import Employment, StaffAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    first = District.objects.order_by("pk").first()
    files_write(first, TODAY)
    return first


def _check(district, hr, name, kind):
    with default_storage.open(demo_file_path(district, name), "rb") as stream:
        upload = SimpleUploadedFile(name, stream.read(), "text/csv")
    return checked(district=district, by=hr, upload=upload, kind=kind)


def test_the_clean_files_check_clean_and_apply(district, user_of):
    hr = user_of("hr@example.org")
    run = _check(district, hr, "educators.csv", "educators")
    assert (run.status, run.problem_count) == (ImportRun.Status.READY, 0)
    assert (run.added, run.changed, run.absent) == (4, 3, 2)
    applied(run, by=hr, absent_means=ImportRun.Absent.END, end_date=TODAY)
    assert Employment.objects.get(district=district, employee_number="HR-90001").person.last_name
    assert Employment.objects.filter(district=district, end_date=TODAY).count() == 2

    assignments = _check(district, hr, "assignments.csv", "assignments")
    assert (assignments.status, assignments.problem_count) == (ImportRun.Status.READY, 0)
    assert (assignments.added, assignments.changed, assignments.absent) == (4, 0, 0)
    again = _check(district, hr, "educators.csv", "educators")
    assert again.status == ImportRun.Status.UNCHANGED


def _reasons(run) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for problem in run.problems.all():
        found.setdefault(problem.column, set()).add(problem.reason)
    return found


def test_the_educators_file_with_mistakes_reports_each_kind(district, user_of):
    run = _check(district, user_of("hr@example.org"), "educators-with-problems.csv", "educators")
    reasons = _reasons(run)
    assert run.status == ImportRun.Status.PROBLEMS
    assert reasons["start_date"] == {"is not a date written as YYYY-MM-DD"}
    assert "is not one of" in next(iter(reasons["role_group"]))
    assert reasons["state_id"] >= {"is not a MEPID: eight digits"}
    assert any("check the MEPID" in reason for reason in reasons["state_id"])
    assert reasons["has_pts"] == {"is only for teachers and SISP"}
    assert reasons["bargaining_unit"] == {"is not a bargaining unit of this district"}
    assert reasons["email"] == {"is not an e-mail address"}
    assert reasons["end_date"] == {"is before the start date"}
    assert reasons["separation_reason"] == {"needs an end date"}
    assert reasons["last_name"] == {"is required"}
    assert any(reason.startswith("is also on line") for reason in reasons[""])
    assert not Employment.objects.filter(employee_number="HR-90001").exists()


def test_the_assignments_file_with_mistakes_reports_each_kind(district, user_of):
    run = _check(
        district, user_of("hr@example.org"), "assignments-with-problems.csv", "assignments"
    )
    reasons = _reasons(run)
    assert reasons["school"] == {"is not a school of this district"}
    assert reasons["fte"] == {"is not between 0.01 and 1.00"}
    assert "is not one of" in next(iter(reasons["position"]))
    assert reasons["employee_number"] == {
        "names no educator of this district: import the educators first"
    }
    assert reasons["start_date"] == {"is not a date written as YYYY-MM-DD"}
    assert any(reason.startswith("is also on line") for reason in reasons[""])


def test_the_imports_page_offers_the_files_to_the_first_districts_hr(
    client, district, user_of, settings
):
    settings.DEMO_MODE = True
    client.force_login(user_of("hr@example.org"))
    page = client.get(reverse("imports:run_list")).content.decode()
    assert "Try it with the demo's files" in page
    response = client.get(reverse("imports:demo_file", args=["educators.csv"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"state_id,employee_number,")
    assert client.get(reverse("imports:demo_file", args=["passwords.csv"])).status_code == 404


def test_nobody_else_gets_them_and_nobody_outside_the_demo(client, district, settings, user_of):
    from tandem.people.tests.factories import RoleGrantFactory

    other_hr = RoleGrantFactory(district=District.objects.order_by("pk")[1])
    url = reverse("imports:demo_file", args=["educators.csv"])
    settings.DEMO_MODE = True
    client.force_login(other_hr.user)
    assert client.get(url).status_code == 404
    assert "Try it" not in client.get(reverse("imports:run_list")).content.decode()
    settings.DEMO_MODE = False
    client.force_login(user_of("hr@example.org"))
    assert client.get(url).status_code == 404
    assert "Try it" not in client.get(reverse("imports:run_list")).content.decode()


def _demo_check(district, hr, name):
    return _check(district, hr, name, DEMO_FILES[name].kind)


@pytest.mark.parametrize(
    ("name", "added"),
    [
        ("schools.csv", 1),
        ("licenses.csv", 1),
        ("evaluator-assignments.csv", 1),
        ("prior-ratings.csv", 24),
    ],
)
def test_every_other_kinds_clean_file_checks_clean(district, user_of, name, added):
    run = _demo_check(district, user_of("hr@example.org"), name)
    assert run.problem_count == 0, list(run.problems.values_list("column", "value", "reason"))
    assert (run.status, run.added, run.changed, run.absent) == (
        ImportRun.Status.READY,
        added,
        0,
        0,
    )


def test_every_file_is_written_and_offered(district):
    for name in DEMO_FILES:
        assert default_storage.exists(demo_file_path(district, name)), name


MISTAKES = {
    "schools-with-problems.csv": {
        "org_code": {"is not an organization code: eight digits", "is another district's school"},
        "name": {"is required"},
        "level": "is not one of",
        "grade_span": {"is longer than 20 characters"},
        "district_code": "is not this district's code",
        "": "is also on line",
    },
    "licenses-with-problems.csv": {
        "state_id": {
            "is not a MEPID: eight digits",
            "is not an educator of this district",
            "names no educator in Tandem: import the educators first",
        },
        "license_number": {"is another educator's license"},
        "expires_on": {"is not after the day it was issued"},
        "role": "is not one of",
        "stage": "is not one of",
        "issued_on": {"is not a date written as YYYY-MM-DD"},
        "field": {"is required"},
        "": "is also on line",
    },
    "evaluator-assignments-with-problems.csv": {
        "evaluatee_employee_number": {
            "names no educator of this district: import the educators first",
            "or the MEPID is required",
        },
        "evaluator_employee_number": {"is the educator evaluated"},
        "school_year": {"is not a school year of this district, such as 2026-27"},
        "end_date": {"is before the start date"},
        "role": "the educator already has another primary evaluator",
        "start_date": {"is not a date written as YYYY-MM-DD"},
        "": "is also on line",
    },
    "prior-ratings-with-problems.csv": {
        "employee_number": {
            "names no educator of this district: import the educators first",
            "or the MEPID is required",
        },
        "school_year": {"is not a school year of this district, such as 2026-27"},
        "plan_type": "is not one of",
        "overall_rating": {"is required"},
        "standard_2": "is not one of",
        "evaluated_on": {"is not a date written as YYYY-MM-DD"},
        "": "is also on line",
    },
    "oneroster-with-problems.zip": {
        "identifier": {
            "is not this district's code (%s)",
            "is not an organization code: eight digits",
            "is another district's school",
        },
        "metadata.level": "is needed for a school Tandem does not hold yet",
        "userIds": {"is not a MEPID: eight digits"},
        "givenName": {"is required"},
        "primaryOrgSourcedId": {"refers to a sourcedId that is in neither orgs.csv nor Tandem"},
        "status": {"is not active or tobedeleted", "is for delta files only"},
        "email": {"is not an e-mail address"},
        "userSourcedId": {"refers to a sourcedId that is in neither users.csv nor Tandem"},
        "orgSourcedId": {"refers to a sourcedId that is in neither orgs.csv nor Tandem"},
        "beginDate": {
            "is not a date YYYY-MM-DD",
            "is needed for a new educator: the first day of their employment",
        },
        "": "is also on line",
    },
}


@pytest.mark.parametrize("name", MISTAKES)
def test_every_file_with_mistakes_reports_each_kind(district, user_of, name):
    run = _demo_check(district, user_of("hr@example.org"), name)
    assert run.status == ImportRun.Status.PROBLEMS
    reasons = _reasons(run)
    for column, expected in MISTAKES[name].items():
        found = reasons.get(column, set())
        if isinstance(expected, set):
            expected = {reason.replace("%s", district.org_code) for reason in expected}
            assert found >= expected, (column, found)
        else:
            assert any(expected in reason for reason in found), (column, found)


def test_the_oneroster_bulk_set_adds_a_school_and_the_new_hires(district, user_of):
    hr = user_of("hr@example.org")
    run = _demo_check(district, hr, "oneroster-bulk.zip")
    assert run.problem_count == 0, list(run.problems.values_list("file", "column", "reason"))
    assert (run.status, run.added, run.changed, run.absent) == (ImportRun.Status.READY, 5, 0, 2)
    applied(run, by=hr, absent_means=ImportRun.Absent.END, end_date=TODAY)
    opened = School.objects.get(district=district, name="Riverbend Middle")
    assert opened.level == "middle"
    hire = Employment.objects.get(district=district, employee_number="HR-90001")
    assert hire.assignments.get().school == opened
    assert Employment.objects.filter(district=district, end_date=TODAY).count() == 2
    assert _demo_check(district, hr, "oneroster-bulk.zip").status == ImportRun.Status.UNCHANGED


def test_the_oneroster_delta_ends_renames_and_moves(district, user_of):
    hr = user_of("hr@example.org")
    run = _demo_check(district, hr, "oneroster-delta.zip")
    assert run.problem_count == 0, list(run.problems.values_list("file", "column", "reason"))
    assert (run.status, run.changed, run.absent) == (ImportRun.Status.READY, 3, 0)
    moved = run.changes.get(fields__has_key="school")
    applied(run, by=hr)
    assert Employment.objects.filter(district=district, end_date=TODAY).count() == 1
    assert StaffAssignment.objects.filter(
        employment__district=district, start_date=TODAY, school__org_code=moved.fields["school"][1]
    ).exists()
