from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from grants.models import (
    AssessmentCriterion,
    ExtraQuestion,
    GrantApplication,
    GrantProgramme,
    GrantRound,
    UseReport,
)


@admin.register(GrantProgramme)
class GrantProgrammeAdmin(TabbedTranslationAdmin):
    list_display = ["name", "sector", "contact_official"]
    list_filter = ["sector"]


class CriterionInline(TranslationTabularInline):
    model = AssessmentCriterion
    extra = 1


class ExtraQuestionInline(TranslationTabularInline):
    model = ExtraQuestion
    extra = 0


@admin.register(GrantRound)
class GrantRoundAdmin(TabbedTranslationAdmin):
    list_display = ["title", "programme", "opens_at", "closes_at", "is_year_round", "is_published"]
    list_filter = ["programme__sector", "is_published", "is_year_round"]
    inlines = [CriterionInline, ExtraQuestionInline]


@admin.register(GrantApplication)
class GrantApplicationAdmin(admin.ModelAdmin):
    """Read-only: applications change only through the portal's services and their audit log."""

    list_display = ["title", "association", "grant_round", "status", "amount_requested"]
    list_filter = ["status", "grant_round"]
    list_select_related = ["association", "grant_round"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(UseReport)
class UseReportAdmin(admin.ModelAdmin):
    list_display = ["application", "status", "total_costs", "grant_used"]
    list_filter = ["status"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
