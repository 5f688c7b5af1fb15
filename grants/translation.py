from modeltranslation.translator import TranslationOptions, register

from grants.models import AssessmentCriterion, ExtraQuestion, GrantProgramme, GrantRound


@register(GrantProgramme)
class GrantProgrammeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(GrantRound)
class GrantRoundTranslation(TranslationOptions):
    fields = ("title", "instructions", "required_attachments")


@register(AssessmentCriterion)
class AssessmentCriterionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(ExtraQuestion)
class ExtraQuestionTranslation(TranslationOptions):
    fields = ("text", "help_text")
