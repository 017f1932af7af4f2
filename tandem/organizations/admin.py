from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tandem.organizations.models import (
    BargainingUnit,
    District,
    DistrictSettingsVersion,
    NonSchoolDay,
    School,
    SchoolYear,
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


@admin.register(DistrictSettingsVersion)
class DistrictSettingsVersionAdmin(SimpleHistoryAdmin):
    """Adopted versions are read-only here: a change is a new version adopted through Tandem."""

    list_display = ["district", "bargaining_unit", "number", "effective_from"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
