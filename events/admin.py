from django.contrib import admin

from events import feeds
from events.caching import data_changed
from events.models import (
    AgendaItem,
    CycleItem,
    Evening,
    EveningInvitation,
    Event,
    EventSettings,
    ExternalEvent,
    ExternalFeed,
    TrustedPublisher,
)
from portal.admin_mixins import KeysOnlyAutocomplete


@admin.register(EventSettings)
class EventSettingsAdmin(admin.ModelAdmin):
    """One row: the liaison officer's threshold for big events."""

    list_display = ["__str__", "big_event_threshold"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not EventSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrustedPublisher)
class TrustedPublisherAdmin(KeysOnlyAutocomplete, admin.ModelAdmin):
    list_display = ["association", "trusted_by", "trusted_at"]
    autocomplete_fields = ["association"]
    readonly_fields = ["trusted_by", "trusted_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.trusted_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Event)
class EventAdmin(KeysOnlyAutocomplete, admin.ModelAdmin):
    list_display = ["title", "starts_at", "status", "is_big", "category"]
    list_filter = ["status", "is_big", "category"]
    search_fields = ["title", "organisers__name"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["organisers", "space"]
    readonly_fields = ["uid", "sequence", "created_by", "created_at", "updated_at"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        data_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        data_changed()


@admin.register(ExternalFeed)
class ExternalFeedAdmin(admin.ModelAdmin):
    """Neighbouring calendars; saved through the feeds module so that the audit log has them."""

    list_display = ["name", "municipality", "is_shown", "is_big", "last_imported_at", "last_error"]
    list_filter = ["is_shown", "is_big"]
    search_fields = ["name", "municipality", "url"]
    readonly_fields = [
        "created_by",
        "created_at",
        "last_attempt_at",
        "last_imported_at",
        "last_error",
        "last_error_at",
    ]

    def save_model(self, request, obj, form, change):
        feeds.save_feed(feed=obj, by=request.user)

    def delete_model(self, request, obj):
        feeds.delete_feed(feed=obj, by=request.user)


@admin.register(ExternalEvent)
class ExternalEventAdmin(admin.ModelAdmin):
    """Imported events are read-only: the next import would undo any change."""

    list_display = ["title", "starts_at", "feed", "is_big", "is_cancelled", "is_removed"]
    list_filter = ["feed", "is_big", "is_cancelled", "is_removed"]
    search_fields = ["title", "location", "uid"]
    date_hierarchy = "starts_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CycleItem)
class CycleItemAdmin(admin.ModelAdmin):
    """The annual cycle's hand-made items; grant rounds and evenings come in by themselves."""

    list_display = ["title", "kind", "starts_on", "ends_on"]
    list_filter = ["kind"]
    search_fields = ["title", "description"]
    date_hierarchy = "starts_on"


class AgendaItemInline(KeysOnlyAutocomplete, admin.TabularInline):
    model = AgendaItem
    extra = 1
    fields = ["order", "title", "cycle_item", "grant_round"]
    autocomplete_fields = ["cycle_item"]


class EveningInvitationInline(admin.TabularInline):
    model = EveningInvitation
    extra = 0
    can_delete = False
    fields = ["association", "email", "language", "sent_at", "reminded_at"]
    fields += ["is_attending", "head_count", "has_attended"]
    readonly_fields = ["association", "email", "language", "sent_at", "reminded_at"]

    def has_add_permission(self, request, obj=None):
        # Invitations are made by sending them, so that each is e-mailed once.
        return False


@admin.register(Evening)
class EveningAdmin(KeysOnlyAutocomplete, admin.ModelAdmin):
    list_display = ["title", "starts_at", "sector", "invited_at", "minutes_published_at"]
    list_filter = ["sector"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["space"]
    readonly_fields = ["uid", "invited_at", "created_by", "created_at", "updated_at"]
    inlines = [AgendaItemInline, EveningInvitationInline]
