from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from portal import audit
from portal.admin_mixins import CheckedHistoryAdmin
from portal.models import (
    AccessLogEntry,
    AuditEvent,
    ContentPage,
    ErasureRequest,
    LiaisonRole,
    RoleGrant,
    SectorContact,
    User,
)


class RoleGrantInline(admin.TabularInline):
    """Roles are given and taken by administrators only (portal.backends); others see them."""

    model = RoleGrant
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users for the liaison officer and administrators.

    Only an administrator changes an administrator, a staff member or anyone with a municipal
    role, sets passwords, or changes the address one logs in with; the liaison officer sees those
    read-only and may edit only an ordinary user's name, language and activity. Only an
    administrator deletes users.
    """

    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_superuser", "role_grants__role", "preferred_language"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [RoleGrantInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "preferred_language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def _allows(self, request, action: str, obj) -> bool:
        # ModelAdmin asks without the object; the per-object answer is in portal.backends.
        perm = f"{self.opts.app_label}.{action}_{self.opts.model_name}"
        return request.user.has_perm(perm) and (obj is None or request.user.has_perm(perm, obj))

    def has_change_permission(self, request, obj=None):
        return self._allows(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        # An account takes its log-in addresses and second factors with it, and those are
        # administrators' to manage; the liaison officer deactivates an account instead.
        return request.user.is_superuser and self._allows(request, "delete", obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.is_superuser:
            return fieldsets
        # The password widget links to a form only administrators may use.
        return tuple(
            (name, {**options, "fields": [f for f in options["fields"] if f != "password"]})
            for name, options in fieldsets
        )

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        # A changed log-in address followed by a password reset would hand over the account.
        return ["email", "is_staff", "is_superuser", "last_login", "date_joined"]

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def delete_queryset(self, request, queryset):
        # The bulk action checks each row too; this keeps any other caller to the same rule.
        if not all(self.has_delete_permission(request, user) for user in queryset):
            raise PermissionDenied
        super().delete_queryset(request, queryset)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log, read-only: the database refuses changes to it anyway."""

    list_display = ["created_at", "actor", "action_label", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["action", "target_repr", "actor__email"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]

    @admin.display(description=_("action"), ordering="action")
    def action_label(self, event: AuditEvent) -> str:
        return str(audit.action_label(event.action))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ContentPage)
class ContentPageAdmin(CheckedHistoryAdmin, TranslationAdmin):
    list_display = ["title", "section", "is_published", "updated_at"]
    list_filter = ["section", "is_published"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(LiaisonRole)
class LiaisonRoleAdmin(CheckedHistoryAdmin, TranslationAdmin):
    list_display = ["officer_name", "title", "working_time", "updated_at"]


@admin.register(SectorContact)
class SectorContactAdmin(TranslationAdmin):
    list_display = ["sector", "name", "title", "email"]


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """The access log, for administrators only: not even the liaison officer reads it."""

    list_display = ["created_at", "actor", "what", "target_repr"]
    list_filter = ["what"]
    search_fields = ["what", "target_repr", "actor__email"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    """Requests are decided in the back-office, where the decision anonymises the person."""

    list_display = ["requested_at", "user", "status", "decided_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["user", "decided_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
