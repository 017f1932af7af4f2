"""The profile: kept once, with history; documents checked as evidence uploads are; licenses
shown as held, never typed."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tandem.applicants.models import Document, Education, Experience, Reference
from tandem.applicants.tests.factories import applicant
from tandem.licensure.models import License

pytestmark = pytest.mark.django_db


def test_education_is_added_changed_with_history_and_removed(client):
    user = applicant()
    client.force_login(user)
    data = {"institution": "UMass Boston", "degree": "MEd", "field": "Mathematics", "year": 2021}
    client.post(reverse("applicants:profile_item_add", args=["education"]), data)
    item = Education.objects.get(person=user.person)
    client.post(
        reverse("applicants:profile_item_edit", args=["education", item.pk]),
        {**data, "year": 2022},
    )
    item.refresh_from_db()
    assert item.year == 2022
    assert [h.year for h in item.history.order_by("history_date")] == [2021, 2022]
    page = client.get(reverse("applicants:profile")).content.decode()
    assert "UMass Boston" in page
    client.post(reverse("applicants:profile_item_remove", args=["education", item.pk]))
    assert not Education.objects.filter(person=user.person).exists()


def test_experience_must_end_after_it_starts(client):
    user = applicant()
    client.force_login(user)
    response = client.post(
        reverse("applicants:profile_item_add", args=["experience"]),
        {
            "employer": "Lowell",
            "role": "Teacher",
            "started_on": "2024-09-01",
            "ended_on": "2023-06-30",
        },
    )
    assert "comes after its start" in response.content.decode()
    assert not Experience.objects.filter(person=user.person).exists()


def test_a_reference_needs_an_email(client):
    user = applicant()
    client.force_login(user)
    response = client.post(
        reverse("applicants:profile_item_add", args=["reference"]),
        {"name": "Pat Lee", "relation": "Principal", "email": "not an address"},
    )
    assert "Nothing was saved" in response.content.decode()
    assert not Reference.objects.filter(person=user.person).exists()


def test_nobody_changes_another_applicants_profile(client):
    owner = applicant()
    item = Education.objects.create(
        person=owner.person, institution="X", degree="BA", field="Art", year=2010
    )
    client.force_login(applicant())
    url = reverse("applicants:profile_item_edit", args=["education", item.pk])
    assert client.get(url).status_code == 404
    client.post(reverse("applicants:profile_item_remove", args=["education", item.pk]))
    assert Education.objects.filter(pk=item.pk).exists()


def test_a_document_is_checked_by_its_content(client):
    user = applicant()
    client.force_login(user)
    url = reverse("applicants:document_add")
    good = SimpleUploadedFile("resume.pdf", b"%PDF-1.4 my resume")
    client.post(url, {"kind": "resume", "title": "Résumé", "file": good})
    document = Document.objects.get(person=user.person)
    assert document.file.content_type == "application/pdf"
    response = client.post(
        url, {"kind": "letter", "title": "", "file": SimpleUploadedFile("x.pdf", b"\x00\x01bin")}
    )
    assert "is not a file Tandem accepts" in response.content.decode()
    assert Document.objects.filter(person=user.person).count() == 1
    download = client.get(reverse("applicants:document_file", args=[document.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    client.force_login(applicant())
    assert client.get(reverse("applicants:document_file", args=[document.pk])).status_code == 404


def test_a_document_too_large_is_refused_before_it_is_read(client, settings):
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    user = applicant()
    client.force_login(user)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * (2 * 1024 * 1024))
    response = client.post(reverse("applicants:document_add"), {"kind": "resume", "file": big})
    assert "files may be at most 1 MB" in response.content.decode()
    assert not Document.objects.filter(person=user.person).exists()


def test_licenses_in_tandem_are_shown_as_held_and_never_typed(client):
    user = applicant()
    License.objects.create(
        person=user.person,
        license_number="512345",
        field="Mathematics",
        grade_levels="5-8",
        role=License.Role.TEACHER,
        stage=License.Stage.INITIAL,
        issued_on=datetime.date(2022, 7, 1),
    )
    client.force_login(user)
    page = client.get(reverse("applicants:profile")).content.decode()
    assert "Licenses held" in page and "512345" in page
    assert 'name="license' not in page
