"""iCalendar text (RFC 5545), written by hand: the project takes no dependency for the few
properties a calendar feed (collaboration's meetings) and an invitation (selection's
interviews, with RFC 5546's METHOD:REQUEST) need."""

import datetime
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field

LINE_OCTETS = 75  # RFC 5545 §3.1: lines longer than this are folded
CRLF = "\r\n"


@dataclass(frozen=True)
class Party:
    """An organizer or attendee: a name and an e-mail address."""

    name: str
    email: str


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT: a meeting at a moment, or an all-day entry such as a due date. A timed
    event with ``zone`` is written in that zone's local time (TZID, with its VTIMEZONE).

    ``sequence`` counts the event's revisions (§3.8.7.4): a calendar app takes an update or
    a cancellation only when it is higher than the one it holds, so it goes up with every
    change and never down. ``revised`` is when the event last changed: without a METHOD
    that is what DTSTAMP says (§3.8.7.2), and LAST-MODIFIED too."""

    uid: str
    summary: str
    start: datetime.datetime | datetime.date
    end: datetime.datetime | None = None
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False
    zone: str = ""
    organizer: Party | None = None
    attendees: tuple[Party, ...] = field(default_factory=tuple)
    sequence: int = 0
    revised: datetime.datetime | None = None


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


def _moment(name: str, moment: datetime.datetime | datetime.date, zone: str) -> str:
    if not isinstance(moment, datetime.datetime):
        return f"{name};VALUE=DATE:{moment:%Y%m%d}"
    if zone:
        local = moment.astimezone(zoneinfo.ZoneInfo(zone))
        return f"{name};TZID={zone}:{local:%Y%m%dT%H%M%S}"
    return f"{name}:{_utc(moment)}"


def _parameter(value: str) -> str:
    """A parameter value (§3.2) quoted, without the characters a quoted value cannot hold."""
    return '"' + "".join(c for c in value if c not in '"\r\n') + '"'


def _party(name: str, party: Party, *extra: str) -> str:
    return ";".join([name, f"CN={_parameter(party.name)}", *extra]) + f":mailto:{party.email}"


def _offset(delta: datetime.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def vtimezone(zone: str, years: Iterable[int]) -> list[str]:
    """The VTIMEZONE (§3.6.5) of ``zone`` for events in ``years``: each change of offset
    from the year before to the last year as its own STANDARD or DAYLIGHT part (read from the
    zone database, without recurrence rules), so a calendar shows the local time set."""
    tz = zoneinfo.ZoneInfo(zone)
    changes = []
    years = list(years)
    for year in sorted({y for event_year in years for y in (event_year - 1, event_year)}):
        moment = datetime.datetime(year, 1, 1, tzinfo=datetime.UTC)
        before = moment.astimezone(tz).utcoffset()
        while moment.year == year:
            moment += datetime.timedelta(hours=1)
            local = moment.astimezone(tz)
            if local.utcoffset() != before:
                changes.append((moment, before, local.utcoffset(), bool(local.dst())))
                before = local.utcoffset()
    if not changes:  # a zone without daylight time: one standard offset
        moment = datetime.datetime(min(years), 1, 1, tzinfo=datetime.UTC)
        offset = moment.astimezone(tz).utcoffset()
        changes = [(moment, offset, offset, False)]
    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone}"]
    for moment, before, after, dst in changes:
        kind = "DAYLIGHT" if dst else "STANDARD"
        lines += [
            f"BEGIN:{kind}",
            f"DTSTART:{(moment + before).replace(tzinfo=None):%Y%m%dT%H%M%S}",
            f"TZOFFSETFROM:{_offset(before)}",
            f"TZOFFSETTO:{_offset(after)}",
            f"END:{kind}",
        ]
    lines.append("END:VTIMEZONE")
    return lines


def calendar_text(
    *,
    name: str,
    events: Iterable[CalendarEvent],
    stamp: datetime.datetime,
    product: str = "Team meetings",
    method: str = "",
) -> str:
    """A VCALENDAR holding ``events``, with CRLF line endings and folded lines; ``method``
    REQUEST makes it an invitation (RFC 5546), which names an organizer.

    A feed that calendar apps subscribe to has no METHOD: it is not a scheduling message, so
    a cancelled event stays in it with STATUS:CANCELLED and a higher SEQUENCE (METHOD:CANCEL
    is for a message sent to attendees), and each event's DTSTAMP is when it last changed.
    With a METHOD, DTSTAMP is ``stamp``, when the message was made."""
    events = list(events)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//Tandem//{product}//EN",
        "CALSCALE:GREGORIAN",
    ]
    if method:
        lines.append(f"METHOD:{method}")
    lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    zones: dict[str, set[int]] = {}
    for event in events:
        if event.zone and isinstance(event.start, datetime.datetime):
            ends = [event.start, *([event.end] if event.end else [])]
            zones.setdefault(event.zone, set()).update(
                m.astimezone(zoneinfo.ZoneInfo(event.zone)).year for m in ends
            )
    for zone, years in zones.items():
        lines += vtimezone(zone, years)
    for event in events:
        revised = event.revised or stamp
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_utc(stamp if method else revised)}",
            f"SEQUENCE:{event.sequence}",
            _moment("DTSTART", event.start, event.zone),
        ]
        if event.end:
            lines.append(_moment("DTEND", event.end, event.zone))
        lines.append(f"SUMMARY:{escape_text(event.summary)}")
        if event.organizer:
            lines.append(_party("ORGANIZER", event.organizer))
        for attendee in event.attendees:
            lines.append(
                _party(
                    "ATTENDEE",
                    attendee,
                    "ROLE=REQ-PARTICIPANT",
                    "PARTSTAT=NEEDS-ACTION",
                    "RSVP=TRUE",
                )
            )
        if event.url:
            lines.append(f"URL:{event.url}")
        if event.cancelled:
            lines.append("STATUS:CANCELLED")  # §3.8.1.11: calendar apps take the event off
        if event.location:
            lines.append(f"LOCATION:{escape_text(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.revised:
            lines.append(f"LAST-MODIFIED:{_utc(event.revised)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
