"""The catalog, an offering, an educator's own learning with suggestions, the facilitator's
sign-in sheet and assessment, the certificate and its public verification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.errors import DomainError
from tandem.learning import selectors, services
from tandem.learning.forms import CatalogFilterForm
from tandem.learning.models import Completion, Registration
from tandem.learning.rules import facilitates, manages_offering, reads_certificate
from tandem.people.selectors import roles_of
from tandem.ui.pdf import pdf_response


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
