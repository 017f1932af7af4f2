import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tandem.interop import services
from tandem.interop.models import EdfiExport
from tandem.organizations.models import District
from tandem.people.tests.factories import RoleGrantFactory
from tandem.records.models import AccessLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(user_of):
    return user_of("hr@example.org")


def _start(client, django_capture_on_commit_callbacks, scope):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("interop:export_list"), {"scope": scope})


def test_hr_starts_an_export_of_her_district_as_background_work_and_downloads_the_zip(
    signed_in, hr, django_capture_on_commit_callbacks
):
    client = signed_in(hr)
    district = District.objects.get(
        pk=next(iter(hr.role_grants.values_list("district", flat=True)))
    )
    response = _start(client, django_capture_on_commit_callbacks, district.pk)
    export = EdfiExport.objects.get(requested_by=hr)
    assert response.url == export.get_absolute_url()
    assert export.district == district and export.status == EdfiExport.Status.QUEUED
    assert DBTaskResult.objects.filter(task_path="tandem.interop.tasks.edfi_export_run").exists()
    page = client.get(export.get_absolute_url())
    assert b"hx-trigger" in page.content  # the status polls until the file is ready

    services.edfi_export_run_now(export_id=export.pk)

    page = client.get(export.get_absolute_url())
    assert "Download the zip" in page.content.decode()
    # The demo's first district has new hires whose state identifier is pending.
    assert "people without a state educator identifier yet" in page.content.decode()
    download = client.get(reverse("interop:export_download", args=[export.pk]))
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert {
        "EducationOrganization.xml",
        "StaffAssociation.xml",
        "PerformanceEvaluation.xml",
    } <= set(names)
    assert "json/performanceEvaluationRatings.json" in names


def test_hr_cannot_export_another_district_and_nothing_is_queued(
    signed_in, hr, django_capture_on_commit_callbacks
):
    other = District.objects.exclude(role_grants__user=hr).first()
    response = _start(signed_in(hr), django_capture_on_commit_callbacks, other.pk)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not EdfiExport.objects.exists()


def test_hr_cannot_export_the_state(signed_in, hr, django_capture_on_commit_callbacks):
    _start(signed_in(hr), django_capture_on_commit_callbacks, "state")
    assert not EdfiExport.objects.exists()


def test_the_state_administrator_exports_the_state(
    signed_in, user_of, django_capture_on_commit_callbacks
):
    admin = user_of("state.admin@example.org")
    _start(signed_in(admin), django_capture_on_commit_callbacks, "state")
    assert EdfiExport.objects.get(requested_by=admin).district is None


@pytest.mark.parametrize("who", ["other district's HR", "state administrator"])
def test_only_who_asked_for_an_export_opens_or_downloads_it(signed_in, hr, user_of, who):
    district = District.objects.filter(role_grants__user=hr).first()
    export = EdfiExport.objects.create(district=district, requested_by=hr, status="done")
    if who == "state administrator":
        reader = user_of("state.admin@example.org")
    else:
        reader = RoleGrantFactory(district=District.objects.exclude(pk=district.pk).first()).user
    client = signed_in(reader)
    assert client.get(export.get_absolute_url()).status_code == 404
    assert client.get(reverse("interop:export_download", args=[export.pk])).status_code == 404


def test_a_teacher_does_not_see_the_export_page(signed_in, user_of):
    client = signed_in(user_of("teacher@example.org"))
    assert client.get(reverse("interop:export_list")).status_code == 404


def test_the_list_of_exports_takes_the_same_queries_however_many(
    signed_in, hr, rows, django_assert_num_queries
):
    district = District.objects.filter(role_grants__user=hr).first()
    EdfiExport.objects.bulk_create(
        EdfiExport(district=district, requested_by=hr) for _ in range(rows)
    )
    client = signed_in(hr)
    client.get(reverse("interop:export_list"))  # warm the session and the roles
    with django_assert_num_queries(9):
        response = client.get(reverse("interop:export_list"))
    assert response.status_code == 200


def test_an_export_is_written_once_however_often_its_task_runs(hr):
    district = District.objects.filter(role_grants__user=hr).first()
    export = EdfiExport.objects.create(district=district, requested_by=hr)
    services.edfi_export_run_now(export_id=export.pk)
    logged = AccessLogEntry.objects.filter(user=hr, channel=AccessLogEntry.Channel.EXPORT).count()
    services.edfi_export_run_now(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == EdfiExport.Status.DONE
    assert logged == export.counts["PerformanceEvaluationRating"]
    assert AccessLogEntry.objects.filter(user=hr, channel="export").count() == logged


def test_an_export_whose_exporter_lost_the_right_fails_and_says_so(signed_in, hr):
    district = District.objects.filter(role_grants__user=hr).first()
    export = EdfiExport.objects.create(district=district, requested_by=hr)
    hr.role_grants.update(end_date="2026-01-01")
    with pytest.raises(PermissionDenied):
        services.edfi_export_run_now(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == EdfiExport.Status.FAILED and not export.file
