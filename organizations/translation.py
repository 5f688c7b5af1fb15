from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import TranslationOptions, register

from organizations.models import Association, Category, TargetGroup


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(TargetGroup)
class TargetGroupTranslation(TranslationOptions):
    fields = ("name",)


@register(Association)
class AssociationTranslation(TranslationOptions):
    """The association writes its purpose in Finnish, and in Swedish and English if it wants;
    a reader sees their language, Finnish when that one is empty."""

    fields = ("purpose",)


PURPOSE_FIELDS = ("purpose_fi", "purpose_sv", "purpose_en")
# Named for people, not "purpose [sv]": the form, the admin and the change history show these
# labels in the reader's language.
PURPOSE_LABELS = {
    "purpose_fi": _("purpose in Finnish"),
    "purpose_sv": _("purpose in Swedish"),
    "purpose_en": _("purpose in English"),
}
for _name, _label in PURPOSE_LABELS.items():
    Association._meta.get_field(_name).verbose_name = _label  # type: ignore[union-attr]


def _track_purpose_languages_in_history() -> None:
    """The history compares the three language versions, not `purpose`, whose saved value is
    whichever language the editor happened to use."""
    history_model = Association.history.model  # type: ignore[attr-defined]
    tracked = [field for field in history_model.tracked_fields if field.name != "purpose"]
    history_model.tracked_fields = tracked + [
        Association._meta.get_field(name) for name in PURPOSE_FIELDS
    ]


_track_purpose_languages_in_history()
