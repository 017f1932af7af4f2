import datetime
import re
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from tandem.collaboration import selectors, services
from tandem.collaboration.forms import (
    PLAN_ITEM_FORMS,
    ActionItemForm,
    AgreementEditForm,
    AgreementForm,
    CommentForm,
    CriterionForm,
    DecisionForm,
    FirstMeetingForm,
    GoalForm,
    InquiryForm,
    InterestForm,
    IssueForm,
    IssueRestateForm,
    MeasureForm,
    MeetingAgendaForm,
    MeetingCancelForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    NoteForm,
    OptionForm,
    PlanStartForm,
    ProgressForm,
    ResourceForm,
    StageForm,
    StanceForm,
    StepForm,
    SurveyForm,
    TitleForm,
    VisionForm,
    WeighingForm,
)
from tandem.collaboration.ical import CalendarEvent, calendar_text
from tandem.collaboration.models import (
    CAUCUS_PARTIES,
    SHARED_VISION_ELEMENTS,
    SURVEY_MINIMUM_ANSWERS,
    SURVEY_STATEMENTS,
    ActionItem,
    Engagement,
    GalleryComment,
    Interest,
    IssueStatement,
    JointAgreement,
    Party,
    PlanVersion,
    Program,
    Resource,
    StrategicPlan,
    Team,
    TeamMember,
    TeamNote,
    Topic,
)
from tandem.collaboration.plan_content import adoption_problems, compare, measures
from tandem.collaboration.rules import (
    agreement_draft_refusal,
    agreement_signing_refusal,
    is_key_leader,
    is_team_member,
    may_close_engagement,
    may_edit_agreement,
    may_edit_plan_draft,
    may_open_engagement,
    may_open_team,
    may_record_first_meeting,
    may_revise_agreement,
    may_use_space,
    may_work_on_issue,
)
from tandem.errors import DomainError
from tandem.organizations.models import District
from tandem.organizations.selectors import school_year_for
from tandem.people.models import RoleGrant
from tandem.people.selectors import Roles, roles_of
from tandem.records.files import stored_file_response
from tandem.records.reauthentication import password_confirmation
from tandem.records.selectors import signed_record
from tandem.ui.forms import form_act, form_problems
from tandem.ui.params import int_or_none
from tandem.ui.pdf import pdf_response
from tandem.ui.spreadsheet import csv_response


def _open_team(request, pk) -> Team:
    """The team, for its members and its facilitator; 404 for anyone else."""
    team = get_object_or_404(Team.objects.select_related("district", "facilitator"), pk=pk)
    if not may_open_team(request.user, team):
        raise Http404(_("No such team among those you sit on."))
    return team


def _open_engagement(request, pk) -> Engagement:
    """Open to the partnership's staff and to the district's team."""
    engagement = get_object_or_404(
        Engagement.objects.select_related("team__district", "program", "team__facilitator"), pk=pk
    )
    if not may_open_engagement(request.user, engagement):
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


def _team_context(request, team, space, **extra):
    day = roles_of(request.user).day
    party = selectors.party_of(user=request.user, team=team, day=day)
    spaces = selectors.visible_spaces(user=request.user, team=team, day=day)
    return {
        "team": team,
        "space": space,
        "space_label": TeamNote.Space(space).label,
        "spaces": [(s, TeamNote.Space(s).label) for s in spaces],
        "notes": selectors.notes_in(team=team, space=space),
        "note_form": extra.pop("note_form", None) or NoteForm(),
        "party": party,
        "leaders": selectors.key_leaders(team=team, day=day),
        "is_key_leader": is_key_leader(request.user, team),
        **extra,
    }


@login_required
def team_detail(request, pk):
    team = _open_team(request, pk)
    day = roles_of(request.user).day
    return render(
        request,
        "collaboration/team_detail.html",
        _team_context(
            request,
            team,
            TeamNote.Space.JOINT,
            members=TeamMember.objects.active_on(day).filter(team=team).select_related("user"),
            engagements=team.engagements.select_related("program"),
            member_form=MemberForm(),
            next_meeting=team.meetings.filter(starts_at__date__gte=day, cancelled_at__isnull=True)
            .order_by("starts_at")
            .first(),
            open_action_items=selectors.action_item_list(team=team).count(),
            plans=team.plans.all(),
            plan_form=PlanStartForm(),
        ),
    )


@login_required
def caucus(request, pk, party):
    team = _open_team(request, pk)
    if party not in CAUCUS_PARTIES or not may_use_space(request.user, team, party):
        raise Http404(_("No such caucus among those you sit in."))
    return render(request, "collaboration/caucus.html", _team_context(request, team, party))


@login_required
@require_POST
def note_post(request, pk, space):
    team = _open_team(request, pk)
    if not may_use_space(request.user, team, space):
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
    for problem in form_problems(form):
        messages.error(request, problem)
    if space == TeamNote.Space.JOINT:
        return redirect("collaboration:team_detail", pk=team.pk)
    return redirect("collaboration:caucus", pk=team.pk, party=space)


@login_required
@require_POST
def member_add(request, pk):
    team = _open_team(request, pk)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            member = services.team_member_add(team_id=team.pk, by=request.user, **form.cleaned_data)
            messages.success(request, _("%(user)s joined the team.") % {"user": member.user})
        except DomainError as error:
            form.add_error(None, error)
    for problem in form_problems(form):
        messages.error(request, problem)
    return redirect("collaboration:team_detail", pk=team.pk)


@login_required
@require_POST
def member_end(request, pk, member_pk):
    team = _open_team(request, pk)
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
        "may_open_team": may_open_team(request.user, engagement.team),
        "may_record_first_meeting": may_record_first_meeting(request.user, engagement),
        "may_close": may_close_engagement(request.user, engagement),
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
    if confirm := password_confirmation(request):
        return confirm
    if request.method == "POST":
        try:
            services.engagement_agree(by=request.user, engagement_id=engagement.pk)
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


def _open_partnership(request) -> Roles:
    """The partnership overview and its download: for facilitators and the state's staff."""
    roles = roles_of(request.user)
    if not (selectors.is_partnership_staff(roles) or roles.is_state_staff):
        raise Http404(_("This page is for the partnership's staff."))
    return roles


def _engagement_filters(request) -> tuple[dict, list[str]]:
    """The overview's filters from the query string, unknown values left out; and the regions."""
    regions = sorted(
        District.objects.exclude(region="").values_list("region", flat=True).distinct()
    )
    status = request.GET.get("status")
    region = request.GET.get("region")
    filters = {
        "program_id": int_or_none(request.GET.get("program")),
        "status": status if status in Engagement.Status.values else None,
        "region": region if region in regions else None,
    }
    return filters, regions


@login_required
def partnership(request):
    """The partnership's view: engagements with filters, and districts engaged over time."""
    roles = _open_partnership(request)
    filters, regions = _engagement_filters(request)
    selected = {
        "program": filters["program_id"],
        "status": filters["status"],
        "region": filters["region"],
    }
    years, by_program = selectors.engaged_over_time(group_by="program")
    _years, by_region = selectors.engaged_over_time(group_by="region")
    return render(
        request,
        "collaboration/partnership.html",
        {
            "page": Paginator(selectors.engagement_list(**filters), 25).get_page(
                request.GET.get("page")
            ),
            "programs": Program.objects.all(),
            "statuses": Engagement.Status.choices,
            "regions": regions,
            "selected": selected,
            "csv_query": urlencode({key: value for key, value in selected.items() if value}),
            "years": years,
            "by_program": by_program,
            "by_region": by_region,
            "is_facilitator": selectors.is_partnership_staff(roles),
        },
    )


@login_required
def partnership_csv(request):
    """The overview's inquiries and enrollments, every page of them, under the same filters."""
    _open_partnership(request)
    filters, _regions = _engagement_filters(request)
    return csv_response(
        filename=f"engagements-{timezone.localdate():%Y-%m-%d}.csv",
        header=[
            _("District"),
            _("Region"),
            _("Program"),
            _("Status"),
            _("Inquired on"),
            _("First meeting on"),
            _("Enrolled on"),
            _("Ended on"),
            _("Facilitator"),
        ],
        rows=(
            [
                e.team.district.name,
                e.team.district.region,
                e.program.name,
                e.get_status_display(),
                e.inquired_on,
                e.first_meeting_on,
                e.enrolled_on,
                e.ended_on,
                e.team.facilitator,
            ]
            for e in selectors.engagement_list(**filters)
        ),
    )


# -- Joint strategic plans ---------------------------------------------------------------------


def _open_plan(request, pk) -> tuple[StrategicPlan, Team]:
    """The plan, for its team's members and facilitator only (404 for everyone else)."""
    plan = get_object_or_404(StrategicPlan.objects.select_related("team__district"), pk=pk)
    team = _open_team(request, plan.team_id)
    return plan, team


@login_required
@require_POST
def plan_start(request, pk):
    team = _open_team(request, pk)
    form = PlanStartForm(request.POST)
    if form.is_valid():
        try:
            plan = services.plan_start(
                team_id=team.pk, by=request.user, title=form.cleaned_data["title"]
            )
            return redirect("collaboration:plan_edit", pk=plan.pk)
        except DomainError as error:
            form.add_error(None, error)
    for problem in form_problems(form):
        messages.error(request, problem)
    return redirect("collaboration:team_detail", pk=team.pk)


@login_required
def plan_detail(request, pk):
    plan, team = _open_plan(request, pk)
    roles = roles_of(request.user)
    versions = selectors.plan_versions(plan)
    adopted, draft = selectors.plan_current(versions)
    shown = adopted or draft or versions[0]
    is_member = is_team_member(request.user, team)
    standing = selectors.plan_signatures(version=draft, day=roles.day) if draft else []
    return render(
        request,
        "collaboration/plan_detail.html",
        {
            "plan": plan,
            "team": team,
            "shown": shown,
            "adopted": adopted,
            "draft": draft,
            "versions": versions,
            "standing": standing,
            "my_standing": next(
                (s for s in standing if s.holder and s.holder.user_id == request.user.pk), None
            ),
            "draft_problems": adoption_problems(draft.content) if draft else [],
            "charts": selectors.measure_charts(plan=plan, content=adopted.content)
            if adopted
            else [],
            "step_items": selectors.plan_action_items(plan=plan, content=adopted.content)
            if adopted
            else [],
            "progress_form": ProgressForm(
                measures=measures(adopted.content), initial={"recorded_on": roles.day}
            )
            if adopted and is_member
            else None,
            "is_member": is_member,
            "may_edit_draft": bool(draft) and may_edit_plan_draft(request.user, draft),
            "is_key_leader": is_key_leader(request.user, team),
        },
    )


def _open_plan_version(request, pk, number) -> tuple[StrategicPlan, Team, PlanVersion]:
    plan, team = _open_plan(request, pk)
    return plan, team, get_object_or_404(PlanVersion, plan=plan, number=number)


@login_required
def plan_version(request, pk, number):
    plan, team, version = _open_plan_version(request, pk, number)
    return render(
        request,
        "collaboration/plan_version.html",
        {
            "plan": plan,
            "team": team,
            "version": version,
            "standing": selectors.plan_version_standing(
                version=version, day=roles_of(request.user).day
            ),
            "signed": signed_record(record=version),
        },
    )


def _title_slug(title: str) -> str:
    """A title for a file name, keeping "2025–2028" apart as "2025-2028"."""
    return slugify(title.replace("–", "-"))


def _plan_pdf(request, plan: StrategicPlan, version: PlanVersion) -> HttpResponse:
    standing = selectors.plan_version_standing(version=version, day=roles_of(request.user).day)
    return pdf_response(
        template="collaboration/pdf/plan_version.html",
        context={
            "plan": plan,
            "team": plan.team,
            "version": version,
            "standing": standing,
            "signed": signed_record(record=version),
            "printed_at": timezone.now(),
            "printed_by": request.user,
        },
        filename=f"{slugify(plan.team.district.name)}-{_title_slug(plan.title)}-v{version.number}.pdf",
    )


@login_required
def plan_version_pdf(request, pk, number):
    plan, _team, version = _open_plan_version(request, pk, number)
    return _plan_pdf(request, plan, version)


@login_required
def plan_compare(request, pk):
    plan, team = _open_plan(request, pk)
    versions = selectors.plan_versions(plan)
    numbers = [v.number for v in versions]
    a = int_or_none(request.GET.get("a"))
    b = int_or_none(request.GET.get("b"))
    if a not in numbers or b not in numbers:
        a, b = (numbers[1], numbers[0]) if len(numbers) > 1 else (numbers[0], numbers[0])
    a, b = min(a, b), max(a, b)  # the earlier version on the left, so "Added" means added
    by_number = {v.number: v for v in versions}
    return render(
        request,
        "collaboration/plan_compare.html",
        {
            "plan": plan,
            "team": team,
            "versions": versions,
            "a": by_number[a],
            "b": by_number[b],
            "rows": compare(by_number[a].content, by_number[b].content),
        },
    )


def _editor(draft: PlanVersion, *, bound=None) -> dict:
    """Every form of the draft's editor, each with its own prefix; ``bound`` replaces the form
    with the same prefix, so a refused save shows its errors where it was typed."""

    def form(cls, prefix, initial=None):
        if bound is not None and bound.prefix == prefix:
            return bound
        return cls(prefix=prefix, initial={**(initial or {}), "version": draft.version})

    content = draft.content
    return {
        "vision": form(
            VisionForm,
            "vision",
            {"vision": content["vision"], "theory_of_action": content["theory_of_action"]},
        ),
        "new_goal": form(GoalForm, "new-goal"),
        "new_strategy": form(TitleForm, "new-strategy"),
        "goals": [
            {
                "item": goal,
                "form": form(GoalForm, goal["key"], goal),
                "new_measure": form(MeasureForm, f"{goal['key']}-new"),
                "measures": [
                    {"item": m, "form": form(MeasureForm, m["key"], m)} for m in goal["measures"]
                ],
            }
            for goal in content["goals"]
        ],
        "strategies": [
            {
                "item": strategy,
                "form": form(TitleForm, strategy["key"], strategy),
                "new_initiative": form(TitleForm, f"{strategy['key']}-new"),
                "initiatives": [
                    {
                        "item": initiative,
                        "form": form(TitleForm, initiative["key"], initiative),
                        "new_step": form(StepForm, f"{initiative['key']}-new"),
                        "steps": [
                            {"item": s, "form": form(StepForm, s["key"], s)}
                            for s in initiative["steps"]
                        ],
                    }
                    for initiative in strategy["initiatives"]
                ],
            }
            for strategy in content["strategies"]
        ],
    }


def _open_draft(request, pk) -> tuple[StrategicPlan, Team, PlanVersion]:
    plan, team = _open_plan(request, pk)
    draft = plan.versions.filter(status=PlanVersion.Status.DRAFT).first()
    if draft is None:
        raise Http404(_("The plan has no draft to edit; start a new version."))
    return plan, team, draft


@login_required
def plan_edit(request, pk):
    plan, team, draft = _open_draft(request, pk)
    return render(
        request,
        "collaboration/plan_edit.html",
        {"plan": plan, "team": team, "draft": draft, "editor": _editor(draft)},
    )


PREFIX = re.compile(r"^[a-z0-9-]{1,40}$")


@login_required
@require_POST
def plan_item(request, pk, kind):
    """Save one part of the draft: the vision, or one goal, measure, strategy, initiative or
    action step (new, or changed when ``key`` is given)."""
    plan, team, draft = _open_draft(request, pk)
    prefix = request.POST.get("prefix", "")
    if kind not in (*PLAN_ITEM_FORMS, "vision") or not PREFIX.match(prefix):
        raise Http404
    form = (VisionForm if kind == "vision" else PLAN_ITEM_FORMS[kind])(request.POST, prefix=prefix)
    if form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            if kind == "vision":
                services.plan_vision_save(
                    version_id=draft.pk,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    **values,
                )
            else:
                services.plan_item_save(
                    version_id=draft.pk,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    kind=kind,
                    values={k: str(v) for k, v in values.items()},
                    key=request.POST.get("key") or None,
                    parent_key=request.POST.get("parent") or None,
                )
            messages.success(request, _("Saved."))
            return redirect(
                f"{reverse('collaboration:plan_edit', kwargs={'pk': plan.pk})}#{prefix}"
            )
        except DomainError as error:
            form.add_error(None, error)
    draft.refresh_from_db()
    return render(
        request,
        "collaboration/plan_edit.html",
        {"plan": plan, "team": team, "draft": draft, "editor": _editor(draft, bound=form)},
        status=422,
    )


@login_required
@require_POST
def plan_item_remove(request, pk):
    plan, _team, draft = _open_draft(request, pk)
    try:
        services.plan_item_remove(
            version_id=draft.pk,
            by=request.user,
            version=int_or_none(request.POST.get("version")) or 0,
            key=request.POST.get("key", ""),
        )
        messages.success(request, _("Removed."))
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("collaboration:plan_edit", pk=plan.pk)


@login_required
def plan_sign(request, pk):
    """Confirm the password again, then sign the draft for one's own party."""
    plan, team, draft = _open_draft(request, pk)
    if confirm := password_confirmation(request):
        return confirm
    if request.method == "POST":
        try:
            services.plan_sign(by=request.user, version_id=draft.pk)
            draft.refresh_from_db()
            if draft.status == PlanVersion.Status.ADOPTED:
                messages.success(request, _("Signed. Every party has signed: the plan is adopted."))
            else:
                messages.success(request, _("Signed. Adoption waits for the other parties."))
            return redirect("collaboration:plan_detail", pk=plan.pk)
        except DomainError as error:
            for problem in error.messages:
                messages.error(request, problem)
    day = roles_of(request.user).day
    standing = selectors.plan_signatures(version=draft, day=day)
    return render(
        request,
        "collaboration/plan_sign.html",
        {
            "plan": plan,
            "team": team,
            "version": draft,
            "standing": standing,
            "my_standing": next(
                (s for s in standing if s.holder and s.holder.user_id == request.user.pk), None
            ),
            "problems": adoption_problems(draft.content),
        },
    )


@login_required
@require_POST
def plan_version_start(request, pk):
    plan, _team = _open_plan(request, pk)
    try:
        services.plan_version_start(plan_id=plan.pk, by=request.user)
        messages.success(request, _("A new draft starts from the latest version."))
        return redirect("collaboration:plan_edit", pk=plan.pk)
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("collaboration:plan_detail", pk=plan.pk)


@login_required
@require_POST
def plan_publish(request, pk):
    plan, _team = _open_plan(request, pk)
    publish = request.POST.get("publish") == "1"
    try:
        services.plan_publish(plan_id=plan.pk, by=request.user, publish=publish)
        messages.success(
            request,
            _("Published in the gallery.") if publish else _("Taken down from the gallery."),
        )
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("collaboration:plan_detail", pk=plan.pk)


@login_required
@require_POST
def plan_progress(request, pk):
    plan, _team = _open_plan(request, pk)
    adopted = plan.versions.filter(status=PlanVersion.Status.ADOPTED).first()
    if adopted is None:
        raise Http404
    form = ProgressForm(request.POST, measures=measures(adopted.content))
    record = partial(services.measure_progress_record, plan_id=plan.pk, by=request.user)
    form_act(request, form, record, _("Reading recorded."))
    for problem in form_problems(form):
        messages.error(request, problem)
    return redirect("collaboration:plan_detail", pk=plan.pk)


# -- The gallery and the resource library --------------------------------------------------------


@login_required
def gallery(request):
    q = request.GET.get("q", "").strip()[:100]
    topic = request.GET.get("topic", "")
    page = Paginator(selectors.gallery_list(q=q, topic=topic), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "collaboration/gallery.html",
        {"page": page, "q": q, "topic": topic, "topics": Topic.objects.all()},
    )


def _published_plan(pk) -> StrategicPlan:
    """A published plan, open to every signed-in user; 404 while it is not published."""
    return get_object_or_404(
        StrategicPlan.objects.select_related("team__district", "published_version"),
        pk=pk,
        published_version__isnull=False,
    )


@login_required
def gallery_plan(request, pk):
    """The version the team published, with the comments on it."""
    plan = _published_plan(pk)
    comments = plan.comments.select_related("author").filter(
        Q(status=GalleryComment.Status.APPROVED) | Q(author=request.user)
    )
    return render(
        request,
        "collaboration/gallery_plan.html",
        {
            "plan": plan,
            "content": plan.published_version.content,
            "comments": comments,
            "form": CommentForm(),
        },
    )


@login_required
def gallery_plan_pdf(request, pk):
    plan = _published_plan(pk)
    return _plan_pdf(request, plan, plan.published_version)


@login_required
@require_POST
def gallery_comment(request, pk):
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.gallery_comment_post(
                plan_id=pk, by=request.user, body=form.cleaned_data["body"]
            )
            messages.success(
                request, _("Thank you. Your comment is shown once the partnership has read it.")
            )
        except DomainError as error:
            raise Http404(error.messages[0]) from error
    for problem in form_problems(form):
        messages.error(request, problem)
    return redirect("collaboration:gallery_plan", pk=pk)


@login_required
def gallery_moderation(request):
    if not selectors.is_partnership_staff(roles_of(request.user)):
        raise Http404(_("This page is for the partnership's staff."))
    if request.method == "POST":
        try:
            services.gallery_comment_moderate(
                comment_id=int_or_none(request.POST.get("comment")) or 0,
                by=request.user,
                approve=request.POST.get("approve") == "1",
            )
            messages.success(request, _("Done."))
        except GalleryComment.DoesNotExist:
            messages.error(request, _("That comment no longer exists."))
        return redirect("collaboration:gallery_moderation")
    pending = GalleryComment.objects.filter(status=GalleryComment.Status.PENDING).select_related(
        "author", "plan__team__district"
    )
    return render(request, "collaboration/gallery_moderation.html", {"pending": pending})


@login_required
def resource_list(request):
    q = request.GET.get("q", "").strip()[:100]
    topic = request.GET.get("topic", "")
    kind = request.GET.get("kind", "")
    roles = roles_of(request.user)
    teams = list(selectors.team_list(roles=roles, user=request.user))
    is_partnership = selectors.is_partnership_staff(roles)
    form = None
    if is_partnership or teams:
        form = ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form is None:
            raise Http404
        team_id = int_or_none(request.POST.get("team"))
        if form.is_valid():
            try:
                services.resource_share(
                    by=request.user,
                    team_id=team_id if team_id in {t.pk for t in teams} else None,
                    **form.cleaned_data,
                )
                messages.success(request, _("Shared in the library."))
                return redirect("collaboration:resource_list")
            except DomainError as error:
                form.add_error(None, error)
        if form.errors and request.FILES:
            form.add_error(None, _("Choose the file again: a browser does not keep it."))
    page = Paginator(selectors.resource_list(q=q, topic=topic, kind=kind), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "collaboration/resource_list.html",
        {
            "page": page,
            "q": q,
            "topic": topic,
            "kind": kind,
            "topics": Topic.objects.all(),
            "kinds": Resource.Kind.choices,
            "form": form,
            "teams": teams,
            "is_partnership": is_partnership,
        },
        status=422 if form is not None and form.errors else 200,
    )


@login_required
@require_safe
def resource_file(request, resource_pk):
    """A file from the library, open to every signed-in user as the library is."""
    resource = get_object_or_404(
        Resource.objects.select_related("file"), pk=resource_pk, file__isnull=False
    )
    return stored_file_response(resource.file)


# -- Meetings, action items, calendar feeds and the relationship survey (issue 5) -----------


def _open_meeting(request, pk, meeting_pk):
    """The meeting of a team the user may open; 404 for anyone not on the team."""
    team = _open_team(request, pk)
    meeting = selectors.meeting_detail_get(team=team, meeting_id=meeting_pk)
    if meeting is None:
        raise Http404(_("No such meeting of this team."))
    return team, meeting


@login_required
def meeting_list(request, pk):
    team = _open_team(request, pk)
    day = roles_of(request.user).day
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
    team = _open_team(request, pk)
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
                people=selectors.team_people(team=team, day=day),
                plan_steps=selectors.plan_step_choices(team=team),
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


def _meeting_description(meeting) -> str:
    """A feed entry's text: why it was called off, if it was, then the agenda."""
    lines = []
    if meeting.is_cancelled:
        lines.append(_("Cancelled: %(reason)s") % {"reason": meeting.cancellation_reason})
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
    return redirect("collaboration:meeting_detail", pk=team.pk, meeting_pk=meeting.pk)


@login_required
def meeting_agenda(request, pk, meeting_pk):
    team, meeting = _open_meeting(request, pk, meeting_pk)
    if back := _back_if_cancelled(request, team, meeting):
        return back
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
    if back := _back_if_cancelled(request, team, meeting):
        return back
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
def meeting_cancel(request, pk, meeting_pk):
    team, meeting = _open_meeting(request, pk, meeting_pk)
    form = MeetingCancelForm(request.POST)
    cancel = partial(services.meeting_cancel, meeting_id=meeting.pk, by=request.user)
    if form_act(request, form, cancel, _("The meeting is cancelled.")):
        return redirect("collaboration:meeting_detail", pk=team.pk, meeting_pk=meeting.pk)
    return _meeting_page(request, team, meeting, cancel_form=form)


@login_required
@require_POST
def action_item_add(request, pk, meeting_pk):
    team, meeting = _open_meeting(request, pk, meeting_pk)
    form = ActionItemForm(
        request.POST,
        people=selectors.team_people(team=team, day=roles_of(request.user).day),
        plan_steps=selectors.plan_step_choices(team=team),
    )
    if form.is_valid():
        try:
            services.action_item_add(
                meeting_id=meeting.pk,
                by=request.user,
                description=form.cleaned_data["description"],
                owner_id=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
                plan_step=form.cleaned_data["plan_step"],
            )
            messages.success(request, _("Action item added."))
        except DomainError as error:
            form.add_error(None, error)
    for problem in form_problems(form):
        messages.error(request, problem)
    return redirect("collaboration:meeting_detail", pk=team.pk, meeting_pk=meeting.pk)


@login_required
@require_POST
def action_item_done(request, pk, item_pk):
    team = _open_team(request, pk)
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
    team = _open_team(request, pk)
    return render(
        request,
        "collaboration/action_items.html",
        {
            "team": team,
            "items": selectors.action_item_list(team=team),
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
            summary=(
                _("Cancelled: %(team)s meeting") if meeting.is_cancelled else _("%(team)s meeting")
            )
            % {"team": meeting.team.name},
            start=meeting.starts_at,
            location=meeting.place,
            description=_meeting_description(meeting),
            cancelled=meeting.is_cancelled,
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
    team = _open_team(request, pk)
    day = roles_of(request.user).day
    school_year = school_year_for(district_id=team.district_id, day=day)
    if school_year is None:
        raise Http404(_("The district has no school year on its calendar yet."))
    year = school_year.start_date.year
    is_member = is_team_member(request.user, team)
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
            "year_label": school_year.name,
            "minimum": SURVEY_MINIMUM_ANSWERS,
        },
    )


@login_required
def survey_results(request, pk):
    team = _open_team(request, pk)
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


# --- Interest-based problem solving and joint agreements (issue 5, item 4) -----------------

ENTRY_FORMS = {
    IssueStatement.Stage.INTERESTS: InterestForm,
    IssueStatement.Stage.OPTIONS: OptionForm,
    IssueStatement.Stage.CRITERIA: CriterionForm,
}


def _open_issue(request, pk, issue_pk) -> tuple[Team, IssueStatement]:
    """An issue of a team the user may open; 404 for anyone not on it."""
    team = _open_team(request, pk)
    issue = get_object_or_404(
        IssueStatement.objects.select_related("raised_by", "decided_by"), pk=issue_pk, team=team
    )
    return team, issue


def _open_agreement(request, pk, agreement_pk) -> tuple[Team, JointAgreement]:
    team = _open_team(request, pk)
    agreement = get_object_or_404(
        JointAgreement.objects.select_related(
            "team__district", "issue", "supersedes", "drafted_by"
        ),
        pk=agreement_pk,
        team=team,
    )
    return team, agreement


@login_required
def issue_list(request, pk):
    """The team's issues and agreements."""
    team = _open_team(request, pk)
    return render(
        request,
        "collaboration/issue_list.html",
        {
            "team": team,
            "is_member": is_team_member(request.user, team),
            "issues": selectors.issue_list(team=team),
            "agreements": selectors.agreement_list(team=team),
            "issue_form": IssueForm(),
            "kinds": JointAgreement.Kind.choices,
        },
    )


@login_required
@require_POST
def issue_add(request, pk):
    team = _open_team(request, pk)
    form = IssueForm(request.POST)
    raised = form_act(
        request,
        form,
        partial(services.issue_raise, team_id=team.pk, by=request.user),
        _("Issue raised. Next, each party shares its interests."),
    )
    if raised:
        return redirect("collaboration:issue_detail", pk=team.pk, issue_pk=raised.pk)
    return render(
        request,
        "collaboration/issue_list.html",
        {
            "team": team,
            "is_member": is_team_member(request.user, team),
            "issues": selectors.issue_list(team=team),
            "agreements": selectors.agreement_list(team=team),
            "issue_form": form,
            "kinds": JointAgreement.Kind.choices,
        },
    )


def _issue_context(request, team, issue, **forms):
    party = selectors.party_of(user=request.user, team=team, day=roles_of(request.user).day)
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
        "is_member": is_team_member(request.user, team),
        "may_change": may_work_on_issue(request.user, issue),
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
    restate = partial(services.issue_restate, issue_id=issue.pk, by=request.user)
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
        IssueStatement.Stage.INTERESTS: services.interest_add,
        IssueStatement.Stage.OPTIONS: services.option_add,
        IssueStatement.Stage.CRITERIA: services.criterion_add,
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
    model = services.ISSUE_ENTRIES[entry]
    item = get_object_or_404(model, pk=entry_pk, issue=issue)
    form = ENTRY_FORMS[entry](request.POST, auto_id=f"fix-{entry}-{item.pk}-%s")
    try:
        if request.POST.get("action") == "withdraw":
            services.issue_entry_withdraw(entry=entry, entry_id=item.pk, by=request.user)
            messages.success(request, _("Withdrawn."))
            return _to_issue(issue, f"step-{entry}")
        if form.is_valid():
            services.issue_entry_reword(
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
    try:
        services.interest_mark_mutual(
            interest_id=interest.pk, by=request.user, mutual=request.POST.get("mutual") == "1"
        )
        messages.success(request, _("Saved."))
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
    return _to_issue(issue, f"step-{IssueStatement.Stage.INTERESTS}")


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
        stand = partial(services.stance_record, issue_id=issue.pk, by=request.user)
        if form_act(request, form, stand, _("Your stance is recorded.")):
            return redirect("collaboration:consensus_check", pk=team.pk, issue_pk=issue.pk)
    return _consensus_page(request, team, issue, stance_form=form)


@login_required
@require_POST
def issue_decide(request, pk, issue_pk):
    team, issue = _open_issue(request, pk, issue_pk)
    form = DecisionForm(request.POST)
    decide = partial(services.issue_decide, issue_id=issue.pk, by=request.user)
    if form_act(request, form, decide, _("Decision recorded. The issue is now closed.")):
        return _to_issue(issue, f"step-{IssueStatement.Stage.DECIDED}")
    return _consensus_page(request, team, issue, decision_form=form)


@login_required
def agreement_add(request, pk):
    """Draft the first version of a tentative agreement, an MOU or a joint statement."""
    team = _open_team(request, pk)
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
        {"team": team, "form": form, "is_member": is_team_member(request.user, team)},
    )


def _agreement_context(request, team, agreement):
    day = roles_of(request.user).day
    standing = selectors.signing_status(agreement=agreement, day=day)
    versions = selectors.agreement_versions(agreement=agreement)
    latest = versions[0]
    signable = agreement_signing_refusal(agreement) is None
    mine = next((s for s in standing if s.holder and s.holder.user_id == request.user.pk), None)
    return {
        "team": team,
        "agreement": agreement,
        "may_edit": may_edit_agreement(request.user, agreement),
        "may_revise": may_revise_agreement(request.user, agreement),
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
def agreement_pdf(request, pk, agreement_pk):
    team, agreement = _open_agreement(request, pk, agreement_pk)
    return pdf_response(
        template="collaboration/pdf/agreement.html",
        context={
            **_agreement_context(request, team, agreement),
            "printed_at": timezone.now(),
            "printed_by": request.user,
        },
        filename=f"{slugify(team.district.name)}-{slugify(agreement.title)}-v{agreement.number}.pdf",
    )


@login_required
def agreement_edit(request, pk, agreement_pk):
    """Redraft a version nobody has signed; a signed one sends the user back with the reason."""
    team, agreement = _open_agreement(request, pk, agreement_pk)
    back = redirect("collaboration:agreement_detail", pk=team.pk, agreement_pk=agreement.pk)
    if refusal := agreement_draft_refusal(request.user, agreement):
        messages.error(request, refusal)
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
    if confirm := password_confirmation(request):
        return confirm
    if request.method == "POST":
        try:
            services.agreement_sign(by=request.user, agreement_id=agreement.pk)
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
