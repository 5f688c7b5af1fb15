from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import ActivityLanguage
from portal.forms import StatedTextLimits
from volunteering import permissions
from volunteering.models import MESSAGE_MAX_LENGTH, PEOPLE_MAX, Answer, Offer, Task

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TaskForm(StatedTextLimits, forms.ModelForm):
    """A volunteer task as its association posts it; only its verified associations are offered."""

    limit_help_fields = ("title", "place")

    suits = forms.MultipleChoiceField(
        label=_("Who suits"),
        choices=Task.Suits.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=ActivityLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people_needed = forms.IntegerField(
        label=_("How many people"), min_value=1, max_value=PEOPLE_MAX, initial=1
    )

    class Meta:
        model = Task
        fields = [
            "association",
            "title",
            "description",
            "category",
            "starts_on",
            "ends_on",
            "time_text",
            "place",
            "area",
            "people_needed",
            "suits",
            "languages",
            "is_accessible",
        ]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        associations = permissions.posting_associations(user)
        field = self.fields["association"]
        field.queryset = associations  # type: ignore[attr-defined]
        field.empty_label = None  # type: ignore[attr-defined]
        if self.instance.pk:
            field.disabled = True

    def clean(self):
        data = super().clean()
        check_dates(self, creating=self.instance.pk is None)
        return data


def check_dates(form: forms.BaseForm, *, creating: bool) -> None:
    """Dates in the past (for something new) and a last day before the first, by field."""
    today = timezone.localdate()
    data = form.cleaned_data or {}
    starts_on = data.get("starts_on")
    ends_on = data.get("ends_on")
    if creating and starts_on and starts_on < today:
        form.add_error("starts_on", _("The first day has already passed."))
    if creating and ends_on and ends_on < today:
        form.add_error("ends_on", _("The last day has already passed."))
    elif starts_on and ends_on and ends_on < starts_on:
        form.add_error("ends_on", _("The last day cannot be before the first day."))


class AnswerForm(StatedTextLimits, forms.ModelForm):
    """A resident's answer: who they are, how to reach them, a short message and consent."""

    has_consented = forms.BooleanField(
        label=_(
            "I agree that the association sees my answer and my contact details and that the "
            "portal keeps them for a year after the task."
        ),
        error_messages={"required": _("The answer can be sent only with consent.")},
    )

    class Meta:
        model = Answer
        fields = ["name", "email", "phone", "message", "has_consented"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "phone": _("Optional."),
            "message": _("For example when you could come, or what you would like to do."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"

    def validate_unique(self):
        """The service checks a repeated answer, with the task this form does not hold."""


class OfferForm(StatedTextLimits, forms.ModelForm):
    limit_help_fields = ("title", "price_text")

    class Meta:
        model = Offer
        fields = [
            "association",
            "kind",
            "title",
            "description",
            "terms",
            "price_text",
            "qualification_expires_on",
            "is_active",
        ]
        widgets = {
            "qualification_expires_on": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 5}),
            "kind": forms.RadioSelect,
            "terms": forms.RadioSelect,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["association"]
        field.queryset = permissions.posting_associations(user)  # type: ignore[attr-defined]
        field.empty_label = None  # type: ignore[attr-defined]
        if self.instance.pk:
            field.disabled = True

    def clean(self):
        data = super().clean() or {}
        expires = data.get("qualification_expires_on")
        if expires and data.get("kind") != Offer.Kind.SKILL:
            self.add_error(
                "qualification_expires_on",
                _("Only a skill or qualification has an expiry date."),
            )
        if data.get("terms") == Offer.Terms.RENT and not data.get("price_text", "").strip():
            self.add_error("price_text", _("Give the price of what is rented."))
        return data


class ShareRequestForm(StatedTextLimits, forms.Form):
    association: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=None,
        empty_label=None,  # type: ignore[arg-type]
    )
    starts_on = forms.DateField(label=_("From"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("Until"), widget=DATE_INPUT)
    message = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you need it for, and how you would fetch it."),
    )

    def __init__(self, *args, user, offer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = permissions.requesting_associations(  # type: ignore[attr-defined]
            user, offer
        )
        self.state_limits()

    def clean(self):
        data = super().clean()
        check_dates(self, creating=True)
        return data


class YearForm(forms.Form):
    vuosi = forms.IntegerField(label=_("Year"), min_value=2020, max_value=2100)
