"""Selection's pages: a district's stages, a posting's candidates, the candidate's file, and
each panel member's own scorecard. Candidate records open only to those with a part in the
posting (``rules``); anyone else gets 404, as for a record that does not exist. Every
reading is written to the access log."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.applicants.selectors import submission_of, submitted_document
from tandem.hiring.models import Application, Posting
from tandem.organizations.models import District
from tandem.people.selectors import roles_of
from tandem.records.files import stored_file_response
from tandem.records.services import access_log_request
from tandem.selection import rules, selectors, services
from tandem.selection.forms import (
    CandidateFilterForm,
    CriterionForm,
    InterviewForm,
    NotSelectedForm,
    OutOfFieldForm,
    PanelMemberForm,
    ScorecardForm,
    ScreeningForm,
    StagesForm,
    VersionForm,
)
from tandem.selection.invitations import interview_calendar
from tandem.selection.models import Criterion, Interview
from tandem.ui.forms import form_act, form_act_with_messages


def _posting(request, pk) -> Posting:
    posting = Posting.objects.select_related("vacancy__school", "vacancy__district").filter(pk=pk)
    posting = posting.first()
    if posting is None or not request.user.has_perm("selection.view_candidates", posting):
        raise Http404(_("No such posting among those you select for."))
    return posting


def _candidate(request, pk, application_pk) -> Application:
    posting = _posting(request, pk)
    application = selectors.candidate_get(posting, application_pk)
    if application is None:
        raise Http404(_("No such candidate."))
    application.posting = posting
    return application


def _file(application) -> str:
    return reverse("selection:candidate", args=[application.posting_id, application.pk])


# -- stages ----------------------------------------------------------------------------------


@login_required
def stages(request, pk):
    """The district's stages and who acts at each, for its HR and administrators."""
    district = get_object_or_404(District, pk=pk)
    if not request.user.has_perm("selection.configure_stages", district):
        raise Http404(_("No such district among those you configure."))
    steps = selectors.stages_of(district.pk)
    form = StagesForm(request.POST or None, steps=steps)
    if request.method == "POST" and form_act(
        request,
        form,
        lambda **_data: services.stages_configure(
            district=district, by=request.user, choices=form.choices()
        ),
        _("The district's stages were saved."),
    ):
        return redirect("selection:stages", pk=district.pk)
    return render(
        request,
        "selection/stages.html",
        {"district": district, "form": form, "steps": steps},
    )


# -- a posting's candidates ------------------------------------------------------------------


@login_required
def candidates(request, pk):
    posting = _posting(request, pk)
    steps = selectors.stages_of(posting.vacancy.district_id)
    filters = CandidateFilterForm(request.GET or None, steps=steps)
    rows = list(selectors.candidates(posting, **filters.filters()))
    access_log_request(request, rows)
    manages = request.user.has_perm("selection.manage_posting", posting)
    context = {
        "posting": posting,
        "filters": filters,
        "rows": rows,
        "fit_labels": selectors.LicenseFit.LABELS,
        "screening_maximum": selectors.screening_maximum(posting),
        "steps": steps,
        "manages": manages,
        "panel": selectors.panel_of(posting),
        "criteria": {kind: selectors.criteria_of(posting, kind) for kind in Criterion.Kind.values},
        "criterion_form": CriterionForm(),
        "panel_form": PanelMemberForm(),
    }
    template = "selection/_candidate_rows.html" if request.htmx else "selection/candidates.html"
    return render(request, template, context)


@login_required
@require_POST
def criterion_add(request, pk):
    posting = _posting(request, pk)
    form_act_with_messages(
        request,
        CriterionForm(request.POST),
        lambda **data: services.criterion_add(posting, by=request.user, **data),
        _("The criterion was added."),
    )
    return redirect("selection:candidates", pk=posting.pk)


@login_required
@require_POST
def panel_add(request, pk):
    posting = _posting(request, pk)
    form_act_with_messages(
        request,
        PanelMemberForm(request.POST),
        lambda email: services.panel_member_add(posting, by=request.user, person=email),
        lambda member: _("%(person)s joined the panel.") % {"person": member.person},
    )
    return redirect("selection:candidates", pk=posting.pk)


# -- the candidate's file --------------------------------------------------------------------


def _file_context(request, application, **forms):
    posting = application.posting
    user = request.user
    roles = roles_of(user)
    steps = selectors.stages_of(posting.vacancy.district_id)
    scorecards = list(selectors.scorecards_of(application))
    shown = [card for card in scorecards if user.has_perm("selection.view_scorecard", card)]
    mine = next((c for c in scorecards if c.panel_member.person_id == roles.person_id), None)
    interviews = list(selectors.interviews_of(application))
    screening_criteria = selectors.criteria_of(posting, Criterion.Kind.SCREENING)
    my_scores = {
        s.criterion_id: s.score for s in application.screening_scores.filter(screener=user)
    }
    next_step = selectors.stage_after(steps, application.stage)
    submission, answers = submission_of(application)
    return (
        {
            "posting": posting,
            "application": application,
            "fit_label": selectors.LicenseFit.LABELS[application.license_fit],
            "out_of_field": application.license_fit != selectors.LicenseFit.HELD,
            "out_of_field_refusal": rules.offer_refusal_out_of_field(application),
            "licenses": application.person.licenses.order_by("-issued_on"),
            "events": application.events.select_related("actor"),
            "steps": steps,
            "next_step": next_step,
            # HR and the principal go on to the references and offer (the offers app's page).
            "manages": user.has_perm("selection.manage_posting", posting),
            "may_advance": user.has_perm("selection.advance_candidate", application),
            "may_move": user.has_perm("selection.move_candidate", application),
            "may_screen": user.has_perm("selection.screen_candidate", application),
            "may_schedule": user.has_perm("selection.schedule_interview", application),
            "may_write_scorecard": user.has_perm("selection.write_scorecard", application),
            "may_record_out_of_field": user.has_perm("selection.record_out_of_field", application),
            "screening": selectors.screening_of(application),
            "screening_criteria": screening_criteria,
            "screening_maximum": selectors.screening_maximum(posting),
            "interviews": interviews,
            "scorecards": [(card, selectors.scorecard_total(card)) for card in shown],
            "hidden_scorecards": len(scorecards) - len(shown),
            "my_scorecard": mine,
            "move_form": VersionForm(initial={"version": application.version}),
            "not_selected_form": forms.get("not_selected_form")
            or NotSelectedForm(initial={"version": application.version}),
            "screening_form": forms.get("screening_form")
            or ScreeningForm(criteria=screening_criteria, initial_scores=my_scores),
            "interview_form": forms.get("interview_form")
            or InterviewForm(panel=selectors.panel_of(posting)),
            "out_of_field_form": forms.get("out_of_field_form") or OutOfFieldForm(),
            "submission": submission,
            "answers": answers,
        },
        [*shown, *([submission] if submission else [])],
        interviews,
    )


def _render_file(request, application, **forms):
    context, shown, interviews = _file_context(request, application, **forms)
    access_log_request(request, [application, *shown, *interviews])
    status = 200 if not forms else 422
    return render(request, "selection/candidate.html", context, status=status)


@login_required
def candidate(request, pk, application_pk):
    """The candidate's file: the application as sent, license fit, screening, interviews, the
    scorecards the reader may see and the whole history."""
    return _render_file(request, _candidate(request, pk, application_pk))


@login_required
def candidate_document(request, pk, application_pk, document_pk):
    """A document the candidate sent with the application, for those with a part in it."""
    application = _candidate(request, pk, application_pk)
    document = submitted_document(application, document_pk)
    if document is None:
        raise Http404(_("No such document in this application."))
    access_log_request(request, [application.submission])
    return stored_file_response(document.file)


@login_required
@require_POST
def candidate_advance(request, pk, application_pk):
    application = _candidate(request, pk, application_pk)
    form = VersionForm(request.POST)
    form_act_with_messages(
        request,
        form,
        lambda version: services.candidate_advance(application, by=request.user, version=version),
        lambda moved: _("Moved to %(stage)s.") % {"stage": moved.get_stage_display()},
    )
    return redirect(_file(application))


@login_required
@require_POST
def candidate_not_selected(request, pk, application_pk):
    application = _candidate(request, pk, application_pk)
    form = NotSelectedForm(request.POST)
    done = form_act(
        request,
        form,
        lambda **data: services.candidate_not_selected(application, by=request.user, **data),
        _("The application ended as not selected; the message was sent to the applicant."),
    )
    if done is None:
        return _render_file(request, application, not_selected_form=form)
    return redirect(_file(application))


@login_required
@require_POST
def screening_save(request, pk, application_pk):
    application = _candidate(request, pk, application_pk)
    criteria = selectors.criteria_of(application.posting, Criterion.Kind.SCREENING)
    form = ScreeningForm(request.POST, criteria=criteria)
    done = form_act(
        request,
        form,
        lambda **_data: services.screening_save(application, by=request.user, scores=form.scores()),
        _("Your screening scores were saved."),
    )
    if done is None:
        return _render_file(request, application, screening_form=form)
    return redirect(_file(application))


@login_required
@require_POST
def interview_add(request, pk, application_pk):
    application = _candidate(request, pk, application_pk)
    form = InterviewForm(request.POST, panel=selectors.panel_of(application.posting))

    def schedule(**data):
        starts_at, ends_at = form.moments()
        return services.interview_schedule(
            application,
            by=request.user,
            starts_at=starts_at,
            ends_at=ends_at,
            place=data["place"],
            video_link=data["video_link"],
            panel=data["panel"],
        )

    done = form_act(
        request,
        form,
        schedule,
        _("The interview was scheduled; the invitation went to the candidate and the panel."),
    )
    if done is None:
        return _render_file(request, application, interview_form=form)
    return redirect(_file(application))


@login_required
def interview_ics(request, pk, application_pk, interview_pk):
    """The interview's invitation to download, for its readers (the selectors and the
    candidate); the same text as the one e-mailed."""
    interview = (
        Interview.objects.filter(
            pk=interview_pk, application_id=application_pk, application__posting_id=pk
        )
        .select_related("application__posting__vacancy", "application__person__user")
        .first()
    )
    if interview is None or not request.user.has_perm("selection.view_interview", interview):
        raise Http404(_("No such interview."))
    access_log_request(request, [interview])
    response = HttpResponse(
        interview_calendar(interview), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="interview-{interview.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def out_of_field_reason(request, pk, application_pk):
    application = _candidate(request, pk, application_pk)
    form = OutOfFieldForm(request.POST)
    done = form_act(
        request,
        form,
        lambda reason: services.out_of_field_reason_record(
            application, by=request.user, reason=reason
        ),
        _("The reason for the out-of-field hire was recorded."),
    )
    if done is None:
        return _render_file(request, application, out_of_field_form=form)
    return redirect(_file(application))


# -- the panel member's own scorecard --------------------------------------------------------


@login_required
def scorecard(request, pk, application_pk):
    """The reader's own scorecard of the candidate: written alone, read-only once submitted.
    Only the posting's panel members have one."""
    application = _candidate(request, pk, application_pk)
    if not rules.is_panel_member(request.user, application.posting):
        raise Http404(_("Only the posting's panel members fill in scorecards."))
    criteria = selectors.criteria_of(application.posting, Criterion.Kind.INTERVIEW)
    mine = selectors.scorecard_of(application, roles_of(request.user).person_id)
    initial_scores = {s.criterion_id: s.score for s in mine.scores.all()} if mine else {}
    form = ScorecardForm(
        request.POST or None,
        criteria=criteria,
        initial_scores=initial_scores,
        initial={"notes": mine.notes if mine else "", "version": mine.version if mine else None},
    )
    if request.method == "POST":
        submit = "submit" in request.POST
        done = form_act(
            request,
            form,
            lambda **data: services.scorecard_save(
                application,
                by=request.user,
                scores=form.scores(),
                notes=data["notes"],
                version=data["version"],
                submit=submit,
            ),
            _("Your scorecard was submitted.") if submit else _("Your scorecard was saved."),
        )
        if done is not None:
            return redirect(_file(application) if submit else request.path)
    elif mine is not None:
        access_log_request(request, [mine])
    return render(
        request,
        "selection/scorecard.html",
        {
            "posting": application.posting,
            "application": application,
            "form": form,
            "scorecard": mine,
            "editable": request.user.has_perm("selection.write_scorecard", application),
            "total": selectors.scorecard_total(mine) if mine else None,
        },
        status=200 if request.method == "GET" else 422,
    )
