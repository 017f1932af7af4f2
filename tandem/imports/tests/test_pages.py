"""The import pages: who may use them, the report as a person reads it, the downloads."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tandem.imports import services
from tandem.imports.kinds import KINDS
from tandem.imports.models import ImportRun
from tandem.imports.tests.factories import checked, csv_file, educator
from tandem.organizations.tests.factories import DistrictFactory
from tandem.people.models import Employment
from tandem.people.tests.factories import EmploymentFactory, PersonFactory, RoleGrantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr():
    return RoleGrantFactory(district=DistrictFactory())


def test_hr_uploads_a_file_and_is_taken_to_its_run(client, hr, django_capture_on_commit_callbacks):
    client.force_login(hr.user)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(
            reverse("imports:run_list"),
            {"district": hr.district.pk, "kind": "educators", "file": csv_file([educator(1)])},
        )
    run = ImportRun.objects.get(district=hr.district)
    assert response.status_code == 302 and response.url == run.get_absolute_url()
    assert len(queued) == 1  # the check waits for the worker
    page = client.get(run.get_absolute_url())
    assert "Waiting to be checked" in page.content.decode()
    assert 'hx-trigger="every 2s"' in page.content.decode()


def test_an_upload_into_another_district_is_refused(client, hr):
    other = DistrictFactory()
    client.force_login(hr.user)
    response = client.post(
        reverse("imports:run_list"),
        {"district": other.pk, "kind": "educators", "file": csv_file([educator(1)])},
    )
    assert response.status_code == 400
    assert not ImportRun.objects.exists()


def test_a_report_lists_every_problem_and_downloads_them(client, hr):
    run = checked(
        district=hr.district,
        by=hr.user,
        upload=csv_file([educator(1, start_date="yesterday"), educator(2, role_group="coach")]),
    )
    client.force_login(hr.user)
    text = client.get(run.get_absolute_url()).content.decode()
    assert "The check found 2 problems: nothing was changed" in text
    assert "yesterday" in text and "coach" in text
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("imports:run_problems_csv", args=[run.pk])).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert rows[0] == ["File", "Line", "Column", "Value", "Problem"]
    assert [row[1:4] for row in rows[1:]] == [
        ["2", "start_date", "yesterday"],
        ["3", "role_group", "coach"],
    ]


def test_the_report_shows_what_will_change_then_applies(
    client, hr, django_capture_on_commit_callbacks
):
    person = PersonFactory(state_id="90000001", first_name="Ada1", last_name="Imported001")
    EmploymentFactory(person=person, district=hr.district, employee_number="E00001")
    run = checked(
        district=hr.district,
        by=hr.user,
        upload=csv_file([educator(1, last_name="Byron"), educator(2)]),
    )
    client.force_login(hr.user)
    text = client.get(run.get_absolute_url()).content.decode()
    assert "1 record added" in text and "1 record changed" in text
    assert "Imported001 → Byron" in text
    only_adds = client.get(run.get_absolute_url(), {"action": "add"}, HTTP_HX_REQUEST="true")
    assert "Imported002" in only_adds.content.decode()
    assert "Byron" not in only_adds.content.decode()
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("imports:run_apply", args=[run.pk]), {"version": run.version}
        )
    assert response.status_code == 302
    services.run_apply(run.pk)
    assert Employment.objects.filter(district=hr.district).count() == 2
    assert "What applying the file did" in client.get(run.get_absolute_url()).content.decode()


def test_applying_asks_what_records_left_out_mean(client, hr):
    EmploymentFactory(district=hr.district, employee_number="E09999")
    run = checked(district=hr.district, by=hr.user, upload=csv_file([educator(1)]))
    client.force_login(hr.user)
    response = client.post(reverse("imports:run_apply", args=[run.pk]), {"version": run.version})
    assert response.status_code == 400
    assert "Say what the 1 records the file leaves out mean" in response.content.decode()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.READY


def test_another_districts_hr_sees_no_run_and_cannot_apply_it(client, hr):
    run = checked(district=hr.district, by=hr.user, upload=csv_file([educator(1)]))
    other = RoleGrantFactory(district=DistrictFactory())
    client.force_login(other.user)
    for name in ("run_detail", "run_status", "run_problems_csv", "run_changes_csv", "run_file"):
        assert client.get(reverse(f"imports:{name}", args=[run.pk])).status_code == 404
    response = client.post(reverse("imports:run_apply", args=[run.pk]), {"version": run.version})
    assert response.status_code == 404
    run.refresh_from_db()
    assert run.status == ImportRun.Status.READY
    assert run.file_name not in client.get(reverse("imports:run_list")).content.decode()


def test_a_teacher_has_no_imports(client):
    teacher = EmploymentFactory(person=PersonFactory(signs_in=True))
    client.force_login(teacher.person.user)
    assert client.get(reverse("imports:run_list")).status_code == 404
    assert client.get(reverse("imports:template_csv", args=["educators"])).status_code == 404


def test_the_file_downloads_again_as_uploaded(client, hr):
    upload = csv_file([educator(1)])
    content = upload.read()
    upload.seek(0)
    run = services.run_start(district=hr.district, kind="educators", upload=upload, by=hr.user)
    client.force_login(hr.user)
    response = client.get(reverse("imports:run_file", args=[run.pk]))
    assert b"".join(response.streaming_content) == content
    assert f"import-{run.pk}.csv" in response["Content-Disposition"]


@pytest.mark.parametrize("kind", [slug for slug, kind in KINDS.items() if kind.has_template])
def test_the_templates_hold_the_header_and_an_example(client, hr, kind):
    client.force_login(hr.user)
    text = client.get(reverse("imports:template_csv", args=[kind])).content.decode("utf-8-sig")
    header, example = list(csv.reader(io.StringIO(text)))
    assert header == KINDS[kind].headers and len(example) == len(header)
    book = load_workbook(
        io.BytesIO(client.get(reverse("imports:template_xlsx", args=[kind])).content)
    )
    assert [cell.value for cell in book.active[1]] == header
    page = client.get(reverse("imports:kind_help", args=[kind])).content.decode()
    assert all(f"<code>{name}</code>" in page for name in header)


def test_a_oneroster_set_has_its_files_explained_and_no_template(client, hr):
    client.force_login(hr.user)
    page = client.get(reverse("imports:kind_help", args=["oneroster"])).content.decode()
    assert "<code>roles.csv</code>" in page and "primaryOrgSourcedId" in page
    assert client.get(reverse("imports:template_csv", args=["oneroster"])).status_code == 404


def test_an_example_template_checks_clean_once_its_references_exist(client, hr):
    """The educators template as downloaded is a file Tandem takes."""
    client.force_login(hr.user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tandem.organizations.tests.factories import BargainingUnitFactory

    BargainingUnitFactory(district=hr.district, code="A")
    content = client.get(reverse("imports:template_csv", args=["educators"])).content
    run = checked(district=hr.district, by=hr.user, upload=SimpleUploadedFile("t.csv", content))
    assert (run.status, run.added) == (ImportRun.Status.READY, 1)


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_of_runs_takes_the_same_queries_however_long(
    client, hr, count, django_assert_num_queries
):
    for _ in range(count):
        services.run_start(
            district=hr.district, kind="educators", upload=csv_file([educator(1)]), by=hr.user
        )
    client.force_login(hr.user)
    client.get(reverse("imports:run_list"))  # the session and roles, once
    with django_assert_num_queries(9):
        client.get(reverse("imports:run_list"))
