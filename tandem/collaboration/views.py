import datetime

from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.collaboration import selectors, services
from tandem.collaboration.forms import (
    ActionItemForm,
    FirstMeetingForm,
    InquiryForm,
    MeetingAgendaForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    NoteForm,
    SurveyForm,
)
from tandem.collaboration.ical import CalendarEvent, calendar_text
from tandem.collaboration.models import (
    CAUCUS_PARTIES,
    SURVEY_MINIMUM_ANSWERS,
    SURVEY_STATEMENTS,
    ActionItem,
    Engagement,
    Program,
    Team,
    TeamMember,
    TeamNote,
)
from tandem.errors import DomainError
from tandem.organizations.models import District
from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of
from tandem.ui.params import int_or_none


def _open_team(request, pk) -> tuple[Team, list[str]]:
    """The team and the spaces this user may read in it; 404 for anyone not on it."""
    team = get_object_or_404(Team.objects.select_related("district", "facilitator"), pk=pk)
    spaces = selectors.visible_spaces(user=request.user, team=team, day=roles_of(request.user).day)
    if not spaces:
        raise Http404(_("No such team among those you sit on."))
    return team, spaces


def _open_engagement(request, pk) -> Engagement:
    """Open to the partnership's staff and to the district's team."""
    engagement = get_object_or_404(
        Engagement.objects.select_related("team__district", "program", "team__facilitator"), pk=pk
    )
    roles = roles_of(request.user)
    if not (
        selectors.is_partnership_staff(roles)
        or selectors.party_of(user=request.user, team=engagement.team, day=roles.day)
    ):
        raise Http404(_("No such engagement among those you may open."))
    return engagement


@login_required
def team_list(request):
    roles = roles_of(request.user)
    led_districts = District.objects.filter(
        pk__in=roles.districts_with(
            RoleGrant.Role.DISTRICT_ADMIN,
            RoleGrant.Role.UNION_LEADER,
            RoleGrant.Role.SCHOOL_COMMITTEE,
        )
    )
    return render(
        request,
        "collaboration/team_list.html",
        {
            "teams": selectors.team_list(roles=roles, user=request.user),
            "may_inquire": led_districts.exists(),
            "is_partnership": selectors.is_partnership_staff(roles),
        },
    )


def _team_context(request, team, spaces, space, **extra):
    day = roles_of(request.user).day
    party = selectors.party_of(user=request.user, team=team, day=day)
    leaders = selectors.key_leaders(district_id=team.district_id, day=day)
    return {
        "team": team,
        "space": space,
        "spaces": [(s, TeamNote.Space(s).label) for s in spaces],
        "notes": selectors.notes_in(team=team, space=space),
        "note_form": extra.pop("note_form", None) or NoteForm(),
        "party": party,
        "leaders": leaders,
        "is_key_leader": any(
            leader.grant and leader.grant.user_id == request.user.pk for leader in leaders
        ),
        **extra,
    }


@login_required
def team_detail(request, pk):
    team, spaces = _open_team(request, pk)
    day = roles_of(request.user).day
    return render(
        request,
        "collaboration/team_detail.html",
        _team_context(
            request,
            team,
            spaces,
            TeamNote.Space.JOINT,
            members=TeamMember.objects.active_on(day).filter(team=team).select_related("user"),
            engagements=team.engagements.select_related("program"),
            member_form=MemberForm(),
            next_meeting=team.meetings.filter(starts_at__date__gte=day)
            .order_by("starts_at")
            .first(),
            open_action_items=selectors.action_item_list(team=team).count(),
        ),
    )


@login_required
def caucus(request, pk, party):
    team, spaces = _open_team(request, pk)
    if party not in CAUCUS_PARTIES or party not in spaces:
        raise Http404(_("No such caucus among those you sit in."))
    return render(request, "collaboration/caucus.html", _team_context(request, team, spaces, party))


@login_required
@require_POST
def note_post(request, pk, space):
    team, spaces = _open_team(request, pk)
    if space not in spaces:
        raise Http404
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.team_note_post(
                team=team, by=request.user, space=space, body=form.cleaned_data["body"]
            )
            messages.success(request, _("Posted."))
        except DomainError as error:
            form.add_error(None, error)
    if form.errors:
        for problem in form.non_field_errors() + form["body"].errors:
            messages.error(request, problem)
    if space == TeamNote.Space.JOINT:
        return redirect("collaboration:team_detail", pk=team.pk)
    return redirect("collaboration:caucus", pk=team.pk, party=space)


@login_required
@require_POST
def member_add(request, pk):
    team, _spaces = _open_team(request, pk)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            member = services.team_member_add(team_id=team.pk, by=request.user, **form.cleaned_data)
            messages.success(request, _("%(user)s joined the team.") % {"user": member.user})
        except DomainError as error:
            form.add_error(None, error)
    for problem in [*form.non_field_errors(), *(e for f in form for e in f.errors)]:
        messages.error(request, problem)
    return redirect("collaboration:team_detail", pk=team.pk)


@login_required
@require_POST
def member_end(request, pk, member_pk):
    team, _spaces = _open_team(request, pk)
    member = get_object_or_404(TeamMember, pk=member_pk, team=team)
    try:
        services.team_member_end(member_id=member.pk, by=request.user)
        messages.success(request, _("%(user)s left the team.") % {"user": member.user})
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("collaboration:team_detail", pk=team.pk)


@login_required
def program_list(request):
    roles = roles_of(request.user)
    return render(
        request,
        "collaboration/program_list.html",
        {
            "programs": Program.objects.prefetch_related("topics"),
            "events": selectors.upcoming_events(day=roles.day),
            "may_inquire": bool(
                roles.districts_with(
                    RoleGrant.Role.DISTRICT_ADMIN,
                    RoleGrant.Role.UNION_LEADER,
                    RoleGrant.Role.SCHOOL_COMMITTEE,
                )
            ),
        },
    )


@login_required
def inquire(request):
    roles = roles_of(request.user)
    districts = District.objects.filter(
        pk__in=roles.districts_with(
            RoleGrant.Role.DISTRICT_ADMIN,
            RoleGrant.Role.UNION_LEADER,
            RoleGrant.Role.SCHOOL_COMMITTEE,
        )
    ).order_by("name")
    if not districts:
        raise Http404(_("Only a district's leaders inquire for it."))
    form = InquiryForm(
        request.POST or None,
        districts=districts,
        initial={"program": request.GET.get("program")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            engagement = services.engagement_inquire(
                district_id=form.cleaned_data["district"],
                program_id=form.cleaned_data["program"].pk,
                by=request.user,
                inquiry=form.cleaned_data["inquiry"],
            )
            messages.success(
                request,
                _("Sent. The partnership will propose a first meeting with your district."),
            )
            return redirect("collaboration:engagement_detail", pk=engagement.pk)
        except DomainError as error:
            form.add_error(None, error)
    return render(request, "collaboration/inquire.html", {"form": form})


def _engagement_context(request, engagement, **extra):
    roles = roles_of(request.user)
    standing = selectors.agreement_status(engagement=engagement, day=roles.day)
    mine = next((s for s in standing if s.holder and s.holder.user_id == request.user.pk), None)
    return {
        "engagement": engagement,
        "standing": standing,
        "my_standing": mine,
        "is_partnership": selectors.is_partnership_staff(roles),
        "may_open_team": bool(
            selectors.visible_spaces(user=request.user, team=engagement.team, day=roles.day)
        ),
        **extra,
    }


@login_required
def engagement_detail(request, pk):
    engagement = _open_engagement(request, pk)
    form = FirstMeetingForm(instance=engagement)
    if request.method == "POST":
        form = FirstMeetingForm(request.POST, instance=Engagement.objects.get(pk=engagement.pk))
        if form.is_valid():
            try:
                services.engagement_first_meeting_record(
                    engagement_id=engagement.pk,
                    by=request.user,
                    met_on=form.cleaned_data["first_meeting_on"],
                    notes=form.cleaned_data["first_meeting_notes"],
                )
                messages.success(
                    request, _("Recorded. The key leaders can now agree to take part.")
                )
                return redirect("collaboration:engagement_detail", pk=engagement.pk)
            except DomainError as error:
                form.add_error(None, error)
    return render(
        request,
        "collaboration/engagement_detail.html",
        _engagement_context(request, engagement, meeting_form=form),
    )


@login_required
def engagement_agree(request, pk):
    """Confirm the password again, then agree for one's own party."""
    engagement = _open_engagement(request, pk)
    if not did_recently_reauthenticate(request):
        return redirect(f"{reverse('account_reauthenticate')}?next={request.path}")
    if request.method == "POST":
        try:
            services.engagement_agree(request=request, engagement_id=engagement.pk)
            engagement.refresh_from_db()
            if engagement.status == Engagement.Status.ENROLLED:
                messages.success(request, _("Agreed. Every key leader has agreed: enrolled."))
            else:
                messages.success(request, _("Agreed. Enrollment waits for the other leaders."))
            return redirect("collaboration:engagement_detail", pk=engagement.pk)
        except DomainError as error:
            messages.error(request, " ".join(error.messages))
    return render(
        request, "collaboration/engagement_agree.html", _engagement_context(request, engagement)
    )


@login_required
@require_POST
def engagement_withdraw(request, pk):
    engagement = _open_engagement(request, pk)
    try:
        services.engagement_withdraw(engagement_id=engagement.pk, by=request.user)
        messages.success(request, _("Closed."))
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("collaboration:engagement_detail", pk=engagement.pk)


@login_required
def partnership(request):
    """The partnership's view: engagements with filters, and districts engaged over time."""
    roles = roles_of(request.user)
    if not (selectors.is_partnership_staff(roles) or roles.is_state_staff):
        raise Http404(_("This page is for the partnership's staff."))
    regions = list(District.objects.exclude(region="").values_list("region", flat=True).distinct())
    program_id = int_or_none(request.GET.get("program"))
    status = request.GET.get("status") or None
    region = request.GET.get("region") or None
    engagements = selectors.engagement_list(
        program_id=program_id,
        status=status if status in Engagement.Status.values else None,
        region=region if region in regions else None,
    )
    years, by_program = selectors.engaged_over_time(group_by="program")
    _years, by_region = selectors.engaged_over_time(group_by="region")
    return render(
        request,
        "collaboration/partnership.html",
        {
            "page": Paginator(engagements, 25).get_page(request.GET.get("page")),
            "programs": Program.objects.all(),
            "statuses": Engagement.Status.choices,
            "regions": sorted(regions),
            "selected": {"program": program_id, "status": status, "region": region},
            "years": years,
            "by_program": by_program,
            "by_region": by_region,
            "is_facilitator": selectors.is_partnership_staff(roles),
        },
    )


# -- Meetings, action items, calendar feeds and the relationship survey (issue 5) -----------


def _open_meeting(request, pk, meeting_pk):
    """The meeting of a team the user may open; 404 for anyone not on the team."""
    team, _spaces = _open_team(request, pk)
    meeting = selectors.meeting_detail_get(team=team, meeting_id=meeting_pk)
    if meeting is None:
        raise Http404(_("No such meeting of this team."))
    return team, meeting


def _team_day(request):
    return roles_of(request.user).day


@login_required
def meeting_list(request, pk):
    team, _spaces = _open_team(request, pk)
    day = _team_day(request)
    meetings = list(selectors.meeting_list(team=team))
    upcoming = [m for m in meetings if timezone.localtime(m.starts_at).date() >= day]
    return render(
        request,
        "collaboration/meeting_list.html",
        {
            "team": team,
            "upcoming": list(reversed(upcoming)),
            "past": [m for m in meetings if timezone.localtime(m.starts_at).date() < day],
        },
    )


@login_required
def meeting_add(request, pk):
    team, _spaces = _open_team(request, pk)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(
                team_id=team.pk,
                by=request.user,
                starts_at=form.cleaned_data["starts_at"],
                place=form.cleaned_data["place"],
                agenda=form.agenda_items(),
            )
            messages.success(request, _("The meeting is on the team's calendar."))
            return redirect("collaboration:meeting_detail", pk=team.pk, meeting_pk=meeting.pk)
        except DomainError as error:
            form.add_error(None, error)
    return render(
        request, "collaboration/meeting_form.html", {"team": team, "form": form, "meeting": None}
    )


@login_required
def meeting_detail(request, pk, meeting_pk):
    team, meeting = _open_meeting(request, pk, meeting_pk)
    day = _team_day(request)
    return render(
        request,
        "collaboration/meeting_detail.html",
        {
            "team": team,
            "meeting": meeting,
            "today": day,
            "action_items": meeting.action_items.select_related("owner").order_by("due_on", "pk"),
            "action_form": ActionItemForm(
                people=selectors.team_people(team=team, day=day),
                initial={"due_on": day + datetime.timedelta(days=14)},
            ),
            "minutes_open": timezone.localtime(meeting.starts_at).date() <= day,
        },
    )


@login_required
def meeting_agenda(request, pk, meeting_pk):
    team, meeting = _open_meeting(request, pk, meeting_pk)
    form = MeetingAgendaForm(
        request.POST or None,
        initial={
            "version": meeting.version,
            "starts_at": timezone.localtime(meeting.starts_at),
            "place": meeting.place,
            "agenda": "\n".join(item.title for item in meeting.agenda.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_agenda_update(
                meeting_id=meeting.pk,
                version=form.cleaned_data["version"],
                by=request.user,
                starts_at=form.cleaned_data["starts_at"],
                place=form.cleaned_data["place"],
                agenda=form.agenda_items(),
            )
            messages.success(request, _("Agenda saved."))
            return redirect("collaboration:meeting_detail", pk=team.pk, meeting_pk=meeting.pk)
        except DomainError as error:
            form.add_error(None, error)
    return render(
        request, "collaboration/meeting_form.html", {"team": team, "form": form, "meeting": meeting}
    )


@login_required
def meeting_minutes(request, pk, meeting_pk):
    team, meeting = _open_meeting(request, pk, meeting_pk)
    meeting_day = timezone.localtime(meeting.starts_at).date()
    recorded = list(meeting.attendees.all())
    people = selectors.team_people(team=team, day=meeting_day)
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
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_minutes_record(
                meeting_id=meeting.pk,
                version=form.cleaned_data["version"],
                by=request.user,
                attendee_ids=form.cleaned_data["attendees"],
                minutes=form.cleaned_data["minutes"],
                decisions=form.cleaned_data["decisions"],
            )
            messages.success(request, _("Minutes saved."))
            return redirect("collaboration:meeting_detail", pk=team.pk, meeting_pk=meeting.pk)
        except DomainError as error:
            form.add_error(None, error)
    return render(
        request,
        "collaboration/meeting_minutes.html",
        {"team": team, "meeting": meeting, "form": form},
    )


@login_required
@require_POST
def action_item_add(request, pk, meeting_pk):
    team, meeting = _open_meeting(request, pk, meeting_pk)
    form = ActionItemForm(
        request.POST, people=selectors.team_people(team=team, day=_team_day(request))
    )
    if form.is_valid():
        try:
            services.action_item_add(
                meeting_id=meeting.pk,
                by=request.user,
                description=form.cleaned_data["description"],
                owner_id=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
            )
            messages.success(request, _("Action item added."))
        except DomainError as error:
            form.add_error(None, error)
    for problem in [*form.non_field_errors(), *(e for f in form for e in f.errors)]:
        messages.error(request, problem)
    return redirect("collaboration:meeting_detail", pk=team.pk, meeting_pk=meeting.pk)


@login_required
@require_POST
def action_item_done(request, pk, item_pk):
    team, _spaces = _open_team(request, pk)
    item = get_object_or_404(ActionItem, pk=item_pk, meeting__team=team)
    done = request.POST.get("done") == "1"
    services.action_item_mark(action_item_id=item.pk, by=request.user, done=done)
    messages.success(request, _("Marked done.") if done else _("Open again."))
    back = request.POST.get("back")
    if back == "list":
        return redirect("collaboration:action_items", pk=team.pk)
    return redirect("collaboration:meeting_detail", pk=team.pk, meeting_pk=item.meeting_id)


@login_required
def action_items(request, pk):
    team, _spaces = _open_team(request, pk)
    return render(
        request,
        "collaboration/action_items.html",
        {
            "team": team,
            "items": selectors.action_item_list(team=team),
            "today": _team_day(request),
        },
    )


@login_required
def calendar(request):
    """Make, replace or revoke one's secret calendar address."""
    new_url = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "revoke":
                services.calendar_feed_revoke(user=request.user)
                messages.success(request, _("The calendar address no longer works."))
                return redirect("collaboration:calendar")
            _feed, token = services.calendar_feed_create(user=request.user)
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
            "teams": selectors.team_list(roles=roles_of(request.user), user=request.user),
        },
    )


def calendar_feed(request, token):
    """The feed a calendar app fetches without signing in; the secret address is the key.

    It lists what the owner may see today, so leaving a team takes its meetings out.
    """
    owner = selectors.calendar_feed_owner(token=token)
    if owner is None:
        raise Http404
    day = timezone.localdate()
    entries = selectors.calendar_entries(user=owner, day=day)
    host = request.get_host().split(":")[0]
    events = [
        CalendarEvent(
            uid=f"meeting-{meeting.pk}@{host}",
            summary=_("%(team)s meeting") % {"team": meeting.team.name},
            start=meeting.starts_at,
            location=meeting.place,
            description="\n".join(
                [_("Agenda:")] + [f"{i.position}. {i.title}" for i in meeting.agenda.all()]
            )
            if meeting.agenda.all()
            else "",
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


@login_required
def survey(request, pk):
    """This school year's relationship survey: members answer it once."""
    team, _spaces = _open_team(request, pk)
    day = _team_day(request)
    year = selectors.school_year_of(day)
    is_member = selectors.party_of(user=request.user, team=team, day=day) is not None
    answered = selectors.survey_has_answered(team=team, user=request.user, school_year=year)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and is_member and not answered and form.is_valid():
        try:
            services.survey_answer(
                team_id=team.pk,
                by=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Thank you. Your answers were added to the team's totals."))
            return redirect("collaboration:survey_results", pk=team.pk)
        except DomainError as error:
            form.add_error(None, error)
    return render(
        request,
        "collaboration/survey.html",
        {
            "team": team,
            "form": form,
            "is_member": is_member,
            "answered": answered,
            "year_label": selectors.school_year_label(year),
            "minimum": SURVEY_MINIMUM_ANSWERS,
        },
    )


@login_required
def survey_results(request, pk):
    team, _spaces = _open_team(request, pk)
    years = selectors.survey_results(team=team)
    return render(
        request,
        "collaboration/survey_results.html",
        {
            "team": team,
            "years": years,
            "rows": [
                (text, [year.statements[i].mean for year in years])
                for i, (_key, text) in enumerate(SURVEY_STATEMENTS)
            ],
            "minimum": SURVEY_MINIMUM_ANSWERS,
        },
    )


@login_required
def facilitator_dashboard(request):
    """A facilitator's teams at a glance; only the partnership's facilitators open it."""
    roles = roles_of(request.user)
    if not selectors.is_partnership_staff(roles):
        raise Http404(_("This page is for the partnership's facilitators."))
    return render(
        request,
        "collaboration/facilitator_dashboard.html",
        {"rows": selectors.facilitated_teams(user=request.user, day=roles.day), "today": roles.day},
    )
