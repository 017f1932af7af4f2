"""A team's meetings, agenda, minutes and action items, and the calendar feed."""

import datetime
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.collaboration.forms.meetings import (
    ActionItemForm,
    MeetingAgendaForm,
    MeetingCancelForm,
    MeetingForm,
    MeetingLengthForm,
    MinutesForm,
)
from tandem.collaboration.models import ActionItem
from tandem.collaboration.rules import team_work_refusal
from tandem.collaboration.selectors import meetings as meetings_selectors
from tandem.collaboration.selectors.plans import plan_step_choices
from tandem.collaboration.selectors.teams import team_list, team_people
from tandem.collaboration.services import meetings as meetings_services
from tandem.collaboration.views.teams import open_team
from tandem.errors import DomainError
from tandem.people.selectors import roles_of
from tandem.ui.forms import form_act, form_act_with_messages
from tandem.ui.ical import CalendarEvent, calendar_text


def _open_meeting(request, pk, meeting_pk):
    """The meeting of a team the user may open; 404 for anyone not on the team."""
    team = open_team(request, pk)
    meeting = meetings_selectors.meeting_detail_get(team=team, meeting_id=meeting_pk)
    if meeting is None:
        raise Http404(_("No such meeting of this team."))
    return team, meeting


def _to_meeting(meeting):
    return redirect("collaboration:meeting_detail", pk=meeting.team_id, meeting_pk=meeting.pk)


@login_required
def meeting_list(request, pk):
    team = open_team(request, pk)
    day = roles_of(request.user).day
    meetings = list(meetings_selectors.meeting_list(team=team))
    upcoming = [m for m in meetings if timezone.localtime(m.starts_at).date() >= day]
    return render(
        request,
        "collaboration/meeting_list.html",
        {
            "team": team,
            "upcoming": list(reversed(upcoming)),
            "past": [m for m in meetings if timezone.localtime(m.starts_at).date() < day],
            "length_form": MeetingLengthForm(initial={"minutes": team.meeting_minutes}),
            "may_set_length": team_work_refusal(request.user, team) is None,
        },
    )


@login_required
@require_POST
def meeting_length(request, pk):
    """The length the team's meetings take unless one says otherwise."""
    team = open_team(request, pk)
    form = MeetingLengthForm(request.POST)
    set_length = partial(
        meetings_services.team_meeting_length_set, team_id=team.pk, by=request.user
    )
    form_act_with_messages(
        request, form, set_length, _("The team's usual meeting length is saved.")
    )
    return redirect("collaboration:meeting_list", pk=team.pk)


@login_required
def meeting_add(request, pk):
    team = open_team(request, pk)
    form = MeetingForm(request.POST or None, team=team)
    schedule = partial(meetings_services.meeting_schedule, team_id=team.pk, by=request.user)
    if request.method == "POST" and (
        meeting := form_act(request, form, schedule, _("The meeting is on the team's calendar."))
    ):
        return _to_meeting(meeting)
    return render(
        request, "collaboration/meeting_form.html", {"team": team, "form": form, "meeting": None}
    )


def _meeting_page(request, team, meeting, cancel_form=None):
    day = roles_of(request.user).day
    return render(
        request,
        "collaboration/meeting_detail.html",
        {
            "team": team,
            "meeting": meeting,
            "today": day,
            "action_items": meeting.action_items.select_related("owner").order_by("due_on", "pk"),
            "action_form": ActionItemForm(
                people=team_people(team=team, day=day),
                plan_steps=plan_step_choices(team=team),
                initial={"due_on": day + datetime.timedelta(days=14)},
            ),
            "minutes_open": meeting.held_by(day),
            "cancel_form": cancel_form or MeetingCancelForm(initial={"version": meeting.version}),
        },
    )


@login_required
def meeting_detail(request, pk, meeting_pk):
    team, meeting = _open_meeting(request, pk, meeting_pk)
    return _meeting_page(request, team, meeting)


def meeting_summary(meeting) -> str:
    """A feed entry's title: the team and the meeting's subject, so that two teams' meetings
    or two meetings of one team read apart in a calendar."""
    title = _("%(team)s: %(subject)s") % {"team": meeting.team.name, "subject": meeting.subject}
    return _("Cancelled: %(title)s") % {"title": title} if meeting.is_cancelled else title


def _meeting_description(meeting) -> str:
    """A feed entry's text: why it was called off, if it was, how to join by video, then the
    agenda."""
    lines = []
    if meeting.is_cancelled:
        lines.append(_("Cancelled: %(reason)s") % {"reason": meeting.cancellation_reason})
    if meeting.video_link:
        lines.append(_("Join by video: %(link)s") % {"link": meeting.video_link})
    if agenda := meeting.agenda.all():
        lines += [_("Agenda:")] + [f"{item.position}. {item.title}" for item in agenda]
    return "\n".join(lines)


def _back_if_cancelled(request, team, meeting):
    """The agenda and minutes forms of a cancelled meeting lead back to the meeting."""
    if not meeting.is_cancelled:
        return None
    messages.info(
        request, _("This meeting was cancelled; its agenda and minutes stay as they were.")
    )
    return _to_meeting(meeting)


@login_required
def meeting_agenda(request, pk, meeting_pk):
    team, meeting = _open_meeting(request, pk, meeting_pk)
    if back := _back_if_cancelled(request, team, meeting):
        return back
    form = MeetingAgendaForm(
        request.POST or None,
        team=team,
        initial={
            "version": meeting.version,
            "subject": meeting.subject,
            "starts_at": timezone.localtime(meeting.starts_at),
            "minutes": meeting.length_minutes,
            "place": meeting.place,
            "video_link": meeting.video_link,
            "agenda": "\n".join(item.title for item in meeting.agenda.all()),
        },
    )
    update = partial(
        meetings_services.meeting_agenda_update, meeting_id=meeting.pk, by=request.user
    )
    if request.method == "POST" and form_act(request, form, update, _("Agenda saved.")):
        return _to_meeting(meeting)
    return render(
        request, "collaboration/meeting_form.html", {"team": team, "form": form, "meeting": meeting}
    )


@login_required
def meeting_minutes(request, pk, meeting_pk):
    team, meeting = _open_meeting(request, pk, meeting_pk)
    if back := _back_if_cancelled(request, team, meeting):
        return back
    meeting_day = timezone.localtime(meeting.starts_at).date()
    recorded = list(meeting.attendees.all())
    people = team_people(team=team, day=meeting_day)
    people += [user for user in recorded if user not in people]
    form = MinutesForm(
        request.POST or None,
        people=people,
        initial={
            "version": meeting.version,
            "attendees": [user.pk for user in recorded],
            "minutes": meeting.minutes,
            "decisions": meeting.decisions,
        },
    )

    def record(*, attendees, **minutes):
        return meetings_services.meeting_minutes_record(
            meeting_id=meeting.pk, by=request.user, attendee_ids=attendees, **minutes
        )

    if request.method == "POST" and form_act(request, form, record, _("Minutes saved.")):
        return _to_meeting(meeting)
    return render(
        request,
        "collaboration/meeting_minutes.html",
        {"team": team, "meeting": meeting, "form": form},
    )


@login_required
@require_POST
def meeting_cancel(request, pk, meeting_pk):
    team, meeting = _open_meeting(request, pk, meeting_pk)
    form = MeetingCancelForm(request.POST)
    cancel = partial(meetings_services.meeting_cancel, meeting_id=meeting.pk, by=request.user)
    if form_act(request, form, cancel, _("The meeting is cancelled.")):
        return _to_meeting(meeting)
    return _meeting_page(request, team, meeting, cancel_form=form)


@login_required
@require_POST
def action_item_add(request, pk, meeting_pk):
    team, meeting = _open_meeting(request, pk, meeting_pk)
    form = ActionItemForm(
        request.POST,
        people=team_people(team=team, day=roles_of(request.user).day),
        plan_steps=plan_step_choices(team=team),
    )

    def add(*, owner, **item):
        return meetings_services.action_item_add(
            meeting_id=meeting.pk, by=request.user, owner_id=owner, **item
        )

    form_act_with_messages(request, form, add, _("Action item added."))
    return _to_meeting(meeting)


@login_required
@require_POST
def action_item_done(request, pk, item_pk):
    team = open_team(request, pk)
    item = get_object_or_404(ActionItem, pk=item_pk, meeting__team=team)
    done = request.POST.get("done") == "1"
    meetings_services.action_item_mark(action_item_id=item.pk, by=request.user, done=done)
    messages.success(request, _("Marked done.") if done else _("Open again."))
    back = request.POST.get("back")
    if back == "list":
        return redirect("collaboration:action_items", pk=team.pk)
    return redirect("collaboration:meeting_detail", pk=team.pk, meeting_pk=item.meeting_id)


@login_required
def action_items(request, pk):
    team = open_team(request, pk)
    return render(
        request,
        "collaboration/action_items.html",
        {
            "team": team,
            "items": meetings_selectors.action_item_list(team=team),
            "today": roles_of(request.user).day,
        },
    )


@login_required
def calendar(request):
    """Make, replace or revoke one's secret calendar address."""
    new_url = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "revoke":
                meetings_services.calendar_feed_revoke(user=request.user)
                messages.success(request, _("The calendar address no longer works."))
                return redirect("collaboration:calendar")
            _feed, token = meetings_services.calendar_feed_create(user=request.user)
            new_url = request.build_absolute_uri(
                reverse("collaboration:calendar_feed", kwargs={"token": token})
            )
        except DomainError as error:
            messages.error(request, " ".join(error.messages))
    return render(
        request,
        "collaboration/calendar.html",
        {
            "new_url": new_url,
            "feed": request.user.calendar_feeds.filter(revoked_at__isnull=True).first(),
            "teams": team_list(roles=roles_of(request.user), user=request.user),
        },
    )


def calendar_feed(request, token):
    """The feed a calendar app fetches without signing in; the secret address is the key.

    It lists what the owner may see today, so leaving a team takes its meetings out.
    """
    owner = meetings_selectors.calendar_feed_owner(token=token)
    if owner is None:
        raise Http404
    day = timezone.localdate()
    entries = meetings_selectors.calendar_entries(user=owner, day=day)
    host = urlsplit(settings.SITE_URL).hostname or "tandem"
    events = [
        CalendarEvent(
            uid=f"meeting-{meeting.pk}@{host}",
            summary=meeting_summary(meeting),
            start=meeting.starts_at,
            end=meeting.ends_at,
            zone=settings.TIME_ZONE,
            location=meeting.place,
            url=meeting.video_link,
            description=_meeting_description(meeting),
            cancelled=meeting.is_cancelled,
            # Every change raises the version, which starts at 1; SEQUENCE starts at 0.
            sequence=meeting.version - 1,
            revised=meeting.changed_at,
        )
        for meeting in entries.meetings
    ] + [
        CalendarEvent(
            uid=f"action-item-{item.pk}@{host}",
            summary=_("Due: %(what)s") % {"what": item.description},
            start=item.due_on,
            description=_("%(team)s. Owner: %(owner)s.")
            % {"team": item.meeting.team.name, "owner": item.owner},
        )
        for item in entries.action_items
    ]
    body = calendar_text(name=_("Tandem team meetings"), events=events, stamp=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
