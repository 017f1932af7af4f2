"""The caseload's filters: the school, the step, the plan type, the user's part in the cycle,
what the cycle waits on and whether it is overdue; and its order by due date."""

import pytest

from tandem.evaluation.models import EducatorPlan, EvaluationCycle
from tandem.evaluation.tests.factories import EducatorPlanFactory, EvaluationCycleFactory
from tandem.organizations.tests.factories import DistrictFactory, SchoolFactory
from tandem.organizations.vocabulary import PlanType
from tandem.people.tests.factories import PersonFactory, StaffAssignmentFactory
from tandem.rubrics.tests.factories import published_framework_version

pytestmark = pytest.mark.django_db

Step = EvaluationCycle.Step


@pytest.fixture
def caseload():
    """An evaluator's caseload at two schools of one district: Adams's self-assessment is
    overdue (waits on the educator), Baker's plan was sent (waits on the evaluator, and is late too), Chen is
    on a self-directed plan at step 3, and the evaluator supervises Diaz's cycle only."""
    district = DistrictFactory()
    north, south = SchoolFactory(district=district), SchoolFactory(district=district)
    evaluator = PersonFactory(signs_in=True)
    version = published_framework_version()

    def cycle(last_name, school, **fields):
        made = EvaluationCycleFactory(
            employment__district=district,
            employment__person__last_name=last_name,
            employment__person__signs_in=True,
            framework_version=version,
            **{"primary_evaluator": evaluator, **fields},
        )
        StaffAssignmentFactory(employment=made.employment, school=school)
        return made

    cycles = {
        "adams": cycle("Adams", north, step=Step.SELF_ASSESSMENT),
        "baker": cycle("Baker", north, step=Step.EDUCATOR_PLAN),
        "chen": cycle("Chen", south, step=Step.IMPLEMENTATION, plan_type=PlanType.SELF_DIRECTED),
        "diaz": cycle(
            "Diaz",
            south,
            step=Step.IMPLEMENTATION,
            supervising_evaluator=evaluator,
            primary_evaluator=PersonFactory(signs_in=True),
        ),
    }
    EducatorPlanFactory(cycle=cycles["baker"], status=EducatorPlan.Status.SUBMITTED)
    return evaluator, north, south, cycles


def _names(response):
    return [row.cycle.person.last_name for row in response.context["rows"]]


def test_the_caseload_lists_every_cycle_with_on_whom_it_waits(client, caseload):
    evaluator, _north, _south, _cycles = caseload
    client.force_login(evaluator.user)
    response = client.get("/cycles/")
    rows = {row.cycle.person.last_name: row for row in response.context["rows"]}
    assert sorted(rows) == ["Adams", "Baker", "Chen", "Diaz"]
    assert rows["Adams"].on_whom == str(rows["Adams"].cycle.person)
    assert rows["Baker"].on_whom == "You" and rows["Baker"].mine
    assert not rows["Diaz"].mine
    assert rows["Diaz"].on_whom == str(rows["Diaz"].cycle.primary_evaluator)


@pytest.mark.parametrize(
    "query,expected",
    [
        ("waits_on=me", ["Baker", "Chen"]),
        ("waits_on=educator", ["Adams"]),
        ("waits_on=evaluator", ["Baker", "Chen", "Diaz"]),
        ("overdue=1", ["Adams", "Baker"]),
        ("overdue=1&waits_on=me", ["Baker"]),
        ("plan_type=self_directed", ["Chen"]),
        ("step=implementation", ["Chen", "Diaz"]),
        ("relation=primary", ["Adams", "Baker", "Chen"]),
        ("relation=supervising", ["Diaz"]),
        ("relation=own", []),
        ("waits_on=nobody&relation=nobody&plan_type=none", ["Adams", "Baker", "Chen", "Diaz"]),
    ],
)
def test_the_caseload_filters(client, caseload, query, expected):
    evaluator, *_rest = caseload
    client.force_login(evaluator.user)
    assert _names(client.get(f"/cycles/?{query}")) == expected


def test_the_caseload_filters_by_school_and_offers_only_its_schools(client, caseload):
    evaluator, north, south, _cycles = caseload
    SchoolFactory(district=north.district)  # no cycle of this caseload is at it
    client.force_login(evaluator.user)
    response = client.get(f"/cycles/?school={south.pk}")
    assert _names(response) == ["Chen", "Diaz"]
    assert list(response.context["schools"]) == sorted([north, south], key=lambda s: s.name)
    assert 'name="school"' in response.content.decode()
    assert _names(client.get("/cycles/?school=99999999999999999999")) == [
        "Adams",
        "Baker",
        "Chen",
        "Diaz",
    ]


def test_the_caseload_orders_by_due_date_overdue_first(client, caseload):
    evaluator, *_rest = caseload
    client.force_login(evaluator.user)
    response = client.get("/cycles/?sort=due")
    dues = [row.next_due.due for row in response.context["rows"]]
    assert dues == sorted(dues)
    assert _names(response)[0] == "Adams"
    assert "Overdue since" in response.content.decode()


def test_a_teacher_filtering_on_what_waits_on_them_sees_only_their_own_cycle(client, caseload):
    _evaluator, _north, _south, cycles = caseload
    client.force_login(cycles["adams"].person.user)
    assert _names(client.get("/cycles/?waits_on=me")) == ["Adams"]
    client.force_login(cycles["baker"].person.user)
    assert _names(client.get("/cycles/?waits_on=me")) == []
