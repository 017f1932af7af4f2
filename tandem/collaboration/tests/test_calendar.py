"""The calendar feed of a team's meetings and action items (issue 5, item 5): a secret
address, RFC 5545 text, and only what its owner may see today."""

import datetime
import re

import pytest

from tandem.collaboration.models import CalendarFeed
from tandem.collaboration.services.meetings import (
    calendar_feed_create,
    meeting_cancel,
)
from tandem.collaboration.services.teams import team_member_end
from tandem.collaboration.tests.first_team import TODAY
from tandem.errors import DomainError
from tandem.ui import ical

pytestmark = pytest.mark.django_db


def _unfold(text):
    return text.replace("\r\n ", "")


def test_text_values_escape_backslash_semicolon_comma_and_newlines():
    assert ical.escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "DESCRIPTION:" + "é" * 100 + "x" * 80
    folded = ical.fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert _unfold(folded) == line
    assert ical.fold("SUMMARY:short") == "SUMMARY:short"


def test_the_calendar_uses_crlf_and_dates_for_due_dates():
    stamp = datetime.datetime(2026, 11, 24, 12, tzinfo=datetime.UTC)
    text = ical.calendar_text(
        name="Team",
        stamp=stamp,
        events=[
            ical.CalendarEvent(
                uid="meeting-1@example.org",
                summary="Meeting; budget, plans",
                start=datetime.datetime(2026, 12, 1, 21, tzinfo=datetime.UTC),
                description="Line one\nLine two",
            ),
            ical.CalendarEvent(uid="action-item-2@example.org", summary="Due", start=TODAY),
        ],
    )
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = _unfold(text).split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and "VERSION:2.0" in lines
    assert "DTSTART:20261201T210000Z" in lines
    assert "DTSTART;VALUE=DATE:20261124" in lines
    assert lines.count("DTSTAMP:20261124T120000Z") == 2
    assert "SUMMARY:Meeting\\; budget\\, plans" in lines
    assert "DESCRIPTION:Line one\\nLine two" in lines
    assert "UID:action-item-2@example.org" in lines


def _make_feed(client, user):
    client.force_login(user)
    page = client.post("/calendar/", {"action": "create"}).content.decode()
    url = re.search(r"<code>(http[^<]+)</code>", page).group(1)
    client.logout()
    return url.split("testserver", 1)[1]


def test_the_feed_lists_meetings_and_due_dates_without_signing_in(
    client, team, meeting, user_of, item_on
):
    principal = user_of("principal@example.org")
    item_on(meeting, "Draft the mentor schedule", due_on=datetime.date(2026, 12, 4))
    path = _make_feed(client, principal)
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = _unfold(response.content.decode())
    assert f"UID:meeting-{meeting.pk}@testserver" in text
    assert "LOCATION:High school library" in text
    assert "SUMMARY:Due: Draft the mentor schedule" in text
    assert "DTSTART;VALUE=DATE:20261204" in text


def test_only_a_digest_of_the_address_is_stored(client, user_of):
    principal = user_of("principal@example.org")
    path = _make_feed(client, principal)
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get(user=principal, revoked_at__isnull=True)
    assert len(token) >= 40 and token not in feed.digest and feed.digest == feed.digest_of(token)


def test_a_revoked_or_replaced_address_answers_404_and_reveals_nothing(client, team, user_of):
    principal = user_of("principal@example.org")
    first = _make_feed(client, principal)
    second = _make_feed(client, principal)
    response = client.get(first)
    assert response.status_code == 404 and b"VCALENDAR" not in response.content
    assert team.name.encode() not in response.content
    assert client.get(second).status_code == 200
    client.force_login(principal)
    client.post("/calendar/", {"action": "revoke"})
    client.logout()
    assert client.get(second).status_code == 404
    assert client.get("/calendar/made-up-address.ics").status_code == 404


def test_leaving_the_team_takes_its_meetings_out_of_the_feed(client, team, meeting, user_of):
    principal = user_of("principal@example.org")
    path = _make_feed(client, principal)
    assert f"meeting-{meeting.pk}@" in client.get(path).content.decode()
    member = team.members.get(user=principal, end_date__isnull=True)
    team_member_end(member_id=member.pk, by=user_of("superintendent@example.org"))
    text = client.get(path).content.decode()
    assert "BEGIN:VCALENDAR" in text and "BEGIN:VEVENT" not in text


def test_someone_on_no_team_cannot_make_an_address(user_of):
    with pytest.raises(DomainError):
        calendar_feed_create(user=user_of("teacher@example.org"))
    assert not CalendarFeed.objects.filter(user__email="teacher@example.org").exists()


def test_a_cancelled_event_carries_its_status():
    stamp = datetime.datetime(2026, 11, 24, 12, tzinfo=datetime.UTC)
    start = datetime.datetime(2026, 12, 1, 21, tzinfo=datetime.UTC)
    lines = ical.calendar_text(
        name="Team",
        stamp=stamp,
        events=[
            ical.CalendarEvent(uid="meeting-1@x", summary="Off", start=start, cancelled=True),
            ical.CalendarEvent(uid="meeting-2@x", summary="On", start=start),
        ],
    ).split("\r\n")
    assert lines.count("STATUS:CANCELLED") == 1
    assert lines.index("STATUS:CANCELLED") < lines.index("UID:meeting-2@x")


def test_the_feed_keeps_a_cancelled_meeting_marked_cancelled_with_its_action_items(
    client, team, meeting, user_of, item_on
):
    principal = user_of("principal@example.org")
    item = item_on(meeting, "Draft the mentor schedule", due_on=datetime.date(2026, 12, 4))
    meeting_cancel(
        meeting_id=meeting.pk,
        version=meeting.version,
        by=principal,
        reason="The superintendent is called to the state hearing.",
    )
    text = _unfold(client.get(_make_feed(client, principal)).content.decode())
    events = {
        event.split("UID:", 1)[1].split("@", 1)[0]: event
        for event in text.split("BEGIN:VEVENT")[1:]
    }
    cancelled = events[f"meeting-{meeting.pk}"]
    assert "STATUS:CANCELLED" in cancelled
    assert f"SUMMARY:Cancelled: {ical.escape_text(team.name)} meeting" in cancelled
    meeting.refresh_from_db()
    assert meeting.cancellation_reason.startswith("The superintendent")
    assert ical.escape_text(f"Cancelled: {meeting.cancellation_reason}") in cancelled
    assert "STATUS:" not in events[f"action-item-{item.pk}"]
    held_or_planned = [
        f"meeting-{pk}"
        for pk in team.meetings.filter(cancelled_at__isnull=True).values_list("pk", flat=True)
    ]
    assert held_or_planned and all("STATUS:" not in events[uid] for uid in held_or_planned)
