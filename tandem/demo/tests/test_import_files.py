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
from tandem.imports.views import demo_file_path
from tandem.organizations.models import District
from tandem.people.models import Employment

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
