from modeltranslation.translator import TranslationOptions, register

from wellbeing.models import Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)
