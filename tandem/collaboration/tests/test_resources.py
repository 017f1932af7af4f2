"""The resource library: who shares resources, and their files, checked by their content and
downloaded by every signed-in user as an attachment."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from tandem.collaboration.models import Resource, Topic
from tandem.collaboration.services.library import resource_share
from tandem.errors import DomainError
from tandem.records.models import StoredFile

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def topic():
    return Topic.objects.get(slug="trust-building")


def _share(client, topic, **fields):
    return client.post(
        "/resources/",
        {"title": "Meeting norms", "kind": "template", "summary": "Norms.", "topics": [topic.pk]}
        | fields,
    )


def _shared(by, *, topics, title="Meeting norms", link="", **where) -> Resource:
    """``by`` shares a template of meeting norms under ``topics``."""
    return resource_share(
        by=by,
        title=title,
        kind="template",
        summary="Norms for our meetings.",
        link=link,
        topics=topics,
        **where,
    )


def _shared_file(user_of, topic, content=PDF) -> Resource:
    """The facilitator shares a file under ``topic`` (under none if it is None)."""
    return _shared(
        user_of("facilitator@example.org"),
        topics=[topic] if topic else [],
        upload=SimpleUploadedFile("norms.pdf", content),
    )


def test_the_partnership_and_team_members_share_resources_and_others_do_not(
    client, team, user_of, topic
):
    facilitator = user_of("facilitator@example.org")
    _shared(facilitator, topics=[topic], title="Norms", link="https://example.org/norms")
    shared = _shared(
        user_of("principal@example.org"),
        topics=[topic],
        title="Our norms",
        link="https://example.org/our-norms",
        team_id=team.pk,
    )
    assert shared.team == team
    with pytest.raises(DomainError, match="topic"):
        _shared(facilitator, topics=[], title="T")
    client.force_login(user_of("teacher@example.org"))
    before = Resource.objects.count()
    response = client.post(
        "/resources/", {"title": "Mine", "kind": "guide", "summary": "x", "topics": [topic.pk]}
    )
    assert response.status_code == 404 and Resource.objects.count() == before
    found = client.get("/resources/", {"topic": "trust-building", "q": "norms"}).context["page"]
    assert {r.title for r in found} == {"Norms", "Our norms"}


def test_sharing_a_file_stores_it_and_the_library_links_to_it(client, user_of, topic, settings):
    client.force_login(user_of("facilitator@example.org"))
    response = _share(client, topic, upload=SimpleUploadedFile("norms.pdf", PDF))
    assert response.status_code == 302
    resource = Resource.objects.select_related("file").get(title="Meeting norms")
    assert resource.link == ""
    assert resource.file.content_type == "application/pdf"
    assert resource.file.district is None
    assert (settings.MEDIA_ROOT / resource.file.file.name).read_bytes() == PDF
    page = client.get("/resources/", {"q": "Meeting norms"}).content.decode()
    assert f'href="/resources/{resource.pk}/file/"' in page
    assert f"Download Meeting norms (PDF, {len(PDF)}\xa0bytes)" in page


def test_the_download_is_the_file_as_an_attachment_for_any_signed_in_user(client, user_of, topic):
    resource = _shared_file(user_of, topic)
    client.force_login(user_of("teacher@example.org"))
    response = client.get(f"/resources/{resource.pk}/file/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="norms.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("norms.pdf", b"MZ\x90\x00 a Windows program renamed"),
        ("norms.docx", bytes(range(256)) * 4),
    ],
)
def test_a_file_whose_content_is_not_accepted_is_refused_and_nothing_is_shared(
    client, user_of, topic, settings, name, content
):
    client.force_login(user_of("facilitator@example.org"))
    resources, files = Resource.objects.count(), StoredFile.objects.count()
    response = _share(client, topic, upload=SimpleUploadedFile(name, content))
    assert response.status_code == 422
    assert f"“{name}” is not a file Tandem accepts" in response.content.decode()
    assert Resource.objects.count() == resources
    assert StoredFile.objects.count() == files
    assert not (settings.MEDIA_ROOT / "evidence").exists()


def test_the_form_names_a_refused_file_with_its_other_problems(client, user_of, topic):
    client.force_login(user_of("facilitator@example.org"))
    bad = SimpleUploadedFile("bad.exe", b"MZ\x90\x00 a Windows program")
    response = _share(client, topic, topics=[], upload=bad)
    page = response.content.decode()
    assert "“bad.exe” is not a file Tandem accepts" in page
    assert 'href="#id_topics">Topics</a>' in page  # the summary links to the topics
    assert "Choose the file again" in page
    assert not Resource.objects.filter(title="Meeting norms").exists()


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_shared(
    client, user_of, topic, settings
):
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(user_of("facilitator@example.org"))
    resources, files = Resource.objects.count(), StoredFile.objects.count()
    big = SimpleUploadedFile("big.pdf", PDF + b"x" * 1024 * 1024)
    response = _share(client, topic, upload=big)
    assert response.status_code == 422
    assert "The file is 2 MB; files may be at most 1 MB." in response.content.decode()
    assert Resource.objects.count() == resources
    assert StoredFile.objects.count() == files


def test_the_share_form_names_the_accepted_kinds_and_the_size_limit(client, user_of):
    client.force_login(user_of("facilitator@example.org"))
    page = client.get("/resources/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "Word, Excel or PowerPoint files, or plain text, at most 20 MB." in page


def test_a_resource_with_neither_a_link_nor_a_file_is_refused(client, user_of, topic):
    client.force_login(user_of("facilitator@example.org"))
    response = _share(client, topic)
    assert response.status_code == 422
    assert "Give a link to the resource, attach its file, or both." in response.content.decode()
    assert not Resource.objects.filter(title="Meeting norms").exists()


def test_the_database_refuses_a_resource_with_neither_a_link_nor_a_file(user_of):
    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.create(
            title="Empty",
            kind="guide",
            summary="Nothing to read.",
            shared_by=user_of("facilitator@example.org"),
        )


def test_a_refused_share_stores_no_file(user_of, settings):
    """The topic is checked before the file is stored, so the refusal leaves nothing behind."""
    files = StoredFile.objects.count()
    with pytest.raises(DomainError, match="topic"):
        _shared_file(user_of, topic=None)
    assert StoredFile.objects.count() == files
    assert not (settings.MEDIA_ROOT / "evidence").exists()


def test_signing_in_is_needed_to_download(client, user_of, topic):
    resource = _shared_file(user_of, topic)
    response = client.get(f"/resources/{resource.pk}/file/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_resource_without_a_file_has_nothing_to_download(client, user_of):
    resource = Resource.objects.filter(file__isnull=True).first()
    client.force_login(user_of("teacher@example.org"))
    assert client.get(f"/resources/{resource.pk}/file/").status_code == 404


def test_the_demo_library_offers_its_files(client, user_of):
    resources = list(Resource.objects.select_related("file").filter(file__isnull=False))
    assert resources
    client.force_login(user_of("teacher@example.org"))
    page = client.get("/resources/").content.decode()
    for resource in resources:
        assert resource.team is None and resource.file.district is None
        assert f'href="/resources/{resource.pk}/file/"' in page
