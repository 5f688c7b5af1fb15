from django.contrib import admin

from volunteering.models import Offer, ShareRequest, Task


class ReadOnlyAdmin(admin.ModelAdmin):
    """Changes go through the pages, which check who acts and write the audit log."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    """Tasks for the liaison officer's look; the answers (personal data) are not shown here."""

    list_display = ["title", "association", "ends_on", "status", "created_at"]
    list_filter = ["status", "category"]
    search_fields = ["title", "association__name"]
    list_select_related = ["association"]
    raw_id_fields = ["association", "created_by"]


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ["title", "association", "kind", "terms", "is_active"]
    list_filter = ["kind", "terms", "is_active"]
    search_fields = ["title", "association__name"]
    list_select_related = ["association"]
    raw_id_fields = ["association", "created_by"]


@admin.register(ShareRequest)
class ShareRequestAdmin(ReadOnlyAdmin):
    list_display = ["offer", "association", "starts_on", "ends_on", "status"]
    list_filter = ["status"]
    list_select_related = ["offer", "association"]
    raw_id_fields = ["offer", "association", "requested_by", "decided_by"]
