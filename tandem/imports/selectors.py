"""Which kinds can be imported, and the runs a person may see."""

from django.db.models import Q

from tandem.imports.models import ImportRun
from tandem.organizations.models import StateAgency
from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of


def importing_districts(user) -> frozenset[int]:
    """Districts for which the user loads files: their HR and district administrators."""
    return roles_of(user).personnel_districts


def importing_states(user) -> frozenset[int]:
    """States whose organizations the user loads: the state administrator's."""
    if not roles_of(user).holds(RoleGrant.Role.STATE_ADMIN):
        return frozenset()
    return frozenset(StateAgency.objects.values_list("pk", flat=True))


def runs_visible(user):
    return ImportRun.objects.filter(
        Q(district__in=importing_districts(user)) | Q(state__in=importing_states(user))
    ).select_related("district", "state", "started_by")


def same_file_applied(run: ImportRun) -> ImportRun | None:
    """An earlier run of the very same file, kind and scope that was applied."""
    return (
        ImportRun.objects.filter(
            district_id=run.district_id,
            state_id=run.state_id,
            kind=run.kind,
            sha256=run.sha256,
            status=ImportRun.Status.APPLIED,
            started_at__lt=run.started_at,
        )
        .select_related("applied_by")
        .first()
    )


def change_rows(run: ImportRun):
    """The report's changes as rows: one per field changed, one per record added or left out."""
    for change in run.changes.all().iterator():
        action = change.get_action_display()
        if change.action == change.Action.CHANGE:
            for name, (before, after) in change.fields.items():
                yield action, change.row or "", change.label, name, before, after
        else:
            yield action, change.row or "", change.label, "", "", ""
