import pytest
from allauth.account.internal.flows.login import record_authentication
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from tandem.errors import DomainError
from tandem.organizations.tests.factories import DistrictFactory
from tandem.people.tests.factories import EmploymentFactory, UserFactory
from tandem.records.models import AccessLogEntry, Amendment
from tandem.records.reauthentication import password_confirmation
from tandem.records.selectors import signed_record
from tandem.records.services import (
    access_log_record,
    amendment_make,
    canonical_serialization,
    signature_sign,
)
from tandem.rubrics.tests.factories import FrameworkVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    access_log_record(user=UserFactory(), records=[EmploymentFactory()], channel="page", path="/x")
    return AccessLogEntry.objects.get()


def test_the_access_log_refuses_changes_through_the_orm(entry):
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        AccessLogEntry.objects.all().delete()
    with pytest.raises(PermissionDenied):
        AccessLogEntry.objects.update(path="/y")


def test_the_database_refuses_to_rewrite_the_access_log(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE records_accesslogentry SET path = '/forged'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM records_accesslogentry")
    assert AccessLogEntry.objects.get().path == "/x"


def test_canonical_serialization_ignores_key_order():
    assert canonical_serialization({"b": 1, "a": "é"}) == canonical_serialization(
        {"a": "é", "b": 1}
    )


def _signable():
    """A draft framework version stands in for any record: signatures and amendments need only
    signed_content(), confidential_owner() and AMENDABLE_FIELDS."""
    version = FrameworkVersionFactory(note="As drafted.")

    def signed_content():
        return {"edition": version.edition, "note": version.note, "status": version.status}

    district_id = DistrictFactory().pk
    version.signed_content = signed_content
    version.confidential_owner = lambda: (None, district_id)
    return version


def _set_note(record, note):
    def apply():
        record.note = note
        record.save()

    return apply


def _edit_behind_the_applications_back(record):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE rubrics_frameworkversion SET note = 'edited' WHERE id = %s", [record.pk]
        )
    record.refresh_from_db()


def _request(user, *, reauthenticated):
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().post("/")
    request.user = user
    request.session = SessionStore()
    if reauthenticated:
        record_authentication(request, user, method="password", reauthenticated=True)
    return request


def test_signing_needs_a_fresh_password_entry(user_of):
    """Every signing page calls ``password_confirmation`` before the signature service."""
    hr = user_of("hr@example.org")
    confirm = password_confirmation(_request(hr, reauthenticated=False))
    assert confirm is not None and confirm.url.startswith("/accounts/reauthenticate/")
    assert password_confirmation(_request(hr, reauthenticated=True)) is None


def test_a_record_changed_behind_the_applications_back_says_changed_since_signing():
    record = _signable()
    signer = UserFactory()
    signature_sign(signer=signer, record=record, capacity="Reviewer")
    signed = signed_record(record=record)
    assert not signed.changed_since_signing
    assert [s.current for s in signed.signatures] == [True]
    _edit_behind_the_applications_back(record)
    signed = signed_record(record=record)
    assert signed.changed_since_signing
    assert [s.current for s in signed.signatures] == [False]


def test_nobody_signs_the_same_record_twice_in_one_capacity():
    record = _signable()
    signer = UserFactory()
    signature_sign(signer=signer, record=record, capacity="Reviewer")
    with pytest.raises(DomainError):
        signature_sign(signer=signer, record=record, capacity="Reviewer")


def test_an_amendment_keeps_both_versions_and_the_signature_stays_on_the_one_signed():
    record = _signable()
    signer = UserFactory()
    original_note = record.note
    signature_sign(signer=signer, record=record, capacity="Reviewer")
    amendment = amendment_make(
        record=record,
        user=signer,
        reason="The note named the wrong school year.",
        apply=_set_note(record, "2026-27"),
    )
    assert amendment.number == 1
    record.refresh_from_db()
    assert record.note == "2026-27"
    signed = signed_record(record=record)
    assert not signed.changed_since_signing  # amended through Tandem, not behind its back
    assert [v.content["note"] for v in signed.versions] == [original_note, "2026-27"]
    assert signed.versions[1].amendment == amendment
    assert [(s.version, s.current) for s in signed.signatures] == [(0, False)]
    _edit_behind_the_applications_back(record)
    assert signed_record(record=record).changed_since_signing


@pytest.mark.parametrize(
    ("reason", "note", "message"),
    [
        ("short", "x", "Say why"),
        ("A long enough reason.", None, "changes nothing"),
    ],
)
def test_a_bad_amendment_is_refused_and_changes_nothing(reason, note, message):
    record = _signable()
    before = record.note
    with pytest.raises(DomainError, match=message):
        amendment_make(
            record=record,
            user=UserFactory(),
            reason=reason,
            apply=_set_note(record, before if note is None else note),
        )
    record.refresh_from_db()
    assert record.note == before
    assert not Amendment.objects.exists()


def test_amendments_cannot_be_rewritten():
    record = _signable()
    amendment = amendment_make(
        record=record,
        user=UserFactory(),
        reason="A reason long enough.",
        apply=_set_note(record, "new"),
    )
    with pytest.raises(PermissionDenied):
        amendment.save()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE records_amendment SET reason = 'rewritten'")
