"""The month and week views' grids: weeks from Monday to Sunday, each day with its events."""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from events.models import Event

# What the grid reads of an event; the rest of the row stays in the database.
MONTH_FIELDS = ("pk", "title", "starts_at", "ends_at", "is_all_day", "status", "published_at")


@dataclass(frozen=True)
class Entry:
    url: str
    title: str
    starts: str
    is_cancelled: bool


@dataclass(frozen=True)
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
    """Put each event on every shown day it touches."""
    first_shown, last_shown = min(days), max(days)
    # Every event page lies under the list's address; one reverse() instead of one per event.
    base = reverse("events:event_list")
    for event in events:
        start = timezone.localtime(event.starts_at)
        day = max(start.date(), first_shown)
        while day <= min(event.last_day, last_shown):
            starts = "" if event.is_all_day or day != start.date() else f"{start:%H:%M}"
            days[day].events.append(
                Entry(
                    url=f"{base}{event.pk}/",
                    title=event.title,
                    starts=starts,
                    is_cancelled=event.status == Event.Status.CANCELLED,
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
