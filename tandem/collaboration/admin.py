from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from tandem.collaboration.models import Event, EventAttendance, Program, ProgramTopic, Team


class ProgramTopicInline(admin.TabularInline):
    model = ProgramTopic
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "accepting"]
    inlines = [ProgramTopicInline]
    fieldsets = [
        (None, {"fields": ["kind", "name", "summary", "accepting"]}),
        (
            _("Terms the key leaders agree to"),
            {
                "description": _(
                    "An engagement keeps the terms as they stand when its first meeting is "
                    "recorded: a change here applies to first meetings from now on."
                ),
                "fields": [
                    "scope",
                    ("length", "length_unit"),
                    "management_commits",
                    "union_commits",
                    "committee_commits",
                    "partnership_commits",
                    "district_cost",
                    "state_covers",
                ],
            },
        ),
    ]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "starts_at", "location"]
    list_filter = ["program"]
    search_fields = ["title", "location"]


@admin.register(EventAttendance)
class EventAttendanceAdmin(admin.ModelAdmin):
    list_display = ["event", "team", "people"]
    raw_id_fields = ["event", "team"]


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    """Teams are formed by an inquiry; staff may correct a name or the facilitator here."""

    list_display = ["name", "district", "facilitator"]
    search_fields = ["name", "district__name"]
    raw_id_fields = ["district", "facilitator"]

    def has_add_permission(self, request):
        return False
