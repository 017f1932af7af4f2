"""Reads of the shared record mechanisms."""

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Model, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from tandem.records.digests import Signable, content_digest
from tandem.records.models import AccessLogEntry, Amendment, Draft, Signature


def access_log_for_person(*, person_id: int) -> QuerySet[AccessLogEntry]:
    """Who opened this person's confidential records, newest first."""
    return (
        AccessLogEntry.objects.filter(subject_id=person_id)
        .select_related("user", "content_type")
        .order_by("-accessed_at", "-id")
    )


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def access_log_entries(
    *,
    person_id: int,
    user_id: int | None = None,
    except_user_id: int | None = None,
    channel: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AccessLogEntry]:
    """The openings of this person's records, newest first: by one user, or by all but one
    (the person themself), through one channel, from ``since`` to ``until`` (local days,
    both included)."""
    entries = AccessLogEntry.objects.filter(subject_id=person_id)
    if user_id:
        entries = entries.filter(user_id=user_id)
    if except_user_id:
        entries = entries.exclude(user_id=except_user_id)
    if channel:
        entries = entries.filter(channel=channel)
    if since:
        entries = entries.filter(accessed_at__gte=_start_of(since))
    if until:
        entries = entries.filter(accessed_at__lt=_start_of(until + datetime.timedelta(days=1)))
    return entries.order_by("-accessed_at", "-id")


def access_log_days(entries: QuerySet[AccessLogEntry]) -> QuerySet:
    """The local days on which ``entries`` were made, newest first, once each."""
    return (
        entries.annotate(day=TruncDate("accessed_at", tzinfo=timezone.get_current_timezone()))
        .order_by("-day")
        .values_list("day", flat=True)
        .distinct()
    )


def access_log_counts(
    entries: QuerySet[AccessLogEntry], *, days: list[datetime.date]
) -> list[tuple[datetime.date, int, int, int, str, int]]:
    """How many of ``entries`` each user made on each of ``days``, per record and channel:
    (day, user id, content type id, object id, channel, count), in one query."""
    return list(
        entries.annotate(day=TruncDate("accessed_at", tzinfo=timezone.get_current_timezone()))
        .filter(day__in=days)
        .values_list("day", "user_id", "content_type_id", "object_id", "channel")
        .annotate(count=Count("id"))
        .order_by()
    )


def access_log_targets(keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], Model]:
    """The records behind access-log rows by (content type id, object id): one query per kind
    of record, with what its ``access_log_related`` names. A record no longer kept is missing."""
    wanted: dict[int, set[int]] = defaultdict(set)
    for content_type_id, object_id in keys:
        wanted[content_type_id].add(object_id)
    found: dict[tuple[int, int], Model] = {}
    for content_type_id, object_ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        records = model._default_manager.filter(pk__in=object_ids).select_related(
            *getattr(model, "access_log_related", ())
        )
        found.update({(content_type_id, record.pk): record for record in records})
    return found


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
