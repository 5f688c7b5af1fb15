from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import Event
from facilities.models import Space
from organizations.models import Association


def _day_start(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


class EventFilter(django_filters.FilterSet):
    """The filters of the public calendar, its month view and its feed; short Finnish names."""

    kategoria = django_filters.ChoiceFilter(
        field_name="category",
        label=pgettext_lazy("event", "Category"),
        choices=Event.Category.choices,
    )
    kenelle = django_filters.ChoiceFilter(
        label=_("For whom"), choices=Event.Audience.choices, method="filter_audience"
    )
    maksuton = django_filters.BooleanFilter(
        field_name="is_free",
        label=_("Free of charge only"),
        widget=forms.CheckboxInput,
        method="filter_free",
    )
    # Only associations with events in the calendar: the register may hold thousands.
    jarjestaja = django_filters.ModelChoiceFilter(
        field_name="organisers",
        label=_("Organiser"),
        queryset=Association.objects.listed()
        .filter(Exists(Event.objects.public().filter(organisers=OuterRef("pk"))))
        .only("pk", "name")
        .order_by("name"),
    )
    paikka = django_filters.ModelChoiceFilter(
        field_name="space",
        label=_("Place"),
        queryset=Space.objects.published().select_related("site"),
    )
    alkaen = django_filters.DateFilter(
        label=_("From"),
        method="filter_from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    asti = django_filters.DateFilter(
        label=_("Until"),
        method="filter_until",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Event
        fields: list[str] = []

    def filter_audience(self, queryset, name, value):
        return queryset.filter(audiences__contains=[value]) if value else queryset

    def filter_free(self, queryset, name, value):
        # An unticked box means "all events", not "only events that cost".
        return queryset.filter(is_free=True) if value else queryset

    def filter_from(self, queryset, name, value):
        return queryset.filter(ends_at__gt=_day_start(value))

    def filter_until(self, queryset, name, value):
        return queryset.filter(starts_at__lt=_day_start(value + timedelta(days=1)))

    @property
    def qs(self):
        # The organiser filter walks the many-to-many table and could repeat a row.
        queryset = super().qs
        chosen = getattr(self.form, "cleaned_data", {}).get("jarjestaja")
        return queryset.distinct() if chosen else queryset
