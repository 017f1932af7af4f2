"""An upload over its page's limit is refused before any of it is written or parsed (issue 12,
"Bad input": a 200 MB upload to the imports page; the same for evidence and the library): the
body is streamed through the test client as it is read, never held whole, and Django's own
upload handlers, which write a file to disk, get none of it."""

import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.test import Client
from django.urls import reverse

from tandem.evaluation.services.observations import evidence_add
from tandem.evaluation.tests.demo_cycles import demo_cycle
from tandem.imports.models import ImportRun
from tandem.imports.tests.factories import csv_file, educator
from tandem.organizations.tests.factories import DistrictFactory
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import RoleGrantFactory, UserFactory
from tandem.records.models import StoredFile

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BOUNDARY = "tandem-upload-limit"


class StreamedBody:
    """A multipart body of form fields and one file of ``size`` bytes, made as it is read:
    only what is read costs memory, and ``read_bytes`` says how much that was."""

    def __init__(self, fields: dict[str, object], *, size: int, file_field: str = "file"):
        parts = [
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in fields.items()
        ]
        parts.append(
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; "
            f'name="{file_field}"; filename="everyone.csv"\r\nContent-Type: text/csv\r\n\r\n'
        )
        self.head = "".join(parts).encode()
        self.size = size
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.length = len(self.head) + size + len(self.tail)
        self.read_bytes = 0

    def _bytes(self, start: int, end: int) -> bytes:
        file_start, file_end = len(self.head), len(self.head) + self.size
        return (
            self.head[start:end]
            + b"x" * max(0, min(end, file_end) - max(start, file_start))
            + self.tail[max(0, start - file_end) : max(0, end - file_end)]
        )

    def read(self, size: int | None = -1) -> bytes:
        remaining = self.length - self.read_bytes
        size = remaining if size is None or size < 0 else min(size, remaining)
        chunk = self._bytes(self.read_bytes, self.read_bytes + size)
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size: int | None = -1) -> bytes:
        ahead = self._bytes(self.read_bytes, self.read_bytes + (size if size and size > 0 else MB))
        end = ahead.find(b"\n")
        return self.read(len(ahead) if end < 0 else end + 1)


def streamed_post(client, body: StreamedBody, url: str | None = None):
    return client.generic(
        "POST",
        url or reverse("imports:run_list"),
        **{
            "CONTENT_LENGTH": str(body.length),
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
            "wsgi.input": body,
        },
    )


@pytest.fixture
def hr():
    return RoleGrantFactory(district=DistrictFactory())


@pytest.fixture
def django_handlers_fed(monkeypatch):
    """The bytes Django's own upload handlers received (they write to memory or to disk)."""
    fed = []
    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        receive = handler.receive_data_chunk

        def counted(self, raw_data, start, receive=receive):
            fed.append(len(raw_data))
            return receive(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", counted)
    return fed


@pytest.fixture
def temporary_files(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "uploads-in-progress"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    return settings.FILE_UPLOAD_TEMP_DIR


def test_a_200_mb_upload_is_refused_with_the_limit_and_the_form_kept(
    client, hr, settings, django_handlers_fed, temporary_files
):
    settings.IMPORT_MAX_BYTES = 100 * MB
    body = StreamedBody({"district": hr.district.pk, "kind": "assignments"}, size=200 * MB - 1000)
    client.force_login(hr.user)
    tracemalloc.start()
    try:
        response = streamed_post(client, body)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    text = response.content.decode()
    assert response.status_code == 400
    assert "The file is 200 MB; files may be at most 100 MB." in text
    assert '<option value="assignments" selected>' in text
    assert django_handlers_fed == []
    assert list(temporary_files.iterdir()) == []
    assert not ImportRun.objects.exists()
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*"))
    # The rest of the body is read and dropped, so the browser receives this page.
    assert body.read_bytes == body.length
    assert peak < 20 * MB


def test_an_upload_under_the_limit_still_starts_a_run(client, hr, settings):
    settings.IMPORT_MAX_BYTES = 1 * MB
    client.force_login(hr.user)
    response = client.post(
        reverse("imports:run_list"),
        {"district": hr.district.pk, "kind": "educators", "file": csv_file([educator(1)])},
    )
    assert response.status_code == 302
    assert ImportRun.objects.filter(district=hr.district).count() == 1


def test_someone_who_does_not_import_is_refused_before_the_body_is_read(client):
    client.force_login(UserFactory())
    body = StreamedBody({"kind": "educators"}, size=200 * MB)
    response = streamed_post(client, body)
    assert response.status_code == 404
    assert body.read_bytes == 0


def test_the_page_still_refuses_a_post_without_its_csrf_token(hr):
    """The limited view is exempt from CSRF's middleware and checks the token itself."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(hr.user)
    response = client.post(
        reverse("imports:run_list"),
        {"district": hr.district.pk, "kind": "educators", "file": csv_file([educator(1)])},
    )
    assert response.status_code == 403
    assert not ImportRun.objects.exists()


@pytest.fixture
def cycle():
    return demo_cycle("implementation", plan_type="developing")


def _evidence_add(cycle):
    return cycle.person.user, reverse("evaluation:evidence_add", args=[cycle.pk]), "file"


def _evidence_replace(cycle):
    item = evidence_add(
        cycle_id=cycle.pk,
        by=cycle.person.user,
        kind="artifact",
        title="Unit plan",
        upload=SimpleUploadedFile("plan.pdf", PDF),
    )
    url = reverse("evaluation:evidence_replace", args=[cycle.pk, item.pk])
    return cycle.person.user, url, "file"


def _library(cycle):
    user = RoleGrant.objects.filter(role=RoleGrant.Role.FACILITATOR).first().user  # the demo's
    return user, reverse("collaboration:resource_list"), "upload"


@pytest.mark.parametrize("page", [_evidence_add, _evidence_replace, _library])
def test_every_page_that_takes_a_file_refuses_one_over_the_limit_unread(
    client, cycle, page, settings, django_handlers_fed, temporary_files
):
    settings.MAX_UPLOAD_BYTES = 1 * MB
    user, url, file_field = page(cycle)
    stored = StoredFile.objects.count()
    body = StreamedBody({"title": "Big", "version": 1}, size=30 * MB - 1000, file_field=file_field)
    client.force_login(user)
    response = streamed_post(client, body, url)
    assert "The file is 30 MB; files may be at most 1 MB." in response.content.decode()
    assert django_handlers_fed == []
    assert list(temporary_files.iterdir()) == []
    assert StoredFile.objects.count() == stored
    assert body.read_bytes == body.length
