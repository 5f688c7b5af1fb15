from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
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


def in_every_language(*names: str) -> list[str]:
    """The officer writes the municipality's texts in Finnish, and in Swedish and English."""
    return [f"{name}_{code}" for name in names for code, _label in settings.LANGUAGES]


class LiaisonRoleForm(forms.ModelForm):
    class Meta:
        model = LiaisonRole
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


class ContentPageForm(forms.ModelForm):
    class Meta:
        model = ContentPage
        fields = [
            *in_every_language("title"),
            "slug",
            "section",
            *in_every_language("summary", "body"),
            "is_published",
            "order",
        ]
