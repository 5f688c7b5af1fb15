"""Finnish public holidays and the customary days off, named in the user's language."""

from datetime import date

import holidays
from django.utils import translation
from django.utils.translation import gettext

# The package's names for the portal's languages.
LANGUAGES = {"fi": "fi", "sv": "sv_FI", "en": "en_US"}


def days_off(first: date, last: date) -> dict[date, str]:
    """The days off between two dates (inclusive), each with its name in the active language.

    The public holidays include juhannusaatto and jouluaatto, on which most premises close;
    uudenvuodenaatto is a customary day off too, though not a public holiday.
    """
    language = LANGUAGES.get((translation.get_language() or "fi")[:2], "fi")
    years = range(first.year, last.year + 1)
    found: dict[date, str] = dict(holidays.Finland(years=years, language=language).items())
    for year in years:
        found.setdefault(date(year, 12, 31), gettext("New Year's Eve"))
    return {day: name for day, name in sorted(found.items()) if first <= day <= last}
