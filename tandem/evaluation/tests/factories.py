"""Factories of the evaluation cycle and its step records.

``EvaluationCycleFactory`` builds what ``services.cycles.cycle_start`` would: a teacher's
Developing Educator Plan for the school year of the tests' today, the district's baseline
settings, a published rubric, and the primary evaluator's assignment for the year. Unlike the
service it makes no self-assessment; ``SelfAssessmentFactory`` does.
"""

import datetime

import factory
from factory.django import DjangoModelFactory

from tandem.bargaining.tests.factories import BaselineSettingsFactory
from tandem.evaluation.models import (
    EducatorPlan,
    EvaluationCycle,
    Evidence,
    FormativeAssessment,
    Goal,
    Observation,
    PriorRating,
    RecordShare,
    SelfAssessment,
    SummativeEvaluation,
)
from tandem.organizations.tests.factories import SchoolYearFactory
from tandem.organizations.vocabulary import PlanType
from tandem.people.models import EvaluatorAssignment
from tandem.people.tests.factories import EmploymentFactory, PersonFactory, UserFactory
from tandem.rubrics.tests.factories import FrameworkVersionFactory


class EvaluationCycleFactory(DjangoModelFactory):
    class Meta:
        model = EvaluationCycle
        skip_postgeneration_save = True

    employment = factory.SubFactory(EmploymentFactory)
    person = factory.SelfAttribute("employment.person")
    district = factory.SelfAttribute("employment.district")
    school_year = factory.SubFactory(
        SchoolYearFactory, district=factory.SelfAttribute("..district")
    )
    framework_version = factory.SubFactory(FrameworkVersionFactory, published=True)
    settings_version = factory.SubFactory(
        BaselineSettingsFactory, district=factory.SelfAttribute("..district")
    )
    plan_type = PlanType.DEVELOPING
    proposed_plan_type = factory.SelfAttribute("plan_type")
    primary_evaluator = factory.SubFactory(PersonFactory, signs_in=True)
    start_date = factory.SelfAttribute("school_year.start_date")
    end_date = factory.SelfAttribute("school_year.end_date")
    step = EvaluationCycle.Step.SELF_ASSESSMENT

    @factory.post_generation
    def evaluator_assignment(cycle, create, extracted, **kwargs):
        """The primary evaluator's assignment for the year, as ``cycle_start`` requires; pass
        ``evaluator_assignment=False`` for a cycle without one."""
        if not create or extracted is False or cycle.primary_evaluator_id is None:
            return
        EvaluatorAssignment.objects.get_or_create(
            evaluatee=cycle.employment,
            school_year=cycle.school_year,
            role=EvaluatorAssignment.Role.PRIMARY,
            defaults={"evaluator": cycle.primary_evaluator, "start_date": cycle.start_date},
        )


class SelfAssessmentFactory(DjangoModelFactory):
    class Meta:
        model = SelfAssessment

    cycle = factory.SubFactory(EvaluationCycleFactory)


class GoalFactory(DjangoModelFactory):
    """A proposed professional practice goal of one cycle, written by its educator; pass
    ``cycles=[...]`` for a team goal shared by several."""

    class Meta:
        model = Goal

    cycle = factory.SubFactory(EvaluationCycleFactory, step=EvaluationCycle.Step.EDUCATOR_PLAN)
    district = factory.SelfAttribute("cycle.district")
    kind = Goal.Kind.PROFESSIONAL_PRACTICE
    statement = factory.Sequence(lambda n: f"Use exit tickets in every lesson by March ({n}).")
    created_by = factory.LazyAttribute(lambda g: g.cycle.person.user or UserFactory())

    @classmethod
    def _create(cls, model_class, *args, cycle, cycles=None, **kwargs):
        goal = super()._create(model_class, *args, **kwargs)
        goal.cycles.set(cycles or [cycle])
        return goal


class EducatorPlanFactory(DjangoModelFactory):
    class Meta:
        model = EducatorPlan

    cycle = factory.SubFactory(EvaluationCycleFactory, step=EvaluationCycle.Step.EDUCATOR_PLAN)


class ObservationFactory(DjangoModelFactory):
    """An unannounced observation by the cycle's primary evaluator, its feedback not shared."""

    class Meta:
        model = Observation

    cycle = factory.SubFactory(EvaluationCycleFactory, step=EvaluationCycle.Step.IMPLEMENTATION)
    kind = Observation.Kind.UNANNOUNCED
    observed_on = datetime.date(2026, 11, 16)
    duration_minutes = 15
    observer = factory.SelfAttribute("cycle.primary_evaluator")
    notes = "Most students named the main idea on their exit tickets."
    feedback_due = datetime.date(2026, 11, 23)
    created_by = factory.SelfAttribute("observer.user")


class EvidenceFactory(DjangoModelFactory):
    """An artifact the educator added, without a file."""

    class Meta:
        model = Evidence

    cycle = factory.SubFactory(EvaluationCycleFactory, step=EvaluationCycle.Step.IMPLEMENTATION)
    kind = Evidence.Kind.ARTIFACT
    title = factory.Sequence(lambda n: f"Unit plan {n}")
    added_by = factory.LazyAttribute(lambda e: e.cycle.person.user or UserFactory())


class FormativeAssessmentFactory(DjangoModelFactory):
    class Meta:
        model = FormativeAssessment

    cycle = factory.SubFactory(EvaluationCycleFactory, step=EvaluationCycle.Step.FORMATIVE)
    kind = FormativeAssessment.Kind.ASSESSMENT


class SummativeEvaluationFactory(DjangoModelFactory):
    class Meta:
        model = SummativeEvaluation

    cycle = factory.SubFactory(EvaluationCycleFactory, step=EvaluationCycle.Step.SUMMATIVE)


class RecordShareFactory(DjangoModelFactory):
    """The educator's consent for a user (a union representative) to read the cycle."""

    class Meta:
        model = RecordShare

    cycle = factory.SubFactory(EvaluationCycleFactory)
    shared_with = factory.SubFactory(UserFactory)


class PriorRatingFactory(DjangoModelFactory):
    """A summative rating of 2023-24, from before Tandem."""

    class Meta:
        model = PriorRating

    employment = factory.SubFactory(EmploymentFactory)
    school_year = factory.SubFactory(
        SchoolYearFactory,
        district=factory.SelfAttribute("..employment.district"),
        name="2023-24",
        start_date=datetime.date(2023, 8, 28),
        end_date=datetime.date(2024, 6, 14),
    )
    plan_type = PlanType.SELF_DIRECTED
    overall_rating = "proficient"
    standard_1 = standard_2 = standard_3 = standard_4 = "proficient"
    evaluated_on = datetime.date(2024, 5, 20)
