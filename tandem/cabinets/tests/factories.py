"""Factories of the advisory cabinets, around the tests' today (24 November 2026)."""

import datetime

import factory
from factory.django import DjangoModelFactory

from tandem.cabinets.models import Cabinet, Meeting, Round, Term, Topic
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import PersonFactory, RoleGrantFactory, UserFactory


def state_admin():
    """A state administrator with a second factor, as the pages ask of administrative roles."""
    return RoleGrantFactory(district=None, role=RoleGrant.Role.STATE_ADMIN).user


class CabinetFactory(DjangoModelFactory):
    class Meta:
        model = Cabinet

    name = factory.Sequence(lambda n: f"Teacher Advisory Cabinet {n}")
    kind = Cabinet.Kind.TEACHER
    purpose = "Advise the state on its educator-effectiveness work."


class RoundFactory(DjangoModelFactory):
    """Applications open through November and December 2026, for the term of 2027."""

    class Meta:
        model = Round

    cabinet = factory.SubFactory(CabinetFactory)
    school_year = factory.Sequence(lambda n: f"{2027 + n}-{(28 + n) % 100:02d}")
    opens_on = datetime.date(2026, 11, 1)
    closes_on = datetime.date(2026, 12, 15)
    term_starts_on = datetime.date(2027, 1, 1)
    term_ends_on = datetime.date(2027, 12, 31)
    seats = 3


class TermFactory(DjangoModelFactory):
    """A term in force today: the school year 2026-27."""

    class Meta:
        model = Term

    cabinet = factory.SubFactory(CabinetFactory)
    person = factory.SubFactory(PersonFactory, signs_in=True)
    starts_on = datetime.date(2026, 7, 1)
    ends_on = datetime.date(2027, 6, 30)
    recorded_by = factory.SubFactory(UserFactory)


class MeetingFactory(DjangoModelFactory):
    """A meeting held last week."""

    class Meta:
        model = Meeting

    cabinet = factory.SubFactory(CabinetFactory)
    subject = factory.Sequence(lambda n: f"Quarterly meeting {n}")
    starts_at = datetime.datetime(2026, 11, 17, 15, tzinfo=datetime.UTC)
    ends_at = datetime.datetime(2026, 11, 17, 17, tzinfo=datetime.UTC)
    place = "Malden, Room 2"
    agenda = "Welcome\nEvaluation guidance"
    created_by = factory.SubFactory(UserFactory)


class TopicFactory(DjangoModelFactory):
    """A topic open until mid-December."""

    class Meta:
        model = Topic

    cabinet = factory.SubFactory(CabinetFactory)
    title = factory.Sequence(lambda n: f"Consultation {n}")
    question = "What would help new teachers most in their first evaluation?"
    closes_on = datetime.date(2026, 12, 15)
    created_by = factory.SubFactory(UserFactory)
