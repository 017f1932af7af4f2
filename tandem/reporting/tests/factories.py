"""Factories of the state reporting, and the rated reports its roster reads."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from tandem.evaluation.models import FormativeAssessment, StandardRating, SummativeEvaluation
from tandem.evaluation.tests.factories import EvaluationCycleFactory
from tandem.organizations.tests.factories import DistrictFactory, SchoolYearFactory
from tandem.people.tests.factories import PersonFactory, UserFactory
from tandem.reporting.models import ReportingException
from tandem.rubrics.tests.factories import FrameworkVersionFactory, StandardFactory


class ReportingExceptionFactory(DjangoModelFactory):
    class Meta:
        model = ReportingException

    district = factory.SubFactory(DistrictFactory)
    school_year = factory.SubFactory(
        SchoolYearFactory, district=factory.SelfAttribute("..district")
    )
    person = factory.SubFactory(PersonFactory)
    reason = "On leave for the whole year."
    by = factory.SubFactory(UserFactory)


class SignedSummativeFactory(DjangoModelFactory):
    """A summative the evaluator signed, rated Proficient overall, for a cycle that ends in the
    school year of the tests' today; ``StandardRatingFactory`` adds its standards' ratings."""

    class Meta:
        model = SummativeEvaluation

    cycle = factory.SubFactory(EvaluationCycleFactory, step="summative")
    overall_rating = "proficient"
    status = SummativeEvaluation.Status.SIGNED_BY_EVALUATOR
    shared_at = factory.LazyFunction(timezone.now)


class SharedFormativeEvaluationFactory(DjangoModelFactory):
    """The formative evaluation at the end of the first year of a two-year plan, shared in the
    school year of the tests' today."""

    class Meta:
        model = FormativeAssessment

    cycle = factory.SubFactory(
        EvaluationCycleFactory,
        plan_type="self_directed",
        plan_years=2,
        end_date=datetime.date(2028, 6, 16),
        step="formative",
    )
    kind = FormativeAssessment.Kind.EVALUATION
    overall_rating = "exemplary"
    status = FormativeAssessment.Status.SHARED
    shared_at = factory.LazyFunction(timezone.now)


def massachusetts_standards():
    """Standards I to IV of one rubric version, by code."""
    version = FrameworkVersionFactory()
    return {
        code: StandardFactory(framework_version=version, code=code, position=position)
        for position, code in enumerate(("I", "II", "III", "IV"))
    }


class StandardRatingFactory(DjangoModelFactory):
    class Meta:
        model = StandardRating

    summative = factory.SubFactory(SignedSummativeFactory)
    standard = factory.SubFactory(StandardFactory)
    level = "proficient"
