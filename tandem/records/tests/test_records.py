import pytest
from allauth.account.internal.flows.login import record_authentication
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from tandem.errors import DomainError
from tandem.people.models import Employment
from tandem.records.models import AccessLogEntry
from tandem.records.selectors import signature_list
from tandem.records.services import access_log_record, canonical_serialization, signature_sign
from tandem.rubrics.models import FrameworkVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(user_of):
    employment = Employment.objects.first()
    access_log_record(
        user=user_of("hr@example.org"), records=[employment], channel="page", path="/x"
    )
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


def _signable(version):
    """A framework version stands in for any record: signatures need only signed_content()."""

    def signed_content():
        stored = FrameworkVersion.objects.get(pk=version.pk)
        return {"edition": stored.edition, "note": stored.note, "status": stored.status}

    version.signed_content = signed_content
    return version


def _request(user, *, reauthenticated):
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().post("/")
    request.user = user
    request.session = SessionStore()
    if reauthenticated:
        record_authentication(request, user, method="password", reauthenticated=True)
    return request


def test_signing_needs_a_fresh_password_entry(user_of):
    record = _signable(FrameworkVersion.objects.filter(status="draft").first())
    with pytest.raises(DomainError):
        signature_sign(
            request=_request(user_of("hr@example.org"), reauthenticated=False),
            record=record,
            capacity="HR",
        )


def test_a_record_changed_behind_the_applications_back_says_changed_since_signing(user_of):
    record = _signable(FrameworkVersion.objects.filter(status="draft").first())
    request = _request(user_of("hr@example.org"), reauthenticated=True)
    signature_sign(request=request, record=record, capacity="Reviewer")
    assert [s.changed_since_signing for s in signature_list(record=record)] == [False]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE rubrics_frameworkversion SET note = 'edited' WHERE id = %s", [record.pk]
        )
    assert [s.changed_since_signing for s in signature_list(record=record)] == [True]


def test_nobody_signs_the_same_record_twice_in_one_capacity(user_of):
    record = _signable(FrameworkVersion.objects.filter(status="draft").first())
    request = _request(user_of("hr@example.org"), reauthenticated=True)
    signature_sign(request=request, record=record, capacity="Reviewer")
    with pytest.raises(DomainError):
        signature_sign(request=request, record=record, capacity="Reviewer")
