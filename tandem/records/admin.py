from django.contrib import admin

from tandem.records.models import AccessLogEntry, Amendment, Signature


@admin.register(AccessLogEntry, Amendment, Signature)
class ReadOnlyAdmin(admin.ModelAdmin):
    """The access log, amendments and signatures are evidence: readable, never editable."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
