"""Writes of the shared record mechanisms: access logging, signing and amending."""

from collections.abc import Callable, Iterable
from typing import Protocol

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.records.digests import Signable, canonical_serialization, text_digest
from tandem.records.models import AccessLogEntry, Amendment, Draft, Signature


class ConfidentialRecord(Protocol):
    """What a confidential model offers the access log: whose record it is and where it lives."""

    pk: int

    def confidential_owner(self) -> tuple[int, int]:
        """(person id of the educator whose record it is, district id it belongs to)."""
        ...

    def access_log_title(self) -> str:
        """How the educator's access log names it, such as "Summative evaluation 2026-27"
        (what it reads is fetched with it: the model's ``access_log_related``)."""
        ...

    def get_absolute_url(self) -> str:
        """The page on which the educator whose record it is opens it."""
        ...


def access_log_record(
    *,
    user: AbstractBaseUser,
    records: Iterable[ConfidentialRecord],
    channel: str,
    path: str,
) -> int:
    """Write one access-log row for each confidential object returned to ``user``."""
    by_model: dict[type, list[tuple[int, int, int]]] = {}
    for record in records:
        by_model.setdefault(type(record), []).append((record.pk, *record.confidential_owner()))
    rows = [
        entry
        for model, owners in by_model.items()
        for entry in _entries(user=user, model=model, owners=owners, channel=channel, path=path)
    ]
    AccessLogEntry.objects.bulk_create(rows)
    return len(rows)


def access_log_owners(
    *,
    user: AbstractBaseUser,
    model: type,
    owners: Iterable[tuple[int, int, int]],
    channel: str,
    path: str,
) -> int:
    """``access_log_record`` for records of ``model`` read as (pk, person id, district id)
    tuples, as an export reads hundreds of thousands: the rows are inserted as they are, one
    statement's parameters each, with no model for each (preparing those was most of the
    export's time for its ratings)."""
    meta = AccessLogEntry._meta
    accessed_at = meta.get_field("accessed_at").get_db_prep_value(timezone.now(), connection)
    fixed = (user.pk, ContentType.objects.get_for_model(model).pk, str(channel), path[:500])
    rows = [
        (accessed_at, district_id, subject_id, pk, *fixed) for pk, subject_id, district_id in owners
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(map(quote, _OWNER_COLUMNS))
    marks = ", ".join(["%s"] * len(_OWNER_COLUMNS))
    insert = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 (model names)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(insert, rows)
    return len(rows)


# The columns of ``access_log_owners``' rows, in their order.
_OWNER_COLUMNS = (
    "accessed_at",
    "district_id",
    "subject_id",
    "object_id",
    "user_id",
    "content_type_id",
    "channel",
    "path",
)


def _entries(*, user, model, owners, channel, path) -> list[AccessLogEntry]:
    content_type = ContentType.objects.get_for_model(model)
    return [
        AccessLogEntry(
            user=user,
            district_id=district_id,
            subject_id=subject_id,
            content_type=content_type,
            object_id=pk,
            channel=channel,
            path=path[:500],
        )
        for pk, subject_id, district_id in owners
    ]


def access_log_request(
    request, records: Iterable[ConfidentialRecord], *, channel: str = AccessLogEntry.Channel.PAGE
) -> int:
    """Log what a request returns to its signed-in user (a page unless ``channel`` says a PDF,
    an export or the API), with the request's path.

    Only a reading is logged (GET or HEAD). A POST or PUT is the person writing: a form that
    saves as it is typed posts every few seconds, and the offline capture and the API's
    summative draft send what was written; logging each as an opening filled an educator's log
    with rows nobody read (issue 11). What is written stays in the record's history.
    """
    if request.method not in ("GET", "HEAD"):
        return 0
    return access_log_record(user=request.user, records=records, channel=channel, path=request.path)


@transaction.atomic
def signature_sign(*, signer: AbstractBaseUser, record: Signable, capacity: str) -> Signature:
    """Sign ``record`` as ``signer`` in ``capacity``, keeping the digest of what they saw.

    The page asks for the password again first (``reauthentication.password_confirmation``);
    the demo and the tests sign through this same function.
    """
    content_type = ContentType.objects.get_for_model(type(record))
    if Signature.objects.filter(
        content_type=content_type, object_id=record.pk, signer=signer, capacity=capacity
    ).exists():
        raise DomainError(_("You have already signed this record."))
    canonical = canonical_serialization(record.signed_content())
    return Signature.objects.create(
        content_type=content_type,
        object_id=record.pk,
        signer=signer,
        capacity=capacity,
        digest=text_digest(canonical),
        canonical=canonical,
    )


@transaction.atomic
def amendment_make(
    *, record, user: AbstractBaseUser, reason: str, apply: Callable[[], None]
) -> Amendment:
    """Correct a locked record: run ``apply`` (the caller's writes) and keep what the record
    held before, with the reason. The caller decides who may amend and what may change.

    ``record`` offers ``signed_content()`` and ``confidential_owner()``.
    """
    reason = reason.strip()
    if len(reason) < 10:
        raise DomainError(_("Say why the record is corrected (at least 10 characters)."))
    model = type(record)
    model._default_manager.select_for_update().get(pk=record.pk)  # hold the row until commit
    record.refresh_from_db()
    before = canonical_serialization(record.signed_content())
    apply()
    record.refresh_from_db()
    after = canonical_serialization(record.signed_content())
    if after == before:
        raise DomainError(_("The correction changes nothing in the record."))
    content_type = ContentType.objects.get_for_model(model)
    number = Amendment.objects.filter(content_type=content_type, object_id=record.pk).count() + 1
    return Amendment.objects.create(
        content_type=content_type,
        object_id=record.pk,
        district_id=record.confidential_owner()[1],
        number=number,
        reason=reason,
        amended_by=user,
        before=before,
        before_digest=text_digest(before),
        after=after,
        after_digest=text_digest(after),
    )


def draft_keep(*, user: AbstractBaseUser, key: str, data: dict, base_version: int) -> None:
    """Keep what ``user`` typed, whatever happens to the save that follows.

    Called outside the save's transaction, so a refused save leaves the text in place.
    """
    Draft.objects.update_or_create(
        user=user, key=key, defaults={"data": data, "base_version": base_version}
    )


def draft_discard(*, user: AbstractBaseUser, key: str) -> None:
    Draft.objects.filter(user=user, key=key).delete()
