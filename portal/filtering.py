"""The base of the portal's filter sets: filters and form fields copied for each page without
Python's deep copy.

django-filter deep-copies every declared filter for each filter set it builds, querysets and
choices included, then builds a new form class of new fields, and Django's form deep-copies
those fields again. For the calendar, the register and the task list that took 0.2–0.3 ms of
each page (docs/performance.md). Here each filter, field and widget is copied one level deep,
as Django's own __deepcopy__ methods do, and what they share (choices, querysets, labels) is
what no request changes in place: a copy's attributes, error messages, validators and list
of choices are its own.
"""

import copy
from typing import Any

import django_filters
from django import forms
from django.db.models import Model, QuerySet
from django_filters.filters import FilterMethod


class _FilterCopies(dict):
    """A filter set's declared filters, which django-filter copies with copy.deepcopy."""

    def __deepcopy__(self, memo) -> dict:
        copies = {}
        for name, declared in self.items():
            filter_ = copy.copy(declared)
            filter_.extra = declared.extra.copy()
            # A filter by a method calls it through its filter set: the copy's, not the class's.
            if isinstance(declared.__dict__.get("filter"), FilterMethod):
                filter_.filter = FilterMethod(filter_)
            copies[name] = filter_
        return copies


def _copy_field(field: Any) -> forms.Field:
    """What Field.__deepcopy__ makes, with the list of choices copied but not its labels."""
    if isinstance(field, forms.MultiValueField) or isinstance(field.widget, forms.MultiWidget):
        return copy.deepcopy(field)
    result: Any = copy.copy(field)
    result.widget = copy.copy(field.widget)
    result.widget.attrs = field.widget.attrs.copy()
    result.error_messages = field.error_messages.copy()
    result.validators = field.validators[:]
    if isinstance(field, forms.ModelChoiceField):
        # The setter takes a new queryset and gives the widget choices that read it.
        result.queryset = field.queryset
    elif isinstance(field, forms.ChoiceField):
        result._choices = copy.copy(field._choices)  # type: ignore[attr-defined]
        # django-filter's choices know their field, for its empty and null labels.
        if getattr(result._choices, "field", None) is field:
            result._choices.field = result
        result.widget.choices = copy.copy(field.widget.choices)
    return result


class _FieldCopies(dict):
    """A filter form's fields, which Django copies with copy.deepcopy for each form."""

    def __deepcopy__(self, memo) -> dict:
        return {name: _copy_field(field) for name, field in self.items()}


class FilterSet(django_filters.FilterSet):
    """A FilterSet whose filters and form fields are copied cheaply, and whose form class is
    made once: its fields depend on the declarations alone. A filter set that changes its
    filters for each instance (say, choices read from the data) sets `form_varies = True`."""

    form_varies = False

    @classmethod
    def get_filters(cls):
        return _FilterCopies(super().get_filters())

    def get_form_class(self):
        cls = type(self)
        if self.form_varies:
            return self._light_form_class()
        if "_form_class" not in cls.__dict__:
            cls._form_class = self._light_form_class()
        return cls._form_class

    def values_key(self) -> tuple:
        """The filters' valid values, hashable: the same key, the same filtered query (qs),
        since django-filter filters by the form's cleaned data alone. A value the form
        refuses is left out, as the filters leave it out."""
        if not self.is_bound:
            return ()
        self.is_valid()  # cleaned_data holds the valid fields even when others are not
        return tuple(
            sorted((name, self._hashable(value)) for name, value in self.form.cleaned_data.items())
        )

    @staticmethod
    def _hashable(value):
        """A cleaned value as part of a key: a model instance by its primary key, a list of
        them as a tuple. django-filter cleans an empty choice of models to an empty queryset;
        any other queryset stays itself, a key no other filter set shares."""
        if isinstance(value, QuerySet) and value.query.is_empty():
            return ()
        if isinstance(value, (list, tuple)):
            return tuple(FilterSet._hashable(item) for item in value)
        if isinstance(value, Model):
            return (type(value).__name__, value.pk)
        return value

    def _light_form_class(self):
        form_class = super().get_form_class()
        form_class.base_fields = _FieldCopies(form_class.base_fields)
        return form_class
