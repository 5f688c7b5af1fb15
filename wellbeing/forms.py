"""Forms of the input rounds: the officer's round, the association's answer, quotations."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import TargetGroup
from portal.forms import StatedTextLimits
from portal.i18n import shown_name
from wellbeing.models import InputAnswer, InputRound, Quotation, Structure, Theme
from wellbeing.models.rounds import (
    ANSWER_TEXT_MAX_LENGTH,
    NEEDS_TEXT_MAX_LENGTH,
    QUOTATION_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
)

MAX_PEOPLE = 10_000_000
REACHED_PREFIX = "reached_"


class RoundForm(StatedTextLimits, forms.ModelForm):
    instructions = forms.CharField(
        label=_("Instructions"),
        required=False,
        max_length=ANSWER_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Shown to the associations above the answer form."),
    )

    class Meta:
        model = InputRound
        fields = ["year", "title", "themes", "instructions", "opens_on", "deadline"]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "themes": _("The associations tell which of these their work touches."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["themes"]).queryset = Theme.objects.all()


def _limited_text(label, max_length: int, rows: int = 5, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class AnswerForm(StatedTextLimits, forms.Form):
    """The association's answer; nothing is required for a draft, the submit step checks.

    Besides the fields below, one number field per target group of the register says how many
    people the work reached (empty: the group was not reached).
    """

    themes: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Themes your work touches"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    observed_needs = _limited_text(
        _("Needs and changes you have seen among the people you work with"),
        ANSWER_TEXT_MAX_LENGTH,
    )
    own_actions = _limited_text(_("What your association does about them"), ANSWER_TEXT_MAX_LENGTH)
    proposals = _limited_text(_("Your proposals to the municipality"), ANSWER_TEXT_MAX_LENGTH)
    needs_premises = forms.BooleanField(label=_("We need premises"), required=False)
    needs_funding = forms.BooleanField(label=_("We need funding"), required=False)
    needs_cooperation = forms.BooleanField(label=_("We need cooperation"), required=False)
    needs_text = _limited_text(_("What you need, in your own words"), NEEDS_TEXT_MAX_LENGTH, rows=3)
    structures = forms.MultipleChoiceField(
        label=_("Cooperation structures your association takes part in"),
        choices=Structure.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    structures_other = forms.CharField(
        label=_("Other structures, which?"), max_length=200, required=False
    )

    def __init__(self, *args, input_round: InputRound, target_groups, **kwargs):
        super().__init__(*args, **kwargs)
        themes = cast(forms.ModelMultipleChoiceField, self.fields["themes"])
        themes.queryset = input_round.themes.all()
        self.target_groups = list(target_groups)
        for group in self.target_groups:
            self.fields[f"{REACHED_PREFIX}{group.pk}"] = forms.IntegerField(
                label=group.name,
                required=False,
                min_value=0,
                max_value=MAX_PEOPLE,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
        self.state_limits()

    @classmethod
    def initial_for(cls, answer: InputAnswer) -> dict:
        initial = {
            "themes": [theme.pk for theme in answer.themes.all()],
            **{
                name: getattr(answer, name)
                for name in (
                    "observed_needs",
                    "own_actions",
                    "proposals",
                    "needs_premises",
                    "needs_funding",
                    "needs_cooperation",
                    "needs_text",
                    "structures",
                    "structures_other",
                )
            },
        }
        for row in answer.reached_groups.all():
            initial[f"{REACHED_PREFIX}{row.target_group_id}"] = row.people_reached
        return initial

    def reach_fields(self):
        return [self[f"{REACHED_PREFIX}{group.pk}"] for group in self.target_groups]

    def main_fields(self):
        return [field for field in self if not field.name.startswith(REACHED_PREFIX)]

    def reached(self) -> dict[int, int]:
        """Target group id → people reached, for the groups given a number."""
        return {
            group.pk: self.cleaned_data[f"{REACHED_PREFIX}{group.pk}"]
            for group in self.target_groups
            if self.cleaned_data.get(f"{REACHED_PREFIX}{group.pk}") is not None
        }

    def answer_data(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "themes" and not name.startswith(REACHED_PREFIX)
        }


def target_groups():
    """Every target group in its usual order: by the name the reader sees, ties by key."""
    return TargetGroup.objects.order_by("order", shown_name(), "pk")


class QuotationForm(StatedTextLimits, forms.ModelForm):
    text = forms.CharField(
        label=_("Quotation"),
        max_length=QUOTATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Copy the words from the answer; shorten with […]."),
    )

    class Meta:
        model = Quotation
        fields = ["text", "theme", "is_approved"]

    def __init__(self, *args, input_round: InputRound, **kwargs):
        super().__init__(*args, **kwargs)
        theme = cast(forms.ModelChoiceField, self.fields["theme"])
        theme.queryset = input_round.themes.all()


class SummaryForm(StatedTextLimits, forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "What the associations told, and what the municipality does with it. Shown "
            "publicly with the approved quotations."
        ),
    )
