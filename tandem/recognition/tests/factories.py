"""A state program of 2027 with the Teacher of the Year's rules and a three-line rubric, its
cycle's stages open around the tests' today (24 November 2026), nominations and
applications."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from tandem.people.tests.factories import EmploymentFactory, PersonFactory, UserFactory
from tandem.recognition.models import (
    Application,
    Criterion,
    Cycle,
    EligibilityRule,
    Nomination,
    Program,
    Stage,
)

# Days after the tests' today on which each stage closes.
STAGES = {
    Stage.Kind.NOMINATION: 30,
    Stage.Kind.APPLICATION: 60,
    Stage.Kind.READING: 90,
    Stage.Kind.SHORTLIST: 120,
    Stage.Kind.SELECTION: 150,
}
TODAY = datetime.date(2026, 11, 24)


class ProgramFactory(DjangoModelFactory):
    """A state program with a rubric of three criteria of 10 points and no rules; pass
    ``rules=True`` for the Teacher of the Year's four."""

    class Meta:
        model = Program
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Recognition Program {n}")
    description = "Honours an educator each year."

    @factory.post_generation
    def criteria(program, create, extracted, **kwargs):
        if create:
            for n, name in enumerate(extracted or ("Impact on students", "Leadership", "Voice")):
                Criterion.objects.create(program=program, name=name, max_points=10, order=n)

    @factory.post_generation
    def rules(program, create, extracted, **kwargs):
        if create and extracted:
            Kind = EligibilityRule.Kind
            EligibilityRule.objects.create(program=program, kind=Kind.YEARS, threshold=4)
            EligibilityRule.objects.create(program=program, kind=Kind.LICENSED)
            EligibilityRule.objects.create(
                program=program, kind=Kind.FULL_TIME, threshold=Decimal("1.0")
            )
            EligibilityRule.objects.create(program=program, kind=Kind.DIRECT_INSTRUCTION)


class CycleFactory(DjangoModelFactory):
    """The 2027 cycle, every stage still open; ``closed=[kinds]`` closes those yesterday."""

    class Meta:
        model = Cycle
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory)
    year = 2027
    shortlist_size = 2

    @factory.post_generation
    def closed(cycle, create, extracted, **kwargs):
        if not create:
            return
        for kind, days in STAGES.items():
            closes = -1 if kind in (extracted or ()) else days
            Stage.objects.create(
                cycle=cycle, kind=kind, closes_on=TODAY + datetime.timedelta(days=closes)
            )


class NominationFactory(DjangoModelFactory):
    class Meta:
        model = Nomination

    cycle = factory.SubFactory(CycleFactory)
    person = factory.SubFactory(PersonFactory)
    district = factory.LazyAttribute(
        lambda o: (
            o.person.employments.first().district
            if o.person.employments.exists()
            else EmploymentFactory(person=o.person).district
        )
    )
    nominator = factory.SubFactory(UserFactory)
    relationship = Nomination.Relationship.COLLEAGUE
    reason = "She turned our grade-four math around."


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application

    cycle = factory.SubFactory(CycleFactory)
    person = factory.SubFactory(PersonFactory)
    district = factory.LazyAttribute(
        lambda o: (
            o.person.employments.first().district
            if o.person.employments.exists()
            else EmploymentFactory(person=o.person).district
        )
    )
    statement = "Why I teach."
