"""RFC 5545 calendars the apps publish as feeds, in one shape: Helsinki time, published."""

from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Timezone

HELSINKI = ZoneInfo("Europe/Helsinki")


def new_calendar(name: str, product: str) -> Calendar:
    """An empty calendar named `name`, with the VTIMEZONE its local times refer to."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.MUNICIPALITY_NAME}//Yhdistysportaali {product}//FI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Helsinki")
    calendar.add_component(
        Timezone.from_tzinfo(
            HELSINKI,
            tzid="Europe/Helsinki",
            first_date=date(2020, 1, 1),
            last_date=date(2040, 1, 1),
        )
    )
    return calendar
