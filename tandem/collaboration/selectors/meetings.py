"""Reads about a team's meetings, action items and calendar feeds."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from tandem.collaboration.models import ActionItem, CalendarFeed, Meeting, Team
from tandem.collaboration.selectors.teams import team_list
from tandem.people.models import User
from tandem.people.selectors import roles_of


def meeting_list(*, team: Team) -> QuerySet[Meeting]:
    """The team's meetings, latest first, with how many of their action items are open."""
    return (
        team.meetings.annotate(
            open_items=Count("action_items", filter=Q(action_items__done_on__isnull=True))
        )
        .prefetch_related("agenda")
        .order_by("-starts_at", "-pk")
    )


def meeting_detail_get(*, team: Team, meeting_id: int) -> Meeting | None:
    return (
        team.meetings.filter(pk=meeting_id)
        .select_related("created_by", "cancelled_by")
        .prefetch_related("agenda", "attendees")
        .first()
    )


def action_item_list(*, team: Team, open_only: bool = True) -> QuerySet[ActionItem]:
    items = ActionItem.objects.filter(meeting__team=team).select_related("owner", "meeting")
    if open_only:
        items = items.filter(done_on__isnull=True)
    return items.order_by("due_on", "pk")


def calendar_feed_owner(*, token: str) -> User | None:
    """The active owner of an unrevoked feed address, or None."""
    feed = (
        CalendarFeed.objects.filter(digest=CalendarFeed.digest_of(token), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


@dataclass(frozen=True)
class CalendarEntries:
    meetings: list[Meeting]
    action_items: list[ActionItem]


def calendar_entries(*, user: User, day: datetime.date) -> CalendarEntries:
    """What ``user``'s feed lists: the meetings of the teams they may open on ``day`` (from a
    year back, cancelled ones included so that calendar apps take them off) and those teams'
    open action items."""
    teams = team_list(roles=roles_of(user, day), user=user)
    since = day - datetime.timedelta(days=365)
    return CalendarEntries(
        meetings=list(
            Meeting.objects.filter(team__in=teams, starts_at__date__gte=since)
            .select_related("team")
            .prefetch_related("agenda")
            .order_by("starts_at", "pk")
        ),
        action_items=list(
            ActionItem.objects.filter(meeting__team__in=teams, done_on__isnull=True)
            .select_related("owner", "meeting__team")
            .order_by("due_on", "pk")
        ),
    )
