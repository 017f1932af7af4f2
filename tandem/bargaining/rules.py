"""A district's evaluation settings are read by its staff and district roles, the partnership
facilitator and the state; they change only by the bargained path (issue 5, item 7), whose
acts belong to named office-holders.
"""

import rules
from django.utils import timezone

from tandem.bargaining.selectors import settings_offices, settings_readable
from tandem.organizations.models import District, SettingsProposal


def _offices(user, district_id: int):
    return settings_offices(user=user, district_id=district_id, day=timezone.localdate())


@rules.predicate
def may_read_settings(user, district: District) -> bool:
    return settings_readable(user=user, district_id=district.pk)


@rules.predicate
def is_management(user, district: District) -> bool:
    return _offices(user, district.pk).management


@rules.predicate
def is_union_of_the_unit(user, proposal: SettingsProposal) -> bool:
    return proposal.bargaining_unit_id in _offices(user, proposal.district_id).union_units


@rules.predicate
def is_committee_officer(user, proposal: SettingsProposal) -> bool:
    return _offices(user, proposal.district_id).committee_officer


@rules.predicate
def is_management_of_the_proposal(user, proposal: SettingsProposal) -> bool:
    return _offices(user, proposal.district_id).management


rules.add_perm("bargaining.view_settings", may_read_settings)
rules.add_perm("bargaining.propose_settings", is_management)
rules.add_perm("bargaining.agree_settings", is_union_of_the_unit)
rules.add_perm("bargaining.adopt_settings", is_committee_officer)
rules.add_perm(
    "bargaining.decline_settings",
    is_management_of_the_proposal | is_union_of_the_unit | is_committee_officer,
)
