"""Teachers' Top Three from a teacher's mailbox (issue 15, item 6): subscribe, confirm from the
link in the message a real SMTP server on loopback received, staff compose, schedule and send
an issue through the task worker, the issue arrives, and the teacher leaves in one click from
its ``List-Unsubscribe`` header."""

import re
import time
import urllib.request

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READER = "top-three.reader@example.net"
STAFF = "state.admin@example.org"
TITLE = "Teachers' Top Three: the browser journey"


@pytest.fixture
def mailbox(settings, monkeypatch, live_server):
    """aiosmtpd on loopback for the live server and, through the environment, for the task
    worker's own process; links in messages point at the live server."""
    from tandem.newsletter.tests.smtp_server import LoopbackSmtp

    with LoopbackSmtp() as server:
        mail = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": server.port,
            "SITE_URL": live_server.url,
        }
        for name, value in mail.items():
            setattr(settings, name, value)
            monkeypatch.setenv(name, str(value))
        yield server.mailbox


def _arrived(mailbox, subject_part: str, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in mailbox.to(READER) if subject_part in m["Subject"]]
        if found:
            return found[-1]
        time.sleep(0.3)
    raise AssertionError(f"No message about {subject_part!r} reached {READER}")


def _accessible(page):
    assert _violations(page) == [], page.url


def test_a_teacher_subscribes_receives_an_issue_and_leaves_in_one_click(
    browser, mailbox, demo_server
):
    from django.utils import timezone

    from tandem.newsletter.models import Subscriber

    base = demo_server.url
    reader = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = reader.new_page()
    page.goto(f"{base}/top-three/subscribe/")
    _accessible(page)
    page.get_by_label("E-mail address").fill(READER)
    page.get_by_role("button", name="Subscribe").click()
    page.wait_for_load_state()
    _accessible(page)

    confirmation = _arrived(mailbox, "Confirm")
    link = re.search(r"\S+/top-three/confirm/\S+/", confirmation.get_body().get_content())
    page.goto(link.group(0))
    _accessible(page)
    assert Subscriber.objects.get(email=READER).receives

    staff = browser.new_context(bypass_csp=True).new_page()
    sign_in(staff, base, STAFF)
    staff.goto(f"{base}/top-three/issues/new/")
    _accessible(staff)
    staff.get_by_label("Title", exact=True).fill(TITLE)
    for kind, label in (
        ("resource", "New resource"),
        ("reflection", "Teacher reflection"),
        ("opportunity", "Get involved"),
    ):
        staff.get_by_label(f"{label}: title").fill(f"The {kind} of the fortnight")
        staff.get_by_label(f"{label}: text").fill(f"A short paragraph on the {kind}.")
        staff.get_by_label(f"{label}: link").fill(f"https://example.org/{kind}")
    staff.get_by_label("Teacher reflection: written by").fill("Jordan Teacher")
    staff.get_by_role("button", name="Save").click()
    staff.wait_for_load_state()
    _accessible(staff)  # the preview, as it will arrive

    now = timezone.localtime(timezone.now()).strftime("%Y-%m-%dT%H:%M")
    staff.get_by_label("Send at").fill(now)
    staff.get_by_role("button", name="Schedule").click()
    staff.wait_for_load_state()
    _accessible(staff)

    issue = _arrived(mailbox, TITLE)
    assert "The reflection of the fortnight" in issue.get_body(("plain",)).get_content()
    assert issue["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    leave = re.fullmatch(r"<(.+)>", issue["List-Unsubscribe"].strip()).group(1)
    assert leave.startswith(base) and leave in issue.get_body(("html",)).get_content()

    # What a mail program does with the header (RFC 8058): a POST, no cookie, no token.
    request = urllib.request.Request(leave, data=b"List-Unsubscribe=One-Click", method="POST")
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200
    assert not Subscriber.objects.get(email=READER).receives

    page.goto(leave)  # the link in the message still opens, and says so
    _accessible(page)
    staff.reload()
    _accessible(staff)
    reader.close()
    staff.context.close()
