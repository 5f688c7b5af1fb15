"""Bookings as RFC 5545 calendars, for calendar apps that subscribe to a feed."""

from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

from facilities.models import Booking

HELSINKI = ZoneInfo("Europe/Helsinki")
UID_DOMAIN = "tilat.yhdistysportaali"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.MUNICIPALITY_NAME}//Yhdistysportaali tilat//FI")
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


def _event(booking: Booking, *, summary: str, description: str = "") -> Event:
    event = Event()
    event.add("uid", f"{booking.uid}@{UID_DOMAIN}")
    event.add("dtstamp", timezone.now())
    event.add("last-modified", booking.updated_at)
    event.add("created", booking.created_at)
    event.add("sequence", booking.sequence)
    event.add("dtstart", booking.starts_at.astimezone(HELSINKI))
    event.add("dtend", booking.ends_at.astimezone(HELSINKI))
    event.add("summary", summary)
    event.add("location", f"{booking.space.site.name}, {booking.space.name}")
    if description:
        event.add("description", description)
    statuses: dict[str, str] = {
        Booking.Status.PENDING: "TENTATIVE",
        Booking.Status.CONFIRMED: "CONFIRMED",
    }
    event.add("status", statuses.get(booking.status, "CANCELLED"))
    return event


def association_calendar(association, bookings) -> bytes:
    """All of an association's bookings, cancelled and denied ones marked cancelled."""
    calendar = _calendar(association.name)
    for booking in bookings:
        calendar.add_component(
            _event(booking, summary=booking.purpose, description=booking.get_status_display())
        )
    return calendar.to_ical()


def space_calendar(space, bookings, *, taken_label: str) -> bytes:
    """A space's public calendar: taken times only, no names (the public page shows the same)."""
    calendar = _calendar(f"{space.site.name}: {space.name}")
    for booking in bookings:
        calendar.add_component(_event(booking, summary=taken_label))
    return calendar.to_ical()
