"""Forms of the seasonal rounds: the round, the application, a need with its wished times."""

from html import escape
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from facilities.forms import DATE, TIME, StatedLimits
from facilities.models import (
    NOTE_MAX_LENGTH,
    SeasonApplication,
    SeasonNeed,
    SeasonRound,
    Weekday,
)
from portal.form_renderer import attrs_html

WISH_ROWS = 4


class RoundForm(StatedLimits, forms.ModelForm):
    """The officer's round: season, spaces, application period, criteria and notes."""

    criteria = forms.MultipleChoiceField(
        label=_("Allocation criteria"),
        choices=SeasonRound.Criterion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The proposal weighs the chosen criteria in the order listed."),
    )

    class Meta:
        model = SeasonRound
        fields = [
            "name",
            "season_starts_on",
            "season_ends_on",
            "applications_open_on",
            "applications_close_on",
            "give_up_until",
            "spaces",
            "criteria",
            "criteria_text",
            "notes",
        ]
        widgets = {
            "season_starts_on": DATE,
            "season_ends_on": DATE,
            "applications_open_on": DATE,
            "applications_close_on": DATE,
            "give_up_until": DATE,
            "spaces": forms.CheckboxSelectMultiple,
            "criteria_text": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["spaces"]).queryset = spaces

    def clean_criteria(self):
        # Kept in the published order, whatever order the browser sent them in.
        chosen = set(self.cleaned_data["criteria"])
        return [value for value in SeasonRound.Criterion.values if value in chosen]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        starts, ends = data.get("season_starts_on"), data.get("season_ends_on")
        opens, closes = data.get("applications_open_on"), data.get("applications_close_on")
        if starts and ends and ends < starts:
            self.add_error("season_ends_on", _("The season cannot end before it starts."))
        if opens and closes and closes < opens:
            self.add_error(
                "applications_close_on", _("The deadline cannot be before applications open.")
            )
        if closes and starts and closes > starts:
            self.add_error(
                "applications_close_on", _("The deadline must be before the season starts.")
            )
        return data


class ApplicationForm(StatedLimits, forms.ModelForm):
    class Meta:
        model = SeasonApplication
        fields = ["active_members", "is_local", "had_turns_last_season", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, associations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if associations is not None:
            self.fields["association"] = forms.ModelChoiceField(
                label=_("Association"), queryset=associations, empty_label=None
            )
            self.order_fields(["association"])


class NeedForm(StatedLimits, forms.ModelForm):
    turns_per_week = forms.IntegerField(
        label=_("Turns a week"),
        min_value=1,
        max_value=7,
        error_messages={"min_value": _("Ask for at least one turn a week.")},
    )
    turn_minutes = forms.IntegerField(
        label=_("Length of a turn (minutes)"), min_value=30, max_value=8 * 60
    )

    class Meta:
        model = SeasonNeed
        fields = [
            "name",
            "age_group",
            "group_size",
            "purpose",
            "turns_per_week",
            "turn_minutes",
            "starts_on",
            "ends_on",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class WishForm(forms.Form):
    """One wished weekly time; the row's place in the list is its choice (first row = first)."""

    weekday = forms.TypedChoiceField(
        label=_("Weekday"),
        coerce=int,
        required=False,
        choices=[("", _("No wish")), *Weekday.choices],
    )
    starts_at = forms.TimeField(label=_("From"), required=False, widget=TIME)
    ends_at = forms.TimeField(label=_("Until"), required=False, widget=TIME)
    space: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Space"), queryset=None, required=False
    )

    def __init__(self, *args, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["space"]).queryset = spaces

    def clean(self):
        super().clean()
        data = self.cleaned_data
        given = [data.get(name) not in (None, "") for name in ("weekday", "starts_at", "ends_at")]
        given.append(data.get("space") is not None)
        if any(given) and not all(given):
            raise ValidationError(
                _("Give the weekday, both times and the space, or leave the row empty."),
                code="partial_wish",
            )
        return data

    @property
    def wish(self) -> dict[str, Any] | None:
        data: dict[str, Any] = getattr(self, "cleaned_data", None) or {}
        if data.get("space") is None or data.get("weekday") in (None, ""):
            return None
        return data


class BaseWishFormSet(forms.BaseFormSet):
    def wishes(self) -> list[dict]:
        return [form.wish for form in self.forms if form.wish is not None]


WishFormSet = forms.formset_factory(WishForm, formset=BaseWishFormSet, extra=WISH_ROWS, max_num=8)


class ListedSelect(forms.Select):
    """A select of a flat list of choices with text labels, written in one pass: the hand
    allocation form lists every group of the round, and an option dict each, written through
    the form renderer, took a tenth of the allocation page's own work (its spaces and weekdays
    are written so too). The markup is the one Django's select.html and select_option.html
    give (as portal.form_renderer writes them)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        chosen = self.format_value(value)
        options, found = [], False
        for option_value, label in self.choices:
            text = "" if option_value is None else str(option_value)
            # As Django's optgroups: only the first option of the value is selected.
            selected = not found and text in chosen
            found = found or selected
            shown = label if isinstance(label, SafeData) else escape(str(label))
            options.append(
                f'\n  <option value="{escape(text)}"{" selected" if selected else ""}>'
                f"{shown}</option>\n"
            )
        return mark_safe(  # noqa: S308 - the name, values and labels are escaped
            f'<select name="{escape(name)}"{attrs_html(self.build_attrs(self.attrs, attrs))}>'
            f"{''.join(options)}\n</select>"
        )


class TurnForm(StatedLimits, forms.Form):
    """The officer's hand allocation: a need, a space, a weekday and a time."""

    need: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Group"), queryset=None, widget=ListedSelect
    )
    space: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Space"), queryset=None, widget=ListedSelect
    )
    weekday = forms.TypedChoiceField(
        label=_("Weekday"), coerce=int, choices=Weekday.choices, widget=ListedSelect
    )
    starts_at = forms.TimeField(label=_("Starts"), widget=TIME)
    ends_at = forms.TimeField(label=_("Ends"), widget=TIME)
    forced_reason = forms.CharField(
        label=_("Reason, when the time is outside the group's wishes"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, needs, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        need_field = cast(forms.ModelChoiceField, self.fields["need"])
        need_field.queryset = needs
        need_field.label_from_instance = lambda need: (  # type: ignore[method-assign,assignment]
            f"{need.application.association.name}: {need.name}"
        )
        cast(forms.ModelChoiceField, self.fields["space"]).queryset = spaces


class MoveTurnForm(TurnForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["need"]


class PublishForm(StatedLimits, forms.Form):
    refusal_reason = forms.CharField(
        label=_("Reason told to the groups that get no turn"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=_(
            "The wished times were taken by groups with a higher priority under the criteria."
        ),
    )


class GiveUpForm(StatedLimits, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
