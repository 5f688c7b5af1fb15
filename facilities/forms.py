from datetime import date, datetime, time, timedelta
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities import availability
from facilities.models import (
    NOTE_MAX_LENGTH,
    BookingRules,
    Lease,
    OpeningException,
    OpeningHours,
    Site,
    Space,
)
from organizations.models import Association
from portal.forms import StatedTextLimits

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def aware(day, at) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


class StatedLimits(StatedTextLimits):
    """Every visible text field says its length limit, not only the text areas."""

    def states_limit(self, name: str, field: forms.Field) -> bool:
        return isinstance(field, forms.CharField) and not field.widget.is_hidden


class SpaceFilterForm(forms.Form):
    """The public list's filters; all optional, a half-given time is an error, not a crash."""

    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *Space.Type.choices]
    )
    capacity = forms.IntegerField(label=_("At least this many people"), required=False, min_value=1)
    step_free_access = forms.BooleanField(label=_("Step-free access"), required=False)
    accessible_toilet = forms.BooleanField(label=_("Accessible toilet"), required=False)
    induction_loop = forms.BooleanField(label=_("Induction loop"), required=False)
    free_on = forms.DateField(label=_("Free on (date)"), required=False, widget=DATE)
    free_from = forms.TimeField(label=_("Free from (time)"), required=False, widget=TIME)
    duration = forms.IntegerField(
        label=_("For how long (minutes)"), required=False, min_value=15, max_value=24 * 60
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("free_on") and not availability.within_reach(data["free_on"]):
            self.add_error("free_on", _("Give a date within ten years of today."))
        given = [data.get("free_on"), data.get("free_from")]
        if any(given) and not all(given):
            raise ValidationError(
                _("To find free spaces, give both the date and the time."), code="partial_time"
            )
        return data

    def free_period(self):
        """The asked (start, end) or None when the visitor did not ask for a free time."""
        data = self.cleaned_data
        if not data.get("free_on"):
            return None
        starts_at = aware(data["free_on"], data["free_from"])
        return starts_at, starts_at + timedelta(minutes=data.get("duration") or 60)


class DeclarationsMixin(forms.Form):
    is_public_benefit = forms.BooleanField(
        label=_("The activity is public-benefit"), required=False
    )
    is_free_of_charge = forms.BooleanField(
        label=_("The activity is free for participants"), required=False
    )
    is_open_to_all = forms.BooleanField(label=_("The activity is open to all"), required=False)


class BookingForm(StatedLimits, DeclarationsMixin):
    association: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Association"), queryset=Association.objects.none(), empty_label=None
    )
    day = forms.DateField(label=_("Date"), widget=DATE)
    starts = forms.TimeField(label=_("Starts"), widget=TIME)
    ends = forms.TimeField(label=_("Ends"), widget=TIME)
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    expected_participants = forms.IntegerField(
        label=_("Expected participants"), min_value=1, max_value=100000
    )
    field_order = ["association", "day", "starts", "ends", "purpose", "expected_participants"]

    def __init__(self, *args, associations, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["association"]).queryset = associations
        today = timezone.localdate()
        self.fields["day"].widget.attrs["min"] = today.isoformat()
        # A time that has begun is not offered: a link from an old page starts with a blank time.
        if self._initial_start_has_passed():
            for name in ("starts", "ends"):
                self.initial.pop(name, None)
            if str(self.initial.get("day", "")) < today.isoformat():
                self.initial.pop("day", None)

    def _initial_start_has_passed(self) -> bool:
        try:
            day = date.fromisoformat(str(self.initial.get("day", "")))
            starts = time.fromisoformat(str(self.initial.get("starts", "")))
        except ValueError:
            return False
        return aware(day, starts) < timezone.now()

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if (
            data.get("day")
            and data.get("starts")
            and aware(data["day"], data["starts"]) < (timezone.now())
        ):
            self.add_error("starts", _("That time has already passed. Choose a later time."))
        return data

    def booking_data(self) -> dict:
        data = self.cleaned_data
        # Ending at 00:00 means midnight at the end of the day.
        end_day = data["day"] + timedelta(days=1) if data["ends"] == time(0) else data["day"]
        return {
            "association": data["association"],
            "starts_at": aware(data["day"], data["starts"]),
            "ends_at": aware(end_day, data["ends"]),
            "purpose": data["purpose"],
            "expected_participants": data["expected_participants"],
            "is_public_benefit": data["is_public_benefit"],
            "is_free_of_charge": data["is_free_of_charge"],
            "is_open_to_all": data["is_open_to_all"],
        }


class SeriesForm(StatedLimits, DeclarationsMixin):
    association: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Association"), queryset=Association.objects.none(), empty_label=None
    )
    starts_on = forms.DateField(label=_("First date"), widget=DATE)
    ends_on = forms.DateField(label=_("Last date"), widget=DATE)
    interval_weeks = forms.IntegerField(
        label=_("Repeat every n weeks"), min_value=1, max_value=8, initial=1
    )
    starts = forms.TimeField(label=_("Starts"), widget=TIME)
    ends = forms.TimeField(label=_("Ends"), widget=TIME)
    include_holidays = forms.BooleanField(
        label=_("Book holidays too"),
        required=False,
        help_text=_(
            "Public holidays, Midsummer Eve, Christmas Eve and New Year's Eve are left out "
            "unless you tick this."
        ),
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    expected_participants = forms.IntegerField(
        label=_("Expected participants"), min_value=1, max_value=100000
    )
    field_order = [
        "association",
        "starts_on",
        "ends_on",
        "interval_weeks",
        "starts",
        "ends",
        "include_holidays",
        "purpose",
        "expected_participants",
    ]

    def __init__(self, *args, associations, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["association"]).queryset = associations

    def confirmed_days(self) -> list[date] | None:
        """The dates the preview offered, sent back with "Book"; None when none were shown."""
        value = self.data.get("dates")
        if value is None:
            return None
        try:
            return [date.fromisoformat(part) for part in str(value)[:2000].split(",") if part]
        except ValueError:
            # A mangled list matches no plan, so the person is shown the dates again.
            return []

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            raise ValidationError(_("The last date cannot be before the first date."))
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            raise ValidationError(_("The booking must end after it starts."))
        return data


class ReasonForm(StatedLimits, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(StatedLimits, forms.Form):
    CONFIRM, DENY = "confirm", "deny"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(CONFIRM, _("Confirm")), (DENY, _("Deny"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason or note to the association"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when denying."),
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == self.DENY and not data.get("reason", "").strip():
            self.add_error("reason", _("Tell the association why the request is denied."))
        return data


class ParticipantsForm(forms.Form):
    actual_participants = forms.IntegerField(
        label=_("Participants who came"), min_value=0, max_value=100000
    )


class BlockForm(StatedLimits, forms.Form):
    space: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Space"), queryset=Space.objects.none()
    )
    starts_on = forms.DateField(label=_("First day"), widget=DATE)
    starts = forms.TimeField(label=_("Starts"), widget=TIME)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE)
    ends = forms.TimeField(label=_("Ends"), widget=TIME)
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["space"]).queryset = spaces

    def period(self):
        data = self.cleaned_data
        return aware(data["starts_on"], data["starts"]), aware(data["ends_on"], data["ends"])


class StatisticsForm(forms.Form):
    starts_on = forms.DateField(label=_("From"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("To"), required=False, widget=DATE)


class BookingRulesForm(forms.ModelForm):
    class Meta:
        model = BookingRules
        fields = [
            "start_interval_minutes",
            "min_length_minutes",
            "max_length_minutes",
            "buffer_minutes",
            "max_days_ahead",
            "max_open_bookings",
            "requires_approval",
            "cancellation_deadline_hours",
        ]


OpeningHoursFormSet = forms.inlineformset_factory(
    Site,
    OpeningHours,
    fk_name="site",
    fields=["weekday", "opens_at", "closes_at"],
    widgets={"opens_at": TIME, "closes_at": TIME},
    extra=2,
    can_delete=True,
)


class OpeningExceptionForm(StatedLimits, forms.ModelForm):
    class Meta:
        model = OpeningException
        fields = ["starts_on", "ends_on", "is_closed", "opens_at", "closes_at", "reason"]


OpeningExceptionFormSet = forms.inlineformset_factory(
    Site,
    OpeningException,
    form=OpeningExceptionForm,
    fk_name="site",
    fields=["starts_on", "ends_on", "is_closed", "opens_at", "closes_at", "reason"],
    widgets={"starts_on": DATE, "ends_on": DATE, "opens_at": TIME, "closes_at": TIME},
    extra=1,
    can_delete=True,
)


class LeaseDetailsForm(StatedLimits, forms.ModelForm):
    """The contract date, the keys, the notes and the renewal reminder of a long-term use."""

    remind_days_before = forms.IntegerField(
        label=_("Renewal reminder (days before the end)"), min_value=0, max_value=365, initial=60
    )

    class Meta:
        model = Lease
        fields = ["contract_signed_on", "key_handed_over_on", "keys", "notes", "remind_days_before"]
        widgets = {"contract_signed_on": DATE, "key_handed_over_on": DATE}


class LeaseForm(LeaseDetailsForm):
    """A new long-term use: which room, which association and for which days."""

    class Meta(LeaseDetailsForm.Meta):
        fields = ["space", "association", "starts_on", "ends_on", *LeaseDetailsForm.Meta.fields]
        widgets = {
            **LeaseDetailsForm.Meta.widgets,
            "starts_on": DATE,
            "ends_on": DATE,
        }

    def __init__(self, *args, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["space"]).queryset = spaces
        cast(
            forms.ModelChoiceField, self.fields["association"]
        ).queryset = Association.objects.filter(is_verified=True).order_by("name")

    def clean(self):
        data = super().clean() or {}
        for name in ("starts_on", "ends_on"):
            if data.get(name) and not availability.within_reach(data[name]):
                self.add_error(name, _("Give a date within ten years of today."))
        return data


class LeaseRenewForm(forms.Form):
    ends_on = forms.DateField(label=_("New last day"), widget=DATE)
    contract_signed_on = forms.DateField(label=_("New contract signed on"), widget=DATE)


class LeaseEndForm(StatedLimits, forms.Form):
    ends_on = forms.DateField(label=_("New last day"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=NOTE_MAX_LENGTH, widget=forms.Textarea)


class LeaseFilterForm(forms.Form):
    """The officer's list of long-term uses: which ones, where, whose, in which order."""

    CURRENT, UPCOMING, ENDED, ALL = "current", "upcoming", "ended", "all"
    SORTS = {
        "ends_on": ("ends_on", "pk"),
        "-ends_on": ("-ends_on", "-pk"),
        "space": ("space__site__name", "space__name", "ends_on"),
        "association": ("association__name", "ends_on"),
    }

    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            (CURRENT, _("In use now")),
            (UPCOMING, _("Starting later")),
            (ENDED, _("Ended")),
            (ALL, _("All")),
        ],
    )
    site: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Site"), required=False, queryset=Site.objects.all(), empty_label=_("All sites")
    )
    association = forms.CharField(label=_("Association"), required=False, max_length=100)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("ends_on", _("Ending first")),
            ("-ends_on", _("Ending last")),
            ("space", _("By space")),
            ("association", _("By association")),
        ],
    )

    def filter(self, leases, today: date):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        state = data.get("state") or self.CURRENT
        if state == self.CURRENT:
            leases = leases.filter(starts_on__lte=today, ends_on__gte=today)
        elif state == self.UPCOMING:
            leases = leases.filter(starts_on__gt=today)
        elif state == self.ENDED:
            leases = leases.filter(ends_on__lt=today)
        if data.get("site"):
            leases = leases.filter(space__site=data["site"])
        if data.get("association"):
            leases = leases.filter(association__name__icontains=data["association"])
        return leases.order_by(*self.SORTS[data.get("sort") or "ends_on"])


class QueueFilterForm(forms.Form):
    """The officer's queue: which site, and oldest request or soonest time first."""

    SORTS = {
        "requested": ("created_at", "starts_at", "pk"),
        "time": ("starts_at", "pk"),
    }

    site: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Site"), required=False, queryset=Site.objects.all(), empty_label=_("All sites")
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("requested", _("Oldest request first")), ("time", _("Soonest time first"))],
    )

    def chosen(self) -> tuple[Site | None, str]:
        """The chosen site (None for every site) and order; the defaults for a bad choice."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("site"), data.get("sort") or "requested"

    @classmethod
    def filter(cls, bookings, site_id: int | None, sort: str):
        """The bookings of the site (every site's for None) in the order."""
        if site_id is not None:
            bookings = bookings.filter(space__site=site_id)
        return bookings.order_by(*cls.SORTS[sort])


class UtilisationForm(forms.Form):
    """The period of the utilisation figures: a default season, a seasonal round or two dates."""

    WINTER, SUMMER, DATES = "winter", "summer", "dates"

    by = forms.ChoiceField(
        label=_("Rows"),
        required=False,
        choices=[("space", _("Per space")), ("month", _("Per month"))],
    )
    period = forms.ChoiceField(label=_("Period"), required=False)
    year = forms.IntegerField(
        label=_("Season starting in the year"), required=False, min_value=2000, max_value=2100
    )
    starts_on = forms.DateField(label=_("From"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args, rounds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rounds = {f"round-{season_round.pk}": season_round for season_round in rounds}
        cast(forms.ChoiceField, self.fields["period"]).choices = [
            (self.WINTER, _("Winter season (September–April)")),
            (self.SUMMER, _("Summer season (May–August)")),
            *((key, str(season_round)) for key, season_round in self.rounds.items()),
            (self.DATES, _("The dates below")),
        ]

    def clean(self):
        data = super().clean() or {}
        if data.get("period") == self.DATES:
            first, last = data.get("starts_on"), data.get("ends_on")
            if not first or not last:
                raise ValidationError(_("Give both dates."), code="dates_missing")
            if last < first:
                raise ValidationError(
                    _("The last day cannot be before the first day."), code="end_before_start"
                )
            if (last - first).days > 3 * 366:
                raise ValidationError(_("Choose at most three years."), code="too_long")
        return data
