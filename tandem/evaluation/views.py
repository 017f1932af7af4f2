"""Evaluation cycle pages. Every cycle shown is written to the access log."""

import json
import tempfile
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tandem.errors import DomainError
from tandem.evaluation import selectors, services
from tandem.evaluation.forms import (
    AmendmentForm,
    EvidenceForm,
    FormativeForm,
    GoalForm,
    ObservationEditForm,
    ObservationForm,
    ResponseForm,
    ReturnPlanForm,
    SelfAssessmentForm,
    SummativeForm,
)
from tandem.evaluation.models import (
    EducatorPlan,
    EvaluationCycle,
    FormativeAssessment,
    Observation,
    SelfAssessment,
    SummativeEvaluation,
)
from tandem.evaluation.selectors import rating_groups
from tandem.organizations.models import District, School
from tandem.organizations.selectors import school_year_on
from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of
from tandem.records.files import stored_file_response
from tandem.records.models import AccessLogEntry
from tandem.records.reauthentication import password_confirmation
from tandem.records.selectors import draft_get, signed_record
from tandem.records.services import access_log_record, draft_discard, draft_keep
from tandem.records.suppression import STATE_REPORT_HIERARCHY, suppress
from tandem.rubrics.models import Element, Indicator, PerformanceLevel, Standard
from tandem.ui.params import int_or_none
from tandem.ui.pdf import pdf_bytes, pdf_response


@login_required
def cycle_list(request):
    roles = roles_of(request.user)
    search = request.GET.get("q", "").strip()[:100]
    step = request.GET.get("step", "")
    current_only = request.GET.get("current", "1") == "1"
    sort = request.GET.get("sort", "name")
    evaluating = request.GET.get("evaluating") == "1"
    cycles = selectors.cycle_list(
        roles=roles,
        search=search,
        step=step,
        current_only=current_only,
        evaluating=evaluating,
        sort=sort,
    )
    page = Paginator(cycles, 25).get_page(request.GET.get("page"))
    access_log_record(
        user=request.user, records=page, channel=AccessLogEntry.Channel.PAGE, path=request.path
    )
    context = {
        "page": page,
        "rows": [(c, selectors.cycle_next_due(c, day=roles.day)) for c in page],
        "q": search,
        "step": step,
        "current_only": current_only,
        "evaluating": evaluating,
        "steps": EvaluationCycle.Step.choices,
        "default_sort": "name",
    }
    template = "evaluation/_cycle_rows.html" if request.htmx else "evaluation/cycle_list.html"
    return render(request, template, context)


def _open_cycle(request, pk):
    """The cycle if this user may open it (else 404), with the opening written to the log."""
    roles = roles_of(request.user)
    cycle = selectors.cycle_get(roles=roles, cycle_id=pk)
    if cycle is None:
        raise Http404(_("No such evaluation cycle among those you may open."))
    access_log_record(
        user=request.user, records=[cycle], channel=AccessLogEntry.Channel.PAGE, path=request.path
    )
    return roles, cycle


def _acting_as(request, cycle) -> dict:
    return {
        "is_educator": request.user.has_perm("evaluation.act_as_educator", cycle),
        "is_evaluator": request.user.has_perm("evaluation.act_as_evaluator", cycle),
    }


def _errors(error: DomainError) -> list[str]:
    return list(error.messages)


@login_required
def cycle_detail(request, pk):
    roles, cycle = _open_cycle(request, pk)
    due_dates = selectors.step_due_dates(cycle)
    steps = [
        (value, label, due_dates.get(selectors.STEP_DUE_KEYS.get(value, "")))
        for value, label in EvaluationCycle.Step.choices
        if value != EvaluationCycle.Step.COMPLETE
    ]
    return render(
        request,
        "evaluation/cycle_detail.html",
        {
            "cycle": cycle,
            "steps": steps,
            "step_index": [value for value, _label in EvaluationCycle.Step.choices].index(
                cycle.step
            ),
            "next_due": selectors.cycle_next_due(cycle, day=roles.day),
            "goals": cycle.goals.order_by("kind", "pk"),
            "shares": cycle.shares.filter(revoked_at__isnull=True).select_related("shared_with")
            if cycle.person_id == roles.person_id
            else None,
            "representatives": services.union_representatives(cycle)
            if cycle.person_id == roles.person_id
            else None,
            "printables": [
                (form, label)
                for form, label in PRINTABLE_FORMS
                if _printable(request, cycle, form) is not None
            ],
            **_acting_as(request, cycle),
        },
    )


PRINTABLE_FORMS = [
    ("self-assessment", gettext_lazy("Self-assessment and proposed goals")),
    ("educator-plan", gettext_lazy("Educator plan")),
    ("formative", gettext_lazy("Formative assessment or evaluation")),
    ("summative", gettext_lazy("Summative evaluation report")),
]


# -- step 1 -------------------------------------------------------------------------------


def _self_assessment_of(cycle) -> SelfAssessment:
    """Cycles recorded before Tandem (the history a district brings) may have none."""
    assessment = SelfAssessment.objects.filter(cycle=cycle).first()
    if assessment is None:
        raise Http404(_("No self-assessment was recorded for this cycle."))
    return assessment


def _self_assessment_form(cycle, assessment, data=None):
    indicators = Indicator.objects.filter(
        standard__framework_version=cycle.framework_version
    ).order_by("standard__position", "position")
    initial = {
        "version": assessment.version,
        "student_learning_analysis": assessment.student_learning_analysis,
        "practice_summary": assessment.practice_summary,
    }
    for rating in assessment.ratings.all():
        initial[f"level_{rating.indicator_id}"] = rating.level
        initial[f"reflection_{rating.indicator_id}"] = rating.reflection
    return SelfAssessmentForm(data, initial=initial, indicators=indicators)


def _save_self_assessment(request, cycle, assessment, form) -> dict:
    return _save_draft_then_record(
        request,
        key=f"self_assessment:{assessment.pk}",
        form=form,
        save=lambda data: services.self_assessment_save(
            cycle_id=cycle.pk,
            by=request.user,
            version=data["version"],
            student_learning_analysis=data["student_learning_analysis"],
            practice_summary=data["practice_summary"],
            ratings=form.ratings(),
        ),
    )


@login_required
def self_assessment(request, pk):
    """Step 1. The educator writes and saves as they type; the evaluator reads it once sent."""
    _roles, cycle = _open_cycle(request, pk)
    acting = _acting_as(request, cycle)
    assessment = _self_assessment_of(cycle)
    key = f"self_assessment:{assessment.pk}"
    editable = acting["is_educator"] and cycle.step == EvaluationCycle.Step.SELF_ASSESSMENT
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = _self_assessment_form(cycle, assessment, request.POST)
        outcome = _save_self_assessment(request, cycle, assessment, form)
        if request.htmx:
            return render(request, "evaluation/_save_status.html", outcome)
        if outcome["saved"]:
            messages.success(request, _("Saved."))
            return redirect("evaluation:self_assessment", pk=cycle.pk)
        return render(
            request,
            "evaluation/self_assessment.html",
            {
                "cycle": cycle,
                "assessment": assessment,
                "form": form,
                "editable": True,
                **acting,
                **outcome,
            },
        )
    if acting["is_evaluator"]:
        services.self_assessment_opened(assessment=assessment, by=request.user)
    draft = draft_get(user=request.user, key=key) if editable else None
    form = _self_assessment_form(cycle, assessment, _typed(draft))
    if draft:
        form.is_valid()
    return render(
        request,
        "evaluation/self_assessment.html",
        {
            "cycle": cycle,
            "assessment": assessment,
            "form": form,
            "editable": editable,
            "draft": draft,
            "ratings": assessment.ratings.select_related("indicator__standard"),
            **acting,
        },
    )


def _typed(draft) -> QueryDict | None:
    """A kept draft as form data again, checkboxes with several values included."""
    if draft is None:
        return None
    data = QueryDict(mutable=True)
    for name, values in draft.data.items():
        data.setlist(name, values if isinstance(values, list) else [values])
    return data


def _edit_as_typed(request, *, key, editable, make_form, save, saved_url):
    """The editing half of a form that saves as the person types.

    A POST saves (``save(form)`` returns the outcome of ``_save_draft_then_record``) and
    answers HTMX with the save status; a GET shows the person's kept draft if there is one.
    Returns (response to send now or None, the form, problems to show).
    """
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = make_form(request.POST)
        outcome = save(form)
        if request.htmx:
            return render(request, "evaluation/_save_status.html", outcome), form, []
        if outcome["saved"]:
            messages.success(request, _("Saved."))
            return redirect(saved_url), form, []
        return None, form, outcome["problems"]
    draft = draft_get(user=request.user, key=key) if editable else None
    form = make_form(_typed(draft))
    notice = [_("The form shows text you typed that was not saved yet.")] if draft else []
    return None, form, notice


def _save_draft_then_record(request, *, key, form, save) -> dict:
    """Keep what was typed as a draft first, then try the save; the draft goes only once the
    record holds the text, so a refused or failed save loses nothing."""
    if not form.is_valid():
        return {"saved": False, "problems": [e for errors in form.errors.values() for e in errors]}
    draft_keep(
        user=request.user,
        key=key,
        data={k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"},
        base_version=form.cleaned_data["version"],
    )
    try:
        record = save(form.cleaned_data)
    except DomainError as error:
        return {"saved": False, "problems": _errors(error), "stale": error.code == "stale"}
    draft_discard(user=request.user, key=key)
    return {"saved": True, "version": record.version, "saved_at": timezone.now()}


@login_required
@require_POST
def self_assessment_submit(request, pk):
    """Save what is in the form, then send it: the last words typed go with it."""
    _roles, cycle = _open_cycle(request, pk)
    if not request.user.has_perm("evaluation.act_as_educator", cycle):
        raise PermissionDenied
    assessment = _self_assessment_of(cycle)
    form = _self_assessment_form(cycle, assessment, request.POST)
    outcome = _save_self_assessment(request, cycle, assessment, form)
    if not outcome["saved"]:
        for problem in outcome["problems"]:
            messages.error(request, problem)
        return redirect("evaluation:self_assessment", pk=cycle.pk)
    try:
        services.self_assessment_submit(
            cycle_id=cycle.pk, by=request.user, version=outcome["version"]
        )
    except DomainError as error:
        for problem in _errors(error):
            messages.error(request, problem)
        return redirect("evaluation:self_assessment", pk=cycle.pk)
    messages.success(request, _("Sent to your evaluator. You can take it back until they open it."))
    return redirect("evaluation:cycle_detail", pk=cycle.pk)


@login_required
@require_POST
def self_assessment_take_back(request, pk):
    _roles, cycle = _open_cycle(request, pk)
    try:
        services.self_assessment_take_back(cycle_id=cycle.pk, by=request.user)
        messages.success(request, _("Taken back. It is yours to change again."))
    except DomainError as error:
        messages.error(request, " ".join(_errors(error)))
    return redirect("evaluation:self_assessment", pk=cycle.pk)


# -- step 2 -------------------------------------------------------------------------------


def _plan_context(request, cycle, **extra) -> dict:
    acting = _acting_as(request, cycle)
    plan = EducatorPlan.objects.filter(cycle=cycle).first()
    goals = list(cycle.goals.order_by("kind", "pk").prefetch_related("cycles__person"))
    editable = cycle.step in (
        EvaluationCycle.Step.SELF_ASSESSMENT,
        EvaluationCycle.Step.EDUCATOR_PLAN,
    ) and (
        acting["is_evaluator"]
        or (acting["is_educator"] and (plan is None or plan.status in ("draft", "returned")))
    )
    bound = extra.pop("bound_goal", None)
    goal_forms = [
        (
            goal,
            bound
            if bound is not None and bound.instance.pk == goal.pk
            else GoalForm(
                instance=goal, prefix=f"goal-{goal.pk}", initial={"version": goal.version}
            ),
        )
        for goal in goals
    ]
    team = []
    if acting["is_evaluator"] and editable:
        team = (
            selectors.cycle_list(roles=roles_of(request.user), current_only=True)
            .filter(primary_evaluator_id=cycle.primary_evaluator_id, district=cycle.district)
            .exclude(pk=cycle.pk)
        )
    signed = signed_record(record=plan) if plan and plan.status == "approved" else None
    return {
        "cycle": cycle,
        "plan": plan,
        "goal_forms": goal_forms,
        "add_form": extra.pop("add_form", None) or GoalForm(prefix="new"),
        "editable": editable,
        "team": team,
        "return_form": extra.pop("return_form", None)
        or ReturnPlanForm(initial={"version": plan.version if plan else 1}),
        "signed": signed,
        "signed_capacities": {s.signature.capacity for s in signed.signatures} if signed else set(),
        **acting,
        **extra,
    }


@login_required
def plan(request, pk):
    """Step 2: the goals and the educator plan, approved by the evaluator and signed by both."""
    _roles, cycle = _open_cycle(request, pk)
    plan = EducatorPlan.objects.filter(cycle=cycle).first()
    if plan:
        services.educator_plan_opened(plan=plan, by=request.user)
    return render(request, "evaluation/plan.html", _plan_context(request, cycle))


@login_required
@require_POST
def goal_add(request, pk):
    _roles, cycle = _open_cycle(request, pk)
    form = GoalForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            services.goal_add(
                cycle_id=cycle.pk,
                by=request.user,
                values=form.cleaned_data,
                team_cycle_ids=[int_or_none(v) for v in request.POST.getlist("team")],
            )
            messages.success(request, _("Goal added."))
            return redirect("evaluation:plan", pk=cycle.pk)
        except DomainError as error:
            form.add_error(None, error)
    return render(request, "evaluation/plan.html", _plan_context(request, cycle, add_form=form))


@login_required
@require_POST
def goal_edit(request, pk, goal_pk):
    _roles, cycle = _open_cycle(request, pk)
    goal = cycle.goals.filter(pk=goal_pk).first()
    if goal is None:
        raise Http404(_("No such goal in this cycle."))
    form = GoalForm(request.POST, instance=goal, prefix=f"goal-{goal.pk}")
    outcome = _save_draft_then_record(
        request,
        key=f"goal:{goal.pk}",
        form=form,
        save=lambda data: services.goal_update(
            cycle_id=cycle.pk,
            goal_id=goal.pk,
            by=request.user,
            version=data["version"] or 0,
            values=data,
        ),
    )
    if outcome["saved"]:
        messages.success(request, _("Goal saved."))
        return redirect("evaluation:plan", pk=cycle.pk)
    for problem in outcome["problems"]:
        form.add_error(None, problem)
    return render(request, "evaluation/plan.html", _plan_context(request, cycle, bound_goal=form))


@login_required
@require_POST
def goal_remove(request, pk, goal_pk):
    _roles, cycle = _open_cycle(request, pk)
    try:
        services.goal_remove(cycle_id=cycle.pk, goal_id=goal_pk, by=request.user)
        messages.success(request, _("Goal removed."))
    except DomainError as error:
        messages.error(request, " ".join(_errors(error)))
    return redirect("evaluation:plan", pk=cycle.pk)


PLAN_ACTIONS = {
    "submit": (
        services.educator_plan_submit,
        _("Sent to your evaluator for approval. You can take it back until they open it."),
    ),
    "approve": (services.educator_plan_approve, _("Approved. The plan is now carried out.")),
}


@login_required
@require_POST
def plan_action(request, pk, action):
    """Submit (educator), approve or return (evaluator), or take back (educator)."""
    _roles, cycle = _open_cycle(request, pk)
    version = int_or_none(request.POST.get("version")) or 0
    try:
        if action == "return":
            form = ReturnPlanForm(request.POST)
            if not form.is_valid():
                return render(
                    request, "evaluation/plan.html", _plan_context(request, cycle, return_form=form)
                )
            services.educator_plan_return(
                cycle_id=cycle.pk,
                by=request.user,
                version=version,
                comments=form.cleaned_data["comments"],
            )
            messages.success(request, _("Returned to the educator with your comments."))
        elif action == "take-back":
            services.educator_plan_take_back(cycle_id=cycle.pk, by=request.user)
            messages.success(request, _("Taken back. You can change the goals again."))
        elif action in PLAN_ACTIONS:
            service, done = PLAN_ACTIONS[action]
            service(cycle_id=cycle.pk, by=request.user, version=version)
            messages.success(request, done)
        else:
            raise Http404
    except DomainError as error:
        for problem in _errors(error):
            messages.error(request, problem)
    return redirect("evaluation:plan", pk=cycle.pk)


@login_required
def plan_sign(request, pk):
    """Confirm the password again, then sign what is shown."""
    _roles, cycle = _open_cycle(request, pk)
    if confirm := password_confirmation(request):
        return confirm
    plan = EducatorPlan.objects.filter(cycle=cycle).first()
    if request.method == "POST":
        try:
            services.educator_plan_sign(by=request.user, cycle_id=cycle.pk)
            messages.success(request, _("Signed."))
            return redirect("evaluation:plan", pk=cycle.pk)
        except DomainError as error:
            messages.error(request, " ".join(_errors(error)))
    return render(
        request,
        "evaluation/plan_sign.html",
        {"cycle": cycle, "plan": plan, **_acting_as(request, cycle)},
    )


# -- step 3 -------------------------------------------------------------------------------


def _evidence_context(request, cycle, **extra) -> dict:
    acting = _acting_as(request, cycle)
    may_observe = request.user.has_perm("evaluation.observe", cycle)
    observations = cycle.observations.select_related("observer").prefetch_related("elements")
    if not may_observe:
        # The educator (and readers who are not evaluators) see an observation once its
        # written feedback is shared.
        observations = observations.filter(feedback_shared_at__isnull=False)
    observations = list(observations)
    evidence = list(
        cycle.evidence.select_related("file", "added_by").prefetch_related("indicators")
    )
    access_log_record(
        user=request.user,
        records=[*observations, *evidence],
        channel=AccessLogEntry.Channel.PAGE,
        path=request.path,
    )
    open_for_evidence = cycle.step in services.EVIDENCE_STEPS
    return {
        "cycle": cycle,
        "observations": observations,
        "evidence": evidence,
        "may_observe": may_observe and cycle.step in ("implementation", "formative"),
        "may_add_evidence": open_for_evidence and (acting["is_educator"] or may_observe),
        "observation_form": extra.pop("observation_form", None)
        or ObservationForm(
            framework_version=cycle.framework_version,
            initial={"observed_on": timezone.localdate()},
        ),
        "evidence_form": extra.pop("evidence_form", None)
        or EvidenceForm(framework_version=cycle.framework_version),
        "today": timezone.localdate(),
        **acting,
        **extra,
    }


@login_required
def evidence(request, pk):
    """Step 3: observations, artifacts, measures and feedback, tagged to the rubric."""
    _roles, cycle = _open_cycle(request, pk)
    return render(request, "evaluation/evidence.html", _evidence_context(request, cycle))


@login_required
@require_POST
def observation_add(request, pk):
    _roles, cycle = _open_cycle(request, pk)
    form = ObservationForm(request.POST, framework_version=cycle.framework_version)
    if form.is_valid():
        data = form.cleaned_data
        try:
            observation = services.observation_record(
                cycle_id=cycle.pk,
                by=request.user,
                kind=data["kind"],
                observed_on=data["observed_on"],
                duration_minutes=data["duration_minutes"],
                notes=data["notes"],
                element_ids=data["elements"],
            )
            messages.success(
                request,
                _("Observation recorded. Written feedback is due by %(date)s.")
                % {"date": date_format(observation.feedback_due)},
            )
            return redirect("evaluation:observation", pk=cycle.pk, observation_pk=observation.pk)
        except DomainError as error:
            form.add_error(None, error)
    return render(
        request,
        "evaluation/evidence.html",
        _evidence_context(request, cycle, observation_form=form),
    )


def _observation_of(request, cycle, observation_pk):
    observation = cycle.observations.filter(pk=observation_pk).select_related("observer").first()
    may_observe = request.user.has_perm("evaluation.observe", cycle)
    if observation is None or not (may_observe or observation.feedback_shared_at):
        raise Http404(_("No such observation."))
    access_log_record(
        user=request.user,
        records=[observation],
        channel=AccessLogEntry.Channel.PAGE,
        path=request.path,
    )
    return observation, may_observe


def _save_observation(request, observation, form) -> dict:
    return _save_draft_then_record(
        request,
        key=f"observation:{observation.pk}",
        form=form,
        save=lambda data: services.observation_update(
            observation_id=observation.pk,
            by=request.user,
            version=data["version"],
            notes=data["notes"],
            feedback=data["feedback"],
            element_ids=data["elements"],
        ),
    )


@login_required
def observation(request, pk, observation_pk):
    """One observation: the observer writes notes and feedback, then shares the feedback."""
    _roles, cycle = _open_cycle(request, pk)
    observation, may_observe = _observation_of(request, cycle, observation_pk)
    editable = may_observe and observation.feedback_shared_at is None
    initial = {
        "version": observation.version,
        "notes": observation.notes,
        "feedback": observation.feedback,
        "elements": [e.pk for e in observation.elements.all()],
    }
    response, form, problems = _edit_as_typed(
        request,
        key=f"observation:{observation.pk}",
        editable=editable,
        make_form=lambda data: ObservationEditForm(
            data, initial=initial, framework_version=cycle.framework_version
        ),
        save=lambda form: _save_observation(request, observation, form),
        saved_url=request.path,
    )
    if response:
        return response
    return render(
        request,
        "evaluation/observation.html",
        {
            "cycle": cycle,
            "observation": observation,
            "form": form,
            "editable": editable,
            "problems": problems,
            "today": timezone.localdate(),
            **_acting_as(request, cycle),
        },
    )


@login_required
@require_POST
def observation_share(request, pk, observation_pk):
    """Save what is in the form, then share the feedback: the last words typed go with it."""
    _roles, cycle = _open_cycle(request, pk)
    observation, _may = _observation_of(request, cycle, observation_pk)
    form = ObservationEditForm(request.POST, framework_version=cycle.framework_version)
    outcome = _save_observation(request, observation, form)
    try:
        if not outcome["saved"]:
            raise DomainError(outcome["problems"])
        services.observation_feedback_share(
            observation_id=observation.pk, by=request.user, version=outcome["version"]
        )
        messages.success(request, _("The feedback is shared with the educator."))
    except DomainError as error:
        messages.error(request, " ".join(_errors(error)))
    return redirect("evaluation:observation", pk=cycle.pk, observation_pk=observation.pk)


@login_required
@require_POST
def evidence_add(request, pk):
    _roles, cycle = _open_cycle(request, pk)
    form = EvidenceForm(request.POST, request.FILES, framework_version=cycle.framework_version)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.evidence_add(
                cycle_id=cycle.pk,
                by=request.user,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                upload=data["file"],
                indicator_ids=data["indicators"],
            )
            messages.success(request, _("Evidence added."))
            return redirect("evaluation:evidence", pk=cycle.pk)
        except DomainError as error:
            form.add_error(None, error)
    return render(
        request, "evaluation/evidence.html", _evidence_context(request, cycle, evidence_form=form)
    )


@login_required
def evidence_file(request, pk, evidence_pk):
    """Download an evidence file: only for those who may open the cycle, always logged."""
    _roles, cycle = _open_cycle(request, pk)
    item = cycle.evidence.filter(pk=evidence_pk, file__isnull=False).select_related("file").first()
    if item is None:
        raise Http404(_("No such file."))
    access_log_record(
        user=request.user, records=[item], channel=AccessLogEntry.Channel.EXPORT, path=request.path
    )
    return stored_file_response(item.file)


# -- steps 4 and 5 ------------------------------------------------------------------------


def _standards_and_goals(cycle):
    standards = Standard.objects.filter(framework_version=cycle.framework_version).order_by(
        "position"
    )
    return {"standards": standards, "goals": cycle.goals.order_by("kind", "pk")}


def _ratings_initial(report) -> dict:
    initial = {"version": report.version}
    for rating in report.standard_ratings.all():
        initial[f"level_{rating.standard_id}"] = rating.level
        initial[f"comment_{rating.standard_id}"] = rating.comment
    return initial


def _formative_form(cycle, formative, data=None):
    initial = {"version": 1}
    if formative:
        initial = {
            **_ratings_initial(formative),
            "comments": formative.comments,
            "overall": formative.overall_rating,
        }
        for progress in formative.goal_progress.all():
            initial[f"progress_{progress.goal_id}"] = progress.progress
    return FormativeForm(data, initial=initial, **_standards_and_goals(cycle))


def _save_formative(request, cycle, form):
    return _save_draft_then_record(
        request,
        key=f"formative:{cycle.pk}",
        form=form,
        save=lambda data: services.formative_save(
            cycle_id=cycle.pk,
            by=request.user,
            version=data["version"],
            comments=data["comments"],
            goal_progress=form.goal_progress(),
            ratings=form.ratings(),
            overall=data["overall"],
        ),
    )


@login_required
def formative(request, pk):
    """Step 4: the evaluator writes it; the educator reads it once shared and may respond."""
    _roles, cycle = _open_cycle(request, pk)
    acting = _acting_as(request, cycle)
    formative = FormativeAssessment.objects.filter(cycle=cycle).first()
    editable = acting["is_evaluator"] and (
        cycle.step in ("implementation", "formative")
        and (formative is None or formative.status == "draft")
    )
    response, form, problems = _edit_as_typed(
        request,
        key=f"formative:{cycle.pk}",
        editable=editable,
        make_form=lambda data: _formative_form(cycle, formative, data),
        save=lambda form: _save_formative(request, cycle, form),
        saved_url=request.path,
    )
    if response:
        return response
    visible = formative is not None and (formative.status == "shared" or acting["is_evaluator"])
    if visible:
        access_log_record(
            user=request.user,
            records=[formative],
            channel=AccessLogEntry.Channel.PAGE,
            path=request.path,
        )
    return render(
        request,
        "evaluation/formative.html",
        {
            "cycle": cycle,
            "formative": formative if visible else None,
            "form": form,
            "editable": editable,
            "problems": problems,
            "two_year": cycle.plan_years == 2,
            **acting,
        },
    )


@login_required
@require_POST
def formative_share(request, pk):
    _roles, cycle = _open_cycle(request, pk)
    if not request.user.has_perm("evaluation.act_as_evaluator", cycle):
        raise PermissionDenied
    formative = FormativeAssessment.objects.filter(cycle=cycle).first()
    outcome = _save_formative(request, cycle, _formative_form(cycle, formative, request.POST))
    try:
        if not outcome["saved"]:
            raise DomainError(outcome["problems"])
        services.formative_share(cycle_id=cycle.pk, by=request.user, version=outcome["version"])
        messages.success(request, _("Shared with the educator. Next: the summative evaluation."))
        return redirect("evaluation:cycle_detail", pk=cycle.pk)
    except DomainError as error:
        for problem in _errors(error):
            messages.error(request, problem)
    return redirect("evaluation:formative", pk=cycle.pk)


def _summative_form(cycle, summative, data=None):
    if summative:
        initial = {
            **_ratings_initial(summative),
            "overall": summative.overall_rating,
            "rationale": summative.rationale,
            "next_plan_type": summative.next_plan_type,
            "next_plan_years": summative.next_plan_years,
            "next_plan_reason": summative.next_plan_reason,
            "observation_shortfall_reason": summative.observation_shortfall_reason,
        }
        for row in summative.goal_attainments.all():
            initial[f"attainment_{row.goal_id}"] = row.attainment
            initial[f"attainment_comment_{row.goal_id}"] = row.comment
    else:
        initial = {"version": 1}
    return SummativeForm(data, initial=initial, **_standards_and_goals(cycle))


def _save_summative(request, cycle, form):
    return _save_draft_then_record(
        request,
        key=f"summative:{cycle.pk}",
        form=form,
        save=lambda data: services.summative_save(
            cycle_id=cycle.pk,
            by=request.user,
            version=data["version"],
            ratings=form.ratings(),
            overall=data["overall"],
            rationale=data["rationale"],
            attainments=form.attainments(),
            next_plan_type=data["next_plan_type"],
            next_plan_years=data["next_plan_years"],
            next_plan_reason=data["next_plan_reason"],
            observation_shortfall_reason=data["observation_shortfall_reason"],
        ),
    )


@login_required
def summative(request, pk):
    """Step 5: the evaluator drafts and signs; the educator responds and signs for receipt."""
    _roles, cycle = _open_cycle(request, pk)
    acting = _acting_as(request, cycle)
    summative = SummativeEvaluation.objects.filter(cycle=cycle).first()
    editable = acting["is_evaluator"] and (
        cycle.step in ("implementation", "formative", "summative")
        and (summative is None or summative.status == "draft")
    )
    response, form, problems = _edit_as_typed(
        request,
        key=f"summative:{cycle.pk}",
        editable=editable,
        make_form=lambda data: _summative_form(cycle, summative, data),
        save=lambda form: _save_summative(request, cycle, form),
        saved_url=request.path,
    )
    if response:
        return response
    visible = summative is not None and (summative.status != "draft" or acting["is_evaluator"])
    context = {
        "cycle": cycle,
        "summative": summative if visible else None,
        "form": form,
        "editable": editable,
        "problems": problems,
        **acting,
    }
    if visible:
        access_log_record(
            user=request.user,
            records=[summative],
            channel=AccessLogEntry.Channel.PAGE,
            path=request.path,
        )
        signed = signed_record(record=summative)
        context.update(
            signed=signed,
            signed_capacities={s.signature.capacity for s in signed.signatures},
            ratings=summative.standard_ratings.select_related("standard").order_by(
                "standard__position"
            ),
            attainments=summative.goal_attainments.select_related("goal"),
            blocking=services.summative_problems(cycle, summative) if editable else [],
            response_form=ResponseForm(
                initial={"version": summative.version, "response": summative.educator_response}
            ),
            amendment_form=AmendmentForm(
                initial={
                    **_ratings_initial(summative),
                    "overall": summative.overall_rating,
                    "rationale": summative.rationale,
                },
                **_standards_and_goals(cycle),
            )
            if acting["is_evaluator"] and summative.status == "locked"
            else None,
        )
    if summative and summative.overall_rating:
        context["proposal"] = services.next_plan_proposal(cycle, summative.overall_rating)
    return render(request, "evaluation/summative.html", context)


@login_required
def summative_sign(request, pk):
    """Confirm the password again, then sign the summative as shown."""
    _roles, cycle = _open_cycle(request, pk)
    summative = SummativeEvaluation.objects.filter(cycle=cycle).first()
    if summative is None:
        raise Http404(_("No summative evaluation yet."))
    if confirm := password_confirmation(request):
        return confirm
    if request.method == "POST":
        try:
            services.summative_sign(by=request.user, cycle_id=cycle.pk)
            messages.success(request, _("Signed."))
            return redirect("evaluation:summative", pk=cycle.pk)
        except DomainError as error:
            for problem in _errors(error):
                messages.error(request, problem)
            return redirect("evaluation:summative", pk=cycle.pk)
    return render(
        request,
        "evaluation/summative_sign.html",
        {
            "cycle": cycle,
            "summative": summative,
            "ratings": summative.standard_ratings.select_related("standard"),
            **_acting_as(request, cycle),
        },
    )


@login_required
@require_POST
def summative_respond(request, pk):
    _roles, cycle = _open_cycle(request, pk)
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            services.summative_respond(
                cycle_id=cycle.pk,
                by=request.user,
                version=form.cleaned_data["version"],
                response=form.cleaned_data["response"],
            )
            messages.success(request, _("Your response is attached."))
        except DomainError as error:
            messages.error(request, " ".join(_errors(error)))
    return redirect("evaluation:summative", pk=cycle.pk)


@login_required
@require_POST
def summative_amend(request, pk):
    _roles, cycle = _open_cycle(request, pk)
    form = AmendmentForm(request.POST, **_standards_and_goals(cycle))
    if form.is_valid():
        try:
            services.summative_amend(
                cycle_id=cycle.pk,
                by=request.user,
                reason=form.cleaned_data["reason"],
                ratings=form.ratings(),
                overall=form.cleaned_data["overall"],
                rationale=form.cleaned_data["rationale"],
            )
            messages.success(request, _("Amended. Both versions are kept."))
        except DomainError as error:
            for problem in _errors(error):
                messages.error(request, problem)
    else:
        messages.error(request, _("Give the reason, the ratings and the rationale."))
    return redirect("evaluation:summative", pk=cycle.pk)


# -- printable forms ----------------------------------------------------------------------


def _printable(request, cycle, form: str):
    """The record behind a printable form, if it exists and this user may read it now."""
    acting = _acting_as(request, cycle)
    evaluator = acting["is_evaluator"]
    if form == "self-assessment":
        record = SelfAssessment.objects.filter(cycle=cycle).first()
        return record if record and (record.submitted_at or acting["is_educator"]) else None
    if form == "educator-plan":
        return EducatorPlan.objects.filter(cycle=cycle).first()
    if form == "formative":
        record = FormativeAssessment.objects.filter(cycle=cycle).first()
        return record if record and (record.status == "shared" or evaluator) else None
    if form == "summative":
        record = SummativeEvaluation.objects.filter(cycle=cycle).first()
        return record if record and (record.status != "draft" or evaluator) else None
    return None


@login_required
def form_pdf(request, pk, form):
    """Each form as a PDF with its signatures and dates; every download is logged."""
    _roles, cycle = _open_cycle(request, pk)
    record = _printable(request, cycle, form)
    if record is None:
        raise Http404(_("This form is not available to you yet."))
    access_log_record(
        user=request.user, records=[record], channel=AccessLogEntry.Channel.PDF, path=request.path
    )
    return pdf_response(
        template=f"evaluation/pdf/{form.replace('-', '_')}.html",
        context=_pdf_context(request, cycle, record),
        filename=f"{form}-{cycle.person.last_name}-{cycle.start_date:%Y}.pdf",
    )


def _pdf_context(request, cycle, record) -> dict:
    return {
        "cycle": cycle,
        "record": record,
        "goals": cycle.goals.order_by("kind", "pk"),
        "signed": signed_record(record=record) if hasattr(record, "signed_content") else None,
        "printed_at": timezone.now(),
        "printed_by": request.user,
    }


@login_required
def observation_pdf(request, pk, observation_pk):
    _roles, cycle = _open_cycle(request, pk)
    observation, _may = _observation_of(request, cycle, observation_pk)
    access_log_record(
        user=request.user,
        records=[observation],
        channel=AccessLogEntry.Channel.PDF,
        path=request.path,
    )
    return pdf_response(
        template="evaluation/pdf/observation.html",
        context=_pdf_context(request, cycle, observation),
        filename=f"observation-{cycle.person.last_name}-{observation.observed_on}.pdf",
    )


# -- progress for principals and districts ------------------------------------------------

RATING_LEVELS = [level for level, _label in reversed(PerformanceLevel.choices)]
GROUP_LABELS = [
    ("all", gettext_lazy("All educators")),
    ("administrators", gettext_lazy("Administrators")),
    ("principals", gettext_lazy("School administrators")),
    ("teachers", gettext_lazy("Teachers and specialists")),
    ("teachers_pts", gettext_lazy("…with professional teacher status")),
    ("teachers_non_pts", gettext_lazy("…without professional teacher status")),
]


def _last_year(district_id: int, day):
    """The dates of the school year before the one in force (its cycles have ended)."""
    current = school_year_on(district_id=district_id, day=day)
    if current is None:
        return None
    return (
        current.start_date.replace(year=current.start_date.year - 1),
        current.end_date.replace(year=current.end_date.year - 1),
    )


def _distribution(district_id, day, *, school_id=None, suppressed: bool):
    period = _last_year(district_id, day)
    if period is None:
        return None
    groups = rating_groups(district_id=district_id, ended_between=period, school_id=school_id)
    results = suppress(groups, STATE_REPORT_HIERARCHY)
    return {
        "period": period,
        "levels": [(level, PerformanceLevel(level).label) for level in RATING_LEVELS],
        "rows": [
            (
                label,
                results[name],
                [
                    (results[name].counts[level], results[name].share(level))
                    for level in RATING_LEVELS
                ],
                suppressed and results[name].suppressed,
            )
            for name, label in GROUP_LABELS
        ],
        "suppressed": suppressed,
    }


@login_required
def school_progress(request, pk):
    """A principal's view of every cycle in the school: steps, what is late, observations."""
    roles = roles_of(request.user)
    school = School.objects.select_related("district").filter(pk=pk).first()
    if school is None or not (
        school.pk in roles.principal_schools or school.district_id in roles.personnel_districts
    ):
        raise Http404(_("No such school among those whose evaluations you oversee."))
    rows = selectors.cycle_rows(district_id=school.district_id, day=roles.day, school_id=school.pk)
    step = request.GET.get("step", "")
    overdue_only = request.GET.get("overdue") == "1"
    summary, _by_school = selectors.step_summaries(rows)
    shown = [
        row
        for row in rows
        if (not step or row.cycle.step == step) and (not overdue_only or row.next_due.overdue)
    ]
    access_log_record(
        user=request.user,
        records=[row.cycle for row in shown],
        channel=AccessLogEntry.Channel.PAGE,
        path=request.path,
    )
    return render(
        request,
        "evaluation/school_progress.html",
        {
            "school": school,
            "summary": summary,
            "steps": EvaluationCycle.Step.choices,
            "rows": shown,
            "step": step,
            "overdue_only": overdue_only,
            "distribution": _distribution(
                school.district_id, roles.day, school_id=school.pk, suppressed=False
            ),
        },
    )


@login_required
def district_progress(request, pk):
    """Progress of the district's cycles by school and its rating distribution. HR and
    administrators see it whole; union and committee leaders and state analysts see counts
    only, with small groups suppressed by the state's rules."""
    roles = roles_of(request.user)
    district = District.objects.filter(pk=pk).first()
    if district is None:
        raise Http404
    full = district.pk in roles.personnel_districts
    aggregates = full or (
        district.pk
        in roles.districts_with(RoleGrant.Role.UNION_LEADER, RoleGrant.Role.SCHOOL_COMMITTEE)
        or roles.holds(RoleGrant.Role.STATE_ANALYST)
    )
    if not aggregates:
        raise Http404(_("No such district among those whose evaluations you may see."))
    rows = selectors.cycle_rows(district_id=district.pk, day=roles.day)
    summary, by_school = selectors.step_summaries(rows)
    schools = district.schools.order_by("name")
    return render(
        request,
        "evaluation/district_progress.html",
        {
            "district": district,
            "full": full,
            "summary": summary,
            "steps": [
                (value, label)
                for value, label in EvaluationCycle.Step.choices
                if value != EvaluationCycle.Step.COMPLETE
            ],
            "schools": [(school, by_school.get(school.pk)) for school in schools],
            "distribution": _distribution(district.pk, roles.day, suppressed=not full),
        },
    )


@login_required
@require_POST
def share_grant(request, pk):
    _roles, cycle = _open_cycle(request, pk)
    try:
        share = services.record_share_grant(
            cycle_id=cycle.pk,
            by=request.user,
            shared_with_id=int_or_none(request.POST.get("shared_with")) or 0,
        )
        messages.success(
            request,
            _("%(name)s can now read this cycle, until you withdraw your consent.")
            % {"name": share.shared_with},
        )
    except DomainError as error:
        messages.error(request, " ".join(_errors(error)))
    return redirect("evaluation:cycle_detail", pk=cycle.pk)


@login_required
@require_POST
def share_revoke(request, pk, share_pk):
    _roles, cycle = _open_cycle(request, pk)
    try:
        services.record_share_revoke(cycle_id=cycle.pk, by=request.user, share_id=share_pk)
        messages.success(request, _("Consent withdrawn."))
    except DomainError as error:
        messages.error(request, " ".join(_errors(error)))
    return redirect("evaluation:cycle_detail", pk=cycle.pk)


# -- the educator's whole record ------------------------------------------------------------


@login_required
def record_archive(request):
    """Everything of the educator's own evaluation record, in every district: each cycle's
    forms as PDFs with their signatures, the observation feedback shared with them, and the
    evidence files, as one ZIP archive."""
    roles = roles_of(request.user)
    if roles.person_id is None:
        raise Http404(_("Your account holds no educator record."))
    cycles = list(
        EvaluationCycle.objects.filter(person_id=roles.person_id)
        .select_related(
            "person",
            "district",
            "framework_version__framework",
            "primary_evaluator",
            "supervising_evaluator",
        )
        .order_by("start_date")
    )
    # FileResponse closes it once sent.
    archive = tempfile.SpooledTemporaryFile(max_size=20 * 1024 * 1024)  # noqa: SIM115
    logged = []
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for cycle in cycles:
            folder = f"{cycle.start_date:%Y}-{cycle.end_date:%Y} {cycle.district.name}"
            logged.append(cycle)
            for form, _label in PRINTABLE_FORMS:
                record = _printable(request, cycle, form)
                if record is not None:
                    zipped.writestr(
                        f"{folder}/{form}.pdf",
                        pdf_bytes(
                            template=f"evaluation/pdf/{form.replace('-', '_')}.html",
                            context=_pdf_context(request, cycle, record),
                        ),
                    )
                    logged.append(record)
            for observation in cycle.observations.filter(feedback_shared_at__isnull=False):
                zipped.writestr(
                    f"{folder}/observation {observation.observed_on}.pdf",
                    pdf_bytes(
                        template="evaluation/pdf/observation.html",
                        context=_pdf_context(request, cycle, observation),
                    ),
                )
                logged.append(observation)
            for item in cycle.evidence.filter(file__isnull=False).select_related("file"):
                with item.file.file.open("rb") as stored:
                    zipped.writestr(f"{folder}/evidence/{item.pk} {item.file.name}", stored.read())
                logged.append(item)
    access_log_record(
        user=request.user, records=logged, channel=AccessLogEntry.Channel.EXPORT, path=request.path
    )
    archive.seek(0)
    response = FileResponse(
        archive,
        as_attachment=True,
        filename=f"evaluation-record-{request.user.last_name or 'educator'}.zip",
        content_type="application/zip",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- quick observation capture, offline too ----------------------------------------------


@login_required
def observation_capture(request, pk):
    """A small form for a tablet in a classroom: it keeps working without a connection and
    sends the notes (with an id of their own, so never twice) when the connection returns."""
    _roles, cycle = _open_cycle(request, pk)
    if not request.user.has_perm("evaluation.observe", cycle):
        raise Http404(_("Only the educator's evaluators record observations."))
    elements = Element.objects.filter(
        indicator__standard__framework_version=cycle.framework_version
    ).order_by("indicator__standard__position", "indicator__position", "position")
    return render(
        request,
        "evaluation/observation_capture.html",
        {
            "cycle": cycle,
            "elements": elements,
            "kinds": Observation.Kind.choices,
            "today": timezone.localdate(),
            **_acting_as(request, cycle),
        },
    )


def capture_service_worker(request):
    """The service worker, served under /cycles/ so that its scope covers the capture pages."""
    assets = [
        static("tandem/tandem.css"),
        static("vendor/htmx/htmx.min.js"),
        static("tandem/forms.js"),
        static("tandem/capture.js"),
    ]
    response = render(
        request,
        "evaluation/service_worker.js",
        {"assets": json.dumps(assets)},
        content_type="application/javascript",
    )
    response["Cache-Control"] = "no-cache"
    return response
