"""Threads on an issue, an option and an agreement (issue 16, item 8): read by the team and its
facilitator, 404 to anyone else; a comment posts with HTMX or as a plain form."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.collaboration.forms.comments import CommentEditForm, CommentForm
from tandem.collaboration.models import Comment, IssueOption, IssueStatement, JointAgreement
from tandem.collaboration.rules import comment_edit_refusal, comment_refusal
from tandem.collaboration.selectors.comments import thread_comments
from tandem.collaboration.selectors.teams import team_people
from tandem.collaboration.services import comments as comment_services
from tandem.collaboration.views.teams import open_team
from tandem.people.selectors import roles_of
from tandem.ui.forms import form_act, form_act_with_messages


def _thread(request, team, *, heading, record_url, thread, closed_by, post):
    """The thread page (or, to HTMX, the thread alone): its comments, the mentions of the
    reader there marked read, and the form to comment while the record is open."""
    people = [
        p for p in team_people(team=team, day=roles_of(request.user).day) if p != request.user
    ]
    refusal = comment_refusal(request.user, team, **closed_by)
    form = CommentForm(request.POST if request.method == "POST" else None, people=people)
    if request.method == "POST" and form_act(
        request, form, partial(comment_services.comment_post, by=request.user, **post), None
    ):
        if not request.htmx:
            return redirect(request.path + "#comments")
        form = CommentForm(people=people)
    comments = thread_comments(**thread)
    comment_services.mentions_read(user=request.user, comments=comments)
    now = timezone.now()
    editing = request.GET.get("edit", "")
    context = {
        "team": team,
        "heading": heading,
        "record_url": record_url,
        "comments": comments,
        "editable": {
            c.pk for c in comments if comment_edit_refusal(request.user, c, now=now) is None
        },
        "editing": int(editing) if editing.isdigit() else None,
        "edit_form": CommentEditForm(),
        "form": form,
        "closed": refusal,
    }
    template = "collaboration/_thread.html" if request.htmx else "collaboration/thread.html"
    return render(request, template, context)


@login_required
def issue_thread(request, pk, issue_pk):
    team = open_team(request, pk)
    issue = get_object_or_404(IssueStatement, pk=issue_pk, team=team)
    return _thread(
        request,
        team,
        heading=_("Discussion of the issue “%(title)s”") % {"title": issue.title},
        record_url=reverse("collaboration:issue_detail", args=[team.pk, issue.pk]),
        thread={"issue": issue},
        closed_by={"issue": issue},
        post={"issue_id": issue.pk},
    )


@login_required
def option_thread(request, pk, issue_pk, option_pk):
    team = open_team(request, pk)
    option = get_object_or_404(
        IssueOption.objects.select_related("issue"),
        pk=option_pk,
        issue_id=issue_pk,
        issue__team=team,
    )
    return _thread(
        request,
        team,
        heading=_("Discussion of the option “%(option)s”") % {"option": option.text[:80]},
        record_url=reverse("collaboration:issue_detail", args=[team.pk, issue_pk])
        + f"#step-{IssueStatement.Stage.OPTIONS}",
        thread={"option": option},
        closed_by={"issue": option.issue},
        post={"option_id": option.pk},
    )


@login_required
def agreement_thread(request, pk, agreement_pk):
    team = open_team(request, pk)
    agreement = get_object_or_404(JointAgreement, pk=agreement_pk, team=team)
    return _thread(
        request,
        team,
        heading=_("Discussion of the draft “%(title)s”") % {"title": str(agreement)},
        record_url=reverse("collaboration:agreement_detail", args=[team.pk, agreement.pk]),
        thread={"agreement": agreement},
        closed_by={"agreement": agreement},
        post={"agreement_id": agreement.pk},
    )


@login_required
@require_POST
def comment_edit(request, pk, comment_pk):
    """Reword one's own comment, then back to its thread."""
    team = open_team(request, pk)
    comment = get_object_or_404(Comment.objects.select_related("option"), pk=comment_pk, team=team)
    form_act_with_messages(
        request,
        CommentEditForm(request.POST),
        partial(comment_services.comment_edit, comment_id=comment.pk, by=request.user),
        _("Comment reworded."),
    )
    return redirect(f"{comment.thread_url}#comment-{comment.pk}")
