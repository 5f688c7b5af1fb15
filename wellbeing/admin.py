from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from portal.admin_mixins import KeysOnlyAutocomplete
from wellbeing.models import (
    AnswerTargetGroup,
    AreaAssessment,
    AssessmentAction,
    InputAnswer,
    InputRound,
    MarkFigure,
    Quotation,
    SelfAssessment,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    Theme,
)

# Input rounds


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    """The officer keeps the list of wellbeing themes the rounds ask about."""

    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(InputRound)
class InputRoundAdmin(admin.ModelAdmin):
    """Rounds are run on the portal's own pages; the admin is for looking and correcting."""

    list_display = ["title", "year", "status", "opens_on", "deadline", "published_at"]
    list_filter = ["status", "year"]
    search_fields = ["title"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_by", "created_at", "opened_at", "closed_at", "published_at"]


class AnswerTargetGroupInline(admin.TabularInline):
    model = AnswerTargetGroup
    extra = 0


class QuotationInline(admin.TabularInline):
    model = Quotation
    extra = 0
    fields = ["text", "theme", "is_approved"]


@admin.register(InputAnswer)
class InputAnswerAdmin(KeysOnlyAutocomplete, admin.ModelAdmin):
    list_display = ["association", "round", "status", "submitted_at", "updated_at"]
    list_filter = ["status", "round"]
    list_select_related = ["association", "round"]
    search_fields = ["association__name"]
    autocomplete_fields = ["association"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_at", "updated_at", "updated_by", "submitted_at"]
    inlines = [AnswerTargetGroupInline, QuotationInline]


# The yearly follow-up: kept on the portal's own pages; the admin is for looking and correcting.


class AreaAssessmentInline(admin.StackedInline):
    model = AreaAssessment
    extra = 0


class AssessmentActionInline(admin.TabularInline):
    model = AssessmentAction
    extra = 0


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(admin.ModelAdmin):
    list_display = ["year", "scale_max", "is_published", "updated_at"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [AreaAssessmentInline, AssessmentActionInline]


@admin.register(MarkFigure)
class MarkFigureAdmin(admin.ModelAdmin):
    list_display = ["year", "mark", "figure", "entered_by", "entered_at"]
    list_filter = ["year", "mark"]
    readonly_fields = ["entered_by", "entered_at"]


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 0
    fields = ["order", "text", "theme", "kind", "code"]
    readonly_fields = ["code"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["year", "opens_on", "closes_on"]
    readonly_fields = ["created_by", "created_at"]
    inlines = [SurveyQuestionInline]


class SurveyAnswerInline(admin.TabularInline):
    model = SurveyAnswer
    extra = 0
    fields = ["question", "score", "cant_say", "text"]
    readonly_fields = ["question"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(KeysOnlyAutocomplete, admin.ModelAdmin):
    list_display = ["association", "survey", "submitted_at", "updated_at"]
    list_filter = ["survey"]
    list_select_related = ["association", "survey"]
    search_fields = ["association__name"]
    autocomplete_fields = ["association"]
    readonly_fields = ["created_at", "updated_at", "updated_by", "submitted_by", "submitted_at"]
    inlines = [SurveyAnswerInline]
