"""HR's onboarding pages: the onboardings in progress, one new educator's checklist, the
district's checklist steps, and onboarding a hired application."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.hiring.models import Application
from tandem.onboarding import selectors, services
from tandem.onboarding.forms import STATUS_CHOICES, OnboardForm, StepForm, TaskTickForm
from tandem.onboarding.models import DEFAULT_STEPS, Onboarding, OnboardingStep
from tandem.organizations.models import District, School
from tandem.people.selectors import roles_of
from tandem.records.services import access_log_request
from tandem.ui.forms import act_and_say, form_act, form_act_with_messages
from tandem.ui.params import int_or_none


@login_required
def onboarding_list(request):
    roles = roles_of(request.user)
    if not selectors.oversees_onboarding(roles):
        raise Http404(_("You oversee no onboarding."))
    search = request.GET.get("q", "").strip()[:100]
    district_id = int_or_none(request.GET.get("district"))
    school_id = int_or_none(request.GET.get("school"))
    status = request.GET.get("status", selectors.Status.IN_PROGRESS)
    onboardings = selectors.onboarding_list(
        roles=roles, district_id=district_id, school_id=school_id, status=status, search=search
    )
    page = Paginator(onboardings, 25).get_page(request.GET.get("page"))
    access_log_request(request, page.object_list)
    districts = District.objects.filter(pk__in=roles.personnel_districts).order_by("name")
    schools = School.objects.filter(
        Q(district__in=roles.personnel_districts) | Q(pk__in=roles.principal_schools)
    ).order_by("name")
    context = {
        "page": page,
        "q": search,
        "district_id": district_id,
        "school_id": school_id,
        "status": status,
        "statuses": STATUS_CHOICES,
        "districts": districts if len(districts) > 1 else [],
        "schools": schools.filter(district_id=district_id) if district_id else schools,
        "manages": districts,
        "today": roles.day,
    }
    template = "onboarding/_rows.html" if request.htmx else "onboarding/onboarding_list.html"
    return render(request, template, context)


def _onboarding(request, pk):
    onboarding = selectors.onboarding_get(pk=pk)
    if onboarding is None or not request.user.has_perm("onboarding.view_onboarding", onboarding):
        raise Http404(_("No such onboarding among those you may read."))
    return onboarding


@login_required
def onboarding_detail(request, pk):
    onboarding = _onboarding(request, pk)
    tasks = list(selectors.onboarding_tasks(onboarding))
    rows = [
        (task, TaskTickForm(initial={"version": task.version}, prefix=f"task{task.pk}"))
        if not task.is_done and request.user.has_perm("onboarding.tick_task", task)
        else (task, None)
        for task in tasks
    ]
    access_log_request(request, [onboarding])
    context = {
        "onboarding": onboarding,
        "assignment": onboarding.employment.assignments.select_related("school").first(),
        "rows": rows,
        "next_task": next((t for t in tasks if not t.is_done), None),
        "today": roles_of(request.user).day,
        "personnel": request.user.has_perm("people.view_personnel_record", onboarding.employment),
    }
    return render(request, "onboarding/onboarding_detail.html", context)


@login_required
@require_POST
def task_tick(request, pk, task_pk):
    onboarding = _onboarding(request, pk)
    task = get_object_or_404(onboarding.tasks, pk=task_pk)
    form = TaskTickForm(request.POST, prefix=f"task{task.pk}")
    form_act_with_messages(
        request,
        form,
        lambda **data: services.onboarding_task_tick(task, actor=request.user, **data),
        _("%(step)s is done.") % {"step": task.title},
    )
    return redirect(onboarding)


def _managed_district(request, pk) -> District:
    district = get_object_or_404(District, pk=pk)
    if not request.user.has_perm("onboarding.manage_district", district):
        raise Http404(_("You do not manage onboarding in this district."))
    return district


@login_required
def step_list(request, pk):
    """The district's checklist steps, and a form to add one."""
    district = _managed_district(request, pk)
    form = StepForm(request.POST or None)
    if request.method == "POST":
        made = form_act(
            request,
            form,
            lambda **data: services.onboarding_step_add(
                district=district, actor=request.user, **data
            ),
            lambda step: _("%(step)s was added to the checklist.") % {"step": step},
        )
        if made:
            return redirect("onboarding:step_list", pk=district.pk)
    steps = selectors.district_steps(district_id=district.pk)
    context = {
        "district": district,
        "steps": steps,
        "defaults": DEFAULT_STEPS if not steps.exists() else (),
        "form": form,
    }
    return render(request, "onboarding/step_list.html", context)


@login_required
@require_POST
def step_remove(request, pk, step_pk):
    district = _managed_district(request, pk)
    step = get_object_or_404(OnboardingStep, district=district, pk=step_pk)
    act_and_say(
        request,
        lambda: services.onboarding_step_remove(step=step, actor=request.user),
        _("%(step)s was taken off the checklist.") % {"step": step},
    )
    return redirect("onboarding:step_list", pk=district.pk)


@login_required
@require_POST
def steps_from_default(request, pk):
    district = _managed_district(request, pk)
    act_and_say(
        request,
        lambda: services.onboarding_steps_from_default(district=district, actor=request.user),
        _("The default steps are now the district's own checklist, to change as it needs."),
    )
    return redirect("onboarding:step_list", pk=district.pk)


@login_required
def onboard(request, application_pk):
    """Onboard a hired application: the first day, and the state's record if there is one."""
    application = get_object_or_404(
        Application.objects.select_related("posting__vacancy__school", "person"),
        pk=application_pk,
    )
    district = application.posting.vacancy.district
    if not request.user.has_perm("onboarding.manage_district", district):
        raise Http404(_("No such application among those you may read."))
    onboarded = Onboarding.objects.filter(application=application).first()
    if onboarded is not None:
        return redirect(onboarded)
    matches = selectors.possible_matches(person=application.person)
    form = OnboardForm(
        request.POST or None,
        matches=matches,
        initial={"start_date": application.posting.vacancy.start_date},
    )
    if request.method == "POST":
        employment = form_act(
            request,
            form,
            lambda **data: services.onboard(application, actor=request.user, **data),
            lambda employment: (
                _("%(name)s is onboarded; their checklist is open.") % {"name": employment.person}
            ),
        )
        if employment:
            return redirect(employment.onboarding)
    access_log_request(request, [application])
    context = {"application": application, "vacancy": application.posting.vacancy, "form": form}
    return render(request, "onboarding/onboard.html", context)
