"""Reads about joint agreements: their versions and who has signed each."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from tandem.collaboration.models import (
    CAUCUS_PARTIES,
    KEY_OFFICES,
    AgreementSignature,
    JointAgreement,
    Party,
    Team,
)
from tandem.people.models import RoleGrant
from tandem.people.selectors import office_holders


def agreement_list(*, team: Team) -> QuerySet[JointAgreement]:
    """The latest version of each of the team's agreements."""
    return (
        team.agreements.filter(superseded_by__isnull=True)
        .select_related("issue")
        .order_by("kind", "-created_at", "-pk")
    )


def agreement_versions(*, agreement: JointAgreement) -> list[JointAgreement]:
    """Every version of the agreement, newest first, with their signatures."""
    return list(
        JointAgreement.objects.filter(Q(pk=agreement.line_id) | Q(original_id=agreement.line_id))
        .prefetch_related("signatures__grant__user")
        .order_by("-number")
    )


def agreement_in_effect(*, agreement: JointAgreement) -> JointAgreement | None:
    """The version of the agreement that binds the parties today, if any."""
    return (
        JointAgreement.objects.filter(
            Q(pk=agreement.line_id) | Q(original_id=agreement.line_id),
            status=JointAgreement.Status.IN_EFFECT,
        )
        .order_by("-number")
        .first()
    )


@dataclass(frozen=True)
class PartySigning:
    """One party's signature on a version, and who may still sign for it today."""

    party: str
    holder: RoleGrant | None
    signed: AgreementSignature | None

    @property
    def party_label(self) -> str:
        return Party(self.party).label


def signing_status(*, agreement: JointAgreement, day: datetime.date) -> list[PartySigning]:
    """For each caucus party: its key leader today and its signature on this version."""
    holders = office_holders(district_ids=[agreement.team.district_id], day=day).get(
        agreement.team.district_id, {}
    )
    signed = {s.party: s for s in agreement.signatures.select_related("grant__user", "signature")}
    return [
        PartySigning(
            party=party,
            holder=next((holders[o] for o in KEY_OFFICES[party] if o in holders), None),
            signed=signed.get(party),
        )
        for party in CAUCUS_PARTIES
    ]
