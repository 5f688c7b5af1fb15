"""The allocation page's rows made in Python give what Django's own rendering would."""

import pytest
from django.template.defaultfilters import floatformat
from django.test import RequestFactory
from django.utils import translation
from django.utils.formats import get_format

from facilities.seasons import rendering
from facilities.views.seasons import _turn_form
from tests.facilities.season_data import MON, make_application, make_need, make_round
from tests.factories import AssociationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("hours", [0, 1.25, 2.5, 1 / 3, 1.05, 12.35, 7.0, 0.05])
@pytest.mark.parametrize("language", ["fi", "en"])
def test_hours_read_as_the_floatformat_filter_writes_them(hours, language):
    with translation.override(language):
        written = rendering._hours(float(hours), get_format("DECIMAL_SEPARATOR"))

        assert written == str(floatformat(hours, 1))


@pytest.mark.parametrize(
    ("query", "data"),
    [({}, None), ({"weekday": "2"}, None), ({}, {"need": "ei-ole", "weekday": "3"})],
)
def test_the_quick_selects_give_djangos_markup(hall, liaison_officer, query, data):
    season = make_round(spaces=list(hall), by=liaison_officer)
    for name in ("Kerho <1>", "Seura & co"):
        application = make_application(season, AssociationFactory(name=name))
        make_need(application, wishes=[(hall[0], MON, "17:00", "19:00")])
    request = RequestFactory().get("/", query)

    plain = _turn_form(request, season, data)
    quick = rendering.quicken_selects(_turn_form(request, season, data))

    for name in ("need", "space", "weekday"):
        assert isinstance(quick.fields[name].widget, rendering.QuickSelect)
        assert str(quick[name]) == str(plain[name])
    assert "Kerho &lt;1&gt;" in str(quick["need"])
