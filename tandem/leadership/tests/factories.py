import factory
from factory.django import DjangoModelFactory

from tandem.leadership.models import Domain, LatticeLevel, LeadershipRole, RoleDomain
from tandem.organizations.tests.factories import DistrictFactory


class LeadershipRoleFactory(DjangoModelFactory):
    """A district's instructional coach, three hours a week, serving the instruction domain;
    pass ``domains=[...]`` for others."""

    class Meta:
        model = LeadershipRole
        skip_postgeneration_save = True

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Coach {n}")
    kind = LeadershipRole.Kind.COACH
    duties = "Observes colleagues' lessons and coaches them through cycles of feedback."
    hours_per_week = 3
    stipend = 2500

    @factory.post_generation
    def domains(role, create, extracted, **kwargs):
        if create:
            for domain in extracted if extracted is not None else [Domain.INSTRUCTION]:
                RoleDomain.objects.create(role=role, domain=domain)


class LatticeLevelFactory(DjangoModelFactory):
    """A level that asks nothing; pass the criteria wanted."""

    class Meta:
        model = LatticeLevel

    district = factory.SubFactory(DistrictFactory)
    rank = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Level {n}")
