"""The month and week views' grids: weeks from Monday to Sunday, each day with its events."""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from events.models import Event

# What the grid reads of an event, as plain rows: a month may hold hundreds of events.
MONTH_FIELDS = ("pk", "title", "starts_at", "ends_at", "is_all_day", "status")
ONE_TICK = timedelta(microseconds=1)


@dataclass(slots=True)
class Entry:
    url: str
    title: str
    starts: str
    is_cancelled: bool


@dataclass(slots=True)
class ImportedEntry(Entry):
    """An event from a neighbouring municipality's feed; `source` names the municipality."""

    source: str = ""


@dataclass
class Day:
    day: date
    in_month: bool
    events: list[Entry] = field(default_factory=list)


def weeks_of(first: date) -> list[list[date]]:
    return calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)


def shown_period(first: date) -> tuple[datetime, datetime]:
    """From the Monday before the month's first day to the end of the Sunday after its last."""
    weeks = weeks_of(first)
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(weeks[0][0], time.min, tzinfo=tz),
        datetime.combine(weeks[-1][-1] + timedelta(days=1), time.min, tzinfo=tz),
    )


def _place(days: dict[date, "Day"], events) -> None:
    """Put each event on every shown day it touches; `events` are rows of MONTH_FIELDS."""
    first_shown, last_shown = min(days), max(days)
    # Every event page lies under the list's address; one reverse() instead of one per event.
    base = reverse("events:event_list")
    cancelled = Event.Status.CANCELLED
    tz = timezone.get_current_timezone()
    for event in events:
        start = event.starts_at.astimezone(tz)
        start_day = start.date()
        # The local date of the last day (an all-day event ends at midnight).
        last_day = (event.ends_at - ONE_TICK).astimezone(tz).date()
        day = max(start_day, first_shown)
        last = min(last_day, last_shown)
        while day <= last:
            days[day].events.append(
                Entry(
                    url=f"{base}{event.pk}/",
                    title=event.title,
                    starts="" if event.is_all_day or day != start_day else f"{start:%H:%M}",
                    is_cancelled=event.status == cancelled,
                )
            )
            day += timedelta(days=1)


def month_grid(first: date, events) -> list[list[Day]]:
    """The month's weeks; an event of several days shows on each of its days."""
    weeks = weeks_of(first)
    days = {day: Day(day, day.month == first.month) for week in weeks for day in week}
    _place(days, events)
    return [[days[day] for day in week] for week in weeks]


def week_period(monday: date) -> tuple[datetime, datetime]:
    """From the Monday's midnight to the midnight after the Sunday."""
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(monday, time.min, tzinfo=tz),
        datetime.combine(monday + timedelta(days=7), time.min, tzinfo=tz),
    )


def week_days(monday: date, events) -> list[Day]:
    """The seven days from the Monday, each with its events."""
    days = {
        monday + timedelta(days=offset): Day(monday + timedelta(days=offset), True)
        for offset in range(7)
    }
    _place(days, events)
    return list(days.values())
