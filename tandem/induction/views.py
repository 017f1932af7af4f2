"""Induction pages: HR's overview, settings, mentors and report; the mentor's and mentee's own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.induction import selectors, services
from tandem.induction.forms import (
    ConfirmForm,
    InductionRulesForm,
    MentorAssignForm,
    MentoringLogEditForm,
    MentoringLogForm,
    RosterFilterForm,
    TrainedMentorForm,
    YearForm,
)
from tandem.induction.models import MentorAssignment, MentoringLog
from tandem.organizations.models import District
from tandem.organizations.selectors import school_year_for
from tandem.people.models import Employment
from tandem.people.selectors import evaluators_of, roles_of
from tandem.records.models import AccessLogEntry
from tandem.records.services import access_log_record
from tandem.ui.forms import form_act, form_act_with_messages
from tandem.ui.spreadsheet import csv_response


def _district(request, pk) -> District:
    """The district, when the user runs its induction program; a 404 like a missing one."""
    district = District.objects.filter(pk=pk).first()
    if district is None or not request.user.has_perm("induction.manage", district):
        raise Http404(_("No such district among those whose induction program you run."))
    return district


def _year(request, district, data):
    """The school year asked for, else the one of today."""
    years = list(selectors.school_years(district=district))
    default = school_year_for(district_id=district.pk, day=roles_of(request.user).day)
    default = default or next(iter(years), None)
    if not data.get("year") and default is not None:
        data = data.copy()
        data["year"] = str(default.pk)
    form = YearForm(data, school_years=years)
    form.is_valid()
    asked = form.cleaned_data.get("year")
    return form, next((y for y in years if y.pk == asked), default)


def _log_read(request, logs) -> None:
    access_log_record(
        user=request.user, records=logs, channel=AccessLogEntry.Channel.PAGE, path=request.path
    )


@login_required
def district_overview(request, pk):
    """Who is in induction this year, who waits for a mentor, whose hours fall short, and
    each mentor's load."""
    district = _district(request, pk)
    day = roles_of(request.user).day
    year, roster = selectors.induction_roster(district=district, day=day)
    filters = RosterFilterForm(request.GET)
    filters.is_valid()
    search = filters.cleaned_data.get("search", "").casefold()
    show = filters.cleaned_data.get("show", "")
    shown = [
        inductee
        for inductee in roster
        if (not search or search in inductee.employment.person.sort_name.casefold())
        and (
            not show
            or (show == "no_mentor" and inductee.current is None)
            or (show == "late" and inductee.got_mentor_late)
            or (show == "beginning" and inductee.beginning)
            or (show == "incoming" and not inductee.beginning)
        )
    ]
    first_year_short, toward = selectors.hours_short(district=district, day=day)
    context = {
        "district": district,
        "school_year": year,
        "rules": selectors.rules_for(district=district, school_year=year) if year else None,
        "filters": filters,
        "roster": shown,
        "total": len(roster),
        "without_mentor": [i for i in roster if i.current is None and i.mentor_required],
        "late": [i for i in roster if i.got_mentor_late],
        "first_year_short": first_year_short,
        "toward": toward,
        "loads": selectors.mentor_loads(district=district, day=day),
        "day": day,
    }
    template = "induction/_roster.html" if request.htmx else "induction/district.html"
    return render(request, template, context)


@login_required
def rules_settings(request, pk):
    """The district's induction program for a school year, from the state's values."""
    district = _district(request, pk)
    year_form, year = _year(
        request, district, request.GET if request.method == "GET" else request.POST
    )
    if year is None:
        raise Http404(_("The district has no school year yet."))
    rules = selectors.rules_for(district=district, school_year=year)
    earlier = (
        None if rules.pk else selectors.rules_saved_before(district=district, school_year=year)
    )
    start_from = earlier if earlier and request.GET.get("from") == "before" else rules
    if request.method == "POST":
        form = InductionRulesForm(request.POST, instance=rules)
        saved = form_act(
            request,
            form,
            lambda version, **values: services.induction_rules_save(
                district=district, school_year=year, values=values, version=version, by=request.user
            ),
            _("The induction rules for %(year)s are saved.") % {"year": year.name},
        )
        if saved is not None:
            return redirect(f"{reverse('induction:settings', args=[district.pk])}?year={year.pk}")
    else:
        form = InductionRulesForm(
            instance=start_from, initial={"version": rules.version if rules.pk else 0}
        )
    return render(
        request,
        "induction/settings.html",
        {
            "district": district,
            "school_year": year,
            "year_form": year_form,
            "form": form,
            "rules": rules,
            "earlier": earlier,
        },
    )


def _mentor_candidates(district, day):
    return [
        (e.person_id, e.person.sort_name)
        for e in Employment.objects.filter(district=district)
        .active_on(day)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    ]


@login_required
def mentor_list(request, pk):
    """The district's trained mentors with their load; HR records a new one here."""
    district = _district(request, pk)
    day = roles_of(request.user).day
    people = _mentor_candidates(district, day)
    if request.method == "POST":
        form = TrainedMentorForm(request.POST, people=people)
        saved = form_act(
            request,
            form,
            lambda person, **values: services.trained_mentor_save(
                district=district, person=person, by=request.user, **values
            ),
            lambda mentor: _("%(name)s is recorded as a trained mentor.") % {"name": mentor.person},
        )
        if saved is not None:
            return redirect("induction:mentor_list", pk=district.pk)
    else:
        form = TrainedMentorForm(people=people, initial={"trained_on": day})
    return render(
        request,
        "induction/mentors.html",
        {
            "district": district,
            "loads": selectors.mentor_loads(district=district, day=day),
            "form": form,
        },
    )


def _mentee(request, pk) -> Employment:
    mentee = Employment.objects.select_related("person", "district").filter(pk=pk).first()
    if mentee is None or not request.user.has_perm("induction.manage", mentee.district):
        raise Http404(_("No such teacher among those whose induction you run."))
    return mentee


def _assign_form(mentee, day, data=None):
    suggestions = selectors.mentor_suggestions(mentee=mentee, day=day)
    evaluators = [a.evaluator for a in evaluators_of(employment=mentee, day=day) if a.evaluator]
    form = MentorAssignForm(
        data,
        mentors=[s.load.mentor for s in suggestions],
        evaluators=list(dict.fromkeys(evaluators)),
        initial={
            "start_date": day,
            "mentor": suggestions[0].load.mentor.pk if suggestions else None,
            "evaluator": evaluators[0].pk if evaluators else None,
        },
    )
    return suggestions, form


@login_required
def mentee_detail(request, pk):
    """A teacher's induction for HR: the mentors suggested for them, best first, the mentors
    they have had, and the mentored hours they bring from every district."""
    mentee = _mentee(request, pk)
    day = roles_of(request.user).day
    suggestions, form = _assign_form(mentee, day)
    return _mentee_page(request, mentee, suggestions, form)


def _mentee_page(request, mentee, suggestions, form):
    entries, total = selectors.hours_record(person=mentee.person, district=mentee.district)
    _log_read(request, [entry.log for entry in entries])
    return render(
        request,
        "induction/mentee.html",
        {
            "mentee": mentee,
            "suggestions": suggestions,
            "form": form,
            "assignments": selectors.assignments_of(mentee=mentee),
            "entries": entries,
            "total": total,
        },
    )


@login_required
@require_POST
def mentor_assign(request, pk):
    mentee = _mentee(request, pk)
    day = roles_of(request.user).day
    suggestions, _form = _assign_form(mentee, day)
    form = MentorAssignForm(
        request.POST,
        mentors=[s.load.mentor for s in suggestions],
        evaluators=list(
            dict.fromkeys(
                a.evaluator for a in evaluators_of(employment=mentee, day=day) if a.evaluator
            )
        ),
    )
    done = form_act(
        request,
        form,
        lambda **values: services.mentor_assign(mentee=mentee, by=request.user, **values),
        lambda assignment: (
            _("%(mentor)s now mentors %(mentee)s.")
            % {"mentor": assignment.mentor.person, "mentee": mentee.person}
        ),
    )
    if done is not None:
        return redirect("induction:mentee", pk=mentee.pk)
    return _mentee_page(request, mentee, suggestions, form)


@login_required
def mine(request):
    """The mentor's and the mentee's own page: their logs and the entries waiting on them."""
    roles = roles_of(request.user)
    relations = selectors.my_mentoring(roles=roles)
    _log_read(request, [log for relation in relations for log in relation.logs])
    user = request.user
    shown = [
        (
            relation,
            MentoringLogForm(
                auto_id=f"add-{relation.assignment.pk}-%s", initial={"date": roles.day}
            )
            if user.has_perm("induction.add_log", relation.assignment)
            else None,
            [
                (
                    log,
                    MentoringLogEditForm(
                        instance=log, auto_id=f"edit-{log.pk}-%s", initial={"version": log.version}
                    )
                    if user.has_perm("induction.edit_log", log)
                    else None,
                )
                for log in relation.logs
            ],
        )
        for relation in relations
    ]
    return render(
        request,
        "induction/mine.html",
        {"relations": shown, "waiting": sum(len(r.waiting_on_me) for r in relations)},
    )


def _assignment(request, pk) -> MentorAssignment:
    assignment = MentorAssignment.objects.select_related("mentor", "mentee").filter(pk=pk).first()
    if assignment is None or not request.user.has_perm("induction.add_log", assignment):
        raise Http404(_("No such mentoring among yours."))
    return assignment


def _log(request, pk) -> MentoringLog:
    log = (
        MentoringLog.objects.select_related("assignment__mentor", "assignment__mentee")
        .filter(pk=pk)
        .first()
    )
    if log is None or not request.user.has_perm("induction.view_log", log):
        raise Http404(_("No such mentoring entry among yours."))
    return log


@login_required
@require_POST
def log_add(request, pk):
    assignment = _assignment(request, pk)
    form_act_with_messages(
        request,
        MentoringLogForm(request.POST),
        lambda **values: services.mentoring_log_add(
            assignment=assignment, by=request.user, **values
        ),
        _("The entry is saved; it counts once the other person confirms it."),
    )
    return redirect("induction:mine")


@login_required
@require_POST
def log_edit(request, pk):
    log = _log(request, pk)
    form_act_with_messages(
        request,
        MentoringLogEditForm(request.POST),
        lambda **values: services.mentoring_log_edit(log=log, by=request.user, **values),
        _("The entry is corrected."),
    )
    return redirect("induction:mine")


@login_required
@require_POST
def log_confirm(request, pk):
    log = _log(request, pk)
    form_act_with_messages(
        request,
        ConfirmForm(request.POST),
        lambda version: services.mentoring_log_confirm(log=log, version=version, by=request.user),
        _("The entry is confirmed; its hours count."),
    )
    return redirect("induction:mine")


@login_required
def report(request, pk):
    """The yearly induction report to the state (603 CMR 7.12(3)), prefilled."""
    district = _district(request, pk)
    year_form, year = _year(request, district, request.GET)
    return render(
        request,
        "induction/report.html",
        {
            "district": district,
            "year_form": year_form,
            "school_year": year,
            "report": selectors.induction_report(district=district, school_year=year)
            if year
            else None,
        },
    )


@login_required
def report_csv(request, pk):
    district = _district(request, pk)
    year_form, year = _year(request, district, request.GET)
    if year is None or "year" in year_form.errors:
        messages.error(request, _("Choose one of the district's school years."))
        return redirect("induction:report", pk=district.pk)
    report = selectors.induction_report(district=district, school_year=year)
    response = csv_response(
        filename=f"induction-report-{district.org_code}-{year.name}.csv",
        header=[_("Part"), _("Item"), _("Value")],
        rows=report_rows(report),
    )
    patch_cache_control(response, no_store=True, private=True)
    return response


def report_rows(report) -> list[tuple]:
    """The report as the CSV's rows: each list's names, then each figure."""
    retained = report.retained_into_year
    return [
        *(
            (_("Beginning teachers served"), e.person.sort_name, e.person.state_id_display)
            for e in report.served
        ),
        (_("Beginning teachers served"), _("Count"), len(report.served)),
        (_("Beginning teachers"), _("Count"), len(report.beginning)),
        *(
            (_("Trained mentors"), m.person.sort_name, m.person.state_id_display)
            for m in report.mentors
        ),
        (_("Trained mentors"), _("Count"), len(report.mentors)),
        (_("Mentor classroom observations"), _("Count"), report.observations),
        (_("Hours together"), _("Beginning teachers"), f"{report.hours_with_beginning:.2f}"),
        (_("Hours together"), _("All mentees"), f"{report.hours_all:.2f}"),
        (_("Hiring"), _("Teachers hired"), report.teachers_hired),
        (_("Hiring"), _("Beginning teachers hired"), report.beginning_hired),
        (
            _("Retention"),
            _("Beginning teachers of the year before teaching here on this year's first day"),
            f"{retained[0]} / {retained[1]}" if retained else "",
        ),
        (
            _("Retention"),
            _("This year's beginning teachers employed to the year's end"),
            f"{report.still_employed[0]} / {report.still_employed[1]}",
        ),
    ]
