"""A team's joint strategic plans: the plan, its versions and their PDFs, the draft's editor,
signing and readings."""

import re
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.collaboration.forms.plans import (
    PLAN_ITEM_FORMS,
    GoalForm,
    MeasureForm,
    PlanStartForm,
    ProgressForm,
    StepForm,
    TitleForm,
    VisionForm,
)
from tandem.collaboration.models import PlanVersion, StrategicPlan, Team
from tandem.collaboration.plan_content import adoption_problems, compare, measures
from tandem.collaboration.rules import is_key_leader, is_team_member, may_edit_plan_draft
from tandem.collaboration.selectors.consent import own_consent
from tandem.collaboration.selectors.plans import (
    measure_charts,
    plan_action_items,
    plan_current,
    plan_signatures,
    plan_version_standing,
    plan_versions,
)
from tandem.collaboration.services import plans
from tandem.collaboration.views.teams import open_team
from tandem.errors import DomainError
from tandem.people.selectors import roles_of
from tandem.records.reauthentication import password_confirmation
from tandem.records.selectors import signed_record
from tandem.ui.forms import act_and_say, form_act_with_messages
from tandem.ui.params import int_or_none
from tandem.ui.pdf import pdf_response
from tandem.ui.signing import signed_saying


def open_plan(request, pk) -> tuple[StrategicPlan, Team]:
    """The plan, for its team's members and facilitator only (404 for everyone else)."""
    plan = get_object_or_404(StrategicPlan.objects.select_related("team__district"), pk=pk)
    team = open_team(request, plan.team_id)
    return plan, team


@login_required
@require_POST
def plan_start(request, pk):
    team = open_team(request, pk)
    start = partial(plans.plan_start, team_id=team.pk, by=request.user)
    if plan := form_act_with_messages(request, PlanStartForm(request.POST), start, None):
        return redirect("collaboration:plan_edit", pk=plan.pk)
    return redirect("collaboration:team_detail", pk=team.pk)


@login_required
def plan_detail(request, pk):
    plan, team = open_plan(request, pk)
    roles = roles_of(request.user)
    versions = plan_versions(plan)
    adopted, draft = plan_current(versions)
    shown = adopted or draft or versions[0]
    is_member = is_team_member(request.user, team)
    standing = plan_signatures(version=draft, day=roles.day) if draft else []
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
            "my_standing": own_consent(standing, user=request.user),
            "draft_problems": adoption_problems(draft.content) if draft else [],
            "charts": measure_charts(plan=plan, content=adopted.content) if adopted else [],
            "step_items": plan_action_items(plan=plan, content=adopted.content) if adopted else [],
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


@login_required
@require_POST
def plan_progress(request, pk):
    plan, _team = open_plan(request, pk)
    adopted = plan.versions.filter(status=PlanVersion.Status.ADOPTED).first()
    if adopted is None:
        raise Http404
    form = ProgressForm(request.POST, measures=measures(adopted.content))
    record = partial(plans.measure_progress_record, plan_id=plan.pk, by=request.user)
    form_act_with_messages(request, form, record, _("Reading recorded."))
    return redirect("collaboration:plan_detail", pk=plan.pk)


def _open_plan_version(request, pk, number) -> tuple[StrategicPlan, Team, PlanVersion]:
    plan, team = open_plan(request, pk)
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
            "standing": plan_version_standing(version=version, day=roles_of(request.user).day),
            "signed": signed_record(record=version),
        },
    )


def _title_slug(title: str) -> str:
    """A title for a file name, keeping "2025–2028" apart as "2025-2028"."""
    return slugify(title.replace("–", "-"))


def plan_pdf(request, plan: StrategicPlan, version: PlanVersion) -> HttpResponse:
    standing = plan_version_standing(version=version, day=roles_of(request.user).day)
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
    return plan_pdf(request, plan, version)


@login_required
def plan_compare(request, pk):
    plan, team = open_plan(request, pk)
    versions = plan_versions(plan)
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
    plan, team = open_plan(request, pk)
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
                plans.plan_vision_save(
                    version_id=draft.pk,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    **values,
                )
            else:
                plans.plan_item_save(
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
    remove = partial(
        plans.plan_item_remove,
        version_id=draft.pk,
        by=request.user,
        version=int_or_none(request.POST.get("version")) or 0,
        key=request.POST.get("key", ""),
    )
    act_and_say(request, remove, _("Removed."))
    return redirect("collaboration:plan_edit", pk=plan.pk)


@login_required
def plan_sign(request, pk):
    """Confirm the password again, then sign the draft for one's own party."""
    plan, team, draft = _open_draft(request, pk)
    if confirm := password_confirmation(request):
        return confirm
    if request.method == "POST":
        signed = signed_saying(
            draft,
            complete_status=PlanVersion.Status.ADOPTED,
            complete=_("Signed. Every party has signed: the plan is adopted."),
            waiting=_("Signed. Adoption waits for the other parties."),
        )
        try:
            signature = plans.plan_sign(by=request.user, version_id=draft.pk)
            messages.success(request, signed(signature))
            return redirect("collaboration:plan_detail", pk=plan.pk)
        except DomainError as error:
            for problem in error.messages:
                messages.error(request, problem)
    day = roles_of(request.user).day
    standing = plan_signatures(version=draft, day=day)
    return render(
        request,
        "collaboration/plan_sign.html",
        {
            "plan": plan,
            "team": team,
            "version": draft,
            "standing": standing,
            "my_standing": own_consent(standing, user=request.user),
            "problems": adoption_problems(draft.content),
        },
    )


@login_required
@require_POST
def plan_version_start(request, pk):
    plan, _team = open_plan(request, pk)
    start = partial(plans.plan_version_start, plan_id=plan.pk, by=request.user)
    if act_and_say(request, start, _("A new draft starts from the latest version.")):
        return redirect("collaboration:plan_edit", pk=plan.pk)
    return redirect("collaboration:plan_detail", pk=plan.pk)
