import functools
from collections.abc import Callable
from datetime import datetime, time, timedelta
from functools import cached_property, partial
from html import escape
from typing import NamedTuple

import django_filters
from django import forms
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.forms.utils import flatatt
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.caching import PAGE_SECONDS, VERSION
from events.models import Event
from facilities.models import Space
from organizations.models import Association
from portal import filtering
from portal.database import prepared_cursor
from portal.i18n import reading_sql


def _day_start(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


# A change to events gives the key a new version; a renamed association or space shows
# after a minute, as on the cached pages.
CHOICES_SECONDS = PAGE_SECONDS


class PlainSelect(forms.Select):
    """A select with the same markup as Django's, built without a template per option: the
    organiser and place lists run to dozens of options on every calendar page."""

    # Set on a form's copy to read the choices only when the select is shown.
    load_choices: Callable[[], list[tuple[str, str]]] | None = None

    def render(self, name, value, attrs=None, renderer=None):
        choices = self.load_choices() if self.load_choices else self.choices
        chosen = set(self.format_value(value))
        # Escaped with the standard library: format_html per option costs more than the rest.
        options = mark_safe(  # noqa: S308 - every value and label is escaped here
            "".join(
                f'<option value="{escape(key, quote=True)}"'
                f"{' selected' if key in chosen else ''}>{escape(str(label))}</option>"
                for key, label in ((str(key), label) for key, label in choices)
            )
        )
        final = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>\n{}\n</select>', name, flatatt(final), options)


# The listed associations with a public event, as the database keeps them (PublicOrganiser).
ORGANISERS_SQL = """
SELECT association.id, association.name
FROM events_publicorganiser organiser
JOIN organizations_association association ON association.id = organiser.association_id
WHERE association.is_listed
ORDER BY association.name, association.id
"""

# Both filters' choices in one round trip: the organisers as above, then the published spaces
# as "site: space" in the visitor's language, by site and space; and whether a neighbouring
# municipality's feed is shown, so that a calendar without one does not look for its events.
CHOICES_SQL = """
SELECT 'jarjestaja', organiser.id::text, organiser.name, organiser.name, organiser.id
FROM ({organisers}) AS organiser
UNION ALL
SELECT 'paikka', space.id::text, {site_name} || ': ' || {space_name}, {site_name}, space.id
FROM facilities_space space
JOIN facilities_site site ON site.id = space.site_id
WHERE space.is_published
UNION ALL
SELECT 'feeds', '', '', '', 0
WHERE EXISTS (SELECT 1 FROM events_externalfeed WHERE is_shown)
ORDER BY 1, 4, 3, 5
"""


class CalendarChoices(NamedTuple):
    """What the calendar's filters offer (value, label), and whether a feed is shown."""

    organisers: list[tuple[str, str]]
    places: list[tuple[str, str]]
    feeds_shown: bool


@functools.cache
def _choices_statement(language: str) -> str:
    """CHOICES_SQL in full, names in `language`: the same text on every page, made once."""
    return CHOICES_SQL.format(
        organisers=ORGANISERS_SQL,
        site_name=reading_sql("site", "name"),
        space_name=reading_sql("space", "name"),
    )


def filter_choices() -> CalendarChoices:
    """The organiser and place filters' (value, label) pairs, read in one statement that each
    pooled connection plans once."""
    found: dict[str, list[tuple[str, str]]] = {"jarjestaja": [], "paikka": [], "feeds": []}
    with prepared_cursor() as cursor:
        cursor.execute(_choices_statement(translation.get_language()))
        for name, value, label, _by, _then in cursor.fetchall():
            found[name].append((value, label))
    return CalendarChoices(found["jarjestaja"], found["paikka"], bool(found["feeds"]))


def _cached_choices() -> CalendarChoices:
    # A change to events or feeds gives the key a new version.
    key = f"events:calendar-choices:{VERSION.current()}:{translation.get_language()}"
    return cache.get_or_set(key, filter_choices, CHOICES_SECONDS) or filter_choices()


class EventFilter(filtering.FilterSet):
    """The filters of the public calendar, its month view and its feed; short Finnish names."""

    kategoria = django_filters.ChoiceFilter(
        field_name="category",
        label=pgettext_lazy("event", "Category"),
        choices=Event.Category.choices,
        widget=PlainSelect,
    )
    kenelle = django_filters.ChoiceFilter(
        label=_("For whom"),
        choices=Event.Audience.choices,
        method="filter_audience",
        widget=PlainSelect,
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
        widget=PlainSelect,
    )
    paikka = django_filters.ModelChoiceFilter(
        field_name="space",
        label=_("Place"),
        queryset=Space.objects.published().select_related("site"),
        widget=PlainSelect,
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

    @cached_property
    def choices(self) -> CalendarChoices:
        """The selects' choices under the data version, read only when asked for: when the
        form is shown, or a view asks whether a feed is shown."""
        return _cached_choices()

    @property
    def feeds_shown(self) -> bool:
        """Whether the calendar shows a neighbouring municipality's events."""
        return self.choices.feeds_shown

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form

            def load(name: str, empty_label: str) -> list[tuple[str, str]]:
                choices = self.choices.organisers if name == "jarjestaja" else self.choices.places
                return [("", empty_label), *choices]

            for name in ("jarjestaja", "paikka"):
                field = form.fields[name]
                field.widget.load_choices = partial(load, name, field.empty_label)
        return self._form

    @property
    def qs(self):
        # The organiser filter walks the many-to-many table and could repeat a row.
        queryset = super().qs
        chosen = getattr(self.form, "cleaned_data", {}).get("jarjestaja")
        return queryset.distinct() if chosen else queryset
