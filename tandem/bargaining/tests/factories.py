"""Test helpers for the bargained evaluation settings: signed requests and the whole path."""

import datetime

from allauth.account.internal.flows.login import record_authentication
from django.test import RequestFactory

from tandem.bargaining import services
from tandem.organizations.models import BargainingUnit, DistrictSettingsVersion, SettingsProposal
from tandem.people.models import Employment, RoleGrant


def office_holders(unit: BargainingUnit) -> dict:
    """The superintendent, a union leader of ``unit`` (one is appointed if it has none) and the
    school committee chair of the unit's district."""
    district = unit.district
    union = RoleGrant.objects.filter(
        role=RoleGrant.Role.UNION_LEADER, bargaining_unit=unit, end_date__isnull=True
    ).first()
    if union is None:
        member = Employment.objects.filter(bargaining_unit=unit, person__user__isnull=False).first()
        union = RoleGrant.objects.create(
            user=member.person.user,
            role=RoleGrant.Role.UNION_LEADER,
            district=district,
            bargaining_unit=unit,
            start_date=datetime.date(2020, 1, 1),
        )
    return {
        "management": RoleGrant.objects.get(
            district=district, office=RoleGrant.Office.SUPERINTENDENT
        ).user,
        "union": union.user,
        "committee": RoleGrant.objects.get(
            district=district, office=RoleGrant.Office.COMMITTEE_CHAIR
        ).user,
    }


def settings_bargain(
    *,
    unit: BargainingUnit,
    values: dict,
    effective_from: datetime.date,
    rationale: str = "Agreed at the table.",
) -> DistrictSettingsVersion:
    """Take a change to ``unit``'s settings the only way there is: proposed, agreed, adopted."""
    SettingsProposal.objects.filter(bargaining_unit=unit, status__in=SettingsProposal.OPEN).update(
        status=SettingsProposal.Status.WITHDRAWN
    )
    who = office_holders(unit)
    proposal = services.settings_proposal_make(
        by=who["management"],
        bargaining_unit=unit,
        values=values,
        effective_from=effective_from,
        rationale=rationale,
    )
    services.settings_proposal_agree(by=who["union"], proposal_id=proposal.pk)
    return services.settings_proposal_adopt(by=who["committee"], proposal_id=proposal.pk)


def reauthenticated_client(client, user):
    """Sign ``client`` in as ``user`` as if the password had just been typed again."""
    client.force_login(user)
    request = RequestFactory().get("/")
    request.user = user
    request.session = client.session
    record_authentication(request, user, method="password", reauthenticated=True)
    request.session.save()
    return client
