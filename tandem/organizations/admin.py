from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tandem.organizations.models import (
    BargainingUnit,
    District,
    DistrictSettingsVersion,
    NonSchoolDay,
    School,
    SchoolYear,
    SettingsProposal,
    StateAgency,
)


@admin.register(StateAgency, BargainingUnit, NonSchoolDay, SchoolYear)
class OrganizationAdmin(SimpleHistoryAdmin):
    pass


@admin.register(District)
class DistrictAdmin(SimpleHistoryAdmin):
    list_display = ["name", "org_code", "region"]
    search_fields = ["name", "org_code"]


@admin.register(School)
class SchoolAdmin(SimpleHistoryAdmin):
    list_display = ["name", "org_code", "district", "level"]
    list_filter = ["level", "district"]
    search_fields = ["name", "org_code"]


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Bargained settings are read here, never written: they change only through the
    proposal, agreement and adoption signed in Tandem (issue 5, item 7)."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(DistrictSettingsVersion)
class DistrictSettingsVersionAdmin(ReadOnlyAdmin):
    list_display = ["district", "bargaining_unit", "number", "effective_from", "proposal"]


@admin.register(SettingsProposal)
class SettingsProposalAdmin(ReadOnlyAdmin):
    list_display = ["pk", "district", "bargaining_unit", "effective_from", "status"]
    list_filter = ["status"]
