"""Sending through a real SMTP server on loopback: batches, headers, links, retries, and no
second copy after a worker dies mid-batch."""

import datetime
import re

import pytest
from django.utils import timezone

from tandem.newsletter import sending
from tandem.newsletter.models import Delivery, Issue, Subscriber
from tandem.newsletter.selectors import delivery_counts
from tandem.newsletter.tasks import issue_send
from tandem.newsletter.tests.factories import IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_batches(monkeypatch):
    monkeypatch.setattr(sending, "BATCH_SIZE", 3)
    monkeypatch.setattr(sending, "RETRY_SECONDS", 0)


def _due(**fields):
    issue = IssueFactory(**fields)
    issue.status = Issue.Status.SCHEDULED
    issue.send_at = timezone.now() - datetime.timedelta(minutes=1)
    issue.save()
    return issue


def test_each_subscriber_receives_one_copy_with_one_click_unsubscribe(smtp, client):
    readers = SubscriberFactory.create_batch(7)
    issue = _due()

    assert issue_send.call(issue_id=issue.pk) == {"sent": 7}

    assert sorted(m["To"] for m in smtp.messages) == sorted(r.email for r in readers)
    message = smtp.to(readers[0].email)[0]
    assert message["Subject"] == issue.title
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.fullmatch(r"<(.+)>", message["List-Unsubscribe"].strip()).group(1)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert link in text and link in html
    for item in issue.items.all():
        assert item.title in text and item.link in html
    # RFC 8058: the mail program POSTs with no sign-in and no CSRF token.
    path = link.removeprefix("http://127.0.0.1:8000")
    client.handler.enforce_csrf_checks = True
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert Subscriber.objects.get(pk=readers[0].pk).unsubscribed_at is not None
    assert Subscriber.objects.get(pk=readers[1].pk).unsubscribed_at is None

    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT and issue.sent_at is not None
    assert delivery_counts([issue.pk])[issue.pk]["sent"] == 7


def test_a_batch_shares_one_connection(smtp, monkeypatch):
    SubscriberFactory.create_batch(7)
    opened = []
    real_get_connection = sending.get_connection
    monkeypatch.setattr(
        sending, "get_connection", lambda **kw: opened.append(1) or real_get_connection(**kw)
    )
    sending.issue_send_now(_due().pk)
    assert len(opened) == 3  # 7 copies in batches of 3


def test_running_again_sends_nothing_more(smtp):
    SubscriberFactory.create_batch(4)
    issue = _due()
    sending.issue_send_now(issue.pk)
    assert sending.issue_send_now(issue.pk) == {"sent": 0}
    assert len(smtp.messages) == 4


def test_a_worker_killed_mid_batch_never_sends_a_copy_twice(smtp, monkeypatch):
    """The batch went out but the worker died before recording it: the restart leaves those
    copies as uncertain and sends the others."""
    readers = SubscriberFactory.create_batch(7)
    issue = _due()
    real_record = sending._record

    class Killed(BaseException):
        pass

    def die_on_second_batch(*args):
        if die_on_second_batch.calls == 1:
            raise Killed
        die_on_second_batch.calls += 1
        real_record(*args)

    die_on_second_batch.calls = 0
    monkeypatch.setattr(sending, "_record", die_on_second_batch)
    with pytest.raises(Killed):
        sending.issue_send_now(issue.pk)
    assert len(smtp.messages) == 6
    monkeypatch.setattr(sending, "_record", real_record)

    assert sending.issue_send_now(issue.pk) == {"sent": 1}
    received = [m["To"] for m in smtp.messages]
    assert sorted(received) == sorted(r.email for r in readers)  # each exactly once
    counts = delivery_counts([issue.pk])[issue.pk]
    assert (counts["sent"], counts["uncertain"]) == (4, 3)


def test_a_failed_batch_is_retried(smtp):
    readers = SubscriberFactory.create_batch(5)
    smtp.fail_next = 2  # the server answers 421 twice
    issue = _due()
    assert sending.issue_send_now(issue.pk) == {"sent": 5}
    assert sorted(m["To"] for m in smtp.messages) == sorted(r.email for r in readers)
    assert Delivery.objects.filter(issue=issue, attempts__gt=0).exists()


def test_a_batch_that_keeps_failing_gives_up_after_the_last_attempt(smtp):
    SubscriberFactory.create_batch(2)
    smtp.fail_next = 100
    issue = _due()
    assert sending.issue_send_now(issue.pk) == {"sent": 0}
    counts = delivery_counts([issue.pk])[issue.pk]
    assert counts["failed"] == 2 and counts["pending"] == 0
    assert set(Delivery.objects.filter(issue=issue).values_list("attempts", flat=True)) == {
        sending.MAX_ATTEMPTS
    }


def test_a_refused_address_fails_alone(smtp):
    good, bad = SubscriberFactory.create_batch(2)
    smtp.refuse.add(bad.email)
    issue = _due()
    sending.issue_send_now(issue.pk)
    assert [m["To"] for m in smtp.messages] == [good.email]
    failed = Delivery.objects.get(issue=issue, subscriber=bad)
    assert failed.status == Delivery.Status.FAILED and "No such mailbox" in failed.error


def test_who_receives(smtp):
    unconfirmed = SubscriberFactory(confirmed_at=None)
    left = SubscriberFactory(unsubscribed_at=timezone.now())
    reader = SubscriberFactory()
    sending.issue_send_now(_due().pk)
    received = {m["To"] for m in smtp.messages}
    assert reader.email in received
    assert unconfirmed.email not in received and left.email not in received


def test_an_issue_not_due_or_held_back_is_not_sent(smtp):
    SubscriberFactory()
    later = _due()
    later.send_at = timezone.now() + datetime.timedelta(hours=1)
    later.save()
    draft = IssueFactory()
    assert sending.issue_send_now(later.pk) == {"sent": 0}
    assert sending.issue_send_now(draft.pk) == {"sent": 0}
    assert smtp.messages == []
    assert not Delivery.objects.filter(issue__in=[later, draft]).exists()


def _own_link(message) -> str:
    return re.fullmatch(r"<(.+)>", message["List-Unsubscribe"].strip()).group(1)


def test_each_copy_carries_only_its_own_headers_and_links(smtp, client):
    """Copies are built from one template: nothing of one subscriber's may reach another."""
    first, second = SubscriberFactory.create_batch(2)
    issue = _due(
        title="Élan: the résumé issue — 100% ready",
        introduction="Line one.\n.A line that starts with a dot, and a long one: " + "word " * 40,
    )
    sending.issue_send_now(issue.pk)

    copies = {address.email: smtp.to(address.email) for address in (first, second)}
    assert [len(c) for c in copies.values()] == [1, 1]
    mine, theirs = copies[first.email][0], copies[second.email][0]
    assert mine["Subject"] == theirs["Subject"] == issue.title
    assert mine["Message-ID"] != theirs["Message-ID"]
    assert mine["Date"] and mine["List-Id"] == theirs["List-Id"]
    for message, reader, other in ((mine, first, second), (theirs, second, first)):
        link, other_link = _own_link(message), _own_link(copies[other.email][0])
        assert link == sending.unsubscribe_url(reader.pk) != other_link
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert ".A line that starts with a dot" in text and "word " * 40 in text
        assert link in text and link in html
        assert other_link not in text and other_link not in html
        assert other.email not in message.as_string()
    # The link in one copy ends that subscriber's subscription only.
    client.post(_own_link(theirs).removeprefix("http://127.0.0.1:8000"))
    assert Subscriber.objects.get(pk=second.pk).unsubscribed_at is not None
    assert Subscriber.objects.get(pk=first.pk).unsubscribed_at is None


def test_a_backend_other_than_smtp_gets_the_same_copies(settings, mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reader = SubscriberFactory()
    issue = _due()
    assert sending.issue_send_now(issue.pk) == {"sent": 1}
    (copy,) = [m for m in mailoutbox if m.to == [reader.email]]
    message = copy.message()
    assert message["To"] == reader.email
    assert _own_link(message) == sending.unsubscribe_url(reader.pk)
