"""Districts and schools are public facts: every signed-in user may read them."""

import rules

rules.add_perm("organizations.view_district", rules.is_authenticated)
rules.add_perm("organizations.view_school", rules.is_authenticated)
