"""Who may export records in Ed-Fi form (issue 12, item 3)."""

import rules

from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of


@rules.predicate
def may_export(user, district) -> bool:
    """A district's HR and administrators export their district, whose every record they
    may open; the state administrator exports any district or, with no district, the state,
    to which districts report each educator's ratings (603 CMR 35.10(2))."""
    roles = roles_of(user)
    if roles.holds(RoleGrant.Role.STATE_ADMIN):
        return True
    return district is not None and district.pk in roles.personnel_districts


@rules.predicate
def may_download(user, export) -> bool:
    """The person who asked for it, while they still may export what it holds."""
    return export.requested_by_id == user.pk and may_export(user, export.district)


rules.add_perm("interop.export", may_export)
rules.add_perm("interop.view_export", may_download)
