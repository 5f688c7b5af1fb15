from django.contrib import admin

from communication.models import Delivery, Message, News, Subscriber
from communication.permissions import can_see_subscriber_addresses


@admin.register(News)
class NewsAdmin(admin.ModelAdmin):
    list_display = ["title", "association", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    raw_id_fields = ["association", "created_by"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Messages are sent from the officer's pages; the admin only shows them."""

    list_display = ["subject", "audience", "status", "sent_at"]
    list_filter = ["status", "audience"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """Residents' addresses: only for those an administrator gave the permission to see them."""

    list_display = ["email", "language", "created_at"]
    search_fields = ["email"]

    def has_module_permission(self, request):
        return can_see_subscriber_addresses(request.user)

    def has_view_permission(self, request, obj=None):
        return can_see_subscriber_addresses(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return can_see_subscriber_addresses(request.user)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["email", "message", "status", "attempts", "error"]
    list_filter = ["status"]

    def get_queryset(self, request):
        # Announcement mails go to residents: their addresses are not listed here.
        return super().get_queryset(request).filter(message__isnull=False)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
