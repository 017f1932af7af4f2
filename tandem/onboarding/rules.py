"""Who may see and act on onboarding: the new educator reads their own checklist; the
district's HR and administrators see and tick everything; a principal sees the checklists of
their school and ticks the steps left to the principal."""

import rules

from tandem.onboarding.models import Checker, Onboarding, OnboardingTask
from tandem.people.selectors import roles_of


@rules.predicate
def is_new_educator(user, onboarding: Onboarding) -> bool:
    person_id = roles_of(user).person_id
    return person_id is not None and person_id == onboarding.employment.person_id


@rules.predicate
def is_district_personnel(user, onboarding: Onboarding) -> bool:
    return onboarding.district_id in roles_of(user).personnel_districts


@rules.predicate
def is_school_principal(user, onboarding: Onboarding) -> bool:
    return onboarding.school_id is not None and (
        onboarding.school_id in roles_of(user).principal_schools
    )


@rules.predicate
def manages_district(user, district) -> bool:
    """District HR or a district administrator of ``district`` (a District or its id)."""
    return getattr(district, "pk", district) in roles_of(user).personnel_districts


@rules.predicate
def may_tick(user, task: OnboardingTask) -> bool:
    onboarding = task.onboarding
    if is_district_personnel(user, onboarding):
        return True
    return task.checked_by == Checker.PRINCIPAL and is_school_principal(user, onboarding)


rules.add_perm(
    "onboarding.view_onboarding", is_new_educator | is_district_personnel | is_school_principal
)
rules.add_perm("onboarding.tick_task", may_tick)
# Onboarding an application and configuring the checklist are the district's HR's.
rules.add_perm("onboarding.manage_district", manages_district)
