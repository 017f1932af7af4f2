"""Who may start, read and apply an import: district HR and administrators, for their district."""

import rules

from tandem.imports.selectors import importing_districts


@rules.predicate
def imports_for_district(user, district) -> bool:
    return district.pk in importing_districts(user)


@rules.predicate
def imports_for_run(user, run) -> bool:
    return run.district_id in importing_districts(user)


rules.add_perm("imports.start_run", imports_for_district)
# Reading a run includes downloading its file again and its report.
rules.add_perm("imports.view_run", imports_for_run)
rules.add_perm("imports.apply_run", imports_for_run)
