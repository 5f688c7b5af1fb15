"""The open API's filters of the premises: those of the public space list, and the site."""

from datetime import timedelta

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from facilities import availability
from facilities.forms import aware
from facilities.models import Site, Space
from portal import filtering

# The largest value PostgreSQL's integer column holds.
MAX_INTEGER = 2**31 - 1
FREE_TIME_FIELDS = ("free_on", "free_from", "duration")


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    """A whole number: "1.5" or "1e309" is refused, not rounded."""

    field_class = forms.IntegerField


@extend_schema_field({"type": "string", "enum": ["true", "false"]})
class YesNoFilter(django_filters.TypedChoiceFilter):
    """`true` or `false`; any other word is refused rather than silently ignored."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        kwargs.setdefault("coerce", lambda value: value == "true")
        super().__init__(*args, **kwargs)


class SpaceFilterForm(forms.Form):
    """A free time is asked with both a date and a time, as on the public list."""

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("free_on") and not availability.within_reach(data["free_on"]):
            self.add_error("free_on", _("Give a date within ten years of today."))
        if any(data.get(name) for name in FREE_TIME_FIELDS):
            for name in ("free_on", "free_from"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("To find free spaces, give both the date and the time."))
        return data


class SpaceFilter(filtering.FilterSet):
    """The filters of the public space list, in its own names, and the site."""

    site = django_filters.ModelChoiceFilter(
        field_name="site", label=_("Site"), queryset=Site.objects.all()
    )
    type = django_filters.ChoiceFilter(
        field_name="type", label=_("Type"), choices=Space.Type.choices
    )
    capacity = IntegerFilter(
        field_name="capacity",
        lookup_expr="gte",
        label=_("At least this many people"),
        min_value=1,
        max_value=MAX_INTEGER,
    )
    step_free_access = YesNoFilter(field_name="step_free_access", label=_("Step-free access"))
    accessible_toilet = YesNoFilter(field_name="accessible_toilet", label=_("Accessible toilet"))
    induction_loop = YesNoFilter(field_name="induction_loop", label=_("Induction loop"))
    accessible_parking = YesNoFilter(field_name="accessible_parking", label=_("Accessible parking"))
    free_on = django_filters.DateFilter(label=_("Free on (date)"), method="filter_later")
    free_from = django_filters.TimeFilter(label=_("Free from (time)"), method="filter_later")
    duration = IntegerFilter(
        label=_("For how long (minutes)"),
        method="filter_later",
        min_value=15,
        max_value=24 * 60,
    )

    class Meta:
        model = Space
        fields: list[str] = []
        form = SpaceFilterForm

    def filter_later(self, queryset, name, value):
        # The free time is one question over three parameters: filter_queryset answers it.
        return queryset

    def free_period(self):
        """The asked (start, end), or None when no free time was asked."""
        data = self.form.cleaned_data
        if not data.get("free_on"):
            return None
        starts_at = aware(data["free_on"], data["free_from"])
        return starts_at, starts_at + timedelta(minutes=data.get("duration") or 60)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        period = self.free_period()
        if period is None:
            return queryset
        spaces = list(Space.objects.filter(pk__in=queryset.values("pk")).only("pk", "site_id"))
        return queryset.filter(pk__in=availability.free_space_ids(spaces, *period))
