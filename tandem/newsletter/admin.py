from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tandem.newsletter.models import Delivery, Issue, Item, Subscriber


class ItemInline(admin.TabularInline):
    model = Item
    extra = 0


@admin.register(Issue)
class IssueAdmin(SimpleHistoryAdmin):
    list_display = ("title", "status", "send_at", "sent_at", "version")
    list_filter = ("status",)
    inlines = [ItemInline]


@admin.register(Subscriber)
class SubscriberAdmin(SimpleHistoryAdmin):
    list_display = ("email", "user", "confirmed_at", "unsubscribed_at")
    search_fields = ("email",)
    raw_id_fields = ("user",)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("issue", "subscriber", "status", "attempts", "sent_at")
    list_filter = ("status",)
    raw_id_fields = ("issue", "subscriber")
