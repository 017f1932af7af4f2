"""Joint agreements (tentative agreements, memoranda of understanding, shared statements),
each a first version signed by some or all of the district's key leaders.

Signed through ``records.signature_sign`` and written here rather than by
``collaboration``'s ``agreement_sign``: that service checks offices and puts an agreement in
effect on the clock's today, and each of its signatures saves the agreement again (a history
row each), while the demo writes agreements already signed on a day in its past.
"""

import datetime

from tandem.collaboration.models import (
    CAUCUS_PARTIES,
    PARTY_OF_OFFICE,
    AgreementSignature,
    JointAgreement,
    Team,
)
from tandem.demo.calendars import moment
from tandem.demo.leaders import DistrictLeaders
from tandem.people.models import RoleGrant, User
from tandem.records.models import Signature
from tandem.records.services import signature_sign

MOU_TEXT = (
    "For the current school year, teachers who serve as mentors under the new-teacher program "
    "receive the stipend set out in this memorandum. The parties will review the program "
    "together before the next contract is bargained."
)


def joint_agreement_make(
    team: Team,
    leaders: DistrictLeaders,
    *,
    today: datetime.date,
    signers: list[User],
    days_ago: int,
    **fields,
) -> JointAgreement:
    """A first version with ``fields`` (kind, title, body; a tentative agreement's issue),
    drafted by the principal and signed by ``signers``; in effect when all three have signed."""
    signed_on = today - datetime.timedelta(days=days_ago)
    in_effect = len(signers) == len(CAUCUS_PARTIES)
    agreement = JointAgreement.objects.create(
        team=team,
        drafted_by=leaders.principal,
        status=JointAgreement.Status.IN_EFFECT if in_effect else JointAgreement.Status.SIGNING,
        effective_on=signed_on if in_effect else None,
        **fields,
    )
    # Drafted a fortnight before it was signed (``created_at`` is set on insert only).
    JointAgreement.objects.filter(pk=agreement.pk).update(
        created_at=moment(signed_on - datetime.timedelta(days=14))
    )
    grants = {
        g.user_id: g
        for g in RoleGrant.objects.active_on(today)
        .filter(district=team.district, user__in=signers)
        .exclude(office="")
    }
    for user in signers:
        grant = grants[user.pk]
        signature = signature_sign(
            signer=user, record=agreement, capacity=grant.get_office_display()
        )
        signed = AgreementSignature.objects.create(
            agreement=agreement,
            party=PARTY_OF_OFFICE[grant.office],
            grant=grant,
            signature=signature,
        )
        when = moment(signed_on)
        Signature.objects.filter(pk=signature.pk).update(signed_at=when)
        AgreementSignature.objects.filter(pk=signed.pk).update(signed_at=when)
    return agreement
