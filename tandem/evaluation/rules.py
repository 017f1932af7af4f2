"""Who may open an evaluation cycle: the same relations as ``selectors.cycle_visible``."""

import rules

from tandem.evaluation.models import EvaluationCycle
from tandem.evaluation.selectors import cycle_visible
from tandem.people.selectors import roles_of


@rules.predicate
def may_open_cycle(user, cycle: EvaluationCycle) -> bool:
    return EvaluationCycle.objects.filter(cycle_visible(roles_of(user)), pk=cycle.pk).exists()


rules.add_perm("evaluation.view_cycle", may_open_cycle)
