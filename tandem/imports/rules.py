"""Who may start, read and apply an import: district HR and administrators, for their district;
the state administrator, for the state's organizations."""

import rules

from tandem.imports.selectors import importing_districts, importing_states
from tandem.organizations.models import StateAgency


@rules.predicate
def imports_for_scope(user, scope) -> bool:
    """``scope`` is a district, or the state for the state's organizations."""
    if isinstance(scope, StateAgency):
        return scope.pk in importing_states(user)
    return scope.pk in importing_districts(user)


@rules.predicate
def imports_for_run(user, run) -> bool:
    if run.state_id is not None:
        return run.state_id in importing_states(user)
    return run.district_id in importing_districts(user)


rules.add_perm("imports.start_run", imports_for_scope)
# Reading a run includes downloading its file again and its report.
rules.add_perm("imports.view_run", imports_for_run)
rules.add_perm("imports.apply_run", imports_for_run)
