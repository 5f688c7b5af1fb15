"""The portal's filter sets copy their filters and form fields without deep copies, and behave
as django-filter's own copies do: the same forms, errors and queries, and nothing shared that a
page could change for the next one."""

import copy

import pytest
from django.utils import translation

from events.filters import EventFilter
from facilities.filters import SpaceFilter
from organizations.filters import AssociationFilter
from portal import filtering
from volunteering.filters import OfferFilter, TaskFilter

pytestmark = pytest.mark.django_db

CASES = [
    (EventFilter, {"kategoria": "music", "kenelle": "youth", "maksuton": "on"}),
    (EventFilter, {"kategoria": "ei-ole", "alkaen": "31.2.", "jarjestaja": "999999"}),
    (AssociationFilter, {"q": "kuoro", "category": "ei-ole", "language": "sv"}),
    (SpaceFilter, {"capacity": "20", "step_free_access": "yes", "type": "hall"}),
    (SpaceFilter, {"capacity": "-1", "site": "x", "free_on": "2027-13-01"}),
    (TaskFilter, {"haku": "talkoot", "laji": "ei-ole", "esteeton": "on"}),
    (OfferFilter, {"haku": "teltta", "laji": "lend"}),
]


def seen(filterset_class, data) -> tuple:
    """What a visitor gets of a filter set: its form, its errors and its query."""
    filterset = filterset_class(data)
    form = filterset.form
    return str(form), dict(form.errors), str(filterset.qs.query)


def deep_copies(self, memo):
    return copy.deepcopy(dict(self), memo)


@pytest.mark.parametrize("language", ["fi", "en"])
@pytest.mark.parametrize(("filterset_class", "data"), CASES)
def test_the_light_copies_give_what_deep_copies_give(monkeypatch, language, filterset_class, data):
    with translation.override(language):
        light = seen(filterset_class, data)
        monkeypatch.setattr(filtering._FilterCopies, "__deepcopy__", deep_copies)
        monkeypatch.setattr(filtering._FieldCopies, "__deepcopy__", deep_copies)
        deep = seen(filterset_class, data)

    assert light == deep
    assert "<select" in light[0] or "<input" in light[0]


def test_a_filter_by_method_calls_its_own_filter_set():
    first, second = EventFilter({"kenelle": "youth"}), EventFilter({"kenelle": "children"})

    assert first.filters["kenelle"].filter.f is first.filters["kenelle"]
    assert first.filters["kenelle"].parent is first
    assert second.filters["kenelle"].parent is second
    assert "youth" in str(first.qs.query)
    assert "children" in str(second.qs.query)


def test_nothing_a_page_changes_in_its_copies_reaches_the_next_page():
    first = TaskFilter({})
    field = first.form.fields["laji"]
    field.widget.attrs["class"] = "changed"
    field.error_messages["invalid_choice"] = "changed"
    field.validators.append(lambda value: None)
    field.choices = [*field.choices, ("uusi", "Uusi")]
    first.filters["laji"].extra["choices"] = [("uusi", "Uusi")]
    category = AssociationFilter({}).form.fields["category"]
    category.queryset = category.queryset.none()

    second = TaskFilter({})
    again = second.form.fields["laji"]

    assert "class" not in again.widget.attrs
    assert again.error_messages["invalid_choice"] != "changed"
    assert not again.validators
    assert "uusi" not in [value for value, _label in again.choices]
    assert "uusi" not in [value for value, _label in second.filters["laji"].extra["choices"]]
    assert AssociationFilter({}).form.fields["category"].queryset.query.is_empty() is False


def test_a_filter_set_whose_choices_vary_builds_its_form_each_time():
    assert type(EventFilter({}).form) is type(EventFilter({}).form)
    assert type(TaskFilter({}).form) is not type(TaskFilter({}).form)
