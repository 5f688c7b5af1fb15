"""Forms for association evenings, the answers to their invitations and the annual cycle."""

from datetime import datetime
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import AgendaItem, CycleItem, Evening, EveningInvitation
from facilities.models import Space
from grants.models import GrantRound
from portal.forms import StatedTextLimits


class EveningForm(StatedTextLimits, forms.ModelForm):
    """An evening on one day: the date and the times apart, so that phones show pickers."""

    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))

    class Meta:
        model = Evening
        fields = ["title", "sector", "description", "space", "address"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        space = cast(forms.ModelChoiceField, self.fields["space"])
        space.queryset = Space.objects.published().select_related("site")
        space.help_text = _("Or give the address below.")
        self.order_fields(["title", "sector", "day", "starts_time", "ends_time"])
        if self.instance.pk and not self.is_bound:
            start = timezone.localtime(self.instance.starts_at)
            self.initial["day"] = start.date()
            self.initial["starts_time"] = start.time()
            self.initial["ends_time"] = timezone.localtime(self.instance.ends_at).time()

    def clean(self):
        data = super().clean() or {}
        day, starts, ends = data.get("day"), data.get("starts_time"), data.get("ends_time")
        if day is None or starts is None or ends is None:
            return data
        tz = timezone.get_current_timezone()
        starts_at = datetime.combine(day, starts, tzinfo=tz)
        ends_at = datetime.combine(day, ends, tzinfo=tz)
        if ends_at <= starts_at:
            self.add_error("ends_time", _("An evening must end after it starts."))
            return data
        self.instance.starts_at, self.instance.ends_at = starts_at, ends_at
        if not data.get("space") and not data.get("address", "").strip():
            self.add_error("address", _("Give the place: a municipal space or an address."))
        return data

    def validate_constraints(self):
        # clean() puts the constraints' errors next to their fields; the service checks again.
        pass


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "cycle_item", "grant_round"]
        labels = {
            "cycle_item": _("Links to the annual cycle"),
            "grant_round": _("Links to a grant round"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cycle_item = cast(forms.ModelChoiceField, self.fields["cycle_item"])
        cycle_item.queryset = CycleItem.objects.order_by("-starts_on", "title")
        grant_round = cast(forms.ModelChoiceField, self.fields["grant_round"])
        grant_round.queryset = GrantRound.objects.published().order_by("-closes_at", "title")


class BaseAgendaFormSet(forms.BaseFormSet):
    def items(self) -> list[AgendaItem]:
        """The filled-in items, in the order of the form, without those marked for deletion."""
        return [
            form.instance
            for form in self.forms
            if form.cleaned_data.get("title") and not form.cleaned_data.get("DELETE")
        ]


AgendaFormSet = forms.formset_factory(
    AgendaItemForm, formset=BaseAgendaFormSet, extra=2, can_delete=True, max_num=30
)


def agenda_formset(data=None, evening: Evening | None = None) -> BaseAgendaFormSet:
    """The agenda's forms: the evening's items and two empty rows for new ones."""
    initial = []
    if evening is not None and evening.pk:
        initial = [
            {
                "title": item.title,
                "cycle_item": item.cycle_item_id,
                "grant_round": item.grant_round_id,
            }
            for item in evening.agenda_items.all()
        ]
    formset = AgendaFormSet(data, initial=initial, prefix="agenda")
    return cast(BaseAgendaFormSet, formset)


class AnswerForm(StatedTextLimits, forms.Form):
    is_attending = forms.TypedChoiceField(
        label=_("Is your association coming?"),
        choices=[("yes", _("Yes, we are coming")), ("no", _("No, we cannot come"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    head_count = forms.IntegerField(
        label=_("How many people are coming?"),
        min_value=0,
        max_value=500,
        initial=0,
        required=False,
    )
    topics = forms.CharField(
        label=_("Topics you would like on the agenda"),
        max_length=EveningInvitation._meta.get_field("topics").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean() or {}
        if data.get("is_attending") and not data.get("head_count"):
            self.add_error("head_count", _("Tell how many people are coming."))
        return data


class MinutesForm(StatedTextLimits, forms.ModelForm):
    attended = forms.MultipleChoiceField(
        label=_("Associations that attended"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Evening
        fields = ["minutes", "minutes_file"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        attended = cast(forms.MultipleChoiceField, self.fields["attended"])
        attended.choices = [(str(i.association_id), i.association.name) for i in invitations]
        if self.instance.minutes_published_at:
            chosen = [i for i in invitations if i.has_attended]
        else:
            chosen = [i for i in invitations if i.is_attending]
        self.initial["attended"] = [str(i.association_id) for i in chosen]

    def clean(self):
        data = super().clean() or {}
        if not data.get("minutes", "").strip() and not data.get("minutes_file"):
            raise forms.ValidationError(
                _("Write the minutes or attach them as a file."), code="empty"
            )
        return data


class CycleItemForm(StatedTextLimits, forms.ModelForm):
    class Meta:
        model = CycleItem
        fields = ["title", "kind", "starts_on", "ends_on", "description"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return data
