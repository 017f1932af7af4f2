"""Each person's inbox: what waits on them with its real deadline, what waits on others, and
the same words in the day's reminders (issue 11, "Waiting on you")."""

import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from tandem.evaluation.models import (
    EducatorPlan,
    EvaluationCycle,
    Observation,
    SummativeEvaluation,
)
from tandem.evaluation.reminders import reminders_send
from tandem.evaluation.waiting import inbox_of
from tandem.people.selectors import roles_of
from tandem.records.services import signature_sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher_cycle():
    return EvaluationCycle.objects.select_related("person__user", "primary_evaluator__user").get(
        person__user__email="teacher@example.org"
    )


def _inbox(user):
    return inbox_of(roles_of(user))


def _actions(inbox):
    return [w.action for w in inbox.mine]


def test_a_summative_signed_by_the_evaluator_waits_on_the_educator_until_it_locks(
    client, teacher_cycle
):
    lock_day = timezone.localdate() + datetime.timedelta(days=14)
    EvaluationCycle.objects.filter(pk=teacher_cycle.pk).update(step="summative")
    SummativeEvaluation.objects.create(
        cycle=teacher_cycle,
        status=SummativeEvaluation.Status.SIGNED_BY_EVALUATOR,
        shared_at=timezone.now(),
        response_due=lock_day,
    )
    inbox = _inbox(teacher_cycle.person.user)
    first = inbox.mine[0]
    assert first.action.startswith("sign your summative evaluation")
    assert first.due == lock_day
    client.force_login(teacher_cycle.person.user)
    page = client.get("/").content.decode()
    assert "Sign your summative evaluation" in page
    assert f"due {date_format(lock_day, 'DATE_FORMAT')}" in page


def test_the_evaluator_sees_what_waits_on_them_apart_from_what_waits_on_teachers(
    teacher_cycle,
):
    evaluator = teacher_cycle.primary_evaluator.user
    EvaluationCycle.objects.filter(pk=teacher_cycle.pk).update(step="educator_plan")
    EducatorPlan.objects.update_or_create(
        cycle=teacher_cycle, defaults={"status": EducatorPlan.Status.SUBMITTED}
    )
    inbox = _inbox(evaluator)
    mine = [w for w in inbox.mine if w.cycle == teacher_cycle]
    assert [w.action for w in mine] == [
        f"approve or return the educator plan of {teacher_cycle.person}"
    ]
    assert all(
        w.party != "educator" or w.cycle.person_id == evaluator.person.pk for w in inbox.mine
    )
    on_teachers = [(w, on) for w, on in inbox.others if w.cycle.person_id != evaluator.person.pk]
    assert on_teachers
    assert all(w.party == "educator" and on == str(w.cycle.person) for w, on in on_teachers)
    assert not set(inbox.supervising) & {w.cycle for w in inbox.mine}


def test_a_returned_plan_asks_the_educator_to_revise_it(teacher_cycle):
    EvaluationCycle.objects.filter(pk=teacher_cycle.pk).update(step="educator_plan")
    EducatorPlan.objects.update_or_create(
        cycle=teacher_cycle, defaults={"status": EducatorPlan.Status.RETURNED}
    )
    assert _actions(_inbox(teacher_cycle.person.user))[0].startswith(
        "revise your returned educator plan"
    )


def test_an_approved_plan_waits_for_both_signatures_until_each_is_given(teacher_cycle):
    educator, evaluator = teacher_cycle.person.user, teacher_cycle.primary_evaluator.user
    EvaluationCycle.objects.filter(pk=teacher_cycle.pk).update(step="implementation")
    plan, _created = EducatorPlan.objects.update_or_create(
        cycle=teacher_cycle,
        defaults={"status": EducatorPlan.Status.APPROVED, "approved_at": timezone.now()},
    )
    sign_plan = f"sign the approved educator plan of {teacher_cycle.person}"
    assert sign_plan in _actions(_inbox(evaluator))
    assert any(a.startswith("sign your approved educator plan") for a in _actions(_inbox(educator)))
    signature_sign(signer=evaluator, record=plan, capacity="evaluator")
    assert sign_plan not in _actions(_inbox(evaluator))
    teacher_sees = [w.matter for w, _on in _inbox(educator).others]
    assert "your evaluator's signature on your educator plan" not in teacher_sees
    signature_sign(signer=educator, record=plan, capacity="educator")
    assert not any(
        a.startswith("sign your approved educator plan") for a in _actions(_inbox(educator))
    )


def test_feedback_due_waits_on_the_observer_with_its_date(teacher_cycle):
    EvaluationCycle.objects.filter(pk=teacher_cycle.pk).update(step="implementation")
    observer = teacher_cycle.primary_evaluator
    due = timezone.localdate() + datetime.timedelta(days=2)
    observation = Observation.objects.create(
        cycle=teacher_cycle,
        kind="unannounced",
        observed_on=timezone.localdate(),
        duration_minutes=15,
        observer=observer,
        feedback_due=due,
        created_by=observer.user,
    )
    item = next(w for w in _inbox(observer.user).mine if w.item == f"observation:{observation.pk}")
    assert item.due == due and f"/observations/{observation.pk}/" in item.url


def test_a_teacher_sees_nothing_of_a_colleagues_cycle(teacher_cycle, user_of):
    other = user_of("union.president@example.org")
    inbox = _inbox(other)
    cycles = {w.cycle for w in inbox.mine} | {w.cycle for w, _on in inbox.others}
    assert teacher_cycle not in cycles and not inbox.supervising


def test_the_reminder_says_what_the_inbox_says(mailoutbox, teacher_cycle):
    today = timezone.localdate()
    reminders_send(today=today)
    (mail,) = [m for m in mailoutbox if m.to == [teacher_cycle.person.user.email]]
    (first,) = [w for w in _inbox(teacher_cycle.person.user).mine if w.due]
    assert first.action in mail.subject
    assert first.url in mail.body


def test_a_request_to_remove_evidence_waits_on_the_evaluator_until_answered(teacher_cycle):
    from django.utils import timezone as tz

    from tandem.evaluation.models import Evidence
    from tandem.evaluation.services.observations import (
        evidence_removal_decide,
        evidence_removal_request,
    )

    educator, evaluator = teacher_cycle.person.user, teacher_cycle.primary_evaluator.user
    EvaluationCycle.objects.filter(pk=teacher_cycle.pk).update(step="implementation")
    item = Evidence.objects.create(
        cycle=teacher_cycle,
        kind="artifact",
        title="Seating chart",
        description="With names.",
        added_by=educator,
        first_opened_by_evaluator_at=tz.now(),
    )
    removal = evidence_removal_request(
        evidence_id=item.pk, by=educator, reason="student_information"
    )
    key = f"evidence-removal:{removal.pk}"
    (asked,) = [w for w in _inbox(evaluator).mine if w.item == key]
    assert asked.action == (
        f"grant or decline the request of {teacher_cycle.person} to remove “Seating chart”"
    )
    assert asked.url == f"/cycles/{teacher_cycle.pk}/evidence/{item.pk}/"
    assert key not in [w.item for w in _inbox(educator).mine]
    assert key in [w.item for w, _on in _inbox(educator).others]
    evidence_removal_decide(removal_id=removal.pk, by=evaluator, grant=True)
    assert key not in [w.item for w in _inbox(evaluator).mine]
