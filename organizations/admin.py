from django.contrib import admin
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
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


class RegisterStateFilter(admin.SimpleListFilter):
    """By default the register and the registrations waiting for approval; a rejected or
    abandoned registration shows only when asked for."""

    title = _("in the register")
    parameter_name = "register"

    def lookups(self, request, model_admin):
        return [
            ("waiting", _("Waiting for approval")),
            ("unlisted", _("Not listed: rejected or abandoned")),
            ("all", _("All")),
        ]

    def choices(self, changelist):
        # The default (no parameter) is "listed and waiting", not "all".
        for lookup, title in [(None, _("Listed and waiting")), *self.lookup_choices]:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: lookup} if lookup else {}, [self.parameter_name]
                ),
                "display": title,
            }

    def queryset(self, request, queryset):
        waiting = Exists(Membership.objects.pending().filter(association=OuterRef("pk")))
        value = self.value()
        if value == "all":
            return queryset
        if value == "waiting":
            return queryset.filter(waiting, is_listed=False)
        if value == "unlisted":
            return queryset.filter(is_listed=False).exclude(waiting)
        return queryset.filter(Q(is_listed=True) | waiting)


@admin.register(Association)
class AssociationAdmin(CheckedHistoryAdmin):
    list_display = ["name", "business_id", "domicile", "is_verified", "is_listed", "updated_at"]
    list_filter = [RegisterStateFilter, "is_verified", "categories", "target_groups"]
    search_fields = ["name", "business_id", "register_number"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["categories", "target_groups"]
    readonly_fields = ["verified_by", "verified_at", "created_at", "updated_at"]
    # The purpose is edited per language (purpose_fi/_sv/_en); `purpose` reads one of them.
    exclude = ["purpose"]
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
