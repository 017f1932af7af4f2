from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tandem.leadership.models import (
    LatticeLevel,
    LeadershipRole,
    LevelAward,
    RoleDomain,
    RoleTenure,
)


class RoleDomainInline(admin.TabularInline):
    model = RoleDomain
    extra = 0


@admin.register(LeadershipRole)
class LeadershipRoleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "district", "hours_per_week", "release_periods", "stipend"]
    list_filter = ["kind"]
    search_fields = ["name", "duties"]
    inlines = [RoleDomainInline]


@admin.register(LatticeLevel)
class LatticeLevelAdmin(SimpleHistoryAdmin):
    list_display = ["district", "rank", "title", "minimum_rating", "minimum_years"]


@admin.register(LevelAward)
class LevelAwardAdmin(SimpleHistoryAdmin):
    """Awards are made on the educator's page, which checks the level's criteria."""

    list_display = ["employment", "level", "awarded_on", "awarded_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RoleTenure)
class RoleTenureAdmin(SimpleHistoryAdmin):
    list_display = ["role", "employment", "school", "starts_on", "ends_on"]
    raw_id_fields = ["employment"]
