"""A cabinet's meetings: agenda and minutes with a version check, and the iCalendar file."""

import datetime

import pytest
from django.urls import reverse

from tandem.cabinets import services
from tandem.cabinets.tests.factories import (
    CabinetFactory,
    MeetingFactory,
    TermFactory,
    state_admin,
)
from tandem.errors import DomainError
from tandem.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_two_tabs_cannot_overwrite_the_minutes():
    meeting = MeetingFactory()
    staff = state_admin()
    services.meeting_record(
        meeting_id=meeting.pk, version=1, by=staff, agenda=meeting.agenda, minutes="We met."
    )
    with pytest.raises(DomainError, match="reload"):
        services.meeting_record(
            meeting_id=meeting.pk, version=1, by=staff, agenda="", minutes="Stale tab."
        )
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.version) == ("We met.", 2)


def test_no_minutes_before_the_meeting_and_none_by_a_member():
    meeting = MeetingFactory(
        starts_at=datetime.datetime(2026, 12, 8, 15, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 12, 8, 17, tzinfo=datetime.UTC),
    )
    with pytest.raises(DomainError, match="once the meeting has taken place"):
        services.meeting_record(
            meeting_id=meeting.pk, version=1, by=state_admin(), agenda="", minutes="Early."
        )
    member = TermFactory(cabinet=meeting.cabinet).person.user
    with pytest.raises(DomainError, match="state staff"):
        services.meeting_record(meeting_id=meeting.pk, version=1, by=member, agenda="", minutes="")
    meeting.refresh_from_db()
    assert meeting.minutes == "" and meeting.version == 1


def test_a_meeting_that_ends_before_it_starts_is_refused():
    cabinet = CabinetFactory()
    start = datetime.datetime(2026, 12, 8, 15, tzinfo=datetime.UTC)
    with pytest.raises(DomainError, match="ends before"):
        services.meeting_schedule(
            cabinet=cabinet,
            by=state_admin(),
            subject="Winter",
            starts_at=start,
            ends_at=start,
            place="Malden",
        )
    assert not cabinet.meetings.exists()


def test_the_calendar_lists_the_cabinets_meetings_with_their_agenda(client):
    meeting = MeetingFactory(subject="Evaluation, guidance; and more")
    member = TermFactory(cabinet=meeting.cabinet).person.user
    client.force_login(member)
    response = client.get(reverse("cabinets:calendar", args=[meeting.cabinet.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode().replace("\r\n ", "")
    assert f"UID:cabinet-meeting-{meeting.pk}@" in body
    assert "SUMMARY:" + meeting.cabinet.name + ": Evaluation\\, guidance\\; and more" in body
    assert "DESCRIPTION:Agenda:\\n1. Welcome\\n2. Evaluation guidance" in body
    assert "SEQUENCE:0" in body and body.count("BEGIN:VEVENT") == 1


def test_who_may_not_open_a_cabinets_meetings(client):
    meeting = MeetingFactory()
    former = TermFactory(
        cabinet=meeting.cabinet,
        starts_on=datetime.date(2025, 7, 1),
        ends_on=datetime.date(2026, 6, 30),
    ).person.user
    other_cabinet = TermFactory().person.user
    stranger = PersonFactory(signs_in=True).user
    for user in (former, other_cabinet, stranger):
        client.force_login(user)
        for name in ("cabinet_detail", "calendar"):
            assert (
                client.get(reverse(f"cabinets:{name}", args=[meeting.cabinet.pk])).status_code
                == 404
            )
        assert client.get(reverse("cabinets:meeting_detail", args=[meeting.pk])).status_code == 404


def test_staff_schedule_and_record_through_the_pages(client):
    cabinet = CabinetFactory()
    client.force_login(state_admin())
    response = client.post(
        reverse("cabinets:meeting_add", args=[cabinet.pk]),
        {
            "subject": "Fall meeting",
            "starts_at": "2026-11-20T10:00",
            "ends_at": "2026-11-20T12:00",
            "place": "Malden",
            "agenda": "Welcome\n\nThe equity plan",
        },
    )
    meeting = cabinet.meetings.get()
    assert response.status_code == 302 and meeting.agenda_items() == ["Welcome", "The equity plan"]
    page = client.post(
        reverse("cabinets:meeting_detail", args=[meeting.pk]),
        {"version": 1, "agenda": meeting.agenda, "minutes": "Root causes discussed."},
    )
    assert page.status_code == 302
    stale = client.post(
        reverse("cabinets:meeting_detail", args=[meeting.pk]),
        {"version": 1, "agenda": "", "minutes": "Overwrite."},
    )
    assert "reload" in stale.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes == "Root causes discussed."
