"""Interest-based problem solving: the issues, each step, the consensus check and the decision
(issue 5, item 4)."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.collaboration.forms.problem_solving import (
    CriterionForm,
    DecisionForm,
    InterestForm,
    IssueForm,
    IssueRestateForm,
    OptionForm,
    StageForm,
    StanceForm,
    StanceVisibilityForm,
    WeighingForm,
)
from tandem.collaboration.models import Interest, IssueStatement, JointAgreement, Party, Team
from tandem.collaboration.rules import is_team_member, may_work_on_issue, stances_refusal
from tandem.collaboration.selectors import problem_solving as problem_solving_selectors
from tandem.collaboration.selectors.agreements import agreement_list
from tandem.collaboration.selectors.teams import party_of
from tandem.collaboration.services import problem_solving
from tandem.collaboration.views.teams import open_team
from tandem.errors import DomainError
from tandem.people.selectors import roles_of
from tandem.ui.forms import act_and_say, form_act

ENTRY_FORMS = {
    IssueStatement.Stage.INTERESTS: InterestForm,
    IssueStatement.Stage.OPTIONS: OptionForm,
    IssueStatement.Stage.CRITERIA: CriterionForm,
}


def _open_issue(request, pk, issue_pk) -> tuple[Team, IssueStatement]:
    """An issue of a team the user may open; 404 for anyone not on it."""
    team = open_team(request, pk)
    issue = get_object_or_404(
        IssueStatement.objects.select_related("raised_by", "decided_by"), pk=issue_pk, team=team
    )
    return team, issue


def _issue_list_page(request, team, *, issue_form):
    return render(
        request,
        "collaboration/issue_list.html",
        {
            "team": team,
            "is_member": is_team_member(request.user, team),
            "issues": problem_solving_selectors.issue_list(team=team),
            "agreements": agreement_list(team=team),
            "issue_form": issue_form,
            "kinds": JointAgreement.Kind.choices,
        },
    )


@login_required
def issue_list(request, pk):
    """The team's issues and agreements."""
    return _issue_list_page(request, open_team(request, pk), issue_form=IssueForm())


@login_required
@require_POST
def issue_add(request, pk):
    team = open_team(request, pk)
    form = IssueForm(request.POST)
    raised = form_act(
        request,
        form,
        partial(problem_solving.issue_raise, team_id=team.pk, by=request.user),
        _("Issue raised. Next, each party shares its interests."),
    )
    if raised:
        return _to_issue(raised)
    return _issue_list_page(request, team, issue_form=form)


def _issue_context(request, team, issue, **forms):
    party = party_of(user=request.user, team=team, day=roles_of(request.user).day)
    criteria, rows = problem_solving_selectors.weighing_matrix(issue=issue)
    check = problem_solving_selectors.open_check(
        issue=issue
    ) or problem_solving_selectors.decided_check(issue=issue)
    versioned = {"version": issue.version}
    steps = IssueStatement.Stage.choices
    index = issue.stage_index()
    return {
        "team": team,
        "issue": issue,
        "party": party,
        "party_label": Party(party).label if party else "",
        "is_member": is_team_member(request.user, team),
        "may_change": may_work_on_issue(request.user, issue),
        "steps": steps,
        "step_index": index,
        "next_step": steps[index + 1] if index + 1 < len(steps) - 1 else None,
        "earlier_steps": steps[:index] if not issue.is_decided else [],
        "interests": issue.interests.select_related("added_by"),
        "options": issue.options.select_related("added_by").annotate(
            comment_count=Count("comments")
        ),
        "comment_count": issue.comments.count(),
        "criteria": criteria,
        "rows": rows,
        "check": check,
        **_stances(request.user, check),
        "agreements": issue.agreements.all(),
        "correction": forms.get("correction"),
        "restate_form": forms.get("restate_form")
        or IssueRestateForm(
            initial={"title": issue.title, "statement": issue.statement, **versioned}
        ),
        "entry_forms": {
            entry: forms.get(entry) or form_class() for entry, form_class in ENTRY_FORMS.items()
        },
        "stage_form": forms.get("stage_form") or StageForm(issue=issue, initial=versioned),
        "weighing_form": forms.get("weighing_form")
        or WeighingForm(initial=versioned, criteria=criteria, rows=rows),
        "visibility_form": forms.get("visibility_form")
        or StanceVisibilityForm(
            initial={
                "before_own": issue.stances_before_own,
                "after_decision": issue.stances_after_decision,
                **versioned,
            }
        ),
    }


def _stances(user, check) -> dict:
    """The round's stances for ``user`` as the issue's choice says: the whole consensus status
    when they may see it, else only how many were given and why the rest is unseen."""
    if check is None:
        return {"consensus": None, "stances_hidden": None, "stance_count": 0}
    hidden = stances_refusal(user, check)
    return {
        "consensus": None if hidden else problem_solving_selectors.consensus_status(check=check),
        "stances_hidden": hidden,
        "stance_count": check.stances.count(),
    }


def _issue_page(request, team, issue, **forms):
    return render(
        request, "collaboration/issue_detail.html", _issue_context(request, team, issue, **forms)
    )


def _to_issue(issue, anchor=""):
    url = reverse("collaboration:issue_detail", kwargs={"pk": issue.team_id, "issue_pk": issue.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


@login_required
def issue_detail(request, pk, issue_pk):
    team, issue = _open_issue(request, pk, issue_pk)
    return _issue_page(request, team, issue)


@login_required
@require_POST
def issue_restate(request, pk, issue_pk):
    team, issue = _open_issue(request, pk, issue_pk)
    form = IssueRestateForm(request.POST)
    restate = partial(problem_solving.issue_restate, issue_id=issue.pk, by=request.user)
    if form_act(request, form, restate, _("Issue statement saved.")):
        return _to_issue(issue, f"step-{IssueStatement.Stage.ISSUE}")
    return _issue_page(request, team, issue, restate_form=form)


@login_required
@require_POST
def issue_entry_add(request, pk, issue_pk, entry):
    """Add an interest, an option or a criterion at its step."""
    team, issue = _open_issue(request, pk, issue_pk)
    if entry not in ENTRY_FORMS:
        raise Http404
    form = ENTRY_FORMS[entry](request.POST)
    add = {
        IssueStatement.Stage.INTERESTS: problem_solving.interest_add,
        IssueStatement.Stage.OPTIONS: problem_solving.option_add,
        IssueStatement.Stage.CRITERIA: problem_solving.criterion_add,
    }[entry]
    if form_act(request, form, partial(add, issue_id=issue.pk, by=request.user), _("Added.")):
        return _to_issue(issue, f"step-{issue.stage}")
    return _issue_page(request, team, issue, **{entry: form})


@login_required
@require_POST
def issue_entry_change(request, pk, issue_pk, entry, entry_pk):
    """Its author rewords or withdraws an interest, an option or a criterion at its step."""
    team, issue = _open_issue(request, pk, issue_pk)
    if entry not in ENTRY_FORMS:
        raise Http404
    model = problem_solving.ISSUE_ENTRIES[entry]
    item = get_object_or_404(model, pk=entry_pk, issue=issue)
    form = ENTRY_FORMS[entry](request.POST, auto_id=f"fix-{entry}-{item.pk}-%s")
    try:
        if request.POST.get("action") == "withdraw":
            problem_solving.issue_entry_withdraw(entry=entry, entry_id=item.pk, by=request.user)
            messages.success(request, _("Withdrawn."))
            return _to_issue(issue, f"step-{entry}")
        if form.is_valid():
            problem_solving.issue_entry_reword(
                entry=entry, entry_id=item.pk, by=request.user, text=form.cleaned_data["text"]
            )
            messages.success(request, _("Correction saved."))
            return _to_issue(issue, f"step-{entry}")
    except DomainError as error:
        form.add_error(None, error)
    return _issue_page(
        request, team, issue, correction={"entry": entry, "pk": item.pk, "form": form}
    )


@login_required
@require_POST
def interest_mutual(request, pk, issue_pk, interest_pk):
    _team, issue = _open_issue(request, pk, issue_pk)
    interest = get_object_or_404(Interest, pk=interest_pk, issue=issue)
    mark = partial(
        problem_solving.interest_mark_mutual,
        interest_id=interest.pk,
        by=request.user,
        mutual=request.POST.get("mutual") == "1",
    )
    act_and_say(request, mark, _("Saved."))
    return _to_issue(issue, f"step-{IssueStatement.Stage.INTERESTS}")


@login_required
@require_POST
def issue_stage(request, pk, issue_pk):
    """Move the team on to the next step or back to an earlier one."""
    team, issue = _open_issue(request, pk, issue_pk)
    form = StageForm(request.POST, issue=issue)

    def move(*, option, **step):
        return problem_solving.issue_stage_move(
            issue_id=issue.pk, by=request.user, option_id=option, **step
        )

    def now_at(moved):
        return _("The team is now at the %(s)s step.") % {"s": moved.get_stage_display()}

    if moved := form_act(request, form, move, now_at):
        return _to_issue(moved, f"step-{moved.stage}")
    return _issue_page(request, team, issue, stage_form=form)


@login_required
@require_POST
def issue_weigh(request, pk, issue_pk):
    team, issue = _open_issue(request, pk, issue_pk)
    criteria, rows = problem_solving_selectors.weighing_matrix(issue=issue)
    form = WeighingForm(request.POST, criteria=criteria, rows=rows)
    if form.is_valid():
        try:
            problem_solving.option_weigh(
                issue_id=issue.pk,
                version=form.cleaned_data["version"],
                by=request.user,
                ratings=form.ratings(),
            )
            messages.success(request, _("Weighing saved."))
            return _to_issue(issue, f"step-{IssueStatement.Stage.WEIGHING}")
        except DomainError as error:
            form.add_error(None, error)
    return _issue_page(request, team, issue, weighing_form=form)


def _consensus_page(request, team, issue, *, stance_form=None, decision_form=None):
    context = _issue_context(request, team, issue)
    mine = None
    if context["check"] is not None:
        mine = context["check"].stances.filter(user=request.user).first()
    context |= {
        "my_stance": mine,
        "stance_form": stance_form
        or StanceForm(
            initial={"gradient": mine.gradient, "comment": mine.comment} if mine else None
        ),
        "decision_form": decision_form or DecisionForm(initial={"version": issue.version}),
    }
    return render(request, "collaboration/consensus_check.html", context)


@login_required
def consensus_check(request, pk, issue_pk):
    """The option under check, every member's stance, one's own stance and the decision."""
    team, issue = _open_issue(request, pk, issue_pk)
    form = None
    if request.method == "POST":
        form = StanceForm(request.POST)
        stand = partial(problem_solving.stance_record, issue_id=issue.pk, by=request.user)
        if form_act(request, form, stand, _("Your stance is recorded.")):
            return redirect("collaboration:consensus_check", pk=team.pk, issue_pk=issue.pk)
    return _consensus_page(request, team, issue, stance_form=form)


@login_required
@require_POST
def issue_stance_visibility(request, pk, issue_pk):
    """The team's choice of when its members see one another's stances on the issue."""
    team, issue = _open_issue(request, pk, issue_pk)
    form = StanceVisibilityForm(request.POST)
    choose = partial(
        problem_solving.issue_stance_visibility_set, issue_id=issue.pk, by=request.user
    )
    if form_act(request, form, choose, _("The team's choice about stances is saved.")):
        return _to_issue(issue, "stance-visibility")
    return _issue_page(request, team, issue, visibility_form=form)


@login_required
@require_POST
def issue_decide(request, pk, issue_pk):
    team, issue = _open_issue(request, pk, issue_pk)
    form = DecisionForm(request.POST)
    decide = partial(problem_solving.issue_decide, issue_id=issue.pk, by=request.user)
    if form_act(request, form, decide, _("Decision recorded. The issue is now closed.")):
        return _to_issue(issue, f"step-{IssueStatement.Stage.DECIDED}")
    return _consensus_page(request, team, issue, decision_form=form)
