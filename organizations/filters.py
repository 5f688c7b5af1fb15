"""Facets, search and sorting of the public register, shared by the page and the open API."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from organizations.models import ActivityLanguage, Association, Category, TargetGroup
from portal import filtering


class Sort:
    NAME = "name"
    NEWEST = "newest"
    RELEVANCE = "relevance"
    CHOICES = [
        (NAME, _("Name")),
        (NEWEST, _("Newest first")),
        (RELEVANCE, _("Best match")),
    ]


def _through_ids(through, column: str, values) -> object:
    """Association ids linked to any of `values`: a subquery, so rows are not duplicated."""
    return through.objects.filter(**{f"{column}__in": values}).values("association_id")


class AssociationFilter(filtering.FilterSet):
    """The register's facets; an invalid value is reported on the form and otherwise ignored."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Name, activity or place, e.g. urheiluseura."),
    )
    category = django_filters.ModelMultipleChoiceFilter(
        label=_("Category"),
        field_name="categories__slug",
        queryset=Category.objects.all(),
        to_field_name="slug",
        method="filter_category",
        widget=forms.CheckboxSelectMultiple,
    )
    language = django_filters.MultipleChoiceFilter(
        label=_("Language of activity"),
        choices=ActivityLanguage.choices,
        method="filter_language",
        widget=forms.CheckboxSelectMultiple,
    )
    target_group = django_filters.ModelMultipleChoiceFilter(
        label=_("Target group"),
        field_name="target_groups__slug",
        queryset=TargetGroup.objects.all(),
        to_field_name="slug",
        method="filter_target_group",
        widget=forms.CheckboxSelectMultiple,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=Sort.CHOICES,
        method="filter_nothing",
        empty_label=None,
    )

    class Meta:
        model = Association
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        value = " ".join(value.split())
        return queryset.search(value) if value else queryset

    @extend_schema_field(OpenApiTypes.STR)  # a category slug
    def filter_category(self, queryset, name, value):
        if not value:
            return queryset
        through = Association.categories.through
        return queryset.filter(pk__in=_through_ids(through, "category", value))

    @extend_schema_field(OpenApiTypes.STR)  # a target group slug
    def filter_target_group(self, queryset, name, value):
        if not value:
            return queryset
        through = Association.target_groups.through
        return queryset.filter(pk__in=_through_ids(through, "targetgroup", value))

    def filter_language(self, queryset, name, value):
        return queryset.filter(languages__overlap=list(value)) if value else queryset

    def filter_nothing(self, queryset, name, value):
        # Sorting is applied after every filter, in filter_queryset.
        return queryset

    def searching(self) -> bool:
        self.form.is_valid()
        return bool((self.form.cleaned_data.get("q") or "").split())

    def filter_queryset(self, queryset):
        return self.order(super().filter_queryset(queryset))

    def order(self, queryset):
        """In the chosen order: by name, newest first, or (searching) best match first."""
        self.form.is_valid()  # cleaned_data holds the valid fields even when others are not
        sort = self.form.cleaned_data.get("sort") or ""
        if sort == Sort.NEWEST:
            return queryset.order_by("-created_at", "pk")
        if sort == Sort.NAME or not self.searching():
            return queryset.order_by("name", "pk")
        return queryset
