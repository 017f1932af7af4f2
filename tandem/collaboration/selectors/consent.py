"""Where each party's key leader stands on a record that every party must sign."""

import datetime
from dataclasses import dataclass

from tandem.collaboration.models import KEY_OFFICES, Party
from tandem.people.models import RoleGrant
from tandem.people.selectors import office_holders


@dataclass(frozen=True)
class PartyConsent:
    """Where one party's key leader stands on a record that every party must sign."""

    party: str
    holder: RoleGrant | None
    agreement: object | None
    lapsed: list

    @property
    def party_label(self) -> str:
        return Party(self.party).label


def consent_status(
    *, district_id: int, consents, day: datetime.date, holders: dict | None = None
) -> list[PartyConsent]:
    """For each party: its office-holder on ``day`` and their consent (any rows with ``party``
    and ``grant_id``), and the consents that lapsed because the office changed hands.
    ``holders`` (office → grant) is the district's office-holders on ``day`` when already read."""
    if holders is None:
        holders = office_holders(district_ids=[district_id], day=day).get(district_id, {})
    current_grants = {grant.pk for grant in holders.values()}
    status = []
    for party, offices in KEY_OFFICES.items():
        holder = next((holders[o] for o in offices if o in holders), None)
        own = [c for c in consents if c.party == party]
        status.append(
            PartyConsent(
                party=party,
                holder=holder,
                agreement=next((c for c in own if c.grant_id in current_grants), None),
                lapsed=[c for c in own if c.grant_id not in current_grants],
            )
        )
    return status


def own_consent(standing: list[PartyConsent], *, user) -> PartyConsent | None:
    """The party ``user`` signs for in ``standing``: the one whose office they hold, if any."""
    return next((s for s in standing if s.holder and s.holder.user_id == user.pk), None)
