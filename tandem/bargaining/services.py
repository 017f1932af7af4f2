"""Writes to districts' versioned settings."""

import datetime
import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.bargaining.selectors import settings_offices
from tandem.errors import DomainError
from tandem.organizations.models import (
    BargainingUnit,
    District,
    DistrictSettingsVersion,
    SettingsProposal,
)
from tandem.organizations.vocabulary import DueStep, PlanType, RoleGroup
from tandem.people.models import User
from tandem.records.services import signature_sign
from tandem.rubrics.selectors import frameworks_available

# The model contract's defaults (evaluation.md §1, §6); every value is bargained locally.
DEFAULT_EVALUATION_SETTINGS = {
    "observation_minimums": {
        "developing": {"announced": 1, "unannounced": 4},
        "self_directed": {"announced": 0, "unannounced": 1},
        "directed": {"announced": 0, "unannounced": 2},
        "improvement": {"announced": 1, "unannounced": 4},
    },
    "feedback_school_days": 5,
    "response_school_days": 5,
    "due_dates": {
        "self_assessment": "10-01",
        "educator_plan": "11-01",
        "formative": "02-01",
        "summative": "05-15",
    },
    # Dates that differ for a plan type, step by step (the rest follow due_dates).
    "due_dates_by_plan": {},
    # The rubric version bargained for a role group, by id; a role group not named here is
    # evaluated with the newest rubric the district has published for it.
    "frameworks": {},
}


def evaluation_settings_problems(values: dict) -> list[str]:
    """Every way ``values`` departs from the settings' shape, as sentences."""
    problems = []
    minimums = values.get("observation_minimums")
    if not isinstance(minimums, dict):
        problems.append(_("Observation minimums are missing."))
        minimums = {}
    for plan in PlanType.values:
        counts = minimums.get(plan)
        for kind in ("announced", "unannounced"):
            n = counts.get(kind) if isinstance(counts, dict) else None
            if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= 20:
                problems.append(
                    _("The %(kind)s observation minimum for %(plan)s plans must be 0 to 20.")
                    % {"kind": kind, "plan": plan}
                )
    for key in ("feedback_school_days", "response_school_days"):
        n = values.get(key)
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 60:
            problems.append(_("%(key)s must be 1 to 60 school days.") % {"key": key})
    due = values.get("due_dates")
    problems += _due_date_problems(due if isinstance(due, dict) else {}, required=True)
    by_plan = values.get("due_dates_by_plan", {})
    if not isinstance(by_plan, dict) or set(by_plan) - set(PlanType.values):
        problems.append(_("Due dates by plan type are given only for the four plan types."))
    else:
        for plan, dates in by_plan.items():
            problems += [
                f"{plan}: {problem}"
                for problem in _due_date_problems(
                    dates if isinstance(dates, dict) else {}, required=False
                )
            ]
    frameworks = values.get("frameworks", {})
    if not isinstance(frameworks, dict) or set(frameworks) - set(RoleGroup.values):
        problems.append(_("Rubric versions are named only for the educators' role groups."))
    elif not all(
        isinstance(pk, int) and not isinstance(pk, bool) and pk > 0 for pk in frameworks.values()
    ):
        problems.append(_("A rubric version is named by its number in Tandem."))
    return problems


def framework_choice_problems(*, district_id: int, values: dict) -> list[str]:
    """The rubric versions the settings name must be published, for their role group, and the
    district's own or the state's."""
    named = values.get("frameworks", {})
    available = dict(
        frameworks_available(district_id=district_id)
        .filter(pk__in=list(named.values()))
        .values_list("pk", "framework__role_group")
    )
    return [
        _("The rubric named for %(role)s is not a published rubric for that role in this district.")
        % {"role": RoleGroup(role).label}
        for role, pk in named.items()
        if available.get(pk) != role
    ]


def _due_date_problems(due: dict, *, required: bool) -> list[str]:
    problems = []
    if set(due) - set(DueStep.values):
        problems.append(
            _("Due dates are given only for: %(steps)s.") % {"steps": ", ".join(DueStep.values)}
        )
    for step in DueStep.values:
        value = due.get(step)
        if value is None and not required:
            continue
        if not isinstance(value, str) or not re.fullmatch(r"\d\d-\d\d", value):
            problems.append(_("The due date of %(step)s must be written MM-DD.") % {"step": step})
            continue
        try:
            datetime.date(2024, int(value[:2]), int(value[3:]))
        except ValueError:
            problems.append(_("The due date of %(step)s is not a real date.") % {"step": step})
    return problems


def _settings_version_create(
    *,
    district: District,
    values: dict,
    effective_from: datetime.date,
    by: User | None = None,
    bargaining_unit: BargainingUnit | None = None,
    proposal: SettingsProposal | None = None,
    note: str = "",
) -> DistrictSettingsVersion:
    """Write a settings version; only ``district_settings_establish`` and adoption call it."""
    problems = evaluation_settings_problems(values)
    if not problems:
        problems = framework_choice_problems(district_id=district.pk, values=values)
    if problems:
        raise DomainError(problems)
    if bargaining_unit is not None and bargaining_unit.district_id != district.pk:
        raise DomainError(_("That bargaining unit belongs to another district."))
    District.objects.select_for_update().get(pk=district.pk)
    last = DistrictSettingsVersion.objects.filter(
        district=district, bargaining_unit=bargaining_unit
    ).aggregate(n=Max("number"))["n"]
    return DistrictSettingsVersion.objects.create(
        district=district,
        bargaining_unit=bargaining_unit,
        number=(last or 0) + 1,
        effective_from=effective_from,
        values=values,
        adopted_by=by,
        proposal=proposal,
        note=note,
    )


@transaction.atomic
def district_settings_establish(
    *,
    district: District,
    effective_from: datetime.date,
    values: dict | None = None,
    note: str = "",
) -> DistrictSettingsVersion:
    """Make the baseline settings of a district joining Tandem; later changes are bargained."""
    District.objects.select_for_update().get(pk=district.pk)
    if DistrictSettingsVersion.objects.filter(district=district).exists():
        raise DomainError(
            _(
                "This district already has evaluation settings; a bargaining unit's settings "
                "change only through a proposal that the union and the school committee accept."
            )
        )
    return _settings_version_create(
        district=district,
        values=values if values is not None else DEFAULT_EVALUATION_SETTINGS,
        effective_from=effective_from,
        note=note,
    )


# -- bargained changes: management proposes, the union agrees, the committee adopts -----------

# The capacity each act is signed in (records.Signature.capacity), and how pages name it.
SIGNED_AS_MANAGEMENT = "management: proposed"
SIGNED_AS_UNION = "union: agreed"
SIGNED_AS_COMMITTEE = "school committee: adopted"
SIGNED_AS_WITHDRAWING = "management: withdrew"
SIGNED_AS_UNION_DECLINING = "union: declined"
SIGNED_AS_COMMITTEE_DECLINING = "school committee: declined"
SIGNED_AS_LABELS = {
    SIGNED_AS_MANAGEMENT: gettext_lazy("Proposed for management"),
    SIGNED_AS_UNION: gettext_lazy("Agreed for the union"),
    SIGNED_AS_COMMITTEE: gettext_lazy("Adopted for the school committee"),
    SIGNED_AS_WITHDRAWING: gettext_lazy("Withdrawn for management"),
    SIGNED_AS_UNION_DECLINING: gettext_lazy("Declined for the union"),
    SIGNED_AS_COMMITTEE_DECLINING: gettext_lazy("Declined for the school committee"),
}


def _effective_from_problems(
    *, bargaining_unit: BargainingUnit, effective_from: datetime.date
) -> list[str]:
    problems = []
    if effective_from < timezone.localdate():
        problems.append(_("The settings cannot take effect on a date that has passed."))
    last = (
        DistrictSettingsVersion.objects.filter(bargaining_unit=bargaining_unit)
        .order_by("-effective_from")
        .values_list("effective_from", flat=True)
        .first()
    )
    if last is not None and effective_from <= last:
        problems.append(
            _("The settings must take effect after %(date)s, when the unit's last version did.")
            % {"date": last.isoformat()}
        )
    return problems


def _locked_proposal(proposal_id: int) -> SettingsProposal:
    return SettingsProposal.objects.select_for_update().get(pk=proposal_id)


def _distinct_signer(proposal: SettingsProposal, user: User) -> None:
    """One person signs for one side only: the proposer cannot agree for the union, and
    neither can adopt for the committee."""
    if user.pk in (proposal.proposed_by_id, proposal.agreed_by_id):
        raise DomainError(_("You have already signed this proposal for another side."))


@transaction.atomic
def settings_proposal_make(
    *,
    by: User,
    bargaining_unit: BargainingUnit,
    values: dict,
    effective_from: datetime.date,
    rationale: str,
) -> SettingsProposal:
    """Management proposes new settings for a bargaining unit, and signs the proposal."""
    district_id = bargaining_unit.district_id
    if not settings_offices(user=by, district_id=district_id, day=timezone.localdate()).management:
        raise PermissionDenied(_("Only the district's administrators propose settings."))
    BargainingUnit.objects.select_for_update().get(pk=bargaining_unit.pk)
    problems = evaluation_settings_problems(values) or framework_choice_problems(
        district_id=district_id, values=values
    )
    problems += _effective_from_problems(
        bargaining_unit=bargaining_unit, effective_from=effective_from
    )
    rationale = rationale.strip()
    if not rationale:
        problems.append(_("Say why the settings should change."))
    if SettingsProposal.objects.filter(
        bargaining_unit=bargaining_unit, status__in=SettingsProposal.OPEN
    ).exists():
        problems.append(
            _("This unit already has an open proposal: withdraw it before proposing another.")
        )
    if problems:
        raise DomainError(problems)
    proposal = SettingsProposal.objects.create(
        district_id=district_id,
        bargaining_unit=bargaining_unit,
        values=values,
        effective_from=effective_from,
        rationale=rationale,
        proposed_by=by,
    )
    signature_sign(signer=by, record=proposal, capacity=SIGNED_AS_MANAGEMENT)
    return proposal


@transaction.atomic
def settings_proposal_agree(*, by: User, proposal_id: int) -> SettingsProposal:
    """The union of the proposal's unit agrees to it, and signs."""
    proposal = _locked_proposal(proposal_id)
    offices = settings_offices(user=by, district_id=proposal.district_id, day=timezone.localdate())
    if proposal.bargaining_unit_id not in offices.union_units:
        raise PermissionDenied(_("Only a leader of this unit's union agrees for it."))
    if proposal.status != SettingsProposal.Status.PROPOSED:
        raise DomainError(_("This proposal is no longer waiting for the union's agreement."))
    _distinct_signer(proposal, by)
    signature_sign(signer=by, record=proposal, capacity=SIGNED_AS_UNION)
    proposal.status = SettingsProposal.Status.AGREED
    proposal.agreed_by = by
    proposal.agreed_at = timezone.now()
    proposal.save(update_fields=["status", "agreed_by", "agreed_at"])
    return proposal


@transaction.atomic
def settings_proposal_adopt(*, by: User, proposal_id: int) -> DistrictSettingsVersion:
    """The school committee's chair or vice chair records its vote to adopt: the unit's new
    settings version is written in the same transaction."""
    proposal = _locked_proposal(proposal_id)
    offices = settings_offices(user=by, district_id=proposal.district_id, day=timezone.localdate())
    if not offices.committee_officer:
        raise PermissionDenied(_("Only the school committee's chair or vice chair adopts."))
    if proposal.status != SettingsProposal.Status.AGREED:
        raise DomainError(_("The school committee adopts a proposal once the union agrees."))
    _distinct_signer(proposal, by)
    problems = _effective_from_problems(
        bargaining_unit=proposal.bargaining_unit, effective_from=proposal.effective_from
    )
    if problems:
        raise DomainError(problems)
    signature_sign(signer=by, record=proposal, capacity=SIGNED_AS_COMMITTEE)
    proposal.status = SettingsProposal.Status.ADOPTED
    proposal.adopted_by = by
    proposal.adopted_at = timezone.now()
    proposal.save(update_fields=["status", "adopted_by", "adopted_at"])
    return _settings_version_create(
        district=proposal.district,
        bargaining_unit=proposal.bargaining_unit,
        values=proposal.values,
        effective_from=proposal.effective_from,
        by=by,
        proposal=proposal,
        note=proposal.rationale,
    )


@transaction.atomic
def settings_proposal_decline(*, by: User, proposal_id: int, reason: str) -> SettingsProposal:
    """Before adoption, management withdraws, or the union or the committee declines, with a
    reason and a signature."""
    proposal = _locked_proposal(proposal_id)
    offices = settings_offices(user=by, district_id=proposal.district_id, day=timezone.localdate())
    if offices.management:
        status, capacity = SettingsProposal.Status.WITHDRAWN, SIGNED_AS_WITHDRAWING
    elif proposal.bargaining_unit_id in offices.union_units:
        status, capacity = SettingsProposal.Status.DECLINED, SIGNED_AS_UNION_DECLINING
    elif offices.committee_officer:
        status, capacity = SettingsProposal.Status.DECLINED, SIGNED_AS_COMMITTEE_DECLINING
    else:
        raise PermissionDenied(_("Only the parties to the proposal may decline it."))
    if not proposal.is_open:
        raise DomainError(_("This proposal is already closed."))
    if capacity == SIGNED_AS_COMMITTEE_DECLINING and (
        proposal.status != SettingsProposal.Status.AGREED
    ):
        raise DomainError(_("The school committee votes on a proposal once the union agrees."))
    reason = reason.strip()
    if len(reason) < 10:
        raise DomainError(_("Give the reason (at least 10 characters)."))
    signature_sign(signer=by, record=proposal, capacity=capacity)
    proposal.status = status
    proposal.closed_by = by
    proposal.closed_at = timezone.now()
    proposal.closed_reason = reason
    proposal.save(update_fields=["status", "closed_by", "closed_at", "closed_reason"])
    return proposal
