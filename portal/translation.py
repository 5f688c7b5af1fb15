from modeltranslation.translator import TranslationOptions, register

from portal.models import ContentPage, LiaisonRole, SectorContact


@register(ContentPage)
class ContentPageTranslation(TranslationOptions):
    fields = ("title", "summary", "body")


@register(LiaisonRole)
class LiaisonRoleTranslation(TranslationOptions):
    fields = ("title", "duties", "working_time", "mandate", "reachable")


@register(SectorContact)
class SectorContactTranslation(TranslationOptions):
    fields = ("title", "handles")
