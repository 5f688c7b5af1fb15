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


class LiaisonRoleForm(forms.ModelForm):
    class Meta:
        model = LiaisonRole
        fields = [
            "officer_name",
            "title",
            "email",
            "phone",
            "working_time",
            "duties",
            "mandate",
            "reachable",
        ]


class SectorContactForm(forms.ModelForm):
    class Meta:
        model = SectorContact
        fields = ["sector", "name", "title", "email", "phone", "handles"]


class ContentPageForm(forms.ModelForm):
    class Meta:
        model = ContentPage
        fields = ["title", "slug", "section", "summary", "body", "is_published", "order"]
