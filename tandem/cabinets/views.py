"""The advisory cabinets' pages: the open rounds and one's own applications, selection with
its mix, a cabinet with its members, meetings (and their calendar) and consultations, and the
annual report."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.cabinets import selectors, services
from tandem.cabinets.forms import (
    ApplicationForm,
    FeedbackForm,
    MeetingForm,
    MeetingRecordForm,
    RenewalForm,
    TopicForm,
)
from tandem.cabinets.models import Application, Cabinet, Meeting, Round, Term, Topic
from tandem.cabinets.rules import opens_cabinet, reads_application, runs_cabinets
from tandem.errors import DomainError
from tandem.people.selectors import roles_of
from tandem.records.models import AccessLogEntry
from tandem.records.services import access_log_record
from tandem.ui.ical import CalendarEvent, calendar_text
from tandem.ui.pdf import pdf_response


def _refused(request, error: DomainError) -> None:
    messages.error(request, " ".join(error.messages))


def _staff_only(request) -> None:
    if not runs_cabinets(request.user):
        raise Http404(_("Only state staff run the advisory cabinets."))


def _cabinet(request, pk) -> Cabinet:
    cabinet = get_object_or_404(Cabinet, pk=pk)
    if not opens_cabinet(request.user, cabinet):
        raise Http404(_("Only the cabinet's members and state staff open it."))
    return cabinet


def _log(request, applications, channel=AccessLogEntry.Channel.PAGE) -> None:
    """Log the applications someone other than the applicant reads."""
    person_id = roles_of(request.user).person_id
    access_log_record(
        user=request.user,
        records=[a for a in applications if a.person_id != person_id],
        channel=channel,
        path=request.path,
    )


@login_required
def index(request):
    roles = roles_of(request.user)
    staff = runs_cabinets(request.user)
    context = {
        "staff": staff,
        "cabinets": selectors.cabinet_list(roles=roles, staff=staff),
        "rounds": selectors.rounds_open(roles.day) if roles.person_id else [],
        "applications": selectors.applications_of(roles.person_id),
        "all_rounds": Round.objects.select_related("cabinet") if staff else [],
    }
    return render(request, "cabinets/index.html", context)


@login_required
def apply(request, pk):
    roles = roles_of(request.user)
    if roles.person_id is None:
        raise Http404(_("Only educators apply to an advisory cabinet."))
    round = get_object_or_404(Round.objects.select_related("cabinet"), pk=pk)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_submit(
                round_id=round.pk, by=request.user, statement=form.cleaned_data["statement"]
            )
        except DomainError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your application is in."))
            return redirect(application)
    employment = services.employment_for(round.cabinet, roles.person_id, roles.day)
    context = {
        "round": round,
        "form": form,
        "employment": employment,
        "open": round.is_open(roles.day),
    }
    return render(request, "cabinets/apply.html", context)


def _application(request, pk) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("round__cabinet", "person", "district"), pk=pk
    )
    if not reads_application(request.user, application):
        raise Http404(_("An application is read by its applicant and state staff."))
    return application


@login_required
def application_detail(request, pk):
    application = _application(request, pk)
    _log(request, [application])
    mine = roles_of(request.user).person_id == application.person_id
    return render(
        request, "cabinets/application_detail.html", {"application": application, "mine": mine}
    )


@login_required
@require_POST
def application_withdraw(request, pk):
    application = _application(request, pk)
    try:
        services.application_withdraw(application_id=application.pk, by=request.user)
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect(application)


@login_required
def selection(request, pk):
    _staff_only(request)
    round = get_object_or_404(Round.objects.select_related("cabinet"), pk=pk)
    applications = list(selectors.application_list(round))
    _log(request, applications)
    context = {
        "round": round,
        "applications": applications,
        "mix": selectors.selection_mix(applications, round.seats),
    }
    return render(request, "cabinets/selection.html", context)


@login_required
@require_POST
def decide(request, pk):
    _staff_only(request)
    application = get_object_or_404(Application, pk=pk)
    select = request.POST.get("decision") == "select"
    try:
        services.application_decide(application_id=application.pk, by=request.user, select=select)
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Selected.") if select else _("Recorded as not selected."))
    return redirect("cabinets:selection", application.round_id)


@login_required
def cabinet_detail(request, pk):
    cabinet = _cabinet(request, pk)
    roles = roles_of(request.user)
    staff = runs_cabinets(request.user)
    context = {
        "cabinet": cabinet,
        "staff": staff,
        "terms": selectors.terms_of(cabinet, roles.day, current_only=not staff),
        "meetings": selectors.meetings_of(cabinet),
        "topics": selectors.topics_of(cabinet),
        "rounds": cabinet.rounds.all(),
        "renewal_form": RenewalForm(),
        "today": roles.day,
    }
    return render(request, "cabinets/cabinet_detail.html", context)


@login_required
@require_POST
def term_renew(request, pk):
    _staff_only(request)
    term = get_object_or_404(Term, pk=pk)
    form = RenewalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the day the renewed term ends."))
    else:
        try:
            services.term_renew(
                term_id=term.pk, by=request.user, ends_on=form.cleaned_data["ends_on"]
            )
        except DomainError as error:
            _refused(request, error)
        else:
            messages.success(request, _("The term is renewed."))
    return redirect("cabinets:cabinet_detail", term.cabinet_id)


@login_required
def meeting_add(request, pk):
    _staff_only(request)
    cabinet = get_object_or_404(Cabinet, pk=pk)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(
                cabinet=cabinet, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting is scheduled."))
            return redirect(meeting)
    return render(request, "cabinets/meeting_add.html", {"cabinet": cabinet, "form": form})


@login_required
def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("cabinet"), pk=pk)
    _cabinet(request, meeting.cabinet_id)
    staff = runs_cabinets(request.user)
    form = None
    if staff:
        initial = {"version": meeting.version, "agenda": meeting.agenda, "minutes": meeting.minutes}
        form = MeetingRecordForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.meeting_record(meeting_id=meeting.pk, by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The meeting is saved."))
                return redirect(meeting)
    elif request.method == "POST":
        raise Http404(_("Only state staff record a meeting."))
    return render(request, "cabinets/meeting_detail.html", {"meeting": meeting, "form": form})


def _meeting_description(meeting: Meeting) -> str:
    items = meeting.agenda_items()
    if not items:
        return ""
    return _("Agenda:") + "\n" + "\n".join(f"{n}. {item}" for n, item in enumerate(items, 1))


@login_required
def calendar(request, pk):
    """The cabinet's meetings as an iCalendar file, for a member's or staff's calendar app."""
    cabinet = _cabinet(request, pk)
    host = urlsplit(settings.SITE_URL).hostname or "tandem"
    events = [
        CalendarEvent(
            uid=f"cabinet-meeting-{meeting.pk}@{host}",
            summary=f"{cabinet.name}: {meeting.subject}",
            start=meeting.starts_at,
            end=meeting.ends_at,
            zone=settings.TIME_ZONE,
            location=meeting.place,
            url=request.build_absolute_uri(meeting.get_absolute_url()),
            description=_meeting_description(meeting),
            # Every save raises the version, which starts at 1; SEQUENCE starts at 0.
            sequence=meeting.version - 1,
            revised=meeting.changed_at,
        )
        for meeting in selectors.meetings_of(cabinet)
    ]
    body = calendar_text(
        name=cabinet.name, events=events, stamp=timezone.now(), product="Advisory cabinets"
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cabinet-{cabinet.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def topic_add(request, pk):
    _staff_only(request)
    cabinet = get_object_or_404(Cabinet, pk=pk)
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_open(cabinet=cabinet, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The topic is open for the members' feedback."))
            return redirect(topic)
    return render(request, "cabinets/topic_add.html", {"cabinet": cabinet, "form": form})


@login_required
def topic_detail(request, pk):
    """A member gives or changes their feedback; staff read the summary of everyone's."""
    topic = get_object_or_404(Topic.objects.select_related("cabinet"), pk=pk)
    _cabinet(request, topic.cabinet_id)
    roles = roles_of(request.user)
    staff = runs_cabinets(request.user)
    own = selectors.feedback_of(topic, roles.person_id)
    form = None
    if not staff:
        initial = {"version": own.version if own else 0, "text": own.text if own else ""}
        form = FeedbackForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.feedback_save(topic_id=topic.pk, by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your feedback is saved."))
                return redirect(topic)
    elif request.method == "POST":
        raise Http404(_("Feedback is the members' to give."))
    context = {
        "topic": topic,
        "staff": staff,
        "own": own,
        "form": form,
        "open": topic.is_open(roles.day),
        "summary": selectors.feedback_summary(topic, roles.day) if staff else None,
    }
    return render(request, "cabinets/topic_detail.html", context)


@login_required
@require_POST
def topic_close(request, pk):
    _staff_only(request)
    topic = get_object_or_404(Topic, pk=pk)
    services.topic_close(topic_id=topic.pk, by=request.user)
    messages.success(request, _("The topic is closed; feedback can no longer change."))
    return redirect(topic)


@login_required
def report(request, pk):
    """The annual report of a round's year, as a PDF."""
    _staff_only(request)
    round = get_object_or_404(Round.objects.select_related("cabinet"), pk=pk)
    return pdf_response(
        template="cabinets/report.html",
        context={"report": selectors.annual_report(round)},
        filename=f"cabinet-report-{round.cabinet_id}-{round.school_year}.pdf",
    )
