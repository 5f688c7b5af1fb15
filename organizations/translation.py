from modeltranslation.translator import TranslationOptions, register

from organizations.models import Category, TargetGroup


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(TargetGroup)
class TargetGroupTranslation(TranslationOptions):
    fields = ("name",)
