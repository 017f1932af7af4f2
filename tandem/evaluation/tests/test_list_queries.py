"""The caseload, the progress pages, a cycle's evidence and the cycle endpoints make as many
queries for 30 rows as for 3 (STYLE.md §9: an N+1 fails here)."""

import pytest

from tandem.evaluation.models import EvaluationCycle
from tandem.evaluation.tests.factories import (
    EvaluationCycleFactory,
    EvidenceFactory,
    GoalFactory,
    ObservationFactory,
    SelfAssessmentFactory,
)
from tandem.organizations.tests.factories import DistrictFactory, SchoolFactory
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import PersonFactory, RoleGrantFactory, StaffAssignmentFactory
from tandem.rubrics.tests.factories import published_framework_version

pytestmark = pytest.mark.django_db


def _cycles(rows, *, evaluator=None, step=EvaluationCycle.Step.IMPLEMENTATION):
    """``rows`` teachers' cycles under way at one school of a new district, each with the
    school's assignment, evaluated by one evaluator."""
    school = SchoolFactory(district=DistrictFactory())
    evaluator = evaluator or PersonFactory(signs_in=True)
    version = published_framework_version()
    cycles = EvaluationCycleFactory.create_batch(
        rows,
        employment__district=school.district,
        framework_version=version,
        primary_evaluator=evaluator,
        step=step,
    )
    for cycle in cycles:
        StaffAssignmentFactory(employment=cycle.employment, school=school)
    return school, evaluator


def _one_cycle():
    _school, evaluator = _cycles(1)
    return EvaluationCycle.objects.get(primary_evaluator=evaluator), evaluator.user


# The caseload reads its school filter's choices once; filtering on what a cycle waits for,
# or ordering by due date, reads every matching cycle with its records in the same query.
@pytest.mark.parametrize(
    "url,queries",
    [
        pytest.param("/cycles/", 10, id="caseload"),
        pytest.param("/cycles/?waits_on=evaluator&sort=due", 9, id="caseload-waiting"),
        pytest.param("/api/cycles?limit=50", 9, id="api"),
    ],
)
def test_an_evaluators_cycle_list_makes_a_fixed_number_of_queries(
    rows, url, queries, signed_in, pinned_queries, listed
):
    _school, evaluator = _cycles(rows)
    signed_in(evaluator.user)
    assert listed(pinned_queries(url, queries)) == rows


def test_a_schools_progress_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    school, _evaluator = _cycles(rows)
    principal = RoleGrantFactory(role=RoleGrant.Role.PRINCIPAL, district=None, school=school)
    signed_in(principal.user)
    response = pinned_queries(f"/schools/{school.pk}/evaluations/", 10)
    assert len(response.context["rows"]) == rows


def test_a_districts_progress_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    school, _evaluator = _cycles(rows)
    signed_in(RoleGrantFactory(district=school.district).user)
    response = pinned_queries(f"/districts/{school.district_id}/evaluations/", 11)
    assert response.context["summary"].total == rows


def test_a_cycles_evidence_page_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    cycle, evaluator = _one_cycle()
    indicator = cycle.framework_version.standards.get().indicators.get()
    for observation in ObservationFactory.create_batch(rows, cycle=cycle):
        observation.elements.set(indicator.elements.all())
    for evidence in EvidenceFactory.create_batch(rows, cycle=cycle):
        evidence.indicators.set([indicator])
    signed_in(evaluator)
    # 16: with the removal requests (one prefetch) and the stamp of the evaluator's opening;
    # the rubric tags come from one query of the version's indicators.
    response = pinned_queries(f"/cycles/{cycle.pk}/evidence/", 16)
    assert len(response.context["observations"]) == len(response.context["evidence"]) == rows


def test_the_goal_list_endpoint_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    cycle, evaluator = _one_cycle()
    GoalFactory.create_batch(rows, cycle=cycle)
    signed_in(evaluator)
    assert len(pinned_queries(f"/api/cycles/{cycle.pk}/goals", 9).json()) == rows


def test_the_observation_list_endpoint_makes_a_fixed_number_of_queries(
    rows, signed_in, pinned_queries
):
    cycle, evaluator = _one_cycle()
    elements = cycle.framework_version.standards.get().indicators.get().elements.all()
    for observation in ObservationFactory.create_batch(rows, cycle=cycle):
        observation.elements.set(elements)
    signed_in(evaluator)
    response = pinned_queries(f"/api/cycles/{cycle.pk}/observations", 10)
    assert len(response.json()) == rows


def test_the_evidence_list_endpoint_makes_a_fixed_number_of_queries(
    rows, signed_in, pinned_queries
):
    cycle, evaluator = _one_cycle()
    indicator = cycle.framework_version.standards.get().indicators.get()
    for evidence in EvidenceFactory.create_batch(rows, cycle=cycle):
        evidence.indicators.set([indicator])
    signed_in(evaluator)
    assert len(pinned_queries(f"/api/cycles/{cycle.pk}/evidence", 10).json()) == rows


def _cycle_rated_on(indicators, *, step):
    """A cycle whose rubric has ``indicators`` standards of one indicator and one element each,
    with the descriptors of every element on its pages (issue 11)."""
    return EvaluationCycleFactory(
        framework_version=published_framework_version(standards=indicators),
        employment__person__signs_in=True,
        step=step,
    )


def test_the_self_assessment_page_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    cycle = _cycle_rated_on(rows, step=EvaluationCycle.Step.SELF_ASSESSMENT)
    SelfAssessmentFactory(cycle=cycle)
    signed_in(cycle.person.user)
    response = pinned_queries(f"/cycles/{cycle.pk}/self-assessment/", 13)
    assert response.content.decode().count('class="level-descriptors"') == rows


def test_an_observation_page_makes_a_fixed_number_of_queries(rows, signed_in, pinned_queries):
    cycle = _cycle_rated_on(rows, step=EvaluationCycle.Step.IMPLEMENTATION)
    observation = ObservationFactory(cycle=cycle)
    signed_in(cycle.primary_evaluator.user)
    # 14: with the co-observation, if any (its link for the two raters).
    response = pinned_queries(f"/cycles/{cycle.pk}/observations/{observation.pk}/", 14)
    assert response.content.decode().count('class="checkbox-group"') == rows
