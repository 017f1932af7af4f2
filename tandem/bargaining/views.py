"""The evaluation settings pages: read by the district's people, changed only by the bargained path."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.bargaining import selectors, services
from tandem.bargaining.forms import DeclineForm, SettingsProposalForm
from tandem.errors import DomainError
from tandem.organizations.models import District, SettingsProposal
from tandem.organizations.vocabulary import DueStep, PlanType, RoleGroup
from tandem.records.models import Signature
from tandem.records.reauthentication import password_confirmation
from tandem.records.selectors import signed_record
from tandem.rubrics.models import FrameworkVersion
from tandem.ui.params import int_or_none


def _readable_district(request, pk) -> District:
    district = get_object_or_404(District, pk=pk)
    if not request.user.has_perm("bargaining.view_settings", district):
        raise Http404(_("No such district among those whose settings you may read."))
    return district


def _month_day(value: str) -> str:
    try:
        return date_format(datetime.date(2000, int(value[:2]), int(value[3:])), "F j")
    except (TypeError, ValueError):
        return value


def _values_display(values: dict) -> dict:
    """The settings as sentences' parts: plan and step names, dates as month and day, and the
    rubric versions named by their frameworks."""
    minimums = values.get("observation_minimums", {})
    by_plan = values.get("due_dates_by_plan", {})
    named = values.get("frameworks", {})
    versions = FrameworkVersion.objects.select_related("framework").in_bulk(list(named.values()))
    return {
        "frameworks": [
            (RoleGroup(role).label, versions.get(version_id))
            for role, version_id in named.items()
            if role in RoleGroup.values
        ],
        "observations": [
            (
                label,
                minimums.get(plan, {}).get("announced"),
                minimums.get(plan, {}).get("unannounced"),
            )
            for plan, label in PlanType.choices
        ],
        "feedback_school_days": values.get("feedback_school_days"),
        "response_school_days": values.get("response_school_days"),
        "due_dates": [
            (label, _month_day(values.get("due_dates", {}).get(step, "")))
            for step, label in DueStep.choices
        ],
        "due_dates_by_plan": [
            (
                PlanType(plan).label,
                [
                    (DueStep(step).label, _month_day(day))
                    for step, day in dates.items()
                    if step in DueStep.values
                ],
            )
            for plan, dates in by_plan.items()
            if plan in PlanType.values
        ],
    }


def _signatures_by_proposal(proposal_ids) -> dict[int, list]:
    content_type = ContentType.objects.get_for_model(SettingsProposal)
    out: dict[int, list] = {}
    for signature in (
        Signature.objects.filter(content_type=content_type, object_id__in=list(proposal_ids))
        .select_related("signer")
        .order_by("signed_at", "pk")
    ):
        signature.act = services.SIGNED_AS_LABELS.get(signature.capacity, signature.capacity)
        out.setdefault(signature.object_id, []).append(signature)
    return out


@login_required
def settings_detail(request, pk):
    """The settings in force for the district and each unit, and how each came to be."""
    district = _readable_district(request, pk)
    day = timezone.localdate()
    overview = selectors.settings_overview(district=district, day=day)
    proposals = list(selectors.settings_proposal_list(district_id=district.pk))
    signatures = _signatures_by_proposal(p.pk for p in proposals)
    for proposal in proposals:
        proposal.signatures = signatures.get(proposal.pk, [])
    return render(
        request,
        "bargaining/settings_detail.html",
        {
            "district": district,
            "units": [
                (row, _values_display(row.in_force.values) if row.in_force else None)
                for row in overview
            ],
            "versions": selectors.settings_version_list(district_id=district.pk),
            "proposals": proposals,
            "may_propose": request.user.has_perm("bargaining.propose_settings", district),
        },
    )


@login_required
def settings_propose(request, pk):
    """Management proposes new settings for one unit, filled in from those in force."""
    district = _readable_district(request, pk)
    if not request.user.has_perm("bargaining.propose_settings", district):
        raise PermissionDenied
    if confirm := password_confirmation(request):
        return confirm
    units = list(district.bargaining_units.order_by("code"))
    unit_id = int_or_none(request.POST.get("unit") or request.GET.get("unit"))
    unit = next((u for u in units if u.pk == unit_id), units[0] if units else None)
    if unit is None:
        raise Http404(_("The district has no bargaining unit."))
    latest = selectors.settings_latest(district_id=district.pk, bargaining_unit_id=unit.pk)
    latest_values = latest.values if latest else {}
    form = SettingsProposalForm(
        request.POST or None,
        initial=SettingsProposalForm.initial_from(latest_values),
        district_id=district.pk,
        role_groups=selectors.bargaining_unit_role_groups(bargaining_unit_id=unit.pk)
        | set(latest_values.get("frameworks", {})),
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.settings_proposal_make(
                by=request.user,
                bargaining_unit=unit,
                values=form.settings_values(),
                effective_from=form.cleaned_data["effective_from"],
                rationale=form.cleaned_data["rationale"],
            )
            messages.success(request, _("Proposed and signed. The union is asked to agree."))
            return redirect("bargaining:settings_proposal", pk=district.pk, proposal_pk=proposal.pk)
        except DomainError as error:
            for problem in error.messages:
                form.add_error(None, problem)
    return render(
        request,
        "bargaining/settings_propose.html",
        {"district": district, "unit": unit, "units": units, "latest": latest, "form": form},
    )


def _proposal_of(request, pk, proposal_pk) -> SettingsProposal:
    district = _readable_district(request, pk)
    return get_object_or_404(
        SettingsProposal.objects.select_related(
            "district", "bargaining_unit", "proposed_by", "agreed_by", "adopted_by", "closed_by"
        ),
        pk=proposal_pk,
        district=district,
    )


def _acts_for(user, proposal: SettingsProposal) -> list[str]:
    """The acts ``user`` may take on the proposal now, for its buttons."""
    acts = []
    if proposal.status == SettingsProposal.Status.PROPOSED and user.has_perm(
        "bargaining.agree_settings", proposal
    ):
        acts.append("agree")
    if proposal.status == SettingsProposal.Status.AGREED and user.has_perm(
        "bargaining.adopt_settings", proposal
    ):
        acts.append("adopt")
    offices = selectors.settings_offices(
        user=user, district_id=proposal.district_id, day=timezone.localdate()
    )
    # The committee votes only on what the union agreed to; the parties decline before that.
    if proposal.is_open and (
        offices.management
        or proposal.bargaining_unit_id in offices.union_units
        or (offices.committee_officer and proposal.status == SettingsProposal.Status.AGREED)
    ):
        acts.append("decline")
    return acts


@login_required
def settings_proposal(request, pk, proposal_pk):
    proposal = _proposal_of(request, pk, proposal_pk)
    # What the proposal would replace: the settings in force the day before it takes effect.
    in_force = selectors.settings_in_force(
        district_id=proposal.district_id,
        bargaining_unit_id=proposal.bargaining_unit_id,
        on=proposal.effective_from - datetime.timedelta(days=1),
    )
    return render(
        request,
        "bargaining/settings_proposal.html",
        {
            "district": proposal.district,
            "proposal": proposal,
            "proposed": _values_display(proposal.values),
            "in_force": in_force,
            "current": _values_display(in_force.values) if in_force else None,
            "signatures": _signatures_by_proposal([proposal.pk]).get(proposal.pk, []),
            "signed": signed_record(record=proposal),
            "acts": _acts_for(request.user, proposal),
        },
    )


ACTS = {
    "agree": ("bargaining.agree_settings", gettext_lazy("Agree for the union")),
    "adopt": ("bargaining.adopt_settings", gettext_lazy("Adopt for the school committee")),
    "decline": ("bargaining.decline_settings", gettext_lazy("Decline or withdraw")),
}


@login_required
def settings_proposal_act(request, pk, proposal_pk, act):
    """Confirm the password again, then sign the act on the proposal as shown."""
    proposal = _proposal_of(request, pk, proposal_pk)
    permission, title = ACTS[act]
    if not request.user.has_perm(permission, proposal):
        raise PermissionDenied
    if confirm := password_confirmation(request):
        return confirm
    form = DeclineForm(request.POST or None) if act == "decline" else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            if act == "agree":
                services.settings_proposal_agree(by=request.user, proposal_id=proposal.pk)
                messages.success(
                    request, _("Agreed and signed. The school committee is asked to adopt.")
                )
            elif act == "adopt":
                version = services.settings_proposal_adopt(by=request.user, proposal_id=proposal.pk)
                messages.success(
                    request,
                    _("Adopted and signed: the settings are in force from %(date)s.")
                    % {"date": date_format(version.effective_from)},
                )
            else:
                services.settings_proposal_decline(
                    by=request.user, proposal_id=proposal.pk, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("The proposal is closed, with your reason."))
            return redirect("bargaining:settings_proposal", pk=pk, proposal_pk=proposal.pk)
        except DomainError as error:
            if form is not None:
                for problem in error.messages:
                    form.add_error(None, problem)
            else:
                for problem in error.messages:
                    messages.error(request, problem)
                return redirect("bargaining:settings_proposal", pk=pk, proposal_pk=proposal.pk)
    return render(
        request,
        "bargaining/settings_proposal_act.html",
        {
            "district": proposal.district,
            "proposal": proposal,
            "proposed": _values_display(proposal.values),
            "act": act,
            "title": title,
            "form": form,
        },
    )
