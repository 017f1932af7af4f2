from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from tandem.people.models import (
    ApiToken,
    Employment,
    EvaluatorAssignment,
    LeaveOfAbsence,
    Person,
    RoleGrant,
    StaffAssignment,
    User,
)


@admin.register(User)
class TandemUserAdmin(UserAdmin):
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    ordering = ["email"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("first_name", "last_name")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = ((None, {"fields": ("email", "password1", "password2")}),)


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "state_id"]
    search_fields = ["last_name", "first_name", "state_id"]
    raw_id_fields = ["user"]


@admin.register(Employment)
class EmploymentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "district", "role_group", "start_date", "end_date", "has_pts"]
    list_filter = ["role_group", "district"]
    raw_id_fields = ["person"]


@admin.register(StaffAssignment, LeaveOfAbsence)
class EmploymentPartAdmin(SimpleHistoryAdmin):
    raw_id_fields = ["employment"]


@admin.register(EvaluatorAssignment)
class EvaluatorAssignmentAdmin(SimpleHistoryAdmin):
    raw_id_fields = ["evaluatee", "evaluator"]


@admin.register(RoleGrant)
class RoleGrantAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "office", "district", "school", "start_date", "end_date"]
    list_filter = ["role", "office"]
    raw_id_fields = ["user"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "revoked_at"]
    readonly_fields = ["user", "name", "prefix", "digest", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False
