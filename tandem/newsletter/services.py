"""Composing and scheduling issues, and subscribing with double opt-in.

Every write is atomic and asks ``edits_newsletter`` for staff work. Links in e-mails carry a
signed token (``django.core.signing``): confirming expires after ``CONFIRM_DAYS``, leaving never
does, so that an old issue's unsubscribe link still works.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.newsletter.models import Issue, Item, Subscriber
from tandem.newsletter.rules import edits_newsletter

CONFIRM_DAYS = 7
_CONFIRM_SALT = "tandem.newsletter.confirm"
_UNSUBSCRIBE_SALT = "tandem.newsletter.unsubscribe"
EDITABLE = (Issue.Status.DRAFT, Issue.Status.SCHEDULED)


@dataclass(frozen=True)
class ItemText:
    title: str
    text: str
    link: str
    author: str = ""


def _require_editor(user) -> None:
    if not edits_newsletter(user):
        raise DomainError(_("Only the state's staff compose the newsletter."))


def _write_items(issue: Issue, items: dict[str, ItemText]) -> None:
    missing = [kind.label for kind in Item.Kind if kind.value not in items]
    if missing:
        raise DomainError(
            _("An issue has three items; missing: %s.") % ", ".join(map(str, missing))
        )
    for position, kind in enumerate(Item.Kind, start=1):
        given = items[kind.value]
        item = issue.items.filter(kind=kind).first() or Item(issue=issue, kind=kind)
        item.position = position
        item.title, item.text, item.link = given.title, given.text, given.link
        item.author = given.author if kind == Item.Kind.REFLECTION else ""
        item.save()


def issue_create(
    *, user, title: str, introduction: str = "", items: dict[str, ItemText], **audience
) -> Issue:
    """A draft issue with its three items."""
    _require_editor(user)
    with transaction.atomic():
        issue = Issue.objects.create(
            title=title, introduction=introduction, created_by=user, **audience
        )
        _write_items(issue, items)
    return issue


def issue_update(
    *,
    user,
    issue_id: int,
    version: int,
    title: str,
    introduction: str = "",
    items: dict[str, ItemText],
    **audience,
) -> Issue:
    """Save an edit made on ``version``; each save is a new version in the history. Refused
    once sending began, or when someone else saved a newer version meanwhile."""
    _require_editor(user)
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue_id)
        if issue.status not in EDITABLE:
            raise DomainError(_("This issue is being sent or was sent; it can no longer change."))
        if issue.version != version:
            raise DomainError(
                _(
                    "Someone saved version %(now)s of this issue while you edited version %(yours)s; open it again to see their changes."
                )
                % {"now": issue.version, "yours": version}
            )
        issue.title, issue.introduction = title, introduction
        for name, value in audience.items():
            setattr(issue, name, value)
        issue.version += 1
        issue.save()
        _write_items(issue, items)
    return issue


def issue_schedule(*, user, issue_id: int, send_at: datetime.datetime) -> Issue:
    """Send at ``send_at`` (now or later): the sending task is queued to run then."""
    from tandem.newsletter.tasks import issue_send

    _require_editor(user)
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue_id)
        if issue.status not in EDITABLE:
            raise DomainError(_("This issue is being sent or was sent already."))
        if send_at < timezone.now() - datetime.timedelta(minutes=5):
            raise DomainError(_("The time to send is in the past; choose now or later."))
        issue.status = Issue.Status.SCHEDULED
        issue.send_at = send_at
        issue.save(update_fields=["status", "send_at"])
        transaction.on_commit(
            lambda: issue_send.using(run_after=send_at).enqueue(issue_id=issue.pk)
        )
    return issue


def issue_unschedule(*, user, issue_id: int) -> Issue:
    """Back to a draft; a task already queued finds it unscheduled and sends nothing."""
    _require_editor(user)
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue_id)
        if issue.status != Issue.Status.SCHEDULED:
            raise DomainError(
                _("Only a scheduled issue that has not begun sending can be held back.")
            )
        issue.status = Issue.Status.DRAFT
        issue.send_at = None
        issue.save(update_fields=["status", "send_at"])
    return issue


def confirm_token(subscriber: Subscriber) -> str:
    return signing.TimestampSigner(salt=_CONFIRM_SALT).sign(
        f"{subscriber.pk}:{subscriber.email.lower()}"
    )


def unsubscribe_token(subscriber_id: int) -> str:
    return signing.Signer(salt=_UNSUBSCRIBE_SALT).sign(str(subscriber_id))


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def subscription_request(*, email: str, user=None) -> Subscriber | None:
    """Ask to subscribe ``email``: a message with a confirmation link goes to it. The answer
    does not tell whether the address was subscribed already (nothing is sent then)."""
    email = (email or "").strip()
    try:
        validate_email(email)
    except Exception:
        raise DomainError(_("Enter a valid e-mail address, such as name@example.org.")) from None
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
        if subscriber is None:
            subscriber = Subscriber.objects.create(email=email, user=user)
        elif user is not None and subscriber.user_id is None:
            subscriber.user = user
            subscriber.save(update_fields=["user"])
        if subscriber.receives:
            return subscriber
        link = absolute(reverse("newsletter:confirm", args=[confirm_token(subscriber)]))
        context = {"link": link, "days": CONFIRM_DAYS}
        transaction.on_commit(
            lambda: send_mail(
                _("Confirm your subscription to Teachers' Top Three"),
                render_to_string("newsletter/email/confirm.txt", context),
                None,
                [subscriber.email],
            )
        )
    return subscriber


def subscription_confirm(*, token: str) -> Subscriber:
    """The second step of the double opt-in: the link from the confirmation message."""
    try:
        value = signing.TimestampSigner(salt=_CONFIRM_SALT).unsign(
            token, max_age=datetime.timedelta(days=CONFIRM_DAYS)
        )
    except signing.SignatureExpired:
        raise DomainError(
            _("This confirmation link has expired; subscribe again for a new one.")
        ) from None
    except signing.BadSignature:
        raise DomainError(_("This confirmation link is not valid.")) from None
    pk, _sep, email = value.partition(":")
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update().filter(pk=pk, email__iexact=email).first()
        )
        if subscriber is None:
            raise DomainError(_("This confirmation link is not valid."))
        if not subscriber.receives:
            subscriber.confirmed_at = timezone.now()
            subscriber.unsubscribed_at = None
            subscriber.save(update_fields=["confirmed_at", "unsubscribed_at"])
    return subscriber


def subscription_end(*, token: str) -> Subscriber:
    """One-click unsubscribe: the token alone is enough; doing it twice changes nothing."""
    try:
        pk = signing.Signer(salt=_UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        raise DomainError(_("This unsubscribe link is not valid.")) from None
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=pk).first()
        if subscriber is None:
            raise DomainError(_("This unsubscribe link is not valid."))
        if subscriber.unsubscribed_at is None:
            subscriber.unsubscribed_at = timezone.now()
            subscriber.save(update_fields=["unsubscribed_at"])
    return subscriber


def subscriber_of_unsubscribe(token: str) -> Subscriber | None:
    """Whose link this is, for the confirm page; None when the token is not valid."""
    try:
        pk = signing.Signer(salt=_UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return Subscriber.objects.filter(pk=pk).first()
