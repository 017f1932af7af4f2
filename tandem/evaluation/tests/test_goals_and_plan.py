"""Steps 1 and 2: the self-assessment, the goals and the educator plan, through the pages."""

import pytest
from django.db import connection

from tandem.errors import DomainError
from tandem.evaluation.models import EducatorPlan, EvaluationCycle, Goal
from tandem.evaluation.services.plan import educator_plan_approve, goal_add
from tandem.evaluation.services.self_assessment import self_assessment_take_back
from tandem.evaluation.tests.demo_cycles import demo_cycle
from tandem.records.models import Draft
from tandem.rubrics.models import Indicator

pytestmark = pytest.mark.django_db

GOALS = {
    "student_learning": "By June, 80% of my students will write a complete argument scoring 3 "
    "or better on the district rubric.",
    "professional_practice": "I will use exit tickets in every lesson and regroup students "
    "weekly from what they show.",
}


@pytest.fixture
def cycle():
    """A cycle at step 1 whose educator and evaluator both sign in."""
    return demo_cycle("self_assessment", employment__role_group="teacher")


def _indicators(cycle):
    return Indicator.objects.filter(standard__framework_version=cycle.framework_version)


def _form(cycle, version, **extra):
    data = {
        "version": version,
        "student_learning_analysis": "Most of my students met the fall benchmark in reading.",
        "practice_summary": "Strong planning; questioning needs work.",
    }
    for indicator in _indicators(cycle):
        data[f"level_{indicator.pk}"] = "proficient"
        data[f"reflection_{indicator.pk}"] = f"Evidence for {indicator.code}."
    return {**data, **extra}


def _add_goals(client, cycle):
    for kind, statement in GOALS.items():
        response = client.post(
            f"/cycles/{cycle.pk}/plan/goals/", {"new-kind": kind, "new-statement": statement}
        )
        assert response.status_code == 302, response.content.decode()[:500]


def test_the_educator_saves_sends_and_the_evaluator_approves(client, cycle):
    educator, evaluator = cycle.person.user, cycle.primary_evaluator.user
    client.force_login(educator)
    assert client.post(f"/cycles/{cycle.pk}/self-assessment/", _form(cycle, 1)).status_code == 302
    cycle.self_assessment.refresh_from_db()
    assert cycle.self_assessment.version == 2
    assert not Draft.objects.filter(user=educator).exists()

    # Sending without goals is refused and names what is missing.
    client.post(f"/cycles/{cycle.pk}/self-assessment/submit/", _form(cycle, 2, confirmed="1"))
    cycle.refresh_from_db()
    assert cycle.step == "self_assessment"
    page = client.get(f"/cycles/{cycle.pk}/self-assessment/").content.decode()
    assert "Propose at least one student learning goal." in page

    _add_goals(client, cycle)
    client.post(f"/cycles/{cycle.pk}/self-assessment/submit/", _form(cycle, 3, confirmed="1"))
    cycle.refresh_from_db()
    assert cycle.step == "educator_plan"

    plan = cycle.educator_plan
    client.post(f"/cycles/{cycle.pk}/plan/submit/", {"version": plan.version, "confirmed": "1"})
    plan.refresh_from_db()
    assert plan.status == "submitted"

    client.force_login(evaluator)
    client.get(f"/cycles/{cycle.pk}/plan/")
    client.post(
        f"/cycles/{cycle.pk}/plan/return/",
        {
            "version": plan.version,
            "comments": "Make the writing goal measurable by term.",
            "confirmed": "1",
        },
    )
    plan.refresh_from_db()
    assert (plan.status, plan.evaluator_comments[:4]) == ("returned", "Make")

    client.force_login(educator)
    client.post(f"/cycles/{cycle.pk}/plan/submit/", {"version": plan.version, "confirmed": "1"})
    client.force_login(evaluator)
    plan.refresh_from_db()
    asked = client.post(f"/cycles/{cycle.pk}/plan/approve/", {"version": plan.version})
    assert "The cycle moves to step 3" in asked.content.decode()
    cycle.refresh_from_db()
    assert cycle.step == "educator_plan"  # nothing happens before the evaluator confirms
    approved = client.post(
        f"/cycles/{cycle.pk}/plan/approve/", {"version": plan.version, "confirmed": "1"}
    )
    assert approved["Location"] == f"/cycles/{cycle.pk}/plan/sign/"
    cycle.refresh_from_db()
    plan.refresh_from_db()
    assert (cycle.step, plan.status) == ("implementation", "approved")
    assert set(cycle.goals.values_list("status", flat=True)) == {"final"}


def test_a_stale_save_is_refused_and_the_typed_text_is_kept_for_a_reload(client, cycle):
    educator = cycle.person.user
    client.force_login(educator)
    client.post(f"/cycles/{cycle.pk}/self-assessment/", _form(cycle, 1))
    # A second tab still holds version 1.
    stale = _form(cycle, 1, student_learning_analysis="Typed in the other tab.")
    response = client.post(f"/cycles/{cycle.pk}/self-assessment/", stale, HTTP_HX_REQUEST="true")
    assert "Not saved" in response.content.decode()
    cycle.self_assessment.refresh_from_db()
    assert cycle.self_assessment.student_learning_analysis.startswith("Most of my students")
    page = client.get(f"/cycles/{cycle.pk}/self-assessment/").content.decode()
    assert "Typed in the other tab." in page
    assert 'id="conflict-student_learning_analysis"' in page


def test_the_educator_takes_back_a_submission_until_the_evaluator_opens_it(client, cycle):
    educator, evaluator = cycle.person.user, cycle.primary_evaluator.user
    client.force_login(educator)
    client.post(f"/cycles/{cycle.pk}/self-assessment/", _form(cycle, 1))
    _add_goals(client, cycle)
    client.post(f"/cycles/{cycle.pk}/self-assessment/submit/", _form(cycle, 2, confirmed="1"))
    client.post(f"/cycles/{cycle.pk}/self-assessment/take-back/")
    cycle.refresh_from_db()
    assert cycle.step == "self_assessment"

    client.post(f"/cycles/{cycle.pk}/self-assessment/submit/", _form(cycle, 5, confirmed="1"))
    client.force_login(evaluator)
    client.get(f"/cycles/{cycle.pk}/self-assessment/")
    with pytest.raises(DomainError, match="already opened"):
        self_assessment_take_back(cycle_id=cycle.pk, by=educator)
    cycle.refresh_from_db()
    assert cycle.step == "educator_plan"


def test_only_the_educator_writes_the_self_assessment(client, cycle, user_of):
    for user in (cycle.primary_evaluator.user, user_of("hr@example.org")):
        client.force_login(user)
        response = client.post(f"/cycles/{cycle.pk}/self-assessment/", _form(cycle, 1))
        assert response.status_code == 403
    cycle.self_assessment.refresh_from_db()
    assert cycle.self_assessment.version == 1


def test_the_evaluator_does_not_read_a_self_assessment_before_it_is_sent(client, cycle):
    client.force_login(cycle.person.user)
    client.post(f"/cycles/{cycle.pk}/self-assessment/", _form(cycle, 1))
    client.force_login(cycle.primary_evaluator.user)
    page = client.get(f"/cycles/{cycle.pk}/self-assessment/").content.decode()
    assert "Most of my students" not in page
    assert "has not sent the self-assessment yet" in page


def test_a_team_goal_is_shared_only_among_educators_the_evaluator_evaluates(cycle):
    evaluator = cycle.primary_evaluator.user
    teammate = (
        EvaluationCycle.objects.filter(
            primary_evaluator=cycle.primary_evaluator, step="self_assessment"
        )
        .exclude(pk=cycle.pk)
        .first()
        or EvaluationCycle.objects.filter(primary_evaluator=cycle.primary_evaluator)
        .exclude(pk=cycle.pk)
        .first()
    )
    stranger = EvaluationCycle.objects.exclude(primary_evaluator=cycle.primary_evaluator).first()
    values = {"kind": "student_learning", "statement": GOALS["student_learning"]}
    with pytest.raises(DomainError, match="only among educators you evaluate"):
        goal_add(cycle_id=cycle.pk, by=evaluator, values=values, team_cycle_ids=[stranger.pk])
    assert not Goal.objects.filter(statement=GOALS["student_learning"]).exists()
    goal = goal_add(cycle_id=cycle.pk, by=evaluator, values=values, team_cycle_ids=[teammate.pk])
    assert set(goal.cycles.all()) == {cycle, teammate}


def test_both_sign_the_approved_plan_after_confirming_their_password(
    client, cycle, reauthenticated
):
    educator, evaluator = cycle.person.user, cycle.primary_evaluator.user
    goal_add(
        cycle_id=cycle.pk,
        by=educator,
        values={"kind": "student_learning", "statement": GOALS["student_learning"]},
    )
    goal_add(
        cycle_id=cycle.pk,
        by=educator,
        values={"kind": "professional_practice", "statement": GOALS["professional_practice"]},
    )
    EvaluationCycle.objects.filter(pk=cycle.pk).update(step="educator_plan")
    plan = EducatorPlan.objects.create(cycle=cycle)
    educator_plan_approve(cycle_id=cycle.pk, by=evaluator, version=plan.version)

    client.force_login(educator)
    response = client.get(f"/cycles/{cycle.pk}/plan/sign/")
    assert response.status_code == 302 and "reauthenticate" in response["Location"]

    for user in (educator, evaluator):
        reauthenticated(user)
        assert client.post(f"/cycles/{cycle.pk}/plan/sign/").status_code == 302
    page = client.get(f"/cycles/{cycle.pk}/plan/").content.decode()
    assert page.count("Signed by") == 2
    assert "Changed since signing" not in page

    goal = cycle.goals.first()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE evaluation_goal SET statement = 'rewritten' WHERE id = %s", [goal.pk]
        )
    page = client.get(f"/cycles/{cycle.pk}/plan/").content.decode()
    assert "Changed since signing" in page
