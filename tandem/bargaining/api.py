"""Read-only endpoints of a district's bargained evaluation settings."""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from tandem.api_types import ObjectId, Pagination
from tandem.bargaining import selectors
from tandem.organizations.models import District

router = Router(tags=["organizations"])


class SettingsVersionOut(Schema):
    """An adopted version of evaluation settings; read-only, since changes are bargained."""

    id: int
    district_id: int
    bargaining_unit_id: int | None
    number: int
    effective_from: datetime.date
    values: dict
    adopted_at: datetime.datetime
    proposal_id: int | None


class SettingsProposalOut(Schema):
    id: int
    district_id: int
    bargaining_unit_id: int
    values: dict
    effective_from: datetime.date
    rationale: str
    status: str
    proposed_at: datetime.datetime
    agreed_at: datetime.datetime | None
    adopted_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    closed_reason: str


def _settings_district(request, district_id: int) -> District:
    district = get_object_or_404(District, pk=district_id)
    if not request.user.has_perm("bargaining.view_settings", district):
        raise Http404
    return district


@router.get("/districts/{district_id}/settings-versions", response=list[SettingsVersionOut])
@paginate(Pagination)
def list_settings_versions(request, district_id: ObjectId):
    """Every adopted version of the district's evaluation settings. There is no write route:
    settings change only when the school committee adopts a proposal the union agreed to."""
    district = _settings_district(request, district_id)
    return selectors.settings_version_list(district_id=district.pk)


@router.get("/districts/{district_id}/settings-proposals", response=list[SettingsProposalOut])
@paginate(Pagination)
def list_settings_proposals(request, district_id: ObjectId):
    """The district's proposals to change a unit's evaluation settings, newest first."""
    district = _settings_district(request, district_id)
    return selectors.settings_proposal_list(district_id=district.pk)
