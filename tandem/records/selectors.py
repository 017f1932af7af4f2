"""Reads of the shared record mechanisms."""

import json
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from tandem.records.digests import Signable, content_digest
from tandem.records.models import AccessLogEntry, Amendment, Draft, Signature


def access_log_for_person(*, person_id: int) -> QuerySet[AccessLogEntry]:
    """Who opened this person's confidential records, newest first."""
    return (
        AccessLogEntry.objects.filter(subject_id=person_id)
        .select_related("user", "content_type")
        .order_by("-accessed_at", "-id")
    )


def access_log_paths(*, user_id: int, records) -> set[tuple[int, str]]:
    """Where this user has opened each of these records (of one model): (its pk, the path)."""
    records = list(records)
    if not records:
        return set()
    return set(
        AccessLogEntry.objects.filter(
            user_id=user_id,
            content_type=ContentType.objects.get_for_model(type(records[0])),
            object_id__in=[record.pk for record in records],
        ).values_list("object_id", "path")
    )


@dataclass(frozen=True)
class SignatureStatus:
    signature: Signature
    version: int | None
    """The version of the record the signer signed (0 is the original); None when the signed
    content matches no version Tandem wrote."""
    current: bool
    """The record still holds exactly what was signed."""


@dataclass(frozen=True)
class RecordVersion:
    number: int
    content: dict
    amendment: Amendment | None
    """The amendment that made this version; None for the original."""


@dataclass(frozen=True)
class SignedRecord:
    signatures: list[SignatureStatus]
    versions: list[RecordVersion]
    """Oldest first; a record never amended has just its original."""
    changed_since_signing: bool
    """The content is not what Tandem last wrote (the latest amendment, or else what was
    signed): it was changed behind the application's back."""


def signed_record(*, record: Signable) -> SignedRecord:
    """The record's signatures, its versions (kept by amendments) and whether it still holds
    what Tandem wrote."""
    content = record.signed_content()
    digest = content_digest(content)
    content_type = ContentType.objects.get_for_model(type(record))
    amendments = list(
        Amendment.objects.filter(content_type=content_type, object_id=record.pk)
        .select_related("amended_by")
        .order_by("number")
    )
    signatures = list(
        Signature.objects.filter(content_type=content_type, object_id=record.pk).select_related(
            "signer"
        )
    )
    if amendments:
        versions = [RecordVersion(0, json.loads(amendments[0].before), None)] + [
            RecordVersion(a.number, json.loads(a.after), a) for a in amendments
        ]
        digests = [amendments[0].before_digest] + [a.after_digest for a in amendments]
        changed = digest != digests[-1]
    else:
        versions = [RecordVersion(0, content, None)]
        digests = []
        changed = any(s.digest != digest for s in signatures)
    statuses = []
    for signature in signatures:
        if not amendments:
            version = 0  # the only version Tandem wrote
        elif signature.digest in digests:
            version = len(digests) - 1 - digests[::-1].index(signature.digest)
        else:
            version = None
        statuses.append(SignatureStatus(signature, version, current=signature.digest == digest))
    return SignedRecord(statuses, versions, changed)


def draft_get(*, user, key: str) -> Draft | None:
    return Draft.objects.filter(user=user, key=key).first()
