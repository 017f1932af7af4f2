from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tandem.rubrics.models import Framework, FrameworkVersion


@admin.register(Framework)
class FrameworkAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "role_group", "district"]


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(SimpleHistoryAdmin):
    """Versions are published and revised through the rubric pages, which keep them immutable."""

    list_display = ["framework", "number", "edition", "status"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
