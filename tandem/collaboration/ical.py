"""iCalendar text (RFC 5545) for a person's calendar feed, written by hand: the project
takes no dependency for the few properties a feed needs."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

LINE_OCTETS = 75  # RFC 5545 §3.1: lines longer than this are folded
CRLF = "\r\n"


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT: a meeting at a moment, or an all-day entry such as a due date."""

    uid: str
    summary: str
    start: datetime.datetime | datetime.date
    description: str = ""
    location: str = ""
    cancelled: bool = False


def escape_text(value: str) -> str:
    """Escape a TEXT value (§3.3.11): backslash, semicolon, comma and line breaks."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, each continuation starting
    with a space (§3.1), never inside a multi-byte character."""
    pieces: list[str] = []
    current, size, limit = "", 0, LINE_OCTETS
    for char in line:
        octets = len(char.encode())
        if size + octets > limit:
            pieces.append(current)
            current, size, limit = "", 0, LINE_OCTETS - 1
        current += char
        size += octets
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _start(start: datetime.datetime | datetime.date) -> str:
    if isinstance(start, datetime.datetime):
        return f"DTSTART:{_utc(start)}"
    return f"DTSTART;VALUE=DATE:{start:%Y%m%d}"


def calendar_text(*, name: str, events: Iterable[CalendarEvent], stamp: datetime.datetime) -> str:
    """A VCALENDAR holding ``events``, with CRLF line endings and folded lines."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Tandem//Team meetings//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_utc(stamp)}",
            _start(event.start),
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.cancelled:
            lines.append("STATUS:CANCELLED")  # §3.8.1.11: calendar apps take the event off
        if event.location:
            lines.append(f"LOCATION:{escape_text(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
