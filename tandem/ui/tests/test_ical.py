"""The invitation parts of iCalendar text: local times in a zone with its VTIMEZONE, the
organizer and attendees, and the REQUEST method."""

import datetime

from tandem.ui.ical import CalendarEvent, Party, calendar_text, vtimezone

STAMP = datetime.datetime(2026, 11, 24, 12, tzinfo=datetime.UTC)


def _unfold(text):
    return text.replace("\r\n ", "")


def test_a_zoned_event_is_written_in_local_time_with_the_zones_changes():
    event = CalendarEvent(
        uid="interview-1@example.org",
        summary="Interview",
        start=datetime.datetime(2027, 1, 12, 19, 30, tzinfo=datetime.UTC),
        end=datetime.datetime(2027, 1, 12, 20, 15, tzinfo=datetime.UTC),
        zone="America/New_York",
    )
    text = _unfold(calendar_text(name="Interview", events=[event], stamp=STAMP))
    assert "DTSTART;TZID=America/New_York:20270112T143000\r\n" in text
    assert "DTEND;TZID=America/New_York:20270112T151500\r\n" in text
    # January 2027 follows the change to standard time of November 2026.
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")
    assert "DTSTART:20261101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500" in text


def test_a_zone_without_daylight_time_has_one_standard_part():
    lines = vtimezone("UTC", [2027])
    assert lines.count("BEGIN:STANDARD") == 1 and "TZOFFSETTO:+0000" in lines


def test_an_invitation_names_its_organizer_and_attendees_and_asks():
    event = CalendarEvent(
        uid="interview-2@example.org",
        summary="Interview",
        start=datetime.datetime(2027, 1, 12, 19, tzinfo=datetime.UTC),
        organizer=Party('Pat "HR" Lee', "pat@example.org"),
        attendees=(Party("Sam Rivera", "sam@example.org"),),
    )
    text = _unfold(calendar_text(name="Interview", events=[event], stamp=STAMP, method="REQUEST"))
    assert "METHOD:REQUEST\r\n" in text
    assert 'ORGANIZER;CN="Pat HR Lee":mailto:pat@example.org' in text
    assert (
        'ATTENDEE;CN="Sam Rivera";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE'
        ":mailto:sam@example.org"
    ) in text
    assert "DTSTART:20270112T190000Z" in text
