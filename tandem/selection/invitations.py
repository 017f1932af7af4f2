"""An interview's iCalendar invitation (RFC 5545 with RFC 5546's REQUEST), the same text
e-mailed to the candidate and the panel and downloaded from the candidate's file."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.selection.models import Interview
from tandem.ui.ical import CalendarEvent, Party, calendar_text


def _party(person) -> Party | None:
    user = person.user
    return Party(name=str(person), email=user.email) if user and user.email else None


def interview_summary(interview: Interview) -> str:
    return _("Interview: %(title)s") % {"title": interview.application.posting.vacancy.title}


def interview_calendar(interview: Interview) -> str:
    """The invitation; its UID names the site, so a calendar updates rather than adds."""
    host = urlsplit(settings.SITE_URL).hostname or "tandem"
    application = interview.application
    organizer = interview.organizer
    attendees = [_party(application.person)] + [
        _party(member.person) for member in interview.panel.all()
    ]
    description = _("%(candidate)s, for %(title)s at %(where)s.") % {
        "candidate": application.person,
        "title": application.posting.vacancy.title,
        "where": application.posting.vacancy.school or application.posting.vacancy.district,
    }
    if interview.video_link:
        description += " " + _("Join by video: %(link)s") % {"link": interview.video_link}
    event = CalendarEvent(
        uid=f"interview-{interview.pk}@{host}",
        summary=interview_summary(interview),
        start=interview.starts_at,
        end=interview.ends_at,
        zone=settings.TIME_ZONE,
        location=interview.place or interview.video_link,
        url=interview.video_link,
        description=description,
        organizer=Party(name=organizer.get_full_name() or organizer.email, email=organizer.email),
        attendees=tuple(attendee for attendee in attendees if attendee),
    )
    return calendar_text(
        name=interview_summary(interview),
        events=[event],
        stamp=timezone.now(),
        product="Interviews",
        method="REQUEST",
    )
