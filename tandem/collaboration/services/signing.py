"""A key leader's signature for their party, as every record the parties sign takes it."""

from django.utils.translation import gettext as _

from tandem.collaboration.models import PARTY_OF_OFFICE, Party, Team
from tandem.collaboration.selectors.consent import consent_status
from tandem.collaboration.selectors.teams import key_office_of
from tandem.errors import DomainError
from tandem.people.models import RoleGrant, User
from tandem.records.services import signature_sign


def party_sign(*, by: User, record, team: Team, signatures, day, lapses: bool = True):
    """Sign ``record`` for the signed-in key leader's party and add the party's row to
    ``signatures`` (the record's related manager of them); returns that row.

    Refused for anyone who does not hold a key office today and for a party that has already
    signed. With ``lapses``, a party's signature counts only while its signer holds the office
    (consent to take part, adoption of a plan); without, what was signed stays signed.
    """
    consents = list(signatures.all())
    grant = key_office_of(user=by, team=team, day=day)
    if grant is None:
        raise DomainError(
            _(
                "Only the superintendent, the union president and the school committee chair or "
                "vice chair sign for the district, each for themselves."
            )
        )
    party = PARTY_OF_OFFICE[grant.office]
    if lapses:
        standing = consent_status(district_id=team.district_id, consents=consents, day=day)
        signed = any(s.party == party and s.agreement is not None for s in standing)
    else:
        signed = any(c.party == party for c in consents)
    if signed:
        raise DomainError(_("%(party)s has already signed.") % {"party": Party(party).label})
    signature = signature_sign(
        signer=by, record=record, capacity=RoleGrant.Office(grant.office).label
    )
    return signatures.create(party=party, grant=grant, signature=signature)
