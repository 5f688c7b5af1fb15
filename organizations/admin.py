from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from organizations.models import Association, Category, Membership, TargetGroup


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TargetGroup)
class TargetGroupAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fk_name = "association"
    autocomplete_fields = ["user"]
    readonly_fields = ["requested_at", "decided_by", "decided_at"]


@admin.register(Association)
class AssociationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "business_id", "domicile", "is_verified", "is_listed", "updated_at"]
    list_filter = ["is_verified", "is_listed", "categories", "target_groups"]
    search_fields = ["name", "business_id", "register_number"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["categories", "target_groups"]
    readonly_fields = ["verified_by", "verified_at", "created_at", "updated_at"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "association", "role", "status", "requested_at", "decided_by"]
    list_filter = ["status", "role"]
    search_fields = ["user__email", "association__name"]
    list_select_related = ["user", "association", "decided_by"]
    autocomplete_fields = ["user", "association"]
    readonly_fields = ["requested_at", "decided_by", "decided_at"]
