from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tandem.cabinets.models import (
    Application,
    Cabinet,
    DistrictLocale,
    Feedback,
    Meeting,
    Round,
    Term,
    Topic,
)


@admin.register(Cabinet)
class CabinetAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind"]


@admin.register(Round)
class RoundAdmin(SimpleHistoryAdmin):
    list_display = ["cabinet", "school_year", "opens_on", "closes_on", "seats"]
    list_filter = ["cabinet"]


@admin.register(DistrictLocale)
class DistrictLocaleAdmin(SimpleHistoryAdmin):
    list_display = ["district", "kind"]
    list_filter = ["kind"]
    autocomplete_fields = ["district"]


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["person", "round", "status", "role_group", "district"]
    list_filter = ["round", "status"]
    raw_id_fields = ["person", "district", "decided_by"]


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ["person", "cabinet", "starts_on", "ends_on"]
    raw_id_fields = ["person", "application", "renews", "recorded_by"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["cabinet", "subject", "starts_at"]
    raw_id_fields = ["created_by"]


@admin.register(Topic)
class TopicAdmin(SimpleHistoryAdmin):
    list_display = ["cabinet", "title", "closes_on", "closed_at"]
    raw_id_fields = ["created_by"]


@admin.register(Feedback)
class FeedbackAdmin(SimpleHistoryAdmin):
    list_display = ["topic", "person", "changed_at"]
    raw_id_fields = ["person"]
