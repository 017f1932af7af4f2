from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.collaboration import selectors, services
from tandem.collaboration.forms import (
    AgreementEditForm,
    AgreementForm,
    CriterionForm,
    DecisionForm,
    FirstMeetingForm,
    InquiryForm,
    InterestForm,
    IssueForm,
    IssueRestateForm,
    MemberForm,
    NoteForm,
    OptionForm,
    StageForm,
    StanceForm,
    WeighingForm,
)
from tandem.collaboration.models import (
    CAUCUS_PARTIES,
    SHARED_VISION_ELEMENTS,
    Engagement,
    Interest,
    IssueStatement,
    JointAgreement,
    Party,
    Program,
    Team,
    TeamMember,
    TeamNote,
)
from tandem.errors import DomainError
from tandem.organizations.models import District
from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of
from tandem.records.selectors import signed_record
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
        },
    )


# --- Interest-based problem solving and joint agreements (issue 5, item 4) -----------------

ENTRY_FORMS = {"interests": InterestForm, "options": OptionForm, "criteria": CriterionForm}


def _open_issue(request, pk, issue_pk) -> tuple[Team, IssueStatement]:
    """An issue of a team the user may open; 404 for anyone not on it."""
    team, _spaces = _open_team(request, pk)
    issue = get_object_or_404(
        IssueStatement.objects.select_related("raised_by", "decided_by"), pk=issue_pk, team=team
    )
    return team, issue


def _open_agreement(request, pk, agreement_pk) -> tuple[Team, JointAgreement]:
    team, _spaces = _open_team(request, pk)
    agreement = get_object_or_404(
        JointAgreement.objects.select_related(
            "team__district", "issue", "supersedes", "drafted_by"
        ),
        pk=agreement_pk,
        team=team,
    )
    return team, agreement


def _party(request, team) -> str | None:
    return selectors.party_of(user=request.user, team=team, day=roles_of(request.user).day)


@login_required
def issue_list(request, pk):
    """The team's issues and agreements."""
    team, _spaces = _open_team(request, pk)
    return render(
        request,
        "collaboration/issue_list.html",
        {
            "team": team,
            "is_member": _party(request, team) is not None,
            "issues": selectors.issue_list(team=team),
            "agreements": selectors.agreement_list(team=team),
            "issue_form": IssueForm(),
            "kinds": JointAgreement.Kind.choices,
        },
    )


@login_required
@require_POST
def issue_add(request, pk):
    team, _spaces = _open_team(request, pk)
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            issue = services.issue_raise(team_id=team.pk, by=request.user, **form.cleaned_data)
            messages.success(request, _("Issue raised. Next, each party shares its interests."))
            return redirect("collaboration:issue_detail", pk=team.pk, issue_pk=issue.pk)
        except DomainError as error:
            form.add_error(None, error)
    return render(
        request,
        "collaboration/issue_list.html",
        {
            "team": team,
            "is_member": _party(request, team) is not None,
            "issues": selectors.issue_list(team=team),
            "agreements": selectors.agreement_list(team=team),
            "issue_form": form,
            "kinds": JointAgreement.Kind.choices,
        },
    )


def _issue_context(request, team, issue, **forms):
    party = _party(request, team)
    criteria, rows = selectors.weighing_matrix(issue=issue)
    check = selectors.open_check(issue=issue) or selectors.decided_check(issue=issue)
    versioned = {"version": issue.version}
    steps = IssueStatement.Stage.choices
    index = issue.stage_index()
    return {
        "team": team,
        "issue": issue,
        "party": party,
        "party_label": Party(party).label if party else "",
        "is_member": party is not None,
        "may_change": party is not None and not issue.is_decided,
        "steps": steps,
        "step_index": index,
        "next_step": steps[index + 1] if index + 1 < len(steps) - 1 else None,
        "earlier_steps": steps[:index] if not issue.is_decided else [],
        "interests": issue.interests.select_related("added_by"),
        "options": issue.options.select_related("added_by"),
        "criteria": criteria,
        "rows": rows,
        "check": check,
        "consensus": selectors.consensus_status(check=check) if check else None,
        "agreements": issue.agreements.all(),
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
    if form.is_valid():
        try:
            services.issue_restate(issue_id=issue.pk, by=request.user, **form.cleaned_data)
            messages.success(request, _("Issue statement saved."))
            return _to_issue(issue, "step-issue")
        except DomainError as error:
            form.add_error(None, error)
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
        "interests": services.interest_add,
        "options": services.option_add,
        "criteria": services.criterion_add,
    }[entry]
    if form.is_valid():
        try:
            add(issue_id=issue.pk, by=request.user, **form.cleaned_data)
            messages.success(request, _("Added."))
            return _to_issue(issue, f"step-{issue.stage}")
        except DomainError as error:
            form.add_error(None, error)
    return _issue_page(request, team, issue, **{entry: form})


@login_required
@require_POST
def interest_mutual(request, pk, issue_pk, interest_pk):
    _team, issue = _open_issue(request, pk, issue_pk)
    interest = get_object_or_404(Interest, pk=interest_pk, issue=issue)
    try:
        services.interest_mark_mutual(
            interest_id=interest.pk, by=request.user, mutual=request.POST.get("mutual") == "1"
        )
        messages.success(request, _("Saved."))
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
    return _to_issue(issue, "step-interests")


@login_required
@require_POST
def issue_stage(request, pk, issue_pk):
    """Move the team on to the next step or back to an earlier one."""
    team, issue = _open_issue(request, pk, issue_pk)
    form = StageForm(request.POST, issue=issue)
    if form.is_valid():
        try:
            issue = services.issue_stage_move(
                issue_id=issue.pk,
                version=form.cleaned_data["version"],
                by=request.user,
                to=form.cleaned_data["to"],
                option_id=form.cleaned_data["option"],
            )
            messages.success(
                request, _("The team is now at the %(s)s step.") % {"s": issue.get_stage_display()}
            )
            return _to_issue(issue, f"step-{issue.stage}")
        except DomainError as error:
            form.add_error(None, error)
    return _issue_page(request, team, issue, stage_form=form)


@login_required
@require_POST
def issue_weigh(request, pk, issue_pk):
    team, issue = _open_issue(request, pk, issue_pk)
    criteria, rows = selectors.weighing_matrix(issue=issue)
    form = WeighingForm(request.POST, criteria=criteria, rows=rows)
    if form.is_valid():
        try:
            services.option_weigh(
                issue_id=issue.pk,
                version=form.cleaned_data["version"],
                by=request.user,
                ratings=form.ratings(),
            )
            messages.success(request, _("Weighing saved."))
            return _to_issue(issue, "step-weighing")
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
        if form.is_valid():
            try:
                services.stance_record(issue_id=issue.pk, by=request.user, **form.cleaned_data)
                messages.success(request, _("Your stance is recorded."))
                return redirect("collaboration:consensus_check", pk=team.pk, issue_pk=issue.pk)
            except DomainError as error:
                form.add_error(None, error)
    return _consensus_page(request, team, issue, stance_form=form)


@login_required
@require_POST
def issue_decide(request, pk, issue_pk):
    team, issue = _open_issue(request, pk, issue_pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.issue_decide(issue_id=issue.pk, by=request.user, **form.cleaned_data)
            messages.success(request, _("Decision recorded. The issue is now closed."))
            return _to_issue(issue, "step-decided")
        except DomainError as error:
            form.add_error(None, error)
    return _consensus_page(request, team, issue, decision_form=form)


@login_required
def agreement_add(request, pk):
    """Draft the first version of a tentative agreement, an MOU or a joint statement."""
    team, _spaces = _open_team(request, pk)
    issues = team.issues.filter(stage=IssueStatement.Stage.DECIDED)
    kind = request.GET.get("kind")
    initial = {"kind": kind, "issue": request.GET.get("issue")}
    if kind == JointAgreement.Kind.SHARED_VISION:
        initial |= {
            "title": _("Our shared vision for the teaching profession"),
            "body": "\n\n".join(
                f"{n}. {element}\n" for n, element in enumerate(SHARED_VISION_ELEMENTS, 1)
            ),
        }
    form = AgreementForm(request.POST or None, issues=issues, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_draft(
                team_id=team.pk,
                by=request.user,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                issue_id=form.cleaned_data["issue"],
            )
            messages.success(request, _("Draft saved. The key leaders can sign it when ready."))
            return redirect("collaboration:agreement_detail", pk=team.pk, agreement_pk=agreement.pk)
        except DomainError as error:
            form.add_error(None, error)
    return render(
        request,
        "collaboration/agreement_form.html",
        {"team": team, "form": form, "is_member": _party(request, team) is not None},
    )


def _agreement_context(request, team, agreement):
    day = roles_of(request.user).day
    standing = selectors.signing_status(agreement=agreement, day=day)
    versions = selectors.agreement_versions(agreement=agreement)
    latest = versions[0]
    signable = (
        agreement.status in (JointAgreement.Status.DRAFT, JointAgreement.Status.SIGNING)
        and latest.pk == agreement.pk
    )
    mine = next((s for s in standing if s.holder and s.holder.user_id == request.user.pk), None)
    return {
        "team": team,
        "agreement": agreement,
        "is_member": _party(request, team) is not None,
        "standing": standing,
        "my_standing": mine if signable and mine and not mine.signed else None,
        "signed": signed_record(record=agreement),
        "versions": versions,
        "in_effect": selectors.agreement_in_effect(agreement=agreement),
        "is_latest": latest.pk == agreement.pk,
    }


@login_required
def agreement_detail(request, pk, agreement_pk):
    team, agreement = _open_agreement(request, pk, agreement_pk)
    return render(
        request,
        "collaboration/agreement_detail.html",
        _agreement_context(request, team, agreement),
    )


@login_required
def agreement_edit(request, pk, agreement_pk):
    """Redraft a version nobody has signed; a signed one sends the user back with the reason."""
    team, agreement = _open_agreement(request, pk, agreement_pk)
    back = redirect("collaboration:agreement_detail", pk=team.pk, agreement_pk=agreement.pk)
    if agreement.status != JointAgreement.Status.DRAFT:
        messages.error(request, _("A signed agreement is never edited: draft a new version."))
        return back
    if _party(request, team) is None:
        messages.error(request, _("Only the team's members draft its agreements."))
        return back
    form = AgreementEditForm(
        request.POST or None,
        initial={"title": agreement.title, "body": agreement.body, "version": agreement.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_edit(agreement_id=agreement.pk, by=request.user, **form.cleaned_data)
            messages.success(request, _("Draft saved."))
            return back
        except DomainError as error:
            form.add_error(None, error)
    return render(
        request,
        "collaboration/agreement_edit.html",
        {"team": team, "agreement": agreement, "form": form},
    )


@login_required
def agreement_sign(request, pk, agreement_pk):
    """Confirm the password again, then sign this version for one's own party."""
    team, agreement = _open_agreement(request, pk, agreement_pk)
    if not did_recently_reauthenticate(request):
        return redirect(f"{reverse('account_reauthenticate')}?next={request.path}")
    if request.method == "POST":
        try:
            services.agreement_sign(request=request, agreement_id=agreement.pk)
            agreement.refresh_from_db()
            if agreement.status == JointAgreement.Status.IN_EFFECT:
                messages.success(request, _("Signed. All three parties have signed: in effect."))
            else:
                messages.success(request, _("Signed. It takes effect when all three have signed."))
            return redirect("collaboration:agreement_detail", pk=team.pk, agreement_pk=agreement.pk)
        except DomainError as error:
            messages.error(request, " ".join(error.messages))
    return render(
        request,
        "collaboration/agreement_sign.html",
        _agreement_context(request, team, agreement),
    )


@login_required
@require_POST
def agreement_revise(request, pk, agreement_pk):
    team, agreement = _open_agreement(request, pk, agreement_pk)
    try:
        draft = services.agreement_revise(agreement_id=agreement.pk, by=request.user)
        messages.success(
            request,
            _("Version %(n)s started. The signed version stays as it is until this one is signed.")
            % {"n": draft.number},
        )
        return redirect("collaboration:agreement_edit", pk=team.pk, agreement_pk=draft.pk)
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("collaboration:agreement_detail", pk=team.pk, agreement_pk=agreement.pk)
