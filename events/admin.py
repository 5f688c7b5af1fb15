from django.contrib import admin

from events.caching import data_changed
from events.models import Event, EventSettings, TrustedPublisher


@admin.register(EventSettings)
class EventSettingsAdmin(admin.ModelAdmin):
    """One row: the liaison officer's threshold for big events."""

    list_display = ["__str__", "big_event_threshold"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not EventSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrustedPublisher)
class TrustedPublisherAdmin(admin.ModelAdmin):
    list_display = ["association", "trusted_by", "trusted_at"]
    autocomplete_fields = ["association"]
    readonly_fields = ["trusted_by", "trusted_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.trusted_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
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
