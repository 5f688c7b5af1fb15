from modeltranslation.translator import TranslationOptions, register

from communication.models import Message, News


@register(News)
class NewsTranslation(TranslationOptions):
    fields = ("title", "lead", "body", "image_alt")
    required_languages = {"fi": ("title", "lead", "body")}


@register(Message)
class MessageTranslation(TranslationOptions):
    fields = ("subject", "body")
    required_languages = {"fi": ("subject", "body")}
