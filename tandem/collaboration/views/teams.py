"""A team's pages: its key leaders, members, joint notes and caucuses."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.collaboration.forms.plans import PlanStartForm
from tandem.collaboration.forms.teams import MemberForm, NoteForm, NoticePreferenceForm
from tandem.collaboration.models import (
    CAUCUS_PARTIES,
    NoticePreference,
    Team,
    TeamMember,
    TeamNote,
)
from tandem.collaboration.rules import (
    is_key_leader,
    managed_parties,
    may_open_team,
    may_use_space,
)
from tandem.collaboration.selectors import teams as teams_selectors
from tandem.collaboration.selectors.meetings import action_item_list
from tandem.collaboration.services import notices, teams
from tandem.people.selectors import roles_of
from tandem.ui.forms import act_and_say, form_act_with_messages


def open_team(request, pk) -> Team:
    """The team, for its members and its facilitator; 404 for anyone else."""
    team = get_object_or_404(Team.objects.select_related("district", "facilitator"), pk=pk)
    if not may_open_team(request.user, team):
        raise Http404(_("No such team among those you sit on."))
    return team


@login_required
def team_list(request):
    roles = roles_of(request.user)
    return render(
        request,
        "collaboration/team_list.html",
        {
            "teams": teams_selectors.team_list(roles=roles, user=request.user),
            "may_inquire": bool(teams_selectors.led_districts(roles)),
            "is_partnership": teams_selectors.is_partnership_staff(roles),
        },
    )


def _team_context(request, team, space, **extra):
    day = roles_of(request.user).day
    party = teams_selectors.party_of(user=request.user, team=team, day=day)
    spaces = teams_selectors.visible_spaces(user=request.user, team=team, day=day)
    return {
        "team": team,
        "space": space,
        "space_label": TeamNote.Space(space).label,
        "spaces": [(s, TeamNote.Space(s).label) for s in spaces],
        "notes": teams_selectors.notes_in(team=team, space=space),
        "note_form": extra.pop("note_form", None) or NoteForm(),
        "party": party,
        "leaders": teams_selectors.key_leaders(team=team, day=day),
        "is_key_leader": is_key_leader(request.user, team),
        **extra,
    }


@login_required
def team_detail(request, pk):
    team = open_team(request, pk)
    day = roles_of(request.user).day
    parties = managed_parties(request.user, team)
    return render(
        request,
        "collaboration/team_detail.html",
        _team_context(
            request,
            team,
            TeamNote.Space.JOINT,
            members=TeamMember.objects.active_on(day).filter(team=team).select_related("user"),
            engagements=team.engagements.select_related("program"),
            member_form=MemberForm(parties=parties),
            managed_parties=parties,
            next_meeting=team.meetings.filter(starts_at__date__gte=day, cancelled_at__isnull=True)
            .order_by("starts_at")
            .first(),
            open_action_items=action_item_list(team=team).count(),
            plans=team.plans.all(),
            plan_form=PlanStartForm(),
            notice_form=NoticePreferenceForm(
                initial={"frequency": _notice_frequency(request.user)}
            ),
        ),
    )


def _notice_frequency(user) -> str:
    preference = NoticePreference.objects.filter(user=user).first()
    return preference.frequency if preference else NoticePreference.Frequency.DAILY


@login_required
@require_POST
def notice_preference(request, pk):
    """The person's choice of e-mail notices, made on the page of a team they may open."""
    team = open_team(request, pk)
    choose = partial(notices.notice_preference_set, user=request.user)
    form_act_with_messages(
        request, NoticePreferenceForm(request.POST), choose, _("Your choice of notices is saved.")
    )
    return redirect("collaboration:team_detail", pk=team.pk)


@login_required
def caucus(request, pk, party):
    team = open_team(request, pk)
    if party not in CAUCUS_PARTIES or not may_use_space(request.user, team, party):
        raise Http404(_("No such caucus among those you sit in."))
    return render(request, "collaboration/caucus.html", _team_context(request, team, party))


@login_required
@require_POST
def note_post(request, pk, space):
    team = open_team(request, pk)
    if not may_use_space(request.user, team, space):
        raise Http404
    post = partial(teams.team_note_post, team=team, by=request.user, space=space)
    form_act_with_messages(request, NoteForm(request.POST), post, _("Posted."))
    if space == TeamNote.Space.JOINT:
        return redirect("collaboration:team_detail", pk=team.pk)
    return redirect("collaboration:caucus", pk=team.pk, party=space)


@login_required
@require_POST
def member_add(request, pk):
    team = open_team(request, pk)
    add = partial(teams.team_member_add, team_id=team.pk, by=request.user)
    form_act_with_messages(
        request,
        MemberForm(request.POST, parties=managed_parties(request.user, team)),
        add,
        lambda member: _("%(user)s joined the team.") % {"user": member.user},
    )
    return redirect("collaboration:team_detail", pk=team.pk)


@login_required
@require_POST
def member_end(request, pk, member_pk):
    team = open_team(request, pk)
    member = get_object_or_404(TeamMember, pk=member_pk, team=team)
    act_and_say(
        request,
        partial(teams.team_member_end, member_id=member.pk, by=request.user),
        _("%(user)s left the team.") % {"user": member.user},
    )
    return redirect("collaboration:team_detail", pk=team.pk)
