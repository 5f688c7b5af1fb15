"""The month and week views' grids: weeks from Monday to Sunday, each day with its events.

A busy day shows its first few events and a link to the list of that day: a month of a large
municipality's calendar holds hundreds of events, more than a grid cell or a visitor can take.
The database picks each day's first events and counts the rest, so the page's work does not
grow with the number of events in the month.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR

from events.models import Event
from portal.database import CompiledStatements

# How many events a day shows before "n more": a month cell is small, a week's day is roomier.
MONTH_PER_DAY = 3
WEEK_PER_DAY = 8

# Each event once on every shown day it touches (Event.starts_on to ends_on: an all-day event
# ends at midnight, so its last day is the one before), numbered within the day by start; the
# first few of each day, with how many events the day has in all, and the time it starts on
# its first day. Most events last one day: only those of several days are spread over their
# days, which took half of the statement's time when done for every event.
DAYS_SQL = """
WITH event AS (
    SELECT *
    FROM ({events}) AS event (id, title, starts_at, first_day, last_day, is_all_day, status)
)
SELECT shown.day, shown.id, shown.title,
       CASE WHEN NOT shown.is_all_day AND shown.first_day = shown.day
            THEN to_char(shown.starts_at AT TIME ZONE %s, 'HH24:MI')
            ELSE '' END,
       shown.status, shown.on_day
FROM (
    SELECT day, first_day, id, title, starts_at, is_all_day, status,
           row_number() OVER day_by_start AS place,
           count(*) OVER day_by_start AS on_day
    FROM (
        SELECT event.first_day AS day, event.* FROM event WHERE event.first_day = event.last_day
        UNION ALL
        SELECT day::date, event.*
        FROM event
        CROSS JOIN LATERAL generate_series(
            GREATEST(event.first_day, %s::date), LEAST(event.last_day, %s::date), interval '1 day'
        ) AS day
        WHERE event.first_day < event.last_day
    ) AS days
    -- One window for both: numbered in order, counted over the whole day.
    WINDOW day_by_start AS (
        PARTITION BY day ORDER BY starts_at, id
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    )
) AS shown
WHERE shown.place <= %s
ORDER BY shown.day, shown.place
"""


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
    # The day's events not shown, and the list of all of them.
    hidden: int = 0
    more_url: str = ""
    # "Mon 2.3.", as the date filter's "D j.n." would say it, once per weekday rather than per day.
    label: str = ""

    @property
    def iso(self) -> str:
        return self.day.isoformat()


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


# The month and week views' filter combinations and periods most recently asked for, compiled.
STATEMENTS = CompiledStatements(size=500)


def day_rows(events):
    """What the grids read of `events` (a queryset of Event, filtered and in the period)."""
    rows = events.values_list(
        "pk", "title", "starts_at", "starts_on", "ends_on", "is_all_day", "status"
    )
    return rows.order_by()


def _place(days: dict[date, Day], statement: tuple[str, tuple] | None, per_day: int) -> None:
    """Put the first `per_day` of the events that `statement` (the SQL of a `day_rows`
    queryset, None when nothing can match) finds on each shown day they touch."""
    if statement is None:
        return
    first_shown, last_shown = min(days), max(days)
    sql, params = statement
    zone = timezone.get_current_timezone_name()
    with connection.cursor() as cursor:
        cursor.execute(
            DAYS_SQL.format(events=sql),
            (*params, zone, first_shown, last_shown, per_day),
        )
        found = cursor.fetchall()
    # Every event page lies under the list's address; one reverse() instead of one per event.
    base = reverse("events:event_list")
    cancelled = Event.Status.CANCELLED
    for day, pk, title, starts, status, on_day in found:
        shown = days[day]
        shown.events.append(
            Entry(url=f"{base}{pk}/", title=title, starts=starts, is_cancelled=status == cancelled)
        )
        shown.hidden = on_day - len(shown.events)


def month_grid(first: date, statement: tuple[str, tuple] | None) -> list[list[Day]]:
    """The month's weeks with the events `statement` finds (see _place); an event of several
    days shows on each of its days."""
    weeks = weeks_of(first)
    weekdays = [str(WEEKDAYS_ABBR[number]) for number in range(7)]
    days = {
        day: Day(
            day, day.month == first.month, label=f"{weekdays[day.weekday()]} {day.day}.{day.month}."
        )
        for week in weeks
        for day in week
    }
    _place(days, statement, MONTH_PER_DAY)
    return [[days[day] for day in week] for week in weeks]


def week_period(monday: date) -> tuple[datetime, datetime]:
    """From the Monday's midnight to the midnight after the Sunday."""
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(monday, time.min, tzinfo=tz),
        datetime.combine(monday + timedelta(days=7), time.min, tzinfo=tz),
    )


def week_days(monday: date, statement: tuple[str, tuple] | None) -> list[Day]:
    """The seven days from the Monday, each with the events `statement` finds (see _place)."""
    days = {
        monday + timedelta(days=offset): Day(monday + timedelta(days=offset), True)
        for offset in range(7)
    }
    _place(days, statement, WEEK_PER_DAY)
    return list(days.values())


def trim(days: list[Day], per_day: int, list_query: str) -> None:
    """Keep each day's first `per_day` events (imported ones included) and link the rest to
    the list of that day, whose address keeps the other filters in `list_query`."""
    base = reverse("events:event_list")
    for day in days:
        if len(day.events) > per_day:
            day.hidden += len(day.events) - per_day
            del day.events[per_day:]
        if day.hidden:
            iso = day.day.isoformat()
            day.more_url = f"{base}?{list_query}alkaen={iso}&asti={iso}"
