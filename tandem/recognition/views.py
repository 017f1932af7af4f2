"""The programs open today, a cycle, nominating and applying, a nomination, an application
with its reading, the shortlist and the selection, and the public honourees."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.errors import DomainError
from tandem.people.selectors import roles_of
from tandem.recognition import selectors, services
from tandem.recognition.forms import (
    ApplicationForm,
    NominationForm,
    RecusalForm,
    ScoreForm,
    SelectionForm,
)
from tandem.recognition.models import Application, Nomination, Stage
from tandem.recognition.rules import (
    reads_application,
    reads_nomination,
    runs_program,
    scores_application,
)
from tandem.records.models import AccessLogEntry
from tandem.records.services import access_log_record


def _log(request, records):
    """Log the confidential records read by anyone but the educator whose they are."""
    person_id = roles_of(request.user).person_id
    access_log_record(
        user=request.user,
        records=[r for r in records if r.person_id != person_id],
        channel=AccessLogEntry.Channel.PAGE,
        path=request.path,
    )


def _error(request, error: DomainError):
    messages.error(request, " ".join(error.messages))


def _cycle(pk):
    cycle = selectors.cycle_get(pk)
    if cycle is None:
        raise Http404(_("There is no such cycle."))
    return cycle


@login_required
def cycle_list(request):
    return render(
        request,
        "recognition/cycle_list.html",
        {"cycles": selectors.cycle_list(timezone.localdate())},
    )


@login_required
def cycle_detail(request, pk):
    cycle = _cycle(pk)
    day = timezone.localdate()
    roles = roles_of(request.user)
    staff = runs_program(request.user, cycle.program)
    reader = selectors.is_reader(request.user, cycle)
    nominations = list(
        selectors.nominations_of_cycle(cycle)
        if staff
        else selectors.nominations_by(request.user, cycle)
    )
    applications = list(selectors.applications_of_cycle(cycle)) if staff else []
    reading = selectors.reading_list(request.user, cycle) if reader and not staff else []
    totals = selectors.totals_of(applications) if staff else {}
    _log(request, [*nominations, *applications, *reading])
    context = {
        "cycle": cycle,
        "staff": staff,
        "reader": reader,
        "nominations": nominations,
        "applications": [(a, totals.get(a.pk)) for a in applications],
        "reading": reading,
        "invited": cycle.nominations.filter(person_id=roles.person_id).exists()
        and not cycle.applications.filter(person_id=roles.person_id).exists(),
        "own_application": cycle.applications.filter(person_id=roles.person_id).first(),
        "nominating": selectors.stage_open(cycle, Stage.Kind.NOMINATION, day),
        "applying": selectors.stage_open(cycle, Stage.Kind.APPLICATION, day),
    }
    return render(request, "recognition/cycle_detail.html", context)


@login_required
def nominate(request, pk):
    cycle = _cycle(pk)
    form = NominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.nomination_create(
                cycle=cycle,
                nominator=request.user,
                nominee=form.cleaned_data["nominee"],
                relationship=form.cleaned_data["relationship"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your nomination is recorded; %(name)s is invited to apply.")
                % {"name": nomination.person},
            )
            return redirect(nomination)
    return render(request, "recognition/nominate.html", {"cycle": cycle, "form": form})


@login_required
def nomination_detail(request, pk):
    nomination = get_object_or_404(
        Nomination.objects.select_related("person", "nominator", "district", "cycle__program"),
        pk=pk,
    )
    if not reads_nomination(request.user, nomination):
        raise Http404(_("There is no such nomination."))
    _log(request, [nomination])
    return render(request, "recognition/nomination_detail.html", {"nomination": nomination})


@login_required
def apply(request, pk):
    cycle = _cycle(pk)
    person_id = roles_of(request.user).person_id
    if person_id is None or not cycle.nominations.filter(person_id=person_id).exists():
        raise Http404(_("Only an educator nominated in this cycle applies."))
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_submit(
                cycle=cycle, person_id=person_id, statement=form.cleaned_data["statement"]
            )
        except DomainError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your application is submitted."))
            return redirect(application)
    verdicts = selectors.eligibility(person_id, cycle.program, timezone.localdate())
    return render(
        request,
        "recognition/apply.html",
        {
            "cycle": cycle,
            "form": form,
            "verdicts": verdicts,
            "eligible": all(v.met for v in verdicts),
            "applied": cycle.applications.filter(person_id=person_id).first(),
            "open": selectors.stage_open(cycle, Stage.Kind.APPLICATION, timezone.localdate()),
        },
    )


def _application(request, pk) -> Application:
    application = get_object_or_404(
        Application.objects.select_related(
            "person", "school", "district", "cycle__program"
        ).prefetch_related("recusals", "cycle__program__criteria", "cycle__stages"),
        pk=pk,
    )
    if not reads_application(request.user, application):
        raise Http404(_("There is no such application."))
    return application


@login_required
def application_detail(request, pk):
    application = _application(request, pk)
    staff = runs_program(request.user, application.cycle.program)
    scorer = scores_application(request.user, application)
    scored = scorer and selectors.has_scored(request.user, application)
    scores = selectors.scores_of(application)
    criteria = list(application.cycle.program.criteria.all())
    own = {s.criterion_id: s.points for s in scores.get(request.user.pk, [])}
    form = ScoreForm(criteria=criteria, initial_points=own) if scorer else None
    if request.method == "POST" and scorer:
        form = ScoreForm(request.POST, criteria=criteria)
        if form.is_valid():
            try:
                services.scores_record(
                    application=application, reader=request.user, points=form.points()
                )
            except DomainError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your scores are saved."))
                return redirect(application)
    # Blind reading: another reader's scores show once this reader has scored every line.
    shown = scores if (staff or scored) else {}
    _log(request, [application])
    return render(
        request,
        "recognition/application_detail.html",
        {
            "application": application,
            "staff": staff,
            "scorer": scorer,
            "form": form,
            "criteria": criteria,
            "scores": [
                (reader_scores[0].reader, reader_scores, sum(s.points for s in reader_scores))
                for reader_scores in shown.values()
            ],
            "select_form": SelectionForm() if staff else None,
        },
    )


@login_required
@require_POST
def recuse(request, pk):
    application = get_object_or_404(Application.objects.select_related("cycle"), pk=pk)
    if not selectors.is_reader(request.user, application.cycle):
        raise Http404(_("There is no such application."))
    form = RecusalForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Name the conflict of interest, in at most 300 characters."))
        services.recusal_declare(
            application=application, reader=request.user, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        _error(request, error)
    else:
        messages.success(request, _("You have stepped aside from this application."))
    return redirect(application.cycle)


@login_required
@require_POST
def shortlist(request, pk):
    cycle = _cycle(pk)
    if not runs_program(request.user, cycle.program):
        raise Http404(_("There is no such cycle."))
    try:
        chosen = services.shortlist_make(cycle=cycle, by=request.user)
    except DomainError as error:
        _error(request, error)
    else:
        messages.success(request, _("%(n)d applicants are on the shortlist.") % {"n": len(chosen)})
    return redirect(cycle)


@login_required
@require_POST
def select(request, pk):
    application = _application(request, pk)
    if not runs_program(request.user, application.cycle.program):
        raise Http404(_("There is no such application."))
    form = SelectionForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Write a citation of at most 300 characters."))
        services.application_select(
            application=application, citation=form.cleaned_data["citation"], by=request.user
        )
    except DomainError as error:
        _error(request, error)
    else:
        messages.success(request, _("%(name)s is an honouree.") % {"name": application.person})
    return redirect(application)


def honourees(request):
    """Open to everyone, signed in or not: name, school, program, year and citation only."""
    return render(request, "recognition/honourees.html", {"honourees": selectors.honourees()})
