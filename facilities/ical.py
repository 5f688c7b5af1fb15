"""Bookings as RFC 5545 calendars, for calendar apps that subscribe to a feed."""

from django.utils import timezone
from icalendar import Event

from facilities.models import Booking
from portal.ical import HELSINKI, new_calendar

UID_DOMAIN = "tilat.yhdistysportaali"


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
    calendar = new_calendar(association.name, "tilat")
    for booking in bookings:
        calendar.add_component(
            _event(booking, summary=booking.purpose, description=booking.get_status_display())
        )
    return calendar.to_ical()


def space_calendar(space, bookings, *, taken_label: str) -> bytes:
    """A space's public calendar: taken times only, no names (the public page shows the same)."""
    calendar = new_calendar(f"{space.site.name}: {space.name}", "tilat")
    for booking in bookings:
        calendar.add_component(_event(booking, summary=taken_label))
    return calendar.to_ical()
