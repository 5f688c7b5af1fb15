"""The form renderer builds Django's widget templates in Python: each widget must come out
exactly as Django's templates would write it."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from portal.form_renderer import BUILDERS, FormRenderer, select_html

GROUPED = [
    ("Musiikki & laulu", [("kuoro", "Kuoro <sekakuoro>"), ("bändi", gettext_lazy("Music"))]),
    ("", [(3, 3000), ("x", mark_safe("<b>turvallinen</b>"))]),
    ("Urheilu", [("ui", "Uinti")]),
]
ATTRS = {"class": "a&b", "data-x": '"lainaus"', "required": True, "hidden": False}
WIDGETS = [
    (forms.TextInput(attrs=ATTRS), 'Kuoro "ry" <ja> & muut'),
    (forms.TextInput(), None),
    (forms.TextInput(), mark_safe("<i>valmiiksi turvallinen</i>")),
    (forms.NumberInput(attrs={"min": 0, "step": Decimal("0.5")}), 1234),
    (forms.EmailInput(), "a@example.fi"),
    (forms.URLInput(), "https://example.fi/?a=1&b=2"),
    (forms.PasswordInput(render_value=True), "salasana"),
    (forms.HiddenInput(), 42),
    (forms.DateInput(attrs={"type": "date"}), date(2026, 11, 29)),
    (forms.DateTimeInput(), datetime(2026, 11, 29, 10, 30, tzinfo=ZoneInfo("UTC"))),
    (forms.TimeInput(), "17:00"),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(attrs={"disabled": True}), False),
    (forms.FileInput(), None),
    (forms.Textarea(attrs={"rows": 3}), "Rivi 1\n<rivi 2> & 3"),
    (forms.Textarea(), ""),
    (forms.Select(choices=[("", "---------"), ("a", "A & B"), (2, 2000)]), "a"),
    (forms.Select(choices=GROUPED, attrs={"aria-describedby": "x_helptext"}), "3"),
    (forms.SelectMultiple(choices=GROUPED), ["kuoro", "ui"]),
    (forms.NullBooleanSelect(), True),
    (forms.CheckboxSelectMultiple(choices=GROUPED, attrs={"id": "id_k", "class": "c"}), ["x"]),
    (forms.RadioSelect(choices=[("a", "A"), ("b", "<B>")], attrs={"id": "id_r"}), "b"),
    (forms.RadioSelect(choices=[("a", "A")]), None),
    (forms.CheckboxSelectMultiple(choices=[]), []),
    (forms.SelectDateWidget(years=[2026, 2027]), date(2026, 2, 3)),
    (forms.ClearableFileInput(), None),
]


@pytest.mark.parametrize("language", ["fi", "en"])
@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=lambda item: type(item).__name__)
def test_each_widget_is_written_as_djangos_templates_write_it(widget, value, language):
    with translation.override(language):
        by_templates = widget.render("kenttä", value, {"id": "id_kenttä"}, DjangoTemplates())
        by_renderer = widget.render("kenttä", value, {"id": "id_kenttä"}, FormRenderer())

    assert by_renderer == by_templates


def test_the_portal_renders_its_forms_with_it():
    assert isinstance(get_default_renderer(), FormRenderer)


def test_no_template_it_builds_is_overridden_in_the_project():
    # Built in Python, an overriding template would be ignored: Django's own must be the ones.
    renderer = FormRenderer()

    origins = {name: renderer.get_template(name).origin.name for name in BUILDERS}

    assert all("/django/forms/templates/" in origin for origin in origins.values()), origins


class SlowOption(forms.Select):
    option_template_name = "django/forms/widgets/input_option.html"


def test_a_widget_whose_options_use_another_template_is_left_to_the_templates():
    widget = SlowOption(choices=[("a", "A")])

    built = select_html(widget.get_context("k", "a", None)["widget"])
    by_renderer = widget.render("k", "a", renderer=FormRenderer())

    assert built is None
    assert by_renderer == widget.render("k", "a", renderer=DjangoTemplates())
    assert '<label><input type="select" name="k" value="a" selected>' in by_renderer
