"""Public events as RFC 5545 calendars, for calendar apps that subscribe to a feed."""

from django.conf import settings
from django.utils import timezone
from icalendar import Event as CalendarEvent

from events.models import Event
from portal.ical import HELSINKI, new_calendar

UID_DOMAIN = "tapahtumat.yhdistysportaali"


def _component(event: Event, *, site_url: str, now) -> CalendarEvent:
    component = CalendarEvent()
    component.add("uid", f"{event.uid}@{UID_DOMAIN}")
    component.add("dtstamp", now)
    component.add("created", event.created_at)
    component.add("last-modified", event.updated_at)
    component.add("sequence", event.sequence)
    start = event.starts_at.astimezone(HELSINKI)
    if event.is_all_day:
        # All-day events are dates: DTEND is the day after the last, as RFC 5545 says.
        component.add("dtstart", start.date())
        component.add("dtend", event.ends_at.astimezone(HELSINKI).date())
    else:
        component.add("dtstart", start)
        component.add("dtend", event.ends_at.astimezone(HELSINKI))
    component.add("summary", event.title)
    component.add("description", event.description)
    component.add("location", event.place)
    component.add("url", f"{site_url}{event.get_absolute_url()}")
    component.add("categories", [str(event.get_category_display())])
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return component


def events_calendar(name: str, events) -> bytes:
    """A calendar of public events; cancelled ones stay in it with STATUS:CANCELLED."""
    calendar = new_calendar(name, "tapahtumat")
    site_url = getattr(settings, "SITE_URL", "").rstrip("/")
    now = timezone.now()
    for event in events:
        calendar.add_component(_component(event, site_url=site_url, now=now))
    return calendar.to_ical()
