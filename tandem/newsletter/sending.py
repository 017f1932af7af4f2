"""Sending one issue through the configured SMTP server, in batches of ``BATCH_SIZE`` with
one connection each.

No copy is sent twice, even when the worker is killed mid-batch and started again:

1. Claiming the issue writes one ``Delivery`` row per subscriber in the audience (unique per
   issue and subscriber) and marks the issue as sending, in one transaction.
2. Each batch is claimed before a message leaves: its rows go from *pending* to *sending* and
   that is committed. Only then is the connection opened and the batch sent.
3. After the batch the accepted rows become *sent*. A refused address is *failed*. When the
   connection breaks, the rows the server had not accepted go back to *pending* (up to
   ``MAX_ATTEMPTS``) and the batch is tried again after ``RETRY_SECONDS``.
4. A worker killed between 2 and 3 leaves rows in *sending*. The next run never sends them
   again: it marks them *uncertain* (the server may have them) and goes on with the pending.
   So a kill costs at most one batch's unknown copies, and never a double.
"""

import contextlib
import email.policy
import logging
import secrets
import smtplib
import time
from binascii import b2a_qp
from email.utils import formatdate, make_msgid, parseaddr

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMessage, get_connection
from django.core.mail.message import sanitize_address
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tandem.newsletter import selectors
from tandem.newsletter.models import Delivery, Issue
from tandem.newsletter.services import absolute, unsubscribe_token

logger = logging.getLogger(__name__)

BATCH_SIZE = getattr(settings, "NEWSLETTER_BATCH_SIZE", 500)
MAX_ATTEMPTS = 3
RETRY_SECONDS = getattr(settings, "NEWSLETTER_RETRY_SECONDS", 30)
_INSERT_CHUNK = 5000
# Stands in the rendered issue for each subscriber's own unsubscribe address.
_UNSUBSCRIBE = "https://unsubscribe.invalid/newsletter-link"

Status = Delivery.Status


def issue_message_parts(issue: Issue) -> tuple[str, str, str]:
    """Subject, plain text and HTML of the issue as it arrives, with ``_UNSUBSCRIBE`` where
    each subscriber's own link goes. Rendered once per issue, not once per copy."""
    context = {
        "issue": issue,
        "items": list(issue.items.order_by("position")),
        "unsubscribe_url": _UNSUBSCRIBE,
        "archive_url": absolute(reverse("newsletter:archive")),
    }
    text = render_to_string("newsletter/email/issue.txt", context)
    html = render_to_string("newsletter/email/issue.html", context)
    return issue.title, text, html


def unsubscribe_url(subscriber_id: int) -> str:
    return absolute(reverse("newsletter:unsubscribe", args=[unsubscribe_token(subscriber_id)]))


def preview(issue: Issue, subscriber_id: int = 0) -> tuple[str, str, str]:
    """The issue as a subscriber will see it, for the staff preview."""
    subject, text, html = issue_message_parts(issue)
    link = unsubscribe_url(subscriber_id)
    return subject, text.replace(_UNSUBSCRIBE, link), html.replace(_UNSUBSCRIBE, link)


class IssueMail:
    """Each copy of one issue as the bytes handed to SMTP, built from a template made once per
    issue: a copy differs only in its To, Date and Message-ID headers and the subscriber's own
    unsubscribe link (in the header, the text and the HTML). The email package folds and
    encodes the shared headers once; the bodies are quoted-printable, whose output never
    holds the ``=_`` that starts the boundary."""

    _BOUNDARY = "=_top-three_"
    _HEADERS = {
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": "Teachers' Top Three <top-three.newsletter.tandem>",
    }

    def __init__(self, parts: tuple[str, str, str]):
        subject, text, html = parts
        self.sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
        self.text = _crlf(text).split(_UNSUBSCRIBE)
        self.html = _crlf(html).split(_UNSUBSCRIBE)
        marker = "TOKEN"
        self.link = absolute(reverse("newsletter:unsubscribe", args=[marker])).split(marker)
        self.domain = DNS_NAME.get_fqdn()
        self.boundary = f"{self._BOUNDARY}{secrets.token_hex(12)}"
        policy = email.policy.SMTP

        def fold(name: str, value: str) -> bytes:  # RFC 2047 for a non-ASCII subject or name
            return policy.header_factory(name, value).fold(policy=policy).encode("ascii")

        head = b"".join(
            [
                fold("Subject", subject),
                fold("From", settings.DEFAULT_FROM_EMAIL),
                b"To: %s\r\nDate: %s\r\nMessage-ID: %s\r\nList-Unsubscribe: <%s>\r\n",
                *(fold(name, value) for name, value in self._HEADERS.items()),
                b"MIME-Version: 1.0\r\n",
                fold("Content-Type", f'multipart/alternative; boundary="{self.boundary}"'),
            ]
        )
        part = (
            b'--%s\r\nContent-Type: text/%s; charset="utf-8"\r\n'
            b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        )
        bound = self.boundary.encode()
        # The bodies go where %s stands; any % in the shared headers is escaped.
        self.template = (
            head.replace(b"%", b"%%").replace(b"%%s", b"%s")
            + b"\r\n"
            + part % (bound, b"plain")
            + b"%s\r\n"
            + part % (bound, b"html")
            + b"%s\r\n--"
            + bound
            + b"--\r\n"
        )

    def recipient(self, address: str) -> str:
        if "\n" in address or "\r" in address:
            raise BadHeaderError(f"Line break in the address {address!r}")
        return address if address.isascii() else sanitize_address(address, "utf-8")

    def unsubscribe_link(self, subscriber_id: int) -> str:
        return unsubscribe_token(subscriber_id).join(self.link)

    def message(self, recipient: str, subscriber_id: int, date: bytes) -> bytes:
        link = self.unsubscribe_link(subscriber_id)
        return self.template % (
            recipient.encode(),
            date,
            make_msgid("top-three", domain=self.domain).encode(),
            link.encode(),
            b2a_qp(link.join(self.text).encode()),
            b2a_qp(link.join(self.html).encode()),
        )


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _claim_issue(issue_id: int) -> Issue | None:
    """Write the delivery rows and mark the issue as sending; None if it is not due (held
    back, or rescheduled to later: that schedule queued its own run) or was sent already."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().filter(pk=issue_id).first()
        if issue is None or issue.status == Issue.Status.SENT:
            return None
        if issue.status == Issue.Status.SENDING:
            return issue
        if issue.status != Issue.Status.SCHEDULED or issue.send_at > timezone.now():
            return None
        audience = selectors.audience_of(issue).order_by("pk").values_list("pk", flat=True)
        last = 0
        while chunk := list(audience.filter(pk__gt=last)[:_INSERT_CHUNK]):
            Delivery.objects.bulk_create(
                [Delivery(issue=issue, subscriber_id=pk) for pk in chunk], ignore_conflicts=True
            )
            last = chunk[-1]
        issue.status = Issue.Status.SENDING
        issue.save(update_fields=["status"])
    return issue


def _claim_batch(issue: Issue) -> list[tuple[int, int, str]]:
    """The next batch, marked as handed over and committed before anything is sent. Copies to
    those who unsubscribed meanwhile are skipped."""
    with transaction.atomic():
        pending = Delivery.objects.filter(issue=issue, status=Status.PENDING)
        Delivery.objects.filter(
            Q(subscriber__unsubscribed_at__isnull=False), issue=issue, status=Status.PENDING
        ).update(status=Status.SKIPPED)
        rows = list(
            pending.select_for_update(skip_locked=True, of=("self",))
            .order_by("pk")
            .values_list("pk", "subscriber_id", "subscriber__email")[:BATCH_SIZE]
        )
        Delivery.objects.filter(pk__in=[pk for pk, _s, _e in rows]).update(status=Status.SENDING)
    return rows


class _Copy(EmailMessage):
    """A copy already built, for a mail backend that is not SMTP (the console in development)."""

    def __init__(self, data: bytes, recipient: str):
        super().__init__(to=[recipient])
        self.data = data

    def message(self):
        return email.message_from_bytes(self.data, policy=email.policy.SMTP)


def _sender(connection):
    """``send(sender, recipient, data)`` over the open connection: the SMTP session's own
    ``sendmail`` when there is one, else the backend's ``send_messages``."""
    smtp = getattr(connection, "connection", None)
    if isinstance(smtp, smtplib.SMTP):
        return lambda sender, recipient, data: smtp.sendmail(sender, [recipient], data)
    return lambda _sender, recipient, data: connection.send_messages([_Copy(data, recipient)])


def _send_batch(mail: IssueMail, rows) -> tuple[list[int], dict[int, str], list[int], str]:
    """Send over one connection, one ``sendmail`` per copy: (accepted, refused with reasons,
    not sent, error)."""
    accepted: list[int] = []
    refused: dict[int, str] = {}
    connection = get_connection(fail_silently=False)
    date = formatdate(localtime=settings.EMAIL_USE_LOCALTIME).encode()
    try:
        connection.open()
        send = _sender(connection)
        for index, (pk, subscriber_id, address) in enumerate(rows):
            try:
                recipient = mail.recipient(address)
                send(mail.sender, recipient, mail.message(recipient, subscriber_id, date))
            except (smtplib.SMTPRecipientsRefused, BadHeaderError, ValueError) as error:
                reasons = getattr(error, "recipients", {}).values()
                refused[pk] = str(next(iter(reasons), error))[:300]
            except (smtplib.SMTPException, OSError) as error:
                return accepted, refused, [row[0] for row in rows[index:]], str(error)[:300]
            else:
                accepted.append(pk)
    except (smtplib.SMTPException, OSError) as error:
        return (
            accepted,
            refused,
            [row[0] for row in rows[len(accepted) + len(refused) :]],
            str(error)[:300],
        )
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()
    return accepted, refused, [], ""


def _record(accepted, refused, unsent, error: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        Delivery.objects.filter(pk__in=accepted).update(status=Status.SENT, sent_at=now)
        for pk, reason in refused.items():
            Delivery.objects.filter(pk=pk).update(status=Status.FAILED, error=reason)
        if unsent:
            again = Delivery.objects.filter(pk__in=unsent)
            again.update(attempts=F("attempts") + 1, error=error)
            again.filter(attempts__gte=MAX_ATTEMPTS).update(status=Status.FAILED)
            again.filter(attempts__lt=MAX_ATTEMPTS).update(status=Status.PENDING)


def issue_send_now(issue_id: int) -> dict[str, int]:
    """Send the issue's pending copies; safe to run again after any stop."""
    issue = _claim_issue(issue_id)
    if issue is None:
        return {"sent": 0}
    Delivery.objects.filter(issue=issue, status=Status.SENDING).update(status=Status.UNCERTAIN)
    mail = IssueMail(issue_message_parts(issue))
    sent = 0
    while rows := _claim_batch(issue):
        accepted, refused, unsent, error = _send_batch(mail, rows)
        _record(accepted, refused, unsent, error)
        sent += len(accepted)
        if unsent:
            logger.warning("Newsletter batch of issue %s broke off: %s", issue.pk, error)
            time.sleep(RETRY_SECONDS)
    with transaction.atomic():
        Issue.objects.filter(pk=issue.pk, status=Issue.Status.SENDING).update(
            status=Issue.Status.SENT, sent_at=timezone.now()
        )
    return {"sent": sent}
