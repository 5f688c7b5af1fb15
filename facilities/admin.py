from django.contrib import admin
from django.db import models
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from facilities.caching import data_changed
from facilities.models import (
    Block,
    Booking,
    BookingRules,
    BookingSeries,
    CalendarFeed,
    Lease,
    OpeningException,
    OpeningHours,
    SeasonApplication,
    SeasonRound,
    SeasonTurn,
    Site,
    Space,
    SpacePhoto,
)
from portal.forms import limit_help


class SiteOpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    fk_name = "site"
    exclude = ["space"]
    extra = 0


class SiteOpeningExceptionInline(TranslationTabularInline):
    model = OpeningException
    fk_name = "site"
    exclude = ["space"]
    extra = 0


class SpaceOpeningHoursInline(SiteOpeningHoursInline):
    fk_name = "space"
    exclude = ["site"]


class SpaceOpeningExceptionInline(SiteOpeningExceptionInline):
    fk_name = "space"
    exclude = ["site"]


class BookingRulesInline(admin.StackedInline):
    model = BookingRules
    can_delete = False


class SpacePhotoInline(TranslationTabularInline):
    model = SpacePhoto
    extra = 0


class BumpsPublicPages:
    """Edits here change what the cached public pages show."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        data_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)  # type: ignore[misc]
        data_changed()


class StatesTextLimits:
    """Each long text's help text says how long it may be; the form refuses longer ones."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        if isinstance(db_field, models.TextField) and db_field.max_length and field is not None:
            limit = limit_help(db_field.max_length)
            field.help_text = f"{field.help_text} {limit}" if field.help_text else limit
        return field


@admin.register(Site)
class SiteAdmin(StatesTextLimits, BumpsPublicPages, TranslationAdmin):
    list_display = ["name", "address", "sector"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SiteOpeningHoursInline, SiteOpeningExceptionInline]


@admin.register(Space)
class SpaceAdmin(StatesTextLimits, BumpsPublicPages, TranslationAdmin):
    list_display = ["name", "site", "parent", "type", "capacity", "is_published"]
    list_filter = ["site", "type", "is_published"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [
        BookingRulesInline,
        SpacePhotoInline,
        SpaceOpeningHoursInline,
        SpaceOpeningExceptionInline,
    ]


# Bookings and blocks change only through the services (they hold the occupancy rows and write
# the audit log), so the admin shows them read-only.
class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ["space", "starts_at", "ends_at", "association", "status"]
    list_filter = ["status", "space__site"]
    search_fields = ["association__name", "purpose"]
    date_hierarchy = "starts_at"
    list_select_related = ["space", "space__site", "association"]


@admin.register(BookingSeries)
class BookingSeriesAdmin(ReadOnlyAdmin):
    list_display = ["space", "association", "starts_on", "ends_on", "is_cancelled"]
    list_select_related = ["space", "space__site", "association"]


@admin.register(Block)
class BlockAdmin(ReadOnlyAdmin):
    list_display = ["space", "starts_at", "ends_at", "reason"]
    list_select_related = ["space", "space__site"]


@admin.register(Lease)
class LeaseAdmin(ReadOnlyAdmin):
    list_display = ["space", "association", "starts_on", "ends_on", "renewal_reminded_at"]
    list_filter = ["space__site"]
    search_fields = ["association__name", "space__name"]
    list_select_related = ["space", "space__site", "association"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["association"]
    readonly_fields = ["token"]


# Seasonal rounds change only through the services (allocation checks, series, audit log).
@admin.register(SeasonRound)
class SeasonRoundAdmin(ReadOnlyAdmin):
    list_display = ["name", "season_starts_on", "season_ends_on", "status"]
    list_filter = ["status"]


@admin.register(SeasonApplication)
class SeasonApplicationAdmin(ReadOnlyAdmin):
    list_display = ["association", "season_round", "status", "is_late", "submitted_at"]
    list_filter = ["status", "is_late", "season_round"]
    list_select_related = ["association", "season_round"]


@admin.register(SeasonTurn)
class SeasonTurnAdmin(ReadOnlyAdmin):
    list_display = ["space", "weekday", "starts_at", "ends_at", "need", "is_given_up"]
    list_filter = ["is_given_up", "space"]
    list_select_related = ["space", "space__site", "need"]
