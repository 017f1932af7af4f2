"""Test helpers for the bargained evaluation settings: the office holders, the whole path, a
proposal form as offered, and factories of settings versions and proposals."""

import copy
import datetime

import factory
from factory.django import DjangoModelFactory

from tandem.bargaining import services
from tandem.organizations.models import BargainingUnit, DistrictSettingsVersion, SettingsProposal
from tandem.organizations.tests.factories import BargainingUnitFactory, DistrictFactory
from tandem.people.models import Employment, RoleGrant
from tandem.people.tests.factories import UserFactory


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


def as_offered(form, **typed) -> dict:
    """What posting ``form`` sends when its fields are left as offered but for ``typed``."""
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data.update(typed)
    return data


class BaselineSettingsFactory(DjangoModelFactory):
    """A district's baseline evaluation settings (the model contract's defaults), made once per
    district: asking again for the same district returns the one it has."""

    class Meta:
        model = DistrictSettingsVersion
        django_get_or_create = ("district", "bargaining_unit")

    district = factory.SubFactory(DistrictFactory)
    bargaining_unit = None
    number = 1
    effective_from = datetime.date(2018, 7, 1)
    values = factory.LazyFunction(lambda: copy.deepcopy(services.DEFAULT_EVALUATION_SETTINGS))


class SettingsProposalFactory(DjangoModelFactory):
    """A proposal waiting for the union, made by a user with no office; its signatures are not
    made (``settings_bargain`` takes the signed path)."""

    class Meta:
        model = SettingsProposal

    bargaining_unit = factory.SubFactory(BargainingUnitFactory)
    district = factory.SelfAttribute("bargaining_unit.district")
    values = factory.LazyFunction(lambda: copy.deepcopy(services.DEFAULT_EVALUATION_SETTINGS))
    effective_from = datetime.date(2027, 7, 1)
    rationale = "Agreed at the table."
    status = SettingsProposal.Status.PROPOSED
    proposed_by = factory.SubFactory(UserFactory)


class UnitSettingsVersionFactory(DjangoModelFactory):
    """A bargaining unit's adopted settings version, with the adopted proposal it comes from."""

    class Meta:
        model = DistrictSettingsVersion

    bargaining_unit = factory.SubFactory(BargainingUnitFactory)
    district = factory.SelfAttribute("bargaining_unit.district")
    proposal = factory.SubFactory(
        SettingsProposalFactory,
        bargaining_unit=factory.SelfAttribute("..bargaining_unit"),
        status=SettingsProposal.Status.ADOPTED,
    )
    number = factory.Sequence(lambda n: n + 1)
    effective_from = factory.SelfAttribute("proposal.effective_from")
    values = factory.SelfAttribute("proposal.values")
