import datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

HELSINKI = ZoneInfo("Europe/Helsinki")
MOMENT = datetime.datetime(2026, 11, 14, 22, 7, tzinfo=HELSINKI)


def render(template: str, language: str) -> str:
    with translation.override(language):
        return Template(template).render(Context({"moment": MOMENT}))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fi", "14.11.2026 klo 22.07"),
        ("sv", "14.11.2026 kl. 22.07"),
        ("en", "14 November 2026, 22:07"),
    ],
)
def test_a_time_reads_day_first_on_the_24_hour_clock(language, expected):
    assert render("{{ moment }}", language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "14.11.2026 22.07"), ("sv", "14.11.2026 22.07"), ("en", "14.11.2026 22:07")],
)
def test_a_short_time_is_numeric_and_day_first(language, expected):
    assert render('{{ moment|date:"SHORT_DATETIME_FORMAT" }}', language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "14.11.2026"), ("sv", "14.11.2026"), ("en", "14 November 2026")],
)
def test_a_date_reads_day_month_year(language, expected):
    assert render('{{ moment|date:"DATE_FORMAT" }}', language) == expected


def test_english_pages_show_no_us_dates_or_twelve_hour_clock():
    page = render('{{ moment }} {{ moment|date:"SHORT_DATETIME_FORMAT" }}', "en")

    assert "11/14/2026" not in page
    assert "p.m." not in page


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_typed_day_first_date_and_a_picker_date_are_both_understood(language):
    class DayForm(forms.Form):
        day = forms.DateField()

    with translation.override(language):
        typed = DayForm({"day": "14.11.2026"})
        picked = DayForm({"day": "2026-11-14"})

        assert typed.is_valid()
        assert picked.is_valid()
    assert typed.cleaned_data["day"] == picked.cleaned_data["day"] == datetime.date(2026, 11, 14)
