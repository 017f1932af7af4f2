"""The catalog, an offering, an educator's own learning with suggestions and the end-of-offering
survey, the facilitator's sign-in sheet and assessment, the certificate and its public
verification, and what offerings did (the effectiveness pages, state and district)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.errors import DomainError
from tandem.learning import effectiveness as arithmetic
from tandem.learning import selectors, services
from tandem.learning.forms import CatalogFilterForm, SurveyForm
from tandem.learning.models import Completion, Registration
from tandem.learning.rules import (
    facilitates,
    manages_offering,
    reads_certificate,
    reads_effectiveness,
)
from tandem.organizations.models import District
from tandem.people.selectors import roles_of
from tandem.ui.pdf import pdf_response
from tandem.ui.spreadsheet import csv_response


@login_required
def catalog(request):
    form = CatalogFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    offerings = selectors.offering_list(
        search=chosen.get("q", "").strip(),
        provider=chosen.get("provider"),
        topic=chosen.get("topic", ""),
        subject=chosen.get("subject"),
        indicator=chosen.get("indicator"),
        starts_from=chosen.get("starts_from"),
        starts_until=chosen.get("starts_until"),
    )
    page = Paginator(offerings, 20).get_page(request.GET.get("page"))
    template = "learning/_offering_rows.html" if request.htmx else "learning/catalog.html"
    return render(request, template, {"form": form, "page": page})


def _offering(pk):
    offering = selectors.offering_get(pk)
    if offering is None:
        raise Http404(_("There is no such offering."))
    return offering


@login_required
def offering_detail(request, pk):
    offering = _offering(pk)
    person_id = roles_of(request.user).person_id
    registration = selectors.registration_of(offering, person_id)
    context = {
        "offering": offering,
        "taken": selectors.places_taken(offering),
        "registration": registration,
        "position": (
            selectors.waitlist_position(registration)
            if registration and registration.status == Registration.Status.WAITLISTED
            else None
        ),
        "can_register": person_id is not None and registration is None,
        "facilitates": facilitates(request.user, offering),
        "manages": manages_offering(request.user, offering),
        "began": offering.starts_on < timezone.localdate(),
    }
    return render(request, "learning/offering_detail.html", context)


@login_required
@require_POST
def register(request, pk):
    offering = _offering(pk)
    person_id = roles_of(request.user).person_id
    if person_id is None:
        raise Http404(_("Only educators register for professional learning."))
    try:
        registration = services.registration_register(offering_id=offering.pk, person_id=person_id)
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if registration.status == Registration.Status.REGISTERED:
            messages.success(request, _("You have a place."))
        else:
            messages.success(request, _("The offering is full: you are on its waitlist."))
    return redirect(offering)


@login_required
@require_POST
def cancel(request, pk):
    person_id = roles_of(request.user).person_id
    registration = get_object_or_404(Registration, pk=pk, person_id=person_id or 0)
    try:
        services.registration_cancel(registration_id=registration.pk, person_id=person_id)
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(registration.offering)


@login_required
def my_learning(request):
    person_id = roles_of(request.user).person_id
    if person_id is None:
        raise Http404(_("Only educators keep professional learning."))
    context = {
        "suggestions": selectors.suggestions_for(person_id, day=timezone.localdate()),
        "registrations": selectors.registrations_of(person_id),
    }
    return render(request, "learning/my_learning.html", context)


def _facilitated(request, pk):
    offering = _offering(pk)
    if not facilitates(request.user, offering):
        raise Http404(_("Only the facilitator opens the sign-in sheet."))
    return offering


@login_required
def attendance(request, pk, session_pk):
    offering = _facilitated(request, pk)
    session = get_object_or_404(offering.sessions, pk=session_pk)
    roster = list(selectors.roster(offering))
    if request.method == "POST":
        try:
            present = {int(v) for v in request.POST.getlist("present")}
            count = services.attendance_record(session=session, present=present, by=request.user)
        except (ValueError, DomainError) as error:
            text = " ".join(error.messages) if isinstance(error, DomainError) else str(error)
            messages.error(request, text or _("The sheet could not be read."))
        else:
            messages.success(request, _("Attendance saved: %(n)d present.") % {"n": count})
            return redirect(request.path)
    marked = {
        a.registration_id
        for r in roster
        for a in r.attendance.all()
        if a.session_id == session.pk and a.present
    }
    return render(
        request,
        "learning/attendance.html",
        {"offering": offering, "session": session, "roster": roster, "marked": marked},
    )


@login_required
def assessment(request, pk):
    offering = _facilitated(request, pk)
    if request.method == "POST":
        registration = get_object_or_404(
            offering.registrations, pk=request.POST.get("registration", 0) or 0
        )
        try:
            services.completion_record(
                registration=registration,
                passed=request.POST.get("passed") == "yes",
                by=request.user,
            )
        except DomainError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Completion recorded for %(name)s.") % {"name": registration.person}
            )
        return redirect(request.path)
    return render(
        request,
        "learning/assessment.html",
        {
            "offering": offering,
            "roster": selectors.roster(offering),
            "sessions": offering.sessions.count(),
        },
    )


@login_required
def certificate(request, pk):
    completion = get_object_or_404(
        Completion.objects.select_related("registration__person", "registration__offering"),
        pk=pk,
        passed=True,
    )
    if not reads_certificate(request.user, completion):
        raise Http404(_("There is no such certificate of yours."))
    verify_url = request.build_absolute_uri(completion.get_absolute_url())
    return pdf_response(
        template="learning/certificate.html",
        context={"completion": completion, "verify_url": verify_url},
        filename=f"certificate-{completion.completed_on:%Y-%m-%d}.pdf",
    )


def verify(request, code):
    """Anyone with the certificate's address checks it: name, offering, points and date, and
    nothing else."""
    completion = selectors.completion_by_code(code[:32])
    if completion is None:
        raise Http404(_("No certificate has this code."))
    return render(request, "learning/verify.html", {"completion": completion})


@login_required
def survey(request, pk):
    """The participant's end-of-offering survey, answered once."""
    person_id = roles_of(request.user).person_id
    registration = get_object_or_404(
        Registration.objects.select_related("offering", "completion"),
        pk=pk,
        person_id=person_id or 0,
        completion__isnull=False,
    )
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_answer(
                registration_id=registration.pk,
                person_id=person_id,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you: your answer is recorded."))
        return redirect("learning:my_learning")
    answered = hasattr(registration, "survey_response")
    return render(
        request,
        "learning/survey.html",
        {"registration": registration, "form": form, "answered": answered},
    )


def _scope(request, pk) -> District | None:
    """The district of a district's page (None for the state's), if the reader may see it."""
    district = District.objects.filter(pk=pk).first() if pk is not None else None
    if (pk is not None and district is None) or not reads_effectiveness(request.user, district):
        raise Http404(_("No such effectiveness figures among those you may see."))
    return district


def _rows(effect) -> list:
    """One offering's figures as the page and the CSV show them, with their caveats."""
    return [(c, arithmetic.caveats(c)) for c in effect.comparisons]


def _number(value) -> str:
    return "" if value is None else f"{value:.2f}"


def _csv(effects, district):
    header = [
        _("Offering"),
        _("Provider"),
        _("Starts"),
        _("Completed"),
        _("Survey answers"),
        _("Mean satisfaction (1-5)"),
        _("Measure"),
        _("Participants"),
        _("Similar educators"),
        _("Unmatched participants"),
        _("Participants' change"),
        _("Similar educators' change"),
        _("Difference"),
        _("95% interval, low"),
        _("95% interval, high"),
        _("Caveats"),
    ]
    rows = [
        [
            e.offering.title,
            e.offering.provider.name,
            e.offering.starts_on.isoformat(),
            e.completed,
            e.satisfaction.responses,
            _number(e.satisfaction.mean),
            c.measure,
            c.participants,
            c.comparison,
            c.unmatched,
            _number(c.participant_change),
            _number(c.comparison_change),
            _number(c.difference),
            _number(c.low),
            _number(c.high),
            " ".join(notes),
        ]
        for e in effects
        for c, notes in _rows(e)
    ]
    stem = district.org_code if district else "state"
    return csv_response(filename=f"learning-effectiveness-{stem}.csv", header=header, rows=rows)


@login_required
def effectiveness(request, pk=None):
    """Offerings that enough educators completed, with satisfaction and the matched
    comparison of each measure, suppressed for every reader; ``?format=csv`` downloads it."""
    district = _scope(request, pk)
    effects = selectors.effectiveness_list(district_id=district.pk if district else None)
    if request.GET.get("format") == "csv":
        return _csv(effects, district)
    return render(
        request,
        "learning/effectiveness.html",
        {
            "district": district,
            "effects": [(e, _rows(e)) for e in effects],
            "minimum": selectors.effectiveness_minimum(),
        },
    )


@login_required
def effectiveness_detail(request, offering_pk, pk=None):
    district = _scope(request, pk)
    effect = selectors.effectiveness_of(offering_pk, district_id=district.pk if district else None)
    if effect is None:
        raise Http404(_("This offering is not measured: too few completed it."))
    return render(
        request,
        "learning/effectiveness_detail.html",
        {
            "district": district,
            "effect": effect,
            "rows": _rows(effect),
            "counts": [(r, effect.satisfaction.counts.get(r, 0)) for r in range(1, 6)],
            "minimum": selectors.effectiveness_minimum(),
        },
    )
