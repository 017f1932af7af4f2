"""Meetings and action items (issue 5, item 5): private to the team."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone

from tandem.collaboration.models import ActionItem, Meeting
from tandem.collaboration.services.meetings import (
    meeting_agenda_update,
    meeting_cancel,
    meeting_minutes_record,
    meeting_schedule,
)
from tandem.collaboration.tests.first_team import OUTSIDERS, TODAY
from tandem.errors import DomainError
from tandem.people.models import RoleGrant

pytestmark = pytest.mark.django_db


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
    client, team, meeting, user_of, item_on, other_facilitator
):
    item = item_on(meeting, "Cost the stipends", owner=user_of("superintendent@example.org"))
    for user in [user_of(email) for email in OUTSIDERS] + [other_facilitator]:
        client.force_login(user)
        for url in _pages(team, meeting):
            assert client.get(url).status_code == 404, (user, url)
        minutes = f"/teams/{team.pk}/meetings/{meeting.pk}/minutes/"
        assert client.post(minutes, {"version": 1, "minutes": "Peek"}).status_code == 404
        done = f"/teams/{team.pk}/action-items/{item.pk}/done/"
        assert client.post(done, {"done": "1"}).status_code == 404
        with pytest.raises(DomainError):
            meeting_schedule(
                team_id=team.pk,
                by=user,
                subject="Mentor stipends",
                starts_at=timezone.now(),
                place="x",
                agenda=[],
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
        {
            "subject": "Mentor stipends",
            "starts_at": "2026-12-10T16:30",
            "place": "Video call",
            "agenda": "One\nTwo",
        },
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
    assert "someone saved a newer version" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes == "First account." and meeting.version == 2
    with pytest.raises(DomainError):
        meeting_agenda_update(
            meeting_id=meeting.pk,
            version=1,
            by=user_of("principal@example.org"),
            starts_at=meeting.starts_at,
            subject="Mentor stipends",
            place="Elsewhere",
            agenda=["Changed"],
        )


def _minutes(meeting, by, *, attendees=(), minutes="", decisions=""):
    """The first minutes of ``meeting`` (version 1), attendance and all."""
    return meeting_minutes_record(
        meeting_id=meeting.pk,
        version=1,
        by=by,
        attendee_ids=[user.pk for user in attendees],
        minutes=minutes,
        decisions=decisions,
    )


def test_attendance_lists_only_people_on_the_team(meeting, user_of):
    principal = user_of("principal@example.org")
    with pytest.raises(DomainError):
        _minutes(meeting, principal, attendees=[principal, user_of("teacher@example.org")])
    _minutes(
        meeting,
        principal,
        attendees=[principal, user_of("committee.chair@example.org")],
        minutes="Notes",
        decisions="One\n\nTwo",
    )
    meeting.refresh_from_db()
    assert meeting.attendees.count() == 2 and meeting.decision_list() == ["One", "Two"]


def test_minutes_wait_for_the_meeting_day(meeting_on, user_of):
    later = meeting_on(datetime.date(2026, 12, 3))
    with pytest.raises(DomainError):
        _minutes(later, user_of("principal@example.org"), minutes="Too early")


def test_an_action_item_is_owned_by_someone_on_the_team(meeting, user_of, item_on):
    with pytest.raises(DomainError):
        item_on(meeting, "Draft the schedule", owner=user_of("teacher@example.org"))


def test_open_action_items_list_marks_the_overdue_and_drops_the_done(
    client, team, meeting, user_of, item_on
):
    principal = user_of("principal@example.org")
    late, done = (
        item_on(meeting, what, due_on=datetime.date(2026, 11, 22))
        for what in ("Send the ground rules", "Book room 214 for the retreat")
    )
    client.force_login(principal)
    client.post(f"/teams/{team.pk}/action-items/{done.pk}/done/", {"done": "1", "back": "list"})
    done.refresh_from_db()
    assert done.done_on == TODAY and late.is_overdue(TODAY)
    page = client.get(f"/teams/{team.pk}/action-items/").content.decode()
    assert "Send the ground rules" in page and "Overdue" in page
    assert "Book room 214 for the retreat" not in page


def test_the_lists_take_the_same_number_of_queries_however_many_meetings(
    client, team, user_of, item_on
):
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
        meeting = meeting_schedule(
            team_id=team.pk,
            by=principal,
            starts_at=timezone.make_aware(datetime.datetime(2026, 10, day, 16)),
            subject="Mentor stipends",
            place="Library",
            agenda=["A", "B"],
        )
        item_on(meeting, f"Follow up on meeting {day}")
    assert counts() == before


# -- The calendar feed -------------------------------------------------------------------


def test_the_demo_team_has_past_and_upcoming_meetings_with_overdue_items(team):
    assert team.meetings.filter(starts_at__date__gt=TODAY).exists()
    assert Meeting.objects.filter(team=team, starts_at__date__lt=TODAY).exclude(minutes="").count()
    assert ActionItem.objects.filter(
        meeting__team=team, done_on__isnull=True, due_on__lt=TODAY
    ).exists()


def test_an_action_item_carries_a_step_of_the_adopted_plan_forward(
    client, team, meeting, user_of, item_on
):
    plan = team.plans.get()
    member = user_of("principal@example.org")
    item = item_on(
        meeting,
        "Ask the bargaining teams for the stipend memorandum",
        due_on=TODAY + datetime.timedelta(days=10),
        plan_step=f"{plan.pk}:a1",
    )
    assert (item.plan, item.plan_step_key) == (plan, "a1")
    with pytest.raises(DomainError, match="adopted plans"):
        # a4 is a step only in the draft
        item_on(meeting, "A step of a plan that is not adopted", plan_step=f"{plan.pk}:a4")
    client.force_login(member)
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Ask the bargaining teams for the stipend memorandum" in page


# -- Cancelling a meeting ----------------------------------------------------------------


def _cancel(meeting, by, reason="The superintendent is called to the state hearing."):
    meeting.refresh_from_db()
    return meeting_cancel(meeting_id=meeting.pk, version=meeting.version, by=by, reason=reason)


@pytest.fixture
def cancelled(meeting, user_of):
    return _cancel(meeting, user_of("principal@example.org"))


def _unchanged(meeting):
    meeting.refresh_from_db()
    return (
        meeting.cancelled_at is None and meeting.cancellation_reason == "" and meeting.version == 1
    )


def test_cancelling_records_who_when_and_why(meeting, user_of):
    principal = user_of("principal@example.org")
    before = timezone.now()
    meeting_cancel(
        meeting_id=meeting.pk, version=1, by=principal, reason="  Snow day: schools closed.  "
    )
    meeting.refresh_from_db()
    assert meeting.cancelled_by == principal and meeting.cancelled_at >= before
    assert meeting.cancellation_reason == "Snow day: schools closed." and meeting.version == 2
    assert meeting.history.first().cancellation_reason == "Snow day: schools closed."


def test_the_meeting_page_shows_who_cancelled_and_why(client, team, meeting, user_of):
    client.force_login(user_of("union.president@example.org"))
    url = f"/teams/{team.pk}/meetings/{meeting.pk}/"
    assert "Cancel this meeting" in client.get(url).content.decode()
    response = client.post(f"{url}cancel/", {"version": 1, "reason": "Snow day."})
    assert response.status_code == 302 and response["Location"] == url
    meeting.refresh_from_db()
    page = client.get(url).content.decode()
    when = formats.date_format(timezone.localtime(meeting.cancelled_at), "DATE_FORMAT")
    assert f"Cancelled on {when} by {meeting.cancelled_by}:" in page and "Snow day." in page
    assert f"/meetings/{meeting.pk}/agenda/" not in page
    assert f"/meetings/{meeting.pk}/minutes/" not in page
    assert f"/meetings/{meeting.pk}/action-items/" not in page
    assert "Cancel this meeting" not in page


def test_the_meeting_list_says_which_meetings_are_cancelled(client, team, cancelled, user_of):
    client.force_login(user_of("principal@example.org"))
    page = client.get(f"/teams/{team.pk}/meetings/").content.decode()
    row = next(r for r in page.split("<tr>") if f"/meetings/{cancelled.pk}/" in r)
    assert "Cancelled" in row and "Not yet recorded" not in row


def test_the_team_page_skips_a_cancelled_meeting_as_the_next_one(client, team, meeting_on, user_of):
    principal = user_of("principal@example.org")
    planned = team.meetings.filter(starts_at__date__gte=TODAY).order_by("starts_at").first()
    sooner = meeting_on(datetime.date(2026, 11, 26))
    _cancel(sooner, principal)
    client.force_login(principal)
    page = client.get(f"/teams/{team.pk}/").content.decode()
    assert f"/meetings/{planned.pk}/" in page and f"/meetings/{sooner.pk}/" not in page


def test_a_cancellation_without_a_reason_is_refused_and_changes_nothing(
    client, team, meeting, user_of
):
    principal = user_of("principal@example.org")
    with pytest.raises(DomainError, match="Say why the meeting is cancelled"):
        meeting_cancel(meeting_id=meeting.pk, version=1, by=principal, reason=" \n ")
    client.force_login(principal)
    response = client.post(
        f"/teams/{team.pk}/meetings/{meeting.pk}/cancel/", {"version": 1, "reason": ""}
    )
    assert response.status_code == 200
    assert "Say why the meeting is cancelled" in response.content.decode()
    assert _unchanged(meeting)


def test_a_cancellation_from_a_stale_version_is_refused(meeting, user_of):
    principal = user_of("principal@example.org")
    meeting_agenda_update(
        meeting_id=meeting.pk,
        version=1,
        by=principal,
        starts_at=meeting.starts_at,
        subject="Mentor stipends",
        place="Room 214",
        agenda=["Check-in"],
    )
    with pytest.raises(DomainError, match="someone saved a newer version"):
        meeting_cancel(meeting_id=meeting.pk, version=1, by=principal, reason="Snow")
    meeting.refresh_from_db()
    assert meeting.cancelled_at is None and meeting.version == 2


def test_people_not_on_the_team_cannot_cancel_its_meetings(client, team, meeting, user_of):
    other_leader = (
        RoleGrant.objects.filter(office=RoleGrant.Office.SUPERINTENDENT)
        .exclude(district=team.district)
        .first()
        .user
    )
    for user in (user_of("teacher@example.org"), other_leader):
        client.force_login(user)
        url = f"/teams/{team.pk}/meetings/{meeting.pk}/cancel/"
        assert client.post(url, {"version": 1, "reason": "Mine"}).status_code == 404, user
        with pytest.raises(DomainError, match="Only the team's members"):
            meeting_cancel(meeting_id=meeting.pk, version=1, by=user, reason="Mine")
    assert _unchanged(meeting)


@pytest.mark.parametrize("recorded", ["minutes", "decisions", "attendance"])
def test_a_meeting_with_its_record_taken_cannot_be_cancelled(meeting, user_of, recorded):
    principal = user_of("principal@example.org")
    _minutes(
        meeting,
        principal,
        attendees=[principal] if recorded == "attendance" else [],
        minutes="We met." if recorded == "minutes" else "",
        decisions="Pilot in two schools" if recorded == "decisions" else "",
    )
    with pytest.raises(DomainError, match="took place and cannot be cancelled"):
        meeting_cancel(meeting_id=meeting.pk, version=2, by=principal, reason="Oops")
    meeting.refresh_from_db()
    assert meeting.cancelled_at is None and meeting.version == 2


def test_a_meeting_is_cancelled_only_once(cancelled, user_of):
    with pytest.raises(DomainError, match="This meeting was cancelled"):
        _cancel(cancelled, user_of("union.president@example.org"), reason="Again")
    cancelled.refresh_from_db()
    assert cancelled.cancelled_by == user_of("principal@example.org") and cancelled.version == 2


def test_a_cancelled_meeting_keeps_its_time_place_and_agenda(cancelled, user_of):
    with pytest.raises(DomainError, match="This meeting was cancelled"):
        meeting_agenda_update(
            meeting_id=cancelled.pk,
            version=cancelled.version,
            by=user_of("principal@example.org"),
            starts_at=cancelled.starts_at,
            subject="Mentor stipends",
            place="Elsewhere",
            agenda=["Changed"],
        )
    cancelled.refresh_from_db()
    assert cancelled.place == "High school library"
    assert [i.title for i in cancelled.agenda.all()] == [
        "Check-in",
        "Mentor stipends",
        "Next steps",
    ]


def test_a_cancelled_meeting_takes_no_minutes(client, team, cancelled, user_of):
    client.force_login(user_of("principal@example.org"))
    meeting_page = f"/teams/{team.pk}/meetings/{cancelled.pk}/"
    for form in ("minutes", "agenda"):
        assert client.get(f"{meeting_page}{form}/").url == meeting_page
    response = client.post(
        f"{meeting_page}minutes/",
        {"version": cancelled.version, "minutes": "We met after all."},
        follow=True,
    )
    assert response.redirect_chain == [(meeting_page, 302)]
    assert "This meeting was cancelled" in response.content.decode()
    cancelled.refresh_from_db()
    assert cancelled.minutes == "" and not cancelled.attendees.exists()


def test_a_cancelled_meeting_takes_no_new_action_items(cancelled, item_on):
    with pytest.raises(DomainError, match="it takes no new action items"):
        item_on(cancelled, "Reschedule")
    assert not cancelled.action_items.exists()


def test_the_database_refuses_a_cancellation_without_a_reason_or_a_canceller(meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(cancelled_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(
            cancelled_at=timezone.now(), cancelled_by=meeting.created_by
        )
