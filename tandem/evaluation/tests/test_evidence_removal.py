"""Evidence a person can manage (issue 11): the uploader replaces or removes an item until the
evaluator opens it, then asks the evaluator to remove it; a removal keeps its record."""

import hashlib
import os

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from tandem.errors import DomainError
from tandem.evaluation.models import (
    EvaluationCycle,
    Evidence,
    EvidenceRemovalRequest,
    SummativeEvaluation,
)
from tandem.evaluation.services.observations import (
    evidence_add,
    evidence_removal_decide,
    evidence_removal_request,
    evidence_remove,
    evidence_replace,
)
from tandem.evaluation.tests.demo_cycles import demo_cycle
from tandem.records.models import AccessLogEntry

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NAMES = b"%PDF-1.4\nJordan R., IEP accommodations, reading level 2\n%%EOF\n"


@pytest.fixture
def cycle():
    return demo_cycle("implementation", plan_type="developing")


@pytest.fixture
def item(cycle):
    """A file the educator uploaded by mistake: it names a student."""
    return evidence_add(
        cycle_id=cycle.pk,
        by=cycle.person.user,
        kind="student_learning",
        title="Reading scores",
        description="Scores of Jordan R. and the class.",
        upload=SimpleUploadedFile("scores.pdf", NAMES),
    )


def _open_as_evaluator(client, cycle):
    client.force_login(cycle.primary_evaluator.user)
    assert client.get(f"/cycles/{cycle.pk}/evidence/").status_code == 200


def _fresh(item) -> Evidence:
    return Evidence.objects.select_related("file").get(pk=item.pk)


def _request(item, reason="student_information", note=""):
    return evidence_removal_request(evidence_id=item.pk, by=item.added_by, reason=reason, note=note)


def test_the_uploader_removes_an_item_the_evaluator_has_not_opened_and_its_record_stays(
    client, cycle, item
):
    path = item.file.file.path
    evidence_remove(evidence_id=item.pk, by=cycle.person.user, version=1, reason="wrong_file")
    removed = _fresh(item)
    assert removed.removed_by == cycle.person.user and removed.removal_reason == "wrong_file"
    assert removed.file.name == "scores.pdf" and removed.file.size == len(NAMES)
    assert removed.file.sha256 == hashlib.sha256(NAMES).hexdigest()
    assert not removed.file.file and not os.path.exists(path)
    client.force_login(cycle.person.user)
    page = client.get(f"/cycles/{cycle.pk}/evidence/").content.decode()
    assert "Removed on" in page and "(It is the wrong file)" in page
    assert f"/evidence/{item.pk}/file/" not in page
    assert client.get(f"/cycles/{cycle.pk}/evidence/{item.pk}/file/").status_code == 404


def test_the_evaluator_opening_the_evidence_page_fixes_the_item(client, cycle, item, user_of):
    """The educator's own visits, and those of readers who decide nothing, stamp nothing."""
    client.force_login(cycle.person.user)
    client.get(f"/cycles/{cycle.pk}/evidence/")
    client.get(f"/cycles/{cycle.pk}/evidence/{item.pk}/")
    assert _fresh(item).first_opened_by_evaluator_at is None
    _open_as_evaluator(client, cycle)
    assert _fresh(item).first_opened_by_evaluator_at is not None
    with pytest.raises(DomainError, match="ask for its removal"):
        evidence_remove(evidence_id=item.pk, by=cycle.person.user, version=1, reason="other")
    assert _fresh(item).removed_at is None


def test_downloading_the_file_marks_it_opened(client, cycle, item):
    client.force_login(cycle.primary_evaluator.user)
    response = client.get(f"/cycles/{cycle.pk}/evidence/{item.pk}/file/")
    assert response.status_code == 200
    assert _fresh(item).first_opened_by_evaluator_at is not None


def test_the_uploader_replaces_the_file_and_title_and_the_old_bytes_are_deleted(cycle, item):
    old = item.file
    old_path = old.file.path
    evidence_replace(
        evidence_id=item.pk,
        by=cycle.person.user,
        version=1,
        title="Reading scores, anonymised",
        description="Class averages only.",
        upload=SimpleUploadedFile("averages.pdf", PDF),
    )
    replaced = _fresh(item)
    assert replaced.title == "Reading scores, anonymised" and replaced.version == 2
    assert replaced.file.name == "averages.pdf" and replaced.file.file.read() == PDF
    old.refresh_from_db()
    assert not old.file and not os.path.exists(old_path)
    assert old.sha256 == hashlib.sha256(NAMES).hexdigest()
    with pytest.raises(DomainError, match="newer version"):
        evidence_replace(evidence_id=item.pk, by=cycle.person.user, version=1, title="Again")


def test_a_request_after_opening_is_granted_and_student_information_leaves_nothing_behind(
    client, cycle, item
):
    _open_as_evaluator(client, cycle)
    removal = _request(item, note="It names Jordan R.")
    assert removal.status == EvidenceRemovalRequest.Status.PENDING
    path = item.file.file.path
    evidence_removal_decide(removal_id=removal.pk, by=cycle.primary_evaluator.user, grant=True)
    removed = _fresh(item)
    assert removed.removed_by == cycle.primary_evaluator.user
    assert removed.removal_reason == "student_information" and removed.description == ""
    assert removed.title == "Reading scores" and removed.file.sha256
    assert not os.path.exists(path)
    assert not Evidence.history.filter(id=item.pk, description__contains="Jordan").exists()
    assert not EvidenceRemovalRequest.history.filter(note__contains="Jordan").exists()
    client.force_login(cycle.person.user)
    page = client.get(f"/cycles/{cycle.pk}/evidence/{item.pk}/").content.decode()
    assert "Granted: the evidence was removed" in page and "Jordan" not in page


def test_a_declined_request_keeps_the_item_and_the_uploader_reads_why(client, cycle, item):
    _open_as_evaluator(client, cycle)
    removal = _request(item, reason="wrong_file")
    evaluator = cycle.primary_evaluator.user
    with pytest.raises(DomainError, match="Say why you decline"):
        evidence_removal_decide(removal_id=removal.pk, by=evaluator, grant=False)
    evidence_removal_decide(
        removal_id=removal.pk, by=evaluator, grant=False, note="I used it for the formative."
    )
    assert _fresh(item).removed_at is None
    client.force_login(cycle.person.user)
    page = client.get(f"/cycles/{cycle.pk}/evidence/{item.pk}/").content.decode()
    assert "Declined" in page and "I used it for the formative." in page
    with pytest.raises(DomainError, match="already decided"):
        evidence_removal_decide(removal_id=removal.pk, by=evaluator, grant=True)


def test_a_request_without_a_reason_is_refused_on_the_page_and_nothing_changes(client, cycle, item):
    _open_as_evaluator(client, cycle)
    client.force_login(cycle.person.user)
    url = f"/cycles/{cycle.pk}/evidence/{item.pk}/removal-requests/"
    response = client.post(url, {"reason": "", "note": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose why the evidence should be removed." in page and "error-summary" in page
    response = client.post(url, {"reason": "other", "note": "  "})
    assert "Say why the evidence should be removed." in response.content.decode()
    assert not EvidenceRemovalRequest.objects.filter(evidence=item).exists()


def test_removing_on_the_page_needs_a_reason_and_then_removes(client, cycle, item):
    client.force_login(cycle.person.user)
    url = f"/cycles/{cycle.pk}/evidence/{item.pk}/remove/"
    response = client.post(url, {"version": 1, "reason": ""})
    assert "Choose why the evidence should be removed." in response.content.decode()
    assert _fresh(item).removed_at is None
    response = client.post(url, {"version": 1, "reason": "student_information"})
    assert response.status_code == 302
    assert _fresh(item).removal_reason == "student_information"


def test_only_the_uploader_removes_or_asks_and_only_the_evaluator_decides(
    client, cycle, item, user_of
):
    evaluator = cycle.primary_evaluator.user
    for user in (evaluator, user_of("hr@example.org"), user_of("union.president@example.org")):
        with pytest.raises(PermissionDenied):
            evidence_remove(evidence_id=item.pk, by=user, version=1, reason="wrong_file")
    client.force_login(user_of("union.president@example.org"))
    assert client.get(f"/cycles/{cycle.pk}/evidence/{item.pk}/").status_code == 404
    client.force_login(evaluator)
    response = client.post(
        f"/cycles/{cycle.pk}/evidence/{item.pk}/remove/", {"version": 1, "reason": "other"}
    )
    assert response.status_code == 403
    removal = _request(item)  # the evaluator's visit opened it
    with pytest.raises(PermissionDenied):
        evidence_removal_decide(removal_id=removal.pk, by=cycle.person.user, grant=True)
    with pytest.raises(DomainError, match="already waits"):
        _request(item)
    assert _fresh(item).removed_at is None


def test_an_item_the_evaluator_has_not_opened_is_removed_by_its_uploader_not_requested(item):
    with pytest.raises(DomainError, match="remove it yourself"):
        _request(item)


def test_after_the_summative_is_signed_only_student_information_is_removed(client, cycle, item):
    """The signed evaluation stands on its evidence: no silent change, but a student's
    information is still taken out, by the evaluator, with its record."""
    _open_as_evaluator(client, cycle)
    EvaluationCycle.objects.filter(pk=cycle.pk).update(step="summative")
    SummativeEvaluation.objects.create(
        cycle=cycle, status=SummativeEvaluation.Status.SIGNED_BY_EVALUATOR
    )
    with pytest.raises(DomainError, match="only if it holds student information"):
        _request(item, reason="wrong_file")
    Evidence.objects.filter(pk=item.pk).update(first_opened_by_evaluator_at=None)
    with pytest.raises(DomainError, match="summative evaluation is signed"):
        evidence_remove(evidence_id=item.pk, by=cycle.person.user, version=1, reason="other")
    Evidence.objects.filter(pk=item.pk).update(first_opened_by_evaluator_at="2026-11-24T10:00Z")
    removal = _request(item)
    evidence_removal_decide(removal_id=removal.pk, by=cycle.primary_evaluator.user, grant=True)
    assert _fresh(item).removal_reason == "student_information"


def test_the_page_says_when_evidence_can_be_added(client, cycle):
    client.force_login(cycle.person.user)
    EvaluationCycle.objects.filter(pk=cycle.pk).update(step="educator_plan")
    page = client.get(f"/cycles/{cycle.pk}/evidence/").content.decode()
    assert "You can add evidence once the educator plan is approved (step 3)." in page
    EvaluationCycle.objects.filter(pk=cycle.pk).update(step="complete")
    page = client.get(f"/cycles/{cycle.pk}/evidence/").content.decode()
    assert "Evidence is closed" in page and "Add the evidence" not in page


def test_the_upload_hint_states_the_limit_and_kinds_before_upload(client, cycle, settings):
    settings.MAX_UPLOAD_BYTES = 5 * 1024 * 1024
    client.force_login(cycle.person.user)
    page = client.get(f"/cycles/{cycle.pk}/evidence/").content.decode()
    assert "at most 5 MB" in page and "Word, Excel or PowerPoint" in page
    assert 'class="usa-file-input"' in page and 'accept=".docx,' in page


def test_a_refused_upload_is_shown_in_the_error_style(client, cycle):
    client.force_login(cycle.person.user)
    response = client.post(
        f"/cycles/{cycle.pk}/evidence/add/",
        {"kind": "artifact", "title": "Plan", "file": SimpleUploadedFile("a.pdf", b"MZ\x90")},
    )
    page = response.content.decode()
    assert 'class="error-summary" role="alert"' in page and "usa-alert--success" not in page


# -- the API: the same rules ---------------------------------------------------------------


def _api(client, user):
    client.force_login(user)
    return client


def test_the_api_removes_an_unopened_item_and_refuses_bad_input_changing_nothing(client, item):
    api = _api(client, item.added_by)
    url = f"/api/cycles/{item.cycle_id}/evidence/{item.pk}/remove"
    response = api.post(url, {"version": 1, "reason": "other"}, content_type="application/json")
    assert response.status_code == 422 and "Say why" in response.json()["detail"][0]
    assert _fresh(item).removed_at is None
    response = api.post(
        url, {"version": 1, "reason": "wrong_file"}, content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["removed_at"] and body["file_url"] is None and body["file_sha256"]


def test_the_evaluator_listing_evidence_in_the_api_opens_it_and_the_request_flows(client, item):
    cycle = item.cycle
    evaluator = cycle.primary_evaluator.user
    _api(client, evaluator).get(f"/api/cycles/{cycle.pk}/evidence")
    assert _fresh(item).first_opened_by_evaluator_at is not None
    assert AccessLogEntry.objects.filter(user=evaluator, object_id=item.pk, channel="api")
    api = _api(client, item.added_by)
    base = f"/api/cycles/{cycle.pk}/evidence/{item.pk}"
    response = api.put(base, {"version": 1, "title": "x"}, content_type="application/json")
    assert response.status_code == 422
    response = api.post(
        f"{base}/removal-requests",
        {"reason": "student_information"},
        content_type="application/json",
    )
    assert response.status_code == 201
    removal_id = response.json()["id"]
    decide = f"{base}/removal-requests/{removal_id}"
    refused = api.post(decide, {"grant": True}, content_type="application/json")
    assert refused.status_code == 403
    response = _api(client, evaluator).post(
        decide, {"grant": True}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "granted"
    assert _fresh(item).removed_at is not None


def _file_url(item):
    return f"/api/cycles/{item.cycle_id}/evidence/{item.pk}/file"


def test_the_api_asks_for_the_file_when_none_is_sent_and_changes_nothing(client, item):
    api = _api(client, item.added_by)
    response = api.post(_file_url(item), {"version": 1})
    assert response.status_code == 422
    assert "Attach the new file" in response.json()["detail"][0]
    assert _fresh(item).file_id == item.file_id


def test_the_api_replaces_the_file_of_an_unopened_item_keeping_its_title(client, item):
    old_path = item.file.file.path
    api = _api(client, item.added_by)
    upload = SimpleUploadedFile("averages.pdf", PDF)
    response = api.post(_file_url(item), {"version": 1, "file": upload})
    assert response.status_code == 200
    body = response.json()
    assert (body["file_name"], body["file_sha256"]) == (
        "averages.pdf",
        hashlib.sha256(PDF).hexdigest(),
    )
    assert (body["title"], body["version"]) == ("Reading scores", 2)
    assert _fresh(item).file.file.read() == PDF and not os.path.exists(old_path)


def test_the_api_refuses_a_file_it_does_not_accept_naming_why_and_changing_nothing(
    client, item, settings
):
    api = _api(client, item.added_by)
    program = SimpleUploadedFile("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00")
    response = api.post(_file_url(item), {"version": 1, "file": program})
    assert response.status_code == 422
    assert "“tool.exe” is not a file Tandem accepts" in response.json()["detail"][0]
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024))
    response = api.post(_file_url(item), {"version": 1, "file": big})
    assert response.status_code == 422 and "at most 1 MB" in response.json()["detail"][0]
    assert api.post(_file_url(item), {"version": 1}).status_code == 422  # no file at all
    assert _fresh(item).file.name == "scores.pdf" and _fresh(item).version == 1


def test_the_api_refuses_a_stale_version_with_409(client, item):
    api = _api(client, item.added_by)
    api.post(_file_url(item), {"version": 1, "file": SimpleUploadedFile("a.pdf", PDF)})
    response = api.post(_file_url(item), {"version": 1, "file": SimpleUploadedFile("b.pdf", PDF)})
    assert response.status_code == 409
    assert _fresh(item).file.name == "a.pdf"


def test_the_api_replaces_no_file_once_the_evaluator_opened_it_nor_for_anyone_else(
    client, cycle, item, user_of
):
    upload = {"version": 1, "file": SimpleUploadedFile("averages.pdf", PDF)}
    assert (
        _api(client, user_of("analyst@example.org")).post(_file_url(item), upload).status_code
        == 404
    )
    upload["file"].seek(0)
    assert _api(client, user_of("hr@example.org")).post(_file_url(item), upload).status_code == 403
    _open_as_evaluator(client, cycle)
    upload["file"].seek(0)
    assert client.post(_file_url(item), upload).status_code == 403  # not the evaluator's upload
    upload["file"].seek(0)
    response = _api(client, item.added_by).post(_file_url(item), upload)
    assert response.status_code == 422 and "ask for its removal" in response.json()["detail"][0]
    assert _fresh(item).file.name == "scores.pdf"
