from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from organizations.models import Association, Category, Membership, TargetGroup
from organizations.services import bump_register_version, refresh_search_vector
from portal.admin_mixins import CheckedHistoryAdmin, KeysOnlyAutocomplete


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TargetGroup)
class TargetGroupAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}


class MembershipInline(KeysOnlyAutocomplete, admin.TabularInline):
    model = Membership
    extra = 0
    fk_name = "association"
    autocomplete_fields = ["user"]
    readonly_fields = ["requested_at", "decided_by", "decided_at"]


@admin.register(Association)
class AssociationAdmin(CheckedHistoryAdmin):
    list_display = ["name", "business_id", "domicile", "is_verified", "is_listed", "updated_at"]
    list_filter = ["is_verified", "is_listed", "categories", "target_groups"]
    search_fields = ["name", "business_id", "register_number"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["categories", "target_groups"]
    readonly_fields = ["verified_by", "verified_at", "created_at", "updated_at"]
    inlines = [MembershipInline]

    def save_related(self, request, form, formsets, change):
        # Edits here bypass the services, so the search text and the cached register follow.
        super().save_related(request, form, formsets, change)
        refresh_search_vector(association_ids=[form.instance.pk])
        bump_register_version()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        bump_register_version()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        bump_register_version()


@admin.register(Membership)
class MembershipAdmin(KeysOnlyAutocomplete, admin.ModelAdmin):
    list_display = ["user", "association", "role", "status", "requested_at", "decided_by"]
    list_filter = ["status", "role"]
    search_fields = ["user__email", "association__name"]
    list_select_related = ["user", "association", "decided_by"]
    autocomplete_fields = ["user", "association"]
    readonly_fields = ["requested_at", "decided_by", "decided_at"]
