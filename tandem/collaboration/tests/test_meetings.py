"""Meetings, action items and the calendar feed (issue 5, item 5): private to the team."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tandem.collaboration import ical, services
from tandem.collaboration.models import ActionItem, CalendarFeed, Meeting
from tandem.errors import DomainError
from tandem.people.models import RoleGrant

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 24)
OUTSIDERS = (
    "teacher@example.org",
    "hr@example.org",
    "district.admin@example.org",
    "analyst@example.org",
)


@pytest.fixture
def team(user_of):
    return user_of("superintendent@example.org").person.employments.get().district.team


@pytest.fixture
def meeting(team, user_of):
    return services.meeting_schedule(
        team_id=team.pk,
        by=user_of("principal@example.org"),
        starts_at=timezone.make_aware(datetime.datetime(2026, 11, 20, 16)),
        place="High school library",
        agenda=["Check-in", "Mentor stipends", "", "Next steps"],
    )


@pytest.fixture
def other_facilitator(team):
    grant = RoleGrant.objects.filter(role=RoleGrant.Role.FACILITATOR).exclude(user=team.facilitator)
    if grant.exists():
        return grant.first().user
    return RoleGrant.objects.create(
        user=RoleGrant.objects.filter(role="district_hr").first().user,
        role=RoleGrant.Role.FACILITATOR,
        start_date=TODAY,
    ).user


def _pages(team, meeting):
    return [
        f"/teams/{team.pk}/meetings/",
        f"/teams/{team.pk}/meetings/new/",
        f"/teams/{team.pk}/meetings/{meeting.pk}/",
        f"/teams/{team.pk}/meetings/{meeting.pk}/agenda/",
        f"/teams/{team.pk}/meetings/{meeting.pk}/minutes/",
        f"/teams/{team.pk}/action-items/",
    ]


def test_members_key_leaders_and_the_facilitator_open_the_meetings(client, team, meeting, user_of):
    for email in (
        "principal@example.org",
        "union.president@example.org",
        "committee.chair@example.org",
        "facilitator@example.org",
    ):
        client.force_login(user_of(email))
        for url in _pages(team, meeting):
            assert client.get(url).status_code == 200, (email, url)


def test_people_not_on_the_team_neither_read_nor_write_its_meetings(
    client, team, meeting, user_of, other_facilitator
):
    item = services.action_item_add(
        meeting_id=meeting.pk,
        by=user_of("principal@example.org"),
        description="Cost the stipends",
        owner_id=user_of("superintendent@example.org").pk,
        due_on=TODAY,
    )
    for user in [user_of(email) for email in OUTSIDERS] + [other_facilitator]:
        client.force_login(user)
        for url in _pages(team, meeting):
            assert client.get(url).status_code == 404, (user, url)
        minutes = f"/teams/{team.pk}/meetings/{meeting.pk}/minutes/"
        assert client.post(minutes, {"version": 1, "minutes": "Peek"}).status_code == 404
        done = f"/teams/{team.pk}/action-items/{item.pk}/done/"
        assert client.post(done, {"done": "1"}).status_code == 404
        with pytest.raises(DomainError):
            services.meeting_schedule(
                team_id=team.pk, by=user, starts_at=timezone.now(), place="x", agenda=[]
            )
    meeting.refresh_from_db()
    item.refresh_from_db()
    assert meeting.minutes == "" and item.done_on is None


def test_the_agenda_keeps_its_order_and_drops_blank_lines(meeting):
    assert [i.title for i in meeting.agenda.all()] == ["Check-in", "Mentor stipends", "Next steps"]
    assert [i.position for i in meeting.agenda.all()] == [1, 2, 3]


def test_scheduling_from_the_page_puts_the_meeting_on_the_list(client, team, user_of):
    client.force_login(user_of("union.president@example.org"))
    response = client.post(
        f"/teams/{team.pk}/meetings/new/",
        {"starts_at": "2026-12-10T16:30", "place": "Video call", "agenda": "One\nTwo"},
    )
    meeting = team.meetings.get(place="Video call")
    assert response.status_code == 302
    page = client.get(f"/teams/{team.pk}/meetings/").content.decode()
    assert f"/meetings/{meeting.pk}/" in page.split("Past")[0]  # listed under Upcoming


def test_a_second_editor_working_from_the_same_version_is_refused(client, team, meeting, user_of):
    """Two members open the minutes at version 1; the second save must not overwrite."""
    url = f"/teams/{team.pk}/meetings/{meeting.pk}/minutes/"
    client.force_login(user_of("principal@example.org"))
    assert client.post(url, {"version": 1, "minutes": "First account."}).status_code == 302
    client.force_login(user_of("union.president@example.org"))
    response = client.post(url, {"version": 1, "minutes": "Second account."})
    assert response.status_code == 200
    assert "Someone else saved this meeting" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes == "First account." and meeting.version == 2
    with pytest.raises(DomainError):
        services.meeting_agenda_update(
            meeting_id=meeting.pk,
            version=1,
            by=user_of("principal@example.org"),
            starts_at=meeting.starts_at,
            place="Elsewhere",
            agenda=["Changed"],
        )


def test_attendance_lists_only_people_on_the_team(meeting, user_of):
    principal = user_of("principal@example.org")
    with pytest.raises(DomainError):
        services.meeting_minutes_record(
            meeting_id=meeting.pk,
            version=1,
            by=principal,
            attendee_ids=[principal.pk, user_of("teacher@example.org").pk],
            minutes="",
            decisions="",
        )
    services.meeting_minutes_record(
        meeting_id=meeting.pk,
        version=1,
        by=principal,
        attendee_ids=[principal.pk, user_of("committee.chair@example.org").pk],
        minutes="Notes",
        decisions="One\n\nTwo",
    )
    meeting.refresh_from_db()
    assert meeting.attendees.count() == 2 and meeting.decision_list() == ["One", "Two"]


def test_minutes_wait_for_the_meeting_day(team, user_of):
    later = services.meeting_schedule(
        team_id=team.pk,
        by=user_of("principal@example.org"),
        starts_at=timezone.make_aware(datetime.datetime(2026, 12, 3, 16)),
        place="Library",
        agenda=[],
    )
    with pytest.raises(DomainError):
        services.meeting_minutes_record(
            meeting_id=later.pk,
            version=1,
            by=user_of("principal@example.org"),
            attendee_ids=[],
            minutes="Too early",
            decisions="",
        )


def test_an_action_item_is_owned_by_someone_on_the_team(meeting, user_of):
    with pytest.raises(DomainError):
        services.action_item_add(
            meeting_id=meeting.pk,
            by=user_of("principal@example.org"),
            description="Draft the schedule",
            owner_id=user_of("teacher@example.org").pk,
            due_on=TODAY,
        )


def test_open_action_items_list_marks_the_overdue_and_drops_the_done(
    client, team, meeting, user_of
):
    principal = user_of("principal@example.org")
    late, done = (
        services.action_item_add(
            meeting_id=meeting.pk,
            by=principal,
            description=what,
            owner_id=principal.pk,
            due_on=datetime.date(2026, 11, 22),
        )
        for what in ("Send the ground rules", "Book room 214 for the retreat")
    )
    client.force_login(principal)
    client.post(f"/teams/{team.pk}/action-items/{done.pk}/done/", {"done": "1", "back": "list"})
    done.refresh_from_db()
    assert done.done_on == TODAY and late.is_overdue(TODAY)
    page = client.get(f"/teams/{team.pk}/action-items/").content.decode()
    assert "Send the ground rules" in page and "Overdue" in page
    assert "Book room 214 for the retreat" not in page


def test_the_lists_take_the_same_number_of_queries_however_many_meetings(client, team, user_of):
    client.force_login(user_of("principal@example.org"))
    urls = [f"/teams/{team.pk}/meetings/", f"/teams/{team.pk}/action-items/"]

    def counts():
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    before = counts()
    principal = user_of("principal@example.org")
    for day in (1, 2, 3):
        meeting = services.meeting_schedule(
            team_id=team.pk,
            by=principal,
            starts_at=timezone.make_aware(datetime.datetime(2026, 10, day, 16)),
            place="Library",
            agenda=["A", "B"],
        )
        services.action_item_add(
            meeting_id=meeting.pk,
            by=principal,
            description="Follow up",
            owner_id=principal.pk,
            due_on=TODAY,
        )
    assert counts() == before


# -- The calendar feed -------------------------------------------------------------------


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


def test_the_feed_lists_meetings_and_due_dates_without_signing_in(client, team, meeting, user_of):
    principal = user_of("principal@example.org")
    services.action_item_add(
        meeting_id=meeting.pk,
        by=principal,
        description="Draft the mentor schedule",
        owner_id=principal.pk,
        due_on=datetime.date(2026, 12, 4),
    )
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
    services.team_member_end(member_id=member.pk, by=user_of("superintendent@example.org"))
    text = client.get(path).content.decode()
    assert "BEGIN:VCALENDAR" in text and "BEGIN:VEVENT" not in text


def test_someone_on_no_team_cannot_make_an_address(user_of):
    with pytest.raises(DomainError):
        services.calendar_feed_create(user=user_of("teacher@example.org"))
    assert not CalendarFeed.objects.filter(user__email="teacher@example.org").exists()


def test_the_demo_team_has_past_and_upcoming_meetings_with_overdue_items(team):
    assert team.meetings.filter(starts_at__date__gt=TODAY).exists()
    assert Meeting.objects.filter(team=team, starts_at__date__lt=TODAY).exclude(minutes="").count()
    assert ActionItem.objects.filter(
        meeting__team=team, done_on__isnull=True, due_on__lt=TODAY
    ).exists()


def test_an_action_item_carries_a_step_of_the_adopted_plan_forward(client, team, meeting, user_of):
    plan = team.plans.get()
    member = user_of("principal@example.org")
    item = services.action_item_add(
        meeting_id=meeting.pk,
        by=member,
        description="Ask the bargaining teams for the stipend memorandum",
        owner_id=member.pk,
        due_on=TODAY + datetime.timedelta(days=10),
        plan_step=f"{plan.pk}:a1",
    )
    assert (item.plan, item.plan_step_key) == (plan, "a1")
    with pytest.raises(DomainError, match="adopted plans"):
        services.action_item_add(
            meeting_id=meeting.pk,
            by=member,
            description="A step of a plan that is not adopted",
            owner_id=member.pk,
            due_on=TODAY,
            plan_step=f"{plan.pk}:a4",  # only in the draft
        )
    client.force_login(member)
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Ask the bargaining teams for the stipend memorandum" in page
