from modeltranslation.translator import TranslationOptions, register

from facilities.models import OpeningException, Site, Space, SpacePhoto


@register(Site)
class SiteTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Space)
class SpaceTranslation(TranslationOptions):
    fields = (
        "name",
        "description",
        "equipment",
        "accessibility_notes",
        "access_instructions",
        "use_rules",
        "free_of_charge_conditions",
    )


@register(SpacePhoto)
class SpacePhotoTranslation(TranslationOptions):
    fields = ("alt_text",)


@register(OpeningException)
class OpeningExceptionTranslation(TranslationOptions):
    fields = ("reason",)
