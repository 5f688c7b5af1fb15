from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.models import ContentPage, LiaisonRole, SectorContact


class SignupForm(AllauthSignupForm):
    """Sign-up asks for the name, because the officer approves people, not addresses."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    preferred_language = forms.ChoiceField(
        label=_("Language of e-mails"), choices=settings.LANGUAGES, initial="fi"
    )

    def save(self, request):
        user = super().save(request)
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.save(update_fields=["first_name", "last_name", "preferred_language"])
        return user


def limit_help(max_length: int) -> str:
    """The sentence a form adds to a field's help text to say its length limit."""
    return gettext("At most %(limit)s characters.") % {
        "limit": number_format(max_length, force_grouping=True)
    }


class StatedTextLimits(forms.BaseForm):
    """Each text area's help text says how long the text may be; the browser stops there too.

    `limit_help_fields` names other fields whose limit is said as well. A form that adds fields
    in its own __init__ calls `state_limits()` again after adding them.
    """

    limit_help_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.state_limits()

    def states_limit(self, name: str, field: forms.Field) -> bool:
        return isinstance(field.widget, forms.Textarea) or name in self.limit_help_fields

    def state_limits(self) -> None:
        for name, field in self.fields.items():
            max_length = getattr(field, "max_length", None)
            if not max_length or getattr(field, "limit_stated", False):
                continue
            if not self.states_limit(name, field):
                continue
            field.limit_stated = True  # type: ignore[attr-defined]
            limit = limit_help(max_length)
            field.help_text = f"{field.help_text} {limit}" if field.help_text else limit


# The municipality's long texts, per language; the columns themselves have no limit.
TEXT_LIMITS = {"duties": 4000, "mandate": 2000, "reachable": 1000, "body": 20000}


def limited_text(db_field, **kwargs):
    """A form field for a model field, with the length limit TEXT_LIMITS gives its text."""
    original = getattr(db_field, "translated_field", db_field)
    if original.name in TEXT_LIMITS:
        kwargs["max_length"] = TEXT_LIMITS[original.name]
    return db_field.formfield(**kwargs)


def in_every_language(*names: str) -> list[str]:
    """The officer writes the municipality's texts in Finnish, and in Swedish and English."""
    return [f"{name}_{code}" for name in names for code, _label in settings.LANGUAGES]


class LiaisonRoleForm(StatedTextLimits, forms.ModelForm):
    class Meta:
        model = LiaisonRole
        formfield_callback = limited_text
        fields = [
            "officer_name",
            "email",
            "phone",
            *in_every_language("title", "working_time", "duties", "mandate", "reachable"),
        ]


class SectorContactForm(forms.ModelForm):
    class Meta:
        model = SectorContact
        fields = ["sector", "name", "title", "email", "phone", "handles"]


class ContentPageForm(StatedTextLimits, forms.ModelForm):
    class Meta:
        model = ContentPage
        formfield_callback = limited_text
        fields = [
            *in_every_language("title"),
            "slug",
            "section",
            *in_every_language("summary", "body"),
            "is_published",
            "order",
        ]
