from django import forms
from django.utils.translation import gettext_lazy as _


class ErasureRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the liaison officer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. For example, why you want to be removed."),
    )


class ErasureDecisionForm(forms.Form):
    CONFIRM = "confirm"
    REFUSE = "refuse"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (CONFIRM, _("Confirm: anonymise the person now")),
            (REFUSE, _("Refuse the request")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you refuse; the person sees it on their page."),
    )

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("decision") == self.REFUSE and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("A refusal needs a reason."))
        return cleaned
