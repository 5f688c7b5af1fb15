"""The filters of the public task list and of the shared offers; short Finnish names."""

import django_filters
from django import forms
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import ActivityLanguage
from portal import filtering
from portal.database import prepared_cursor
from volunteering.caching import PAGE_SECONDS, VERSION
from volunteering.models import Offer, Task

SEARCH_MAX_LENGTH = 100


# The parts of the municipality that open tasks name, found by walking the areas' index from
# one area to the next (a loose index scan) and asking each for one open task: the cost grows
# with the number of areas, not with the thousands of tasks.
AREAS_SQL = """
WITH RECURSIVE area(name) AS (
    (SELECT area FROM volunteering_task
     WHERE status = %(published)s AND area > '' ORDER BY area LIMIT 1)
    UNION ALL
    SELECT (
        SELECT next.area FROM volunteering_task next
        WHERE next.status = %(published)s AND next.area > area.name ORDER BY next.area LIMIT 1
    )
    FROM area WHERE area.name IS NOT NULL
)
SELECT area.name FROM area
WHERE area.name IS NOT NULL AND EXISTS (
    SELECT 1 FROM volunteering_task task
    WHERE task.status = %(published)s AND task.area = area.name AND task.ends_on >= %(today)s
)
ORDER BY area.name
"""


def _area_choices() -> list[tuple[str, str]]:
    """The parts of the municipality open tasks name, read once per data version."""

    def load():
        # Open as in Task.objects.public(): published, and not past its last day.
        with prepared_cursor() as cursor:
            cursor.execute(
                AREAS_SQL,
                {"published": Task.Status.PUBLISHED.value, "today": timezone.localdate()},
            )
            return [(area, area) for (area,) in cursor.fetchall()]

    return cache.get_or_set(f"volunteering:areas:{VERSION.current()}", load, PAGE_SECONDS) or []


class AreaChoiceFilter(django_filters.ChoiceFilter):
    """The choices are read once per filter set (see TaskFilter), not when the module is
    imported, nor again each time the form's field is validated or rendered."""

    def __init__(self, *args, **kwargs):
        kwargs["choices"] = []
        super().__init__(*args, **kwargs)


class TaskFilter(filtering.FilterSet):
    haku = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    laji = django_filters.ChoiceFilter(
        field_name="category", label=_("Kind of task"), choices=Task.Category.choices
    )
    kenelle = django_filters.ChoiceFilter(
        label=_("Who suits"), choices=Task.Suits.choices, method="suits_filter"
    )
    kieli = django_filters.ChoiceFilter(
        label=_("Language"), choices=ActivityLanguage.choices, method="language_filter"
    )
    alue = AreaChoiceFilter(field_name="area", label=_("Part of the municipality"))
    esteeton = django_filters.BooleanFilter(
        field_name="is_accessible",
        label=_("Suits people who move with aids"),
        widget=forms.CheckboxInput,
        method="accessible_filter",
    )

    # The areas' choices are read for each filter set.
    form_varies = True

    class Meta:
        model = Task
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["alue"].extra["choices"] = _area_choices()

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def suits_filter(self, queryset, name, value):
        return queryset.filter(suits__contains=[value])

    def language_filter(self, queryset, name, value):
        return queryset.filter(languages__contains=[value])

    def accessible_filter(self, queryset, name, value):
        return queryset.filter(is_accessible=True) if value else queryset


class OfferFilter(filtering.FilterSet):
    haku = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    laji = django_filters.ChoiceFilter(
        field_name="kind", label=_("Kind"), choices=Offer.Kind.choices
    )
    ehdot = django_filters.ChoiceFilter(
        field_name="terms", label=_("Terms"), choices=Offer.Terms.choices
    )

    class Meta:
        model = Offer
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))
