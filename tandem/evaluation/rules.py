"""Who may open an evaluation cycle and who acts in it, from the same relations as
``selectors.cycle_visible``."""

import rules

from tandem.evaluation.models import EvaluationCycle
from tandem.evaluation.selectors import cycle_visible
from tandem.people.models import EvaluatorAssignment, RoleGrant
from tandem.people.selectors import roles_of


@rules.predicate
def may_open_cycle(user, cycle: EvaluationCycle) -> bool:
    return EvaluationCycle.objects.filter(cycle_visible(roles_of(user)), pk=cycle.pk).exists()


@rules.predicate
def is_the_educator(user, cycle: EvaluationCycle) -> bool:
    person_id = roles_of(user).person_id
    return person_id is not None and cycle.person_id == person_id


@rules.predicate
def is_the_evaluator(user, cycle: EvaluationCycle) -> bool:
    """The primary evaluator; for the superintendent, a member of the school committee."""
    roles = roles_of(user)
    if cycle.primary_evaluator_id is not None:
        return cycle.primary_evaluator_id == roles.person_id
    return cycle.district_id in roles.districts_with(RoleGrant.Role.SCHOOL_COMMITTEE)


@rules.predicate
def may_observe(user, cycle: EvaluationCycle) -> bool:
    """The primary or supervising evaluator, or a co-observer assigned for the year."""
    roles = roles_of(user)
    if roles.person_id is None:
        return False
    if roles.person_id in (cycle.primary_evaluator_id, cycle.supervising_evaluator_id):
        return True
    return (
        EvaluatorAssignment.objects.filter(
            evaluatee_id=cycle.employment_id,
            evaluator_id=roles.person_id,
            role=EvaluatorAssignment.Role.CO_OBSERVER,
        )
        .active_on(roles.day)
        .exists()
    )


rules.add_perm("evaluation.view_cycle", may_open_cycle)
rules.add_perm("evaluation.observe", may_observe)
rules.add_perm("evaluation.act_as_educator", is_the_educator)
rules.add_perm("evaluation.act_as_evaluator", is_the_evaluator)
