"""Writes for a team's meetings, action items and calendar feeds."""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tandem.collaboration.models import (
    MEETING_MINUTES_MAX,
    MEETING_MINUTES_MIN,
    ActionItem,
    AgendaItem,
    CalendarFeed,
    Meeting,
    StrategicPlan,
    Team,
)
from tandem.collaboration.rules import may_open_team, team_work_refusal
from tandem.collaboration.selectors.plans import plan_step_choices
from tandem.collaboration.selectors.teams import team_list, team_people
from tandem.errors import DomainError
from tandem.people.models import User
from tandem.people.selectors import roles_of
from tandem.records.versions import version_check


def _require_on_team(*, user: User, team: Team) -> None:
    if not may_open_team(user, team):
        raise DomainError(_("Only the team's members and its facilitator work on its meetings."))


def _clean_agenda(agenda: list[str]) -> list[str]:
    items = [line.strip() for line in agenda if line.strip()]
    if len(items) > 50:
        raise DomainError(_("An agenda holds at most 50 items."))
    if any(len(item) > 300 for item in items):
        raise DomainError(_("Keep each agenda item under 300 characters; put details in notes."))
    return items


def _agenda_replace(meeting: Meeting, items: list[str]) -> None:
    meeting.agenda.all().delete()
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(meeting=meeting, position=position, title=title)
            for position, title in enumerate(items, start=1)
        ]
    )


def _when_and_where(
    *,
    team: Team,
    subject: str,
    starts_at: datetime.datetime,
    minutes: int | None,
    place: str,
    video_link: str = "",
) -> dict:
    """The meeting's subject, start, end (the team's usual length unless ``minutes`` says
    otherwise), place and video link, checked."""
    subject, place = subject.strip(), place.strip()
    if not subject:
        raise DomainError(_("Say what the meeting is about; calendars show it as the title."))
    if not place:
        raise DomainError(_("Say where the team meets, or how to join online."))
    minutes = team.meeting_minutes if minutes is None else minutes
    if not MEETING_MINUTES_MIN <= minutes <= MEETING_MINUTES_MAX:
        raise DomainError(
            _("A meeting lasts from %(low)s to %(high)s minutes.")
            % {"low": MEETING_MINUTES_MIN, "high": MEETING_MINUTES_MAX}
        )
    return {
        "subject": subject,
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(minutes=minutes),
        "place": place,
        "video_link": video_link.strip(),
    }


@transaction.atomic
def meeting_schedule(
    *,
    team_id: int,
    by: User,
    subject: str,
    starts_at: datetime.datetime,
    place: str,
    agenda: list[str],
    minutes: int | None = None,
    video_link: str = "",
) -> Meeting:
    """Put a meeting on the team's calendar with its agenda; it lasts the team's usual length
    unless ``minutes`` says otherwise."""
    team = Team.objects.get(pk=team_id)
    _require_on_team(user=by, team=team)
    fields = _when_and_where(
        team=team,
        subject=subject,
        starts_at=starts_at,
        minutes=minutes,
        place=place,
        video_link=video_link,
    )
    items = _clean_agenda(agenda)
    meeting = Meeting.objects.create(team=team, created_by=by, **fields)
    _agenda_replace(meeting, items)
    return meeting


@transaction.atomic
def team_meeting_length_set(*, team_id: int, by: User, minutes: int) -> Team:
    """The length the team's meetings take unless one says otherwise; its members set it."""
    team = Team.objects.select_for_update().get(pk=team_id)
    if refusal := team_work_refusal(by, team):
        raise DomainError(refusal)
    if not MEETING_MINUTES_MIN <= minutes <= MEETING_MINUTES_MAX:
        raise DomainError(
            _("A meeting lasts from %(low)s to %(high)s minutes.")
            % {"low": MEETING_MINUTES_MIN, "high": MEETING_MINUTES_MAX}
        )
    team.meeting_minutes = minutes
    team.save(update_fields=["meeting_minutes"])
    return team


def _refuse_if_cancelled(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise DomainError(
            _(
                "This meeting was cancelled: its time, agenda and minutes no longer change, and "
                "it takes no new action items."
            )
        )


def _locked_meeting(*, meeting_id: int, version: int, by: User) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("team").get(pk=meeting_id)
    _require_on_team(user=by, team=meeting.team)
    # Before the version: whoever opened the page before the cancellation learns why.
    _refuse_if_cancelled(meeting)
    version_check(meeting, version)
    return meeting


@transaction.atomic
def meeting_agenda_update(
    *,
    meeting_id: int,
    version: int,
    by: User,
    subject: str,
    starts_at: datetime.datetime,
    place: str,
    agenda: list[str],
    minutes: int | None = None,
    video_link: str = "",
) -> Meeting:
    """Change a meeting's subject, time, length, place or agenda; a stale version is refused.
    The version goes up, so calendars take the change (the feed's SEQUENCE)."""
    meeting = _locked_meeting(meeting_id=meeting_id, version=version, by=by)
    fields = _when_and_where(
        team=meeting.team,
        subject=subject,
        starts_at=starts_at,
        minutes=minutes,
        place=place,
        video_link=video_link,
    )
    items = _clean_agenda(agenda)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.version += 1
    meeting.save(update_fields=[*fields, "version", "changed_at"])
    _agenda_replace(meeting, items)
    return meeting


@transaction.atomic
def meeting_minutes_record(
    *,
    meeting_id: int,
    version: int,
    by: User,
    attendee_ids: list[int],
    minutes: str,
    decisions: str,
) -> Meeting:
    """Record who came, the minutes and the decisions; a stale version is refused."""
    meeting = _locked_meeting(meeting_id=meeting_id, version=version, by=by)
    meeting_day = timezone.localtime(meeting.starts_at).date()
    if not meeting.held_by(timezone.localdate()):
        raise DomainError(_("Minutes are recorded once the meeting has taken place."))
    people = {user.pk for user in team_people(team=meeting.team, day=meeting_day)}
    # Who was recorded before stays choosable, though they may since have left the team.
    people |= set(meeting.attendees.values_list("pk", flat=True))
    if not set(attendee_ids) <= people:
        raise DomainError(_("Attendance lists only people who were on the team that day."))
    meeting.minutes = minutes.strip()
    meeting.decisions = decisions.strip()
    meeting.version += 1
    meeting.save(update_fields=["minutes", "decisions", "version", "changed_at"])
    meeting.attendees.set(attendee_ids)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting_id: int, version: int, by: User, reason: str) -> Meeting:
    """Call off a meeting that has not taken place; it stays on the record, marked cancelled."""
    meeting = _locked_meeting(meeting_id=meeting_id, version=version, by=by)
    if meeting.is_recorded():
        raise DomainError(
            _(
                "This meeting has minutes, decisions or attendance on record, so it took place "
                "and cannot be cancelled."
            )
        )
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the meeting is cancelled; the team sees the reason."))
    meeting.cancelled_at = timezone.now()
    meeting.cancelled_by = by
    meeting.cancellation_reason = reason
    meeting.version += 1
    meeting.save(
        update_fields=[
            "cancelled_at",
            "cancelled_by",
            "cancellation_reason",
            "version",
            "changed_at",
        ]
    )
    return meeting


@transaction.atomic
def action_item_add(
    *,
    meeting_id: int,
    by: User,
    description: str,
    owner_id: int,
    due_on: datetime.date,
    plan_step: str = "",
) -> ActionItem:
    """A task agreed at a meeting, owned by one person on the team; ``plan_step`` ("<plan
    id>:<step key>") ties it to an action step of one of the team's adopted plans."""
    meeting = Meeting.objects.select_for_update().select_related("team").get(pk=meeting_id)
    day = timezone.localdate()
    _require_on_team(user=by, team=meeting.team)
    _refuse_if_cancelled(meeting)
    description = description.strip()
    if not description:
        raise DomainError(_("Say what is to be done."))
    Team.objects.select_for_update().get(pk=meeting.team_id)  # one add at a time per team
    same = (
        ActionItem.objects.filter(
            meeting__team=meeting.team, done_on__isnull=True, description__iexact=description
        )
        .select_related("owner")
        .first()
    )
    if same is not None:
        # One task, one owner and one state: a second row would show the same words twice.
        raise DomainError(
            _(
                "“%(what)s” is already an open action item, owned by %(owner)s and due "
                "%(due)s. Mark that one done, or word the new task differently."
            )
            % {"what": description, "owner": same.owner, "due": date_format(same.due_on)}
        )
    if owner_id not in {user.pk for user in team_people(team=meeting.team, day=day)}:
        raise DomainError(_("The owner of an action item must be on the team."))
    if due_on < timezone.localtime(meeting.starts_at).date():
        raise DomainError(_("An action item cannot fall due before the meeting that set it."))
    plan, step_key = None, ""
    if plan_step:
        steps = dict(plan_step_choices(team=meeting.team))
        if plan_step not in steps:
            raise DomainError(_("That step is not in one of the team's adopted plans."))
        plan_id, step_key = plan_step.split(":")
        plan = StrategicPlan.objects.get(pk=plan_id)
    return ActionItem.objects.create(
        meeting=meeting,
        description=description,
        owner_id=owner_id,
        due_on=due_on,
        plan=plan,
        plan_step_key=step_key,
    )


@transaction.atomic
def action_item_mark(*, action_item_id: int, by: User, done: bool) -> ActionItem:
    """Mark an action item done today, or open again."""
    item = (
        ActionItem.objects.select_for_update()
        .select_related("meeting__team")
        .get(pk=action_item_id)
    )
    day = timezone.localdate()
    _require_on_team(user=by, team=item.meeting.team)
    item.done_on = day if done else None
    item.save(update_fields=["done_on"])
    return item


@transaction.atomic
def calendar_feed_create(*, user: User) -> tuple[CalendarFeed, str]:
    """A new secret address for the user's calendar; an earlier one stops working.

    The raw token is returned once; only its digest is kept, as for API tokens.
    """
    if not team_list(roles=roles_of(user), user=user).exists():
        raise DomainError(_("A calendar address lists a team's meetings; you are on no team."))
    calendar_feed_revoke(user=user)
    token = secrets.token_urlsafe(32)
    return CalendarFeed.objects.create(user=user, digest=CalendarFeed.digest_of(token)), token


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> None:
    """The user's calendar address stops working at once."""
    CalendarFeed.objects.select_for_update().filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
