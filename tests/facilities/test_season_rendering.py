"""The allocation page's rows made in Python give what Django's own rendering would."""

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.formats import get_format

from facilities.seasons import rendering

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("hours", [0, 1.25, 2.5, 1 / 3, 1.05, 12.35, 7.0, 0.05])
@pytest.mark.parametrize("language", ["fi", "en"])
def test_hours_read_as_the_floatformat_filter_writes_them(hours, language):
    with translation.override(language):
        written = rendering._hours(float(hours), get_format("DECIMAL_SEPARATOR"))

        assert written == str(floatformat(hours, 1))
