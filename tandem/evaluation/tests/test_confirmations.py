"""Steps that move a cycle or share something with the other party ask first and say what
happens: sharing observation feedback, sending the self-assessment, sending and returning the
plan (issue 11, items 2 and 7). The page that asks is what a browser without JavaScript shows;
with it, the same text and button are a modal on the record's page. Nothing happens until the
person confirms."""

import pytest

from tandem.evaluation.models import EducatorPlan, Observation, SelfAssessment
from tandem.evaluation.tests import test_evidence as step_3
from tandem.evaluation.tests import test_goals_and_plan as steps_1_and_2
from tandem.evaluation.tests.demo_cycles import demo_cycle
from tandem.records.versions import STALE_MESSAGE

pytestmark = pytest.mark.django_db

COMMENTS = "Make the writing goal measurable by term."


# -- sharing an observation's feedback ----------------------------------------------------


@pytest.fixture
def observation():
    return step_3._observe(demo_cycle("implementation", plan_type="developing"))


def _share_url(observation):
    return f"/cycles/{observation.cycle_id}/observations/{observation.pk}/share/"


def _asks_first(response, *says):
    """The step was not taken: its page asks first and says each of ``says``."""
    page = response.content.decode()
    assert response.status_code == 200
    for words in says:
        assert words in page, words


def _observation_form(observation, **extra):
    return {
        "version": observation.version,
        "notes": observation.notes,
        "feedback": "Typed just before sharing.",
        **extra,
    }


def test_sharing_feedback_asks_first_and_says_who_reads_it(client, observation):
    client.force_login(observation.cycle.primary_evaluator.user)
    response = client.post(_share_url(observation), _observation_form(observation))
    _asks_first(
        response,
        f"{observation.cycle.person} can read your notes",
        "The notes and feedback no longer change.",
        "sharing feedback does not move it",
    )
    observation.refresh_from_db()
    assert observation.feedback == "Typed just before sharing."  # saved, not yet shared
    assert observation.feedback_shared_at is None


def test_the_page_that_asks_shares_only_when_confirmed(client, observation):
    client.force_login(observation.cycle.primary_evaluator.user)
    client.post(_share_url(observation), _observation_form(observation))
    observation.refresh_from_db()
    client.post(_share_url(observation), {"version": observation.version})
    assert Observation.objects.get(pk=observation.pk).feedback_shared_at is None
    response = client.post(
        _share_url(observation), {"version": observation.version, "confirmed": "1"}
    )
    assert response["Location"] == f"/cycles/{observation.cycle_id}/observations/{observation.pk}/"
    assert Observation.objects.get(pk=observation.pk).feedback_shared_at is not None


def test_the_modal_saves_what_was_typed_and_shares_it_in_one_step(client, observation):
    """The modal's button submits the observation's own form with "confirmed"."""
    client.force_login(observation.cycle.primary_evaluator.user)
    client.post(_share_url(observation), _observation_form(observation, confirmed="1"))
    observation.refresh_from_db()
    assert observation.feedback == "Typed just before sharing."
    assert observation.feedback_shared_at is not None


def test_the_observation_page_holds_the_same_question_as_a_modal(client, observation):
    client.force_login(observation.cycle.primary_evaluator.user)
    url = f"/cycles/{observation.cycle_id}/observations/{observation.pk}/"
    page = client.get(url).content.decode()
    assert 'class="usa-modal" id="share-confirm"' in page
    assert 'aria-controls="share-confirm"' in page
    assert 'form="observation-form"' in page and "The notes and feedback no longer change." in page


def test_no_one_but_the_evaluators_is_asked_or_shares(client, observation, user_of):
    client.force_login(observation.cycle.person.user)  # the educator sees it only once shared
    confirmed = {"version": observation.version, "confirmed": "1"}
    assert client.post(_share_url(observation), confirmed).status_code == 404
    client.force_login(user_of("hr@example.org"))
    assert client.post(_share_url(observation), confirmed).status_code == 404
    assert Observation.objects.get(pk=observation.pk).feedback_shared_at is None


def test_shared_feedback_waits_in_the_educators_inbox_until_they_open_it(client, observation):
    client.force_login(observation.cycle.primary_evaluator.user)
    client.post(_share_url(observation), _observation_form(observation, confirmed="1"))
    client.force_login(observation.cycle.person.user)
    assert "Read the feedback on the observation of" in client.get("/").content.decode()
    client.get(f"/cycles/{observation.cycle_id}/evidence/")  # the list does not show it
    assert "Read the feedback on the observation of" in client.get("/").content.decode()
    client.get(f"/cycles/{observation.cycle_id}/observations/{observation.pk}/")
    assert "Read the feedback on the observation of" not in client.get("/").content.decode()


# -- sending the self-assessment ----------------------------------------------------------


@pytest.fixture
def cycle(client):
    """A cycle at step 1 whose self-assessment is written and whose goals are proposed."""
    cycle = demo_cycle("self_assessment", employment__role_group="teacher")
    client.force_login(cycle.person.user)
    client.post(f"/cycles/{cycle.pk}/self-assessment/", steps_1_and_2._form(cycle, 1))
    steps_1_and_2._add_goals(client, cycle)
    return cycle


def _send_url(cycle):
    return f"/cycles/{cycle.pk}/self-assessment/submit/"


def test_sending_the_self_assessment_asks_first_and_says_the_cycle_moves_to_step_2(client, cycle):
    response = client.post(_send_url(cycle), steps_1_and_2._form(cycle, 2))
    _asks_first(
        response,
        f"{cycle.primary_evaluator}, your evaluator, can read your self-assessment",
        "You can take it back until they open it.",
        "The cycle moves to step 2",
    )
    cycle.refresh_from_db()
    assert cycle.step == "self_assessment"


def test_the_self_assessment_is_sent_only_when_confirmed(client, cycle):
    client.post(_send_url(cycle), steps_1_and_2._form(cycle, 2))
    version = SelfAssessment.objects.get(cycle=cycle).version
    client.post(_send_url(cycle), {"version": version})
    cycle.refresh_from_db()
    assert cycle.step == "self_assessment"
    response = client.post(_send_url(cycle), {"version": version, "confirmed": "1"})
    assert response["Location"] == f"/cycles/{cycle.pk}/"
    cycle.refresh_from_db()
    assert cycle.step == "educator_plan"


def test_a_refused_sending_says_why_on_the_self_assessment(client, cycle):
    client.post(_send_url(cycle), {"version": 99, "confirmed": "1"})
    cycle.refresh_from_db()
    assert cycle.step == "self_assessment"
    page = client.get(f"/cycles/{cycle.pk}/self-assessment/").content.decode()
    assert str(STALE_MESSAGE) in page


def test_only_the_educator_is_asked_to_send_the_self_assessment(client, cycle):
    client.force_login(cycle.primary_evaluator.user)
    assert client.post(_send_url(cycle), steps_1_and_2._form(cycle, 2)).status_code == 403
    cycle.refresh_from_db()
    assert cycle.step == "self_assessment"


# -- sending and returning the plan -------------------------------------------------------


@pytest.fixture
def plan(client, cycle):
    """The draft plan of a cycle at step 2, its self-assessment sent."""
    client.post(_send_url(cycle), steps_1_and_2._form(cycle, 2, confirmed="1"))
    return EducatorPlan.objects.get(cycle=cycle)


def _plan_url(plan, action):
    return f"/cycles/{plan.cycle_id}/plan/{action}/"


def test_sending_the_plan_asks_first_and_says_what_waits_on_whom(client, plan):
    response = client.post(_plan_url(plan, "submit"), {"version": plan.version})
    _asks_first(
        response,
        "approves the plan or returns it with comments",
        "The cycle stays at step 2 until the plan is approved",
    )
    assert EducatorPlan.objects.get(pk=plan.pk).status == "draft"
    client.post(_plan_url(plan, "submit"), {"version": plan.version, "confirmed": "1"})
    assert EducatorPlan.objects.get(pk=plan.pk).status == "submitted"


def test_only_the_educator_is_asked_to_send_the_plan(client, plan):
    client.force_login(plan.cycle.primary_evaluator.user)
    assert client.post(_plan_url(plan, "submit"), {"version": plan.version}).status_code == 403


def test_returning_the_plan_asks_first_and_shows_the_comments(client, plan):
    client.post(_plan_url(plan, "submit"), {"version": plan.version, "confirmed": "1"})
    plan.refresh_from_db()
    client.force_login(plan.cycle.primary_evaluator.user)
    asked = {"version": plan.version, "comments": COMMENTS}
    page = client.post(_plan_url(plan, "return"), asked).content.decode()
    assert COMMENTS in page and f"{plan.cycle.person} reads your comments at once" in page
    assert 'name="comments" value="Make the writing goal' in page  # carried to the confirmation
    assert EducatorPlan.objects.get(pk=plan.pk).status == "submitted"
    client.post(_plan_url(plan, "return"), {**asked, "confirmed": "1"})
    plan.refresh_from_db()
    assert (plan.status, plan.evaluator_comments) == ("returned", COMMENTS)


def test_returning_without_comments_asks_for_them_and_changes_nothing(client, plan):
    client.post(_plan_url(plan, "submit"), {"version": plan.version, "confirmed": "1"})
    plan.refresh_from_db()
    client.force_login(plan.cycle.primary_evaluator.user)
    response = client.post(_plan_url(plan, "return"), {"version": plan.version, "confirmed": "1"})
    assert response.status_code == 200
    assert "Step 2: Goals and educator plan" in response.content.decode()
    assert EducatorPlan.objects.get(pk=plan.pk).status == "submitted"


@pytest.mark.parametrize("action", ["return", "approve"])
def test_only_the_evaluator_is_asked_to_return_or_approve_the_plan(client, plan, action):
    data = {"version": plan.version, "comments": COMMENTS}
    assert client.post(_plan_url(plan, action), data).status_code == 403
    assert client.post(_plan_url(plan, action), {**data, "confirmed": "1"}).status_code == 403
    assert EducatorPlan.objects.get(pk=plan.pk).status == "draft"


def test_the_plan_page_holds_its_questions_as_modals(client, plan):
    page = client.get(f"/cycles/{plan.cycle_id}/plan/").content.decode()
    assert 'aria-controls="plan-submit-confirm"' in page
    assert 'id="plan-submit-confirm"' in page and 'form="plan-submit-form"' in page
