"""The calendar feed of a team's meetings and action items (issue 5, item 5): a secret
address, RFC 5545 text, and only what its owner may see today."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils import timezone

from tandem.collaboration.models import CalendarFeed
from tandem.collaboration.services.meetings import (
    calendar_feed_create,
    meeting_agenda_update,
    meeting_cancel,
    meeting_schedule,
    team_meeting_length_set,
)
from tandem.collaboration.services.teams import team_member_end
from tandem.collaboration.tests.first_team import TODAY
from tandem.errors import DomainError
from tandem.ui import ical

pytestmark = pytest.mark.django_db
HOST = urlsplit(settings.SITE_URL).hostname


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
    assert f"UID:meeting-{meeting.pk}@{HOST}" in text
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
    assert f"SUMMARY:Cancelled: {ical.escape_text(team.name)}: Mentor stipends" in cancelled
    assert "SEQUENCE:1" in cancelled
    meeting.refresh_from_db()
    assert meeting.cancellation_reason.startswith("The superintendent")
    assert ical.escape_text(f"Cancelled: {meeting.cancellation_reason}") in cancelled
    assert "STATUS:" not in events[f"action-item-{item.pk}"]
    held_or_planned = [
        f"meeting-{pk}"
        for pk in team.meetings.filter(cancelled_at__isnull=True).values_list("pk", flat=True)
    ]
    assert held_or_planned and all("STATUS:" not in events[uid] for uid in held_or_planned)


def rfc5545_problems(text: str) -> list[str]:
    """What in ``text`` breaks RFC 5545's rules for content lines and events: CRLF endings,
    physical lines of at most 75 octets, and in each VEVENT one UID, one DTSTAMP in UTC, one
    DTSTART, one SEQUENCE, and an end after the start."""
    problems = []
    if not text.endswith("\r\n") or "\n" in text.replace("\r\n", ""):
        problems.append("a line does not end in CRLF")
    problems += [
        f"line over 75 octets: {line[:30]}"
        for line in text.split("\r\n")
        if len(line.encode()) > 75
    ]
    for event in _unfold(text).split("BEGIN:VEVENT\r\n")[1:]:
        lines = event.split("END:VEVENT")[0].split("\r\n")
        names = [re.split("[;:]", line, maxsplit=1)[0] for line in lines if line]
        for name in ("UID", "DTSTAMP", "DTSTART", "SEQUENCE"):
            if names.count(name) != 1:
                problems.append(f"{name} appears {names.count(name)} times")
        stamp = next((line for line in lines if line.startswith("DTSTAMP")), "")
        if not re.fullmatch(r"DTSTAMP:\d{8}T\d{6}Z", stamp):
            problems.append(f"DTSTAMP not in UTC: {stamp}")
        start = next((line.split(":")[-1] for line in lines if line.startswith("DTSTART")), "")
        end = next((line.split(":")[-1] for line in lines if line.startswith("DTEND")), None)
        if end is not None and end <= start:
            problems.append(f"ends {end} before it starts {start}")
    return problems


def _event(text, uid):
    unfolded = _unfold(text)
    return next(
        event.split("END:VEVENT")[0]
        for event in unfolded.split("BEGIN:VEVENT")[1:]
        if f"UID:{uid}\r\n" in event
    )


def test_a_meeting_has_an_end_a_title_with_its_subject_and_a_video_link(client, team, user_of):
    principal = user_of("principal@example.org")
    meeting = meeting_schedule(
        team_id=team.pk,
        by=principal,
        subject="Budget outlook, year two; stipends",
        starts_at=timezone.make_aware(datetime.datetime(2026, 12, 10, 16)),
        place="Room 214",
        video_link="https://meet.example.org/team",
        agenda=["Check-in"],
    )
    text = client.get(_make_feed(client, principal)).content.decode()
    assert rfc5545_problems(text) == []
    event = _event(text, f"meeting-{meeting.pk}@{HOST}")
    zone = settings.TIME_ZONE
    assert f"DTSTART;TZID={zone}:20261210T160000" in event
    assert f"DTEND;TZID={zone}:20261210T173000" in event  # the team's usual 90 minutes
    assert f"SUMMARY:{ical.escape_text(team.name)}: Budget outlook\\, year two\\; stipends" in event
    assert "URL:https://meet.example.org/team" in event
    assert "Join by video: https://meet.example.org/team" in event
    assert "SEQUENCE:0" in event


def test_the_team_sets_its_usual_length_and_a_meeting_may_differ(team, user_of):
    principal = user_of("principal@example.org")
    team_meeting_length_set(team_id=team.pk, by=principal, minutes=60)
    start = timezone.make_aware(datetime.datetime(2026, 12, 10, 16))

    def schedule(**length):
        return meeting_schedule(
            team_id=team.pk,
            by=principal,
            subject="Norms",
            starts_at=start,
            place="Library",
            agenda=[],
            **length,
        )

    assert schedule().ends_at == start + datetime.timedelta(minutes=60)
    assert schedule(minutes=120).ends_at == start + datetime.timedelta(minutes=120)
    with pytest.raises(DomainError, match="from 15 to 480 minutes"):
        schedule(minutes=5)
    with pytest.raises(DomainError, match="calendars show it as the title"):
        meeting_schedule(
            team_id=team.pk, by=principal, subject=" ", starts_at=start, place="L", agenda=[]
        )


def test_the_facilitator_does_not_set_the_teams_meeting_length(team, user_of):
    with pytest.raises(DomainError):
        team_meeting_length_set(team_id=team.pk, by=user_of("facilitator@example.org"), minutes=30)
    team.refresh_from_db()
    assert team.meeting_minutes == 90


def test_an_update_and_a_cancellation_keep_the_uid_and_raise_the_sequence(
    client, team, meeting, user_of
):
    principal = user_of("principal@example.org")
    path = _make_feed(client, principal)
    uid = f"meeting-{meeting.pk}@{HOST}"
    first = _event(client.get(path).content.decode(), uid)
    assert "SEQUENCE:0" in first and "STATUS:" not in first
    moved = meeting_agenda_update(
        meeting_id=meeting.pk,
        version=meeting.version,
        by=principal,
        subject="Mentor stipends",
        starts_at=meeting.starts_at + datetime.timedelta(days=1),
        minutes=45,
        place="Room 214",
        agenda=["Check-in"],
    )
    text = client.get(path).content.decode()
    assert rfc5545_problems(text) == []
    second = _event(text, uid)
    assert "SEQUENCE:1" in second and "LOCATION:Room 214" in second
    assert f"DTEND;TZID={settings.TIME_ZONE}:20261121T164500" in second
    # Without a METHOD, DTSTAMP says when the event last changed (RFC 5545 §3.8.7.2).
    stamp = moved.changed_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTAMP:{stamp}" in second and f"LAST-MODIFIED:{stamp}" in second
    meeting_cancel(meeting_id=meeting.pk, version=moved.version, by=principal, reason="Snow.")
    third = _event(client.get(path).content.decode(), uid)
    assert "SEQUENCE:2" in third and "STATUS:CANCELLED" in third
    assert "METHOD" not in client.get(path).content.decode()


def test_an_invitation_stamps_the_message_and_a_feed_the_revision():
    stamp = datetime.datetime(2026, 11, 24, 12, tzinfo=datetime.UTC)
    revised = datetime.datetime(2026, 11, 20, 9, 30, tzinfo=datetime.UTC)
    event = ical.CalendarEvent(
        uid="x@example.org",
        summary="S",
        start=datetime.datetime(2026, 12, 1, 21, tzinfo=datetime.UTC),
        end=datetime.datetime(2026, 12, 1, 22, tzinfo=datetime.UTC),
        sequence=3,
        revised=revised,
    )
    feed = ical.calendar_text(name="T", events=[event], stamp=stamp)
    invitation = ical.calendar_text(name="T", events=[event], stamp=stamp, method="REQUEST")
    assert "DTSTAMP:20261120T093000Z\r\n" in feed and "SEQUENCE:3\r\n" in feed
    assert "DTSTAMP:20261124T120000Z\r\n" in invitation
    assert rfc5545_problems(feed) == rfc5545_problems(invitation) == []


def test_the_rule_checker_finds_what_breaks_the_rules():
    text = (
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20261124T120000\r\n"
        "DTSTART:20261201T210000Z\r\nDTEND:20261201T200000Z\r\nSUMMARY:" + "x" * 80 + "\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    problems = rfc5545_problems(text)
    assert any("75 octets" in p for p in problems)
    assert any("SEQUENCE appears 0" in p for p in problems)
    assert any("not in UTC" in p for p in problems)
    assert any("before it starts" in p for p in problems)


def test_a_member_sets_the_usual_length_on_the_meetings_page(client, team, user_of):
    client.force_login(user_of("principal@example.org"))
    page = client.get(f"/teams/{team.pk}/meetings/").content.decode()
    assert "last 90 minutes unless one says otherwise" in page
    client.post(f"/teams/{team.pk}/meetings/length/", {"minutes": "75"})
    team.refresh_from_db()
    assert team.meeting_minutes == 75
    client.post(f"/teams/{team.pk}/meetings/length/", {"minutes": "2"})
    team.refresh_from_db()
    assert team.meeting_minutes == 75
    client.force_login(user_of("facilitator@example.org"))
    assert (
        "Change the usual length" not in client.get(f"/teams/{team.pk}/meetings/").content.decode()
    )
