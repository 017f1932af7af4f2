"""Reads of the bargained evaluation settings: which version is in force, who acts on them."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from tandem.organizations.models import (
    BargainingUnit,
    District,
    DistrictSettingsVersion,
    SettingsProposal,
)
from tandem.people.models import Employment, RoleGrant
from tandem.people.selectors import roles_of


def bargaining_unit_role_groups(*, bargaining_unit_id: int) -> set[str]:
    """The role groups of the educators a unit has ever covered."""
    return set(
        Employment.objects.filter(bargaining_unit_id=bargaining_unit_id)
        .values_list("role_group", flat=True)
        .distinct()
    )


def bargaining_unit_for(
    *, district_id: int, role_group: str, on: datetime.date
) -> BargainingUnit | None:
    """The unit a new employee of ``role_group`` joins: the one covering most of the district's
    employees of that role group in force on ``on``, or None when none of them is in a unit."""
    unit_id = (
        Employment.objects.active_on(on)
        .filter(district_id=district_id, role_group=role_group, bargaining_unit__isnull=False)
        .values("bargaining_unit_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "bargaining_unit_id")
        .values_list("bargaining_unit_id", flat=True)
        .first()
    )
    return BargainingUnit.objects.filter(pk=unit_id).first() if unit_id else None


def settings_in_force(
    *, district_id: int, on: datetime.date, bargaining_unit_id: int | None = None
) -> DistrictSettingsVersion | None:
    """The settings version in force on ``on``: the bargaining unit's own, else the district's."""
    versions = DistrictSettingsVersion.objects.filter(
        district_id=district_id, effective_from__lte=on
    )
    if bargaining_unit_id is not None:
        own = (
            versions.filter(bargaining_unit_id=bargaining_unit_id)
            .order_by("-effective_from", "-number")
            .first()
        )
        if own is not None:
            return own
    return (
        versions.filter(bargaining_unit__isnull=True).order_by("-effective_from", "-number").first()
    )


def settings_latest(*, district_id: int, bargaining_unit_id: int) -> DistrictSettingsVersion | None:
    """The unit's last adopted version, even one not yet in force, else the district's baseline
    in force today: what a new proposal starts from, so that it cannot undo a bargained change
    by overlooking it."""
    return (
        DistrictSettingsVersion.objects.filter(
            district_id=district_id, bargaining_unit_id=bargaining_unit_id
        )
        .order_by("-effective_from", "-number")
        .first()
    ) or settings_in_force(district_id=district_id, on=timezone.localdate())


@dataclass(frozen=True)
class SettingsOffices:
    """The capacities in which a user acts on a district's bargained evaluation settings."""

    management: bool = False
    union_units: frozenset[int] = frozenset()
    committee_officer: bool = False


def settings_offices(*, user, district_id: int, day: datetime.date) -> SettingsOffices:
    """What ``user`` may do with the district's settings on ``day``, from their role grants.

    Management is any district administrator (the superintendent or an assistant); the union
    is a union leader of the unit; the committee acts through its chair or vice chair.
    """
    if not user.is_authenticated:
        return SettingsOffices()
    management, units, committee = False, set(), False
    for role, unit_id, office in (
        RoleGrant.objects.active_on(day)
        .filter(user=user, district_id=district_id)
        .values_list("role", "bargaining_unit_id", "office")
    ):
        if role == RoleGrant.Role.DISTRICT_ADMIN:
            management = True
        elif role == RoleGrant.Role.UNION_LEADER and unit_id is not None:
            units.add(unit_id)
        elif role == RoleGrant.Role.SCHOOL_COMMITTEE and office in (
            RoleGrant.Office.COMMITTEE_CHAIR,
            RoleGrant.Office.COMMITTEE_VICE_CHAIR,
        ):
            committee = True
    return SettingsOffices(
        management=management, union_units=frozenset(units), committee_officer=committee
    )


def settings_readable(*, user, district_id: int) -> bool:
    """Staff and district roles of the district, the facilitator and state roles read its
    evaluation settings."""
    roles = roles_of(user)
    return district_id in roles.staff_districts or roles.is_state_staff


@dataclass(frozen=True)
class UnitSettings:
    bargaining_unit: BargainingUnit | None
    """None for the district baseline."""
    in_force: DistrictSettingsVersion | None
    upcoming: list[DistrictSettingsVersion]
    """Adopted versions that take effect after ``day``, soonest first."""


def settings_overview(*, district: District, day: datetime.date) -> list[UnitSettings]:
    """The baseline and each bargaining unit's settings in force on ``day``, in one query."""
    versions = list(
        DistrictSettingsVersion.objects.filter(district=district).order_by(
            "effective_from", "number"
        )
    )
    rows = []
    for unit in [None, *district.bargaining_units.order_by("code")]:
        unit_id = unit.pk if unit else None
        own = [v for v in versions if v.bargaining_unit_id == unit_id]
        current = [v for v in own if v.effective_from <= day]
        in_force = current[-1] if current else None
        if in_force is None and unit is not None:
            baseline = [
                v for v in versions if v.bargaining_unit_id is None and v.effective_from <= day
            ]
            in_force = baseline[-1] if baseline else None
        rows.append(
            UnitSettings(
                bargaining_unit=unit,
                in_force=in_force,
                upcoming=[v for v in own if v.effective_from > day],
            )
        )
    return rows


def settings_version_list(*, district_id: int) -> QuerySet[DistrictSettingsVersion]:
    return (
        DistrictSettingsVersion.objects.filter(district_id=district_id)
        .select_related("bargaining_unit", "adopted_by", "proposal")
        .order_by("bargaining_unit__code", "-effective_from", "-number")
    )


def settings_proposal_list(*, district_id: int) -> QuerySet[SettingsProposal]:
    return (
        SettingsProposal.objects.filter(district_id=district_id)
        .select_related("bargaining_unit", "proposed_by", "agreed_by", "adopted_by", "closed_by")
        .order_by("-proposed_at", "-pk")
    )
