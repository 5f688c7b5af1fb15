from modeltranslation.translator import TranslationOptions, register

from portal.models import ContentPage, LiaisonRole, SectorContact


class ContentPageTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = {"fi": ("title", "body")}


class LiaisonRoleTranslation(TranslationOptions):
    fields = ("title", "duties", "working_time", "mandate", "reachable")
    required_languages = {"fi": ("title", "duties", "working_time", "mandate")}


# The historical models get the same language columns, so the history keeps every language.
register([ContentPage, ContentPage.history.model])(ContentPageTranslation)
register([LiaisonRole, LiaisonRole.history.model])(LiaisonRoleTranslation)


@register(SectorContact)
class SectorContactTranslation(TranslationOptions):
    fields = ("title", "handles")
