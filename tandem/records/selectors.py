"""Reads of the shared record mechanisms."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from tandem.records.models import AccessLogEntry, Signature
from tandem.records.services import Signable, content_digest


def access_log_for_person(*, person_id: int) -> QuerySet[AccessLogEntry]:
    """Who opened this person's confidential records, newest first."""
    return (
        AccessLogEntry.objects.filter(subject_id=person_id)
        .select_related("user", "content_type")
        .order_by("-accessed_at", "-id")
    )


@dataclass(frozen=True)
class SignatureStatus:
    signature: Signature
    changed_since_signing: bool


def signature_list(*, record: Signable) -> list[SignatureStatus]:
    """The record's signatures, each saying whether the record changed after it was signed."""
    digest = content_digest(record.signed_content())
    signatures = Signature.objects.filter(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk
    ).select_related("signer")
    return [SignatureStatus(s, changed_since_signing=s.digest != digest) for s in signatures]
