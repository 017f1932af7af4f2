"""Factories of people, their employment, assignments and the dated grants of access.

Every dated row starts before the tests' today (24 November 2026) and has no end, so it is in
force; pass ``end_date`` for one that has ended.
"""

import datetime
import hashlib

import factory
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from factory.django import DjangoModelFactory

from tandem.organizations.tests.factories import (
    DistrictFactory,
    SchoolFactory,
    SchoolYearFactory,
)
from tandem.organizations.vocabulary import RoleGroup
from tandem.people.models import (
    ApiToken,
    Employment,
    EvaluatorAssignment,
    Person,
    RoleGrant,
    StaffAssignment,
    User,
)

HIRED = datetime.date(2018, 8, 27)


class UserFactory(DjangoModelFactory):
    """A sign-in with no usable password: tests sign it in with ``client.force_login``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"factory.user{n}@example.test")
    first_name = factory.Sequence(lambda n: f"Avery{n}")
    last_name = factory.Sequence(lambda n: f"Factoryson{n:03d}")
    password = factory.django.Password(None)

    @factory.post_generation
    def two_factor(user, create, extracted, **kwargs):
        """``UserFactory(two_factor=True)`` enrols a TOTP authenticator, which administrative
        roles must have before any page opens (issue 3, ``RequireMFAMiddleware``)."""
        if create and extracted:
            Authenticator.objects.create(
                user=user,
                type=Authenticator.Type.TOTP,
                data={"secret": get_mfa_adapter().encrypt("JBSWY3DPEHPK3PXP")},
            )


class PersonFactory(DjangoModelFactory):
    """A person without a sign-in; ``PersonFactory(signs_in=True)`` gives them one."""

    class Meta:
        model = Person

    class Params:
        signs_in = factory.Trait(
            user=factory.SubFactory(
                UserFactory,
                first_name=factory.SelfAttribute("..first_name"),
                last_name=factory.SelfAttribute("..last_name"),
                email=factory.SelfAttribute("..email"),
            )
        )

    state_id = factory.Sequence(lambda n: f"F{n:08d}")
    first_name = factory.Sequence(lambda n: f"Jordan{n}")
    last_name = factory.Sequence(lambda n: f"Factorial{n:03d}")
    email = factory.LazyAttribute(lambda p: f"{p.first_name}.{p.last_name}@example.test".lower())
    user = None


class EmploymentFactory(DjangoModelFactory):
    """A teacher's employment, in force since 2018, without professional teacher status."""

    class Meta:
        model = Employment

    person = factory.SubFactory(PersonFactory)
    district = factory.SubFactory(DistrictFactory)
    role_group = RoleGroup.TEACHER
    start_date = HIRED
    role_start_date = factory.SelfAttribute("start_date")
    has_pts = False


class StaffAssignmentFactory(DjangoModelFactory):
    """A full-time classroom assignment at a school of the employment's district."""

    class Meta:
        model = StaffAssignment

    employment = factory.SubFactory(EmploymentFactory)
    school = factory.SubFactory(
        SchoolFactory, district=factory.SelfAttribute("..employment.district")
    )
    position = StaffAssignment.Position.CLASSROOM_TEACHER
    subject = "Mathematics"
    grade_level = "4"
    fte = "1.00"
    start_date = HIRED


class EvaluatorAssignmentFactory(DjangoModelFactory):
    """The primary evaluator of an employment for the school year of the tests' today."""

    class Meta:
        model = EvaluatorAssignment

    evaluatee = factory.SubFactory(EmploymentFactory)
    evaluator = factory.SubFactory(PersonFactory, signs_in=True)
    role = EvaluatorAssignment.Role.PRIMARY
    school_year = factory.SubFactory(
        SchoolYearFactory, district=factory.SelfAttribute("..evaluatee.district")
    )
    start_date = factory.SelfAttribute("school_year.start_date")


class RoleGrantFactory(DjangoModelFactory):
    """District HR in a district; pass ``role`` (and ``school`` for a principal) for another.
    Its user has a second factor, so that the pages open for any role."""

    class Meta:
        model = RoleGrant

    user = factory.SubFactory(UserFactory, two_factor=True)
    role = RoleGrant.Role.DISTRICT_HR
    district = factory.SubFactory(DistrictFactory)
    start_date = HIRED


class ApiTokenFactory(DjangoModelFactory):
    """A token row; its secret is not known (``people.services.api_token_create`` makes one
    that can be used)."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Student information system {n}")
    prefix = factory.Sequence(lambda n: f"tdm_{n:06d}")
    digest = factory.LazyAttribute(lambda t: hashlib.sha256(t.prefix.encode()).hexdigest())
