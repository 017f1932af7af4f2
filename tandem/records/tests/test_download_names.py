"""A download is named with the extension of what its content is, not the uploader's (issue 11).

``evil.html`` that is plain text downloads as ``evil.txt``: a browser or desktop that goes by
the name never opens it as a web page or a program.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tandem.evaluation.models import EvaluationCycle
from tandem.evaluation.services.observations import evidence_add
from tandem.records.files import stored_file_download_name, stored_file_response, stored_file_save

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<html><script>alert(document.cookie)</script></html>"


def _stored(name, content, user):
    return stored_file_save(upload=SimpleUploadedFile(name, content), district_id=None, by=user)


@pytest.mark.parametrize(
    ("name", "content", "download"),
    [
        ("evil.html", HTML, "evil.txt"),
        ("report.exe", PDF, "report.pdf"),
        ("Unit plan.PDF", PDF, "Unit_plan.pdf"),
        ("notes", b"Exit tickets: 18 of 24.", "notes.txt"),
        ("report.final.html", PDF, "report.final.pdf"),
        ("unit.pdf", PDF, "unit.pdf"),
    ],
)
def test_a_download_is_named_with_the_extension_of_its_content(user_of, name, content, download):
    stored = _stored(name, content, user_of("teacher@example.org"))
    assert stored_file_download_name(stored) == download
    response = stored_file_response(stored)
    assert response["Content-Disposition"] == f'attachment; filename="{download}"'


def test_an_evidence_file_downloads_and_archives_with_its_contents_extension(client):
    cycle = (
        EvaluationCycle.objects.filter(step="implementation", person__user__isnull=False)
        .select_related("person__user")
        .first()
    )
    teacher = cycle.person.user
    evidence = evidence_add(
        cycle_id=cycle.pk,
        by=teacher,
        kind="artifact",
        title="A page",
        upload=SimpleUploadedFile("evil.html", HTML),
    )
    client.force_login(teacher)
    response = client.get(f"/cycles/{cycle.pk}/evidence/{evidence.pk}/file/")
    assert response["Content-Disposition"] == 'attachment; filename="evil.txt"'
    archive = b"".join(client.get("/me/evaluation-record.zip").streaming_content)
    names = zipfile.ZipFile(io.BytesIO(archive)).namelist()
    assert [name for name in names if f"evidence/{evidence.pk} " in name] == [
        next(name for name in names if name.endswith(f"evidence/{evidence.pk} evil.txt"))
    ]
