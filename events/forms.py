from datetime import datetime, time, timedelta
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events import feeds, permissions
from events.models import Event, ExternalFeed
from facilities.models import Space
from organizations.forms import https_by_default
from organizations.models import ActivityLanguage, Association
from portal.forms import StatedTextLimits


class EventForm(StatedTextLimits, forms.ModelForm):
    """An event as its association enters it: days and times apart, so that phones show pickers."""

    starts_on = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    starts_time = forms.TimeField(
        label=_("Starts at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Leave the times empty for an all-day event."),
    )
    ends_on = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only for an event of several days."),
    )
    ends_time = forms.TimeField(
        label=_("Ends at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    audiences = forms.MultipleChoiceField(
        label=_("For whom"), choices=Event.Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=ActivityLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "organisers",
            "description",
            "category",
            "audiences",
            "space",
            "address",
            "expected_audience",
            "is_free",
            "price",
            "languages",
            "accessibility",
            "registration_url",
            "image",
            "image_alt",
        ]
        widgets = {"organisers": forms.CheckboxSelectMultiple}
        formfield_callback = https_by_default

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisers = cast(forms.ModelMultipleChoiceField, self.fields["organisers"])
        if permissions.can_moderate_events(user):
            # The officer chooses among every listed association: a list box, not checkboxes.
            organisers.widget = forms.SelectMultiple()
            organisers.queryset = Association.objects.listed().only("pk", "name")
        else:
            organisers.queryset = permissions.publishing_associations(user)
            organisers.required = True
            organisers.help_text = ""
        space = cast(forms.ModelChoiceField, self.fields["space"])
        space.queryset = Space.objects.published().select_related("site")
        space.help_text = _("Or give the address below.")
        self.order_fields(
            ["title", "organisers", "starts_on", "starts_time", "ends_on", "ends_time"]
        )
        if self.instance.pk and not self.is_bound:
            self._fill_times()

    def _fill_times(self) -> None:
        start = timezone.localtime(self.instance.starts_at)
        self.initial["starts_on"] = start.date()
        self.initial["ends_on"] = self.instance.last_day
        if not self.instance.is_all_day:
            self.initial["starts_time"] = start.time()
            self.initial["ends_time"] = timezone.localtime(self.instance.ends_at).time()

    def clean(self):
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on is None:
            return data
        ends_on = ends_on or starts_on
        starts_time, ends_time = data.get("starts_time"), data.get("ends_time")
        tz = timezone.get_current_timezone()
        if starts_time is None and ends_time is None:
            self.instance.is_all_day = True
            starts_at = datetime.combine(starts_on, time.min, tzinfo=tz)
            ends_at = datetime.combine(ends_on + timedelta(days=1), time.min, tzinfo=tz)
        elif starts_time is None or ends_time is None:
            raise forms.ValidationError(
                _("Give both times, or leave both empty for an all-day event."), code="one_time"
            )
        else:
            self.instance.is_all_day = False
            starts_at = datetime.combine(starts_on, starts_time, tzinfo=tz)
            ends_at = datetime.combine(ends_on, ends_time, tzinfo=tz)
        if ends_at <= starts_at:
            raise forms.ValidationError(_("An event must end after it starts."), code="end")
        self.instance.starts_at, self.instance.ends_at = starts_at, ends_at
        if not data.get("space") and not data.get("address", "").strip():
            self.add_error("address", _("Give the place: a municipal space or an address."))
        if not data.get("is_free") and not data.get("price", "").strip():
            self.add_error("price", _("Give the price of an event that is not free."))
        if data.get("image") and not data.get("image_alt", "").strip():
            self.add_error("image_alt", _("Describe the image for those who cannot see it."))
        return data

    def validate_constraints(self):
        # clean() puts the constraints' errors next to the fields they concern; the services
        # check the whole row once more before saving.
        pass

    def clashes(self) -> list[Event]:
        """Published big events on the same days, when this one is big too."""
        from events.models import EventSettings

        if self.cleaned_data["expected_audience"] < EventSettings.load().big_event_threshold:
            return []
        clashes: list = list(
            Event.objects.clashing_with(
                self.instance.starts_at, self.instance.ends_at, exclude_pk=self.instance.pk
            )
        )
        # Big events in neighbouring municipalities draw the same people too.
        clashes += feeds.imported_clashing_with(self.instance.starts_at, self.instance.ends_at)
        return sorted(clashes, key=lambda other: other.starts_at)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What the association should change"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ExternalFeedForm(forms.ModelForm):
    """A neighbouring municipality's calendar feed as the liaison officer enters it."""

    class Meta:
        model = ExternalFeed
        fields = ["name", "municipality", "url", "is_shown", "is_big"]
        formfield_callback = https_by_default
