"""Renewal pages: the educator's per license, the approvals waiting on a supervisor or HR,
the summary to download, and HR's licensing view of a district."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.licensure import selectors, services
from tandem.licensure.forms import ActivityForm, DecideForm, IpdpForm, IpdpReviewForm
from tandem.licensure.models import Ipdp, License, PointsEntry
from tandem.licensure.renewal import renewal_progress
from tandem.organizations.models import District
from tandem.people.selectors import roles_of
from tandem.records.models import AccessLogEntry
from tandem.records.services import access_log_record
from tandem.records.uploads import upload_limit
from tandem.ui.forms import act_and_say, form_act, form_act_with_messages
from tandem.ui.spreadsheet import csv_response


def _license(request, pk, perm="licensure.read_renewal") -> License:
    """The license, if the user may read its renewal; 404 otherwise, so a stranger learns
    nothing of it."""
    license = get_object_or_404(License.objects.select_related("person"), pk=pk)
    if not request.user.has_perm(perm, license):
        raise Http404
    return license


def _log(request, entries, channel=AccessLogEntry.Channel.PAGE):
    """Log the ledger's entries that another person reads (the educator's own are hers). An
    entry earned while no district employed her is logged under her district of today."""
    roles = roles_of(request.user)
    others = [e for e in entries if e.person_id != roles.person_id]
    for entry in others:
        if entry.district_id is None:
            entry.district_id = selectors.district_of(entry.person_id, roles.day)
    access_log_record(
        user=request.user,
        records=[e for e in others if e.district_id],
        channel=channel,
        path=request.path,
    )


@login_required
def mine(request):
    """The educator's licenses with their renewal, and the activities and plans waiting on
    this user as a supervisor or HR."""
    roles = roles_of(request.user)
    licenses = License.objects.filter(person_id=roles.person_id) if roles.person_id else []
    waiting = list(selectors.entries_waiting_on(roles))
    _log(request, waiting)
    return render(
        request,
        "licensure/mine.html",
        {
            "progresses": [renewal_progress(lic, roles.day) for lic in licenses],
            "waiting": waiting,
            "decide_form": DecideForm(),
        },
    )


@login_required
def renewal(request, pk, activity_form=None):
    license = _license(request, pk)
    day = timezone.localdate()
    ledger = list(selectors.ledger_of(license.person))
    _log(request, ledger)
    ipdps = list(selectors.ipdps_of(license))
    is_holder = request.user.has_perm("licensure.record", license)
    may_decide = request.user.has_perm("licensure.decide", license)
    return render(
        request,
        "licensure/renewal.html",
        {
            "license": license,
            "progress": renewal_progress(license, day),
            "ledger": ledger,
            "ipdps": [(ipdp, services.review_due_on(ipdp)) for ipdp in ipdps],
            "activity_form": (activity_form or ActivityForm()) if is_holder else None,
            "ipdp_form": IpdpForm() if is_holder else None,
            "decide_form": DecideForm() if may_decide else None,
            "review_form": IpdpReviewForm() if may_decide else None,
        },
    )


@login_required
@require_POST
@upload_limit("MAX_UPLOAD_BYTES")
def activity_add(request, pk):
    license = _license(request, pk, "licensure.record")
    form = ActivityForm(request.POST, request.FILES)

    def add(**values):
        return services.activity_record(person=license.person, by=request.user, **values)

    entry = form_act(request, form, add, _("The activity is recorded."))
    if entry is None:
        return renewal(request, pk, activity_form=form)
    return redirect("licensure:renewal", license.pk)


@login_required
@require_POST
def entry_decide(request, pk):
    entry = get_object_or_404(PointsEntry, pk=pk)
    if not request.user.has_perm("licensure.decide", entry):
        raise Http404
    form_act_with_messages(
        request,
        DecideForm(request.POST),
        lambda approve: services.entry_decide(entry=entry, by=request.user, approve=approve),
        lambda e: (
            _("The activity is approved.")
            if e.status == e.Status.APPROVED
            else _("The activity is declined.")
        ),
    )
    return redirect("licensure:mine")


@login_required
@require_POST
def ipdp_write(request, pk):
    license = _license(request, pk, "licensure.record")
    form_act_with_messages(
        request,
        IpdpForm(request.POST),
        lambda **values: services.ipdp_write(license=license, by=request.user, **values),
        _("The plan is saved; it goes to your supervisor for approval."),
    )
    return redirect("licensure:renewal", license.pk)


def _ipdp(request, pk) -> Ipdp:
    ipdp = get_object_or_404(Ipdp.objects.select_related("license"), pk=pk)
    if not request.user.has_perm("licensure.decide", ipdp):
        raise Http404
    return ipdp


@login_required
@require_POST
def ipdp_approve(request, pk):
    ipdp = _ipdp(request, pk)
    act_and_say(
        request,
        lambda: services.ipdp_approve(ipdp=ipdp, by=request.user, on=timezone.localdate()),
        _("The plan is approved."),
    )
    return redirect("licensure:renewal", ipdp.license_id)


@login_required
@require_POST
def ipdp_review(request, pk):
    ipdp = _ipdp(request, pk)
    form_act_with_messages(
        request,
        IpdpReviewForm(request.POST),
        lambda **values: services.ipdp_review(ipdp=ipdp, by=request.user, **values),
        _("The review is recorded."),
    )
    return redirect("licensure:renewal", ipdp.license_id)


@login_required
def summary_csv(request, pk):
    """The renewal summary for the state's licensing portal: each requirement, then every
    entry of the cycle that counts."""
    license = _license(request, pk)
    progress = renewal_progress(license, timezone.localdate())
    entries = [
        e
        for e in selectors.ledger_of(license.person)
        if e.status == PointsEntry.Status.APPROVED
        and license.issued_on <= e.earned_on <= (license.expires_on or progress.on)
    ]
    _log(request, entries, AccessLogEntry.Channel.EXPORT)
    rows = [
        [_("Requirement"), r.label, r.needed, r.counted, _("met") if r.met else _("short")]
        for r in progress.requirements
    ] + [
        [
            _("Entry"),
            e.description,
            e.get_topic_display() + (f": {e.content_field}" if e.content_field else ""),
            e.points,
            e.earned_on.isoformat(),
        ]
        for e in entries
    ]
    return csv_response(
        filename=f"renewal-{license.license_number}.csv",
        header=[_("Line"), _("What"), _("Needed or topic"), _("Points"), _("Met or date")],
        rows=rows,
    )


@login_required
def district(request, pk):
    """HR's licensing view: who is assigned outside their license, whose license lapses
    within a year."""
    district = get_object_or_404(District, pk=pk)
    if not request.user.has_perm("licensure.district_view", district):
        raise Http404
    day = timezone.localdate()
    return render(
        request,
        "licensure/district.html",
        {
            "district": district,
            "outside": selectors.assigned_outside_license(district.pk, day),
            "lapsing": selectors.lapsing_licenses(district.pk, day),
        },
    )
