"""The representative's form for inviting an association agent to help."""

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.models import AgentInvitation, GrantApplication
from portal import roles
from portal.forms import StatedTextLimits


class AgentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.email


class AgentInvitationForm(StatedTextLimits, forms.Form):
    SCOPE_APPLICATION = "application"
    SCOPE_PERIOD = "period"

    agent = AgentChoiceField(
        label=_("Association agent"),
        queryset=roles.association_agents(),
        empty_label=_("Choose an agent"),
        help_text=_("Trained volunteers who help associations in the municipality."),
    )
    scope = forms.ChoiceField(
        label=_("What the agent may help with"),
        choices=[
            (SCOPE_APPLICATION, _("One draft application")),
            (SCOPE_PERIOD, _("All the association's draft applications until a date")),
        ],
        widget=forms.RadioSelect,
        initial=SCOPE_APPLICATION,
    )
    application = forms.ModelChoiceField(
        label=_("Draft application"),
        queryset=GrantApplication.objects.none(),
        required=False,
        empty_label=_("Choose the draft"),
    )
    valid_until = forms.DateField(
        label=_("Until (for all the drafts)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("At most a year from today."),
    )
    message = forms.CharField(
        label=_("Message to the agent"),
        required=False,
        max_length=AgentInvitation._meta.get_field("message").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, association, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = association.grant_applications.filter(  # type: ignore[attr-defined]
            status=GrantApplication.Status.DRAFT
        ).order_by("-pk")

    def clean(self):
        data = super().clean() or {}
        if data.get("scope") == self.SCOPE_APPLICATION:
            if not data.get("application"):
                self.add_error("application", _("Choose the draft the agent helps with."))
            data["valid_until"] = None
        elif data.get("scope") == self.SCOPE_PERIOD:
            if not data.get("valid_until"):
                self.add_error("valid_until", _("Give the date until which the agent helps."))
            data["application"] = None
        return data
