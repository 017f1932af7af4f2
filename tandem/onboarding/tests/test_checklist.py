"""The checklist: HR ticks steps off from the version read, a principal only the steps left to
the principal, and what is past due is overdue until done."""

import datetime

import pytest

from tandem.errors import DomainError
from tandem.onboarding.models import Checker, OnboardingStep
from tandem.onboarding.selectors import overdue_tasks
from tandem.onboarding.services import (
    onboarding_step_add,
    onboarding_step_remove,
    onboarding_steps_from_default,
    onboarding_task_tick,
)
from tandem.onboarding.tests.factories import hr_of, onboarded
from tandem.organizations.tests.factories import DistrictFactory
from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of
from tandem.people.tests.factories import (
    EmploymentFactory,
    PersonFactory,
    RoleGrantFactory,
    UserFactory,
)
from tandem.records.versions import StaleVersion

pytestmark = pytest.mark.django_db

# The tests' today is 24 November 2026: a first day two weeks before it has overdue steps.
STARTED = datetime.date(2026, 11, 10)


def test_hr_ticks_a_step_off_with_who_when_and_a_note():
    onboarding, hr = onboarded()
    task = onboarding.tasks.first()
    task = onboarding_task_tick(task, actor=hr, version=task.version, note=" Cleared 8/20. ")
    task.refresh_from_db()
    assert (task.is_done, task.done_by, task.note, task.version) == (True, hr, "Cleared 8/20.", 2)
    assert task.history.count() == 2


def test_a_tick_from_a_stale_version_is_refused():
    onboarding, hr = onboarded()
    task = onboarding.tasks.first()
    onboarding_task_tick(task, actor=hr, version=1)
    with pytest.raises(StaleVersion):
        onboarding_task_tick(task, actor=hr_of(onboarding.district), version=1)


def test_a_step_done_cannot_be_ticked_again():
    onboarding, hr = onboarded()
    task = onboarding.tasks.first()
    onboarding_task_tick(task, actor=hr, version=1)
    with pytest.raises(DomainError, match="already ticked"):
        onboarding_task_tick(task, actor=hr, version=2)


def test_a_principal_ticks_only_the_steps_left_to_the_principal_of_their_school():
    onboarding, _hr = onboarded()
    principal = RoleGrantFactory(
        role=RoleGrant.Role.PRINCIPAL, school=onboarding.school, district=None
    ).user
    theirs = onboarding.tasks.get(checked_by=Checker.PRINCIPAL)
    hrs = onboarding.tasks.filter(checked_by=Checker.DISTRICT_HR).first()
    onboarding_task_tick(theirs, actor=principal, version=1)
    with pytest.raises(DomainError, match="may not"):
        onboarding_task_tick(hrs, actor=principal, version=1)


@pytest.mark.parametrize("who", ["new_educator", "teacher", "other_hr", "applicant"])
def test_those_without_a_part_may_not_tick_a_step(who):
    onboarding, _hr = onboarded()
    task = onboarding.tasks.first()
    actor = {
        "new_educator": lambda: onboarding.employment.person.user,
        "teacher": lambda: _teacher_of(onboarding.district),
        "other_hr": lambda: hr_of(DistrictFactory()),
        "applicant": lambda: UserFactory(),
    }[who]()
    with pytest.raises(DomainError, match="may not"):
        onboarding_task_tick(task, actor=actor, version=1)
    task.refresh_from_db()
    assert not task.is_done


def _teacher_of(district):
    return EmploymentFactory(district=district, person=PersonFactory(signs_in=True)).person.user


def test_open_steps_past_their_due_date_are_overdue_until_done():
    """A first day two weeks ago: every default step (due at most ten days on) is past due."""
    onboarding, hr = onboarded(start_date=STARTED)
    overdue = list(overdue_tasks(roles=roles_of(hr)))
    assert [t.pk for t in overdue] == [
        t.pk for t in onboarding.tasks.order_by("due_on", "position")
    ]
    assert all(t.is_overdue() for t in overdue)
    done = onboarding_task_tick(overdue[0], actor=hr, version=1)
    assert not done.is_overdue()
    assert done.pk not in {t.pk for t in overdue_tasks(roles=roles_of(hr))}


def test_a_step_not_yet_due_is_not_overdue():
    onboarding, hr = onboarded()  # first day in August 2027
    assert not overdue_tasks(roles=roles_of(hr)).exists()
    assert not any(t.is_overdue() for t in onboarding.tasks.all())


def test_another_districts_hr_sees_nothing_overdue_here():
    _onboarding, hr = onboarded(start_date=STARTED)
    other = hr_of(DistrictFactory())
    assert overdue_tasks(roles=roles_of(hr)).exists()
    assert not overdue_tasks(roles=roles_of(other)).exists()


def test_hr_configures_the_districts_steps_and_new_checklists_use_them():
    onboarding, hr = onboarded()
    district = onboarding.district
    steps = onboarding_steps_from_default(district=district, actor=hr)
    assert len(steps) == onboarding.tasks.count()
    onboarding_step_remove(step=steps[0], actor=hr)
    added = onboarding_step_add(
        district=district,
        actor=hr,
        title="Parking permit",
        days_after_start=2,
        checked_by=Checker.DISTRICT_HR,
    )
    assert added.position == len(steps)
    with pytest.raises(DomainError, match="already has a step"):
        onboarding_step_add(
            district=district, actor=hr, title="parking PERMIT", checked_by=Checker.DISTRICT_HR
        )
    # The checklist already open keeps the steps it opened with.
    assert onboarding.tasks.count() == len(steps)
    assert OnboardingStep.objects.filter(district=district).count() == len(steps)


def test_only_the_districts_hr_configures_its_steps():
    onboarding, _hr = onboarded()
    principal = RoleGrantFactory(
        role=RoleGrant.Role.PRINCIPAL, school=onboarding.school, district=None
    ).user
    with pytest.raises(DomainError, match="Only the district's HR"):
        onboarding_steps_from_default(district=onboarding.district, actor=principal)
    assert not OnboardingStep.objects.exists()
