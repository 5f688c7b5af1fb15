"""The allocation page's rows and select made in Python give what Django's own rendering would."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from facilities.season_forms import ListedSelect
from facilities.seasons import rendering

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("hours", [0, 1.25, 2.5, 1 / 3, 1.05, 12.35, 7.0, 0.05])
@pytest.mark.parametrize("language", ["fi", "en"])
def test_hours_read_as_the_floatformat_filter_writes_them(hours, language):
    with translation.override(language):
        written = rendering._hours(float(hours), get_format("DECIMAL_SEPARATOR"))

        assert written == str(floatformat(hours, 1))


CHOICES = [
    ("", "---------"),
    (12, 'Kuoro & <Ystävät> "ry": U12'),
    (7, gettext_lazy("Adults")),
    (None, "ei arvoa"),
    ("x", mark_safe("<b>turvallinen</b>")),
    (12, "sama arvo toiseen kertaan"),
]


@pytest.mark.parametrize("value", [None, "", "12", 12, 7, "x", "99", ["7"]])
@pytest.mark.parametrize("attrs", [{"id": "id_need"}, {"id": "id_need", "required": True}])
def test_a_listed_select_is_written_as_djangos_templates_write_a_select(value, attrs):
    with translation.override("fi"):
        listed = ListedSelect(choices=CHOICES, attrs={"aria-invalid": "true", "hidden": False})
        written = listed.render("need", value, attrs)
        by_templates = forms.Select(choices=CHOICES, attrs=listed.attrs).render(
            "need", value, attrs, DjangoTemplates()
        )

    assert written == by_templates
