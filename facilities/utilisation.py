"""How much of the time the premises are open they are used, and whether the turns were used.

Booked hours and turns come from one query: over the days the database keeps per space
(BookedDay), or, for a seasonal round's turns, an aggregate of the bookings. Open hours are
worked out from the weekly opening hours and their exceptions (a handful of rows) by counting
weekdays, never day by day, so a page costs the same few queries and little time for a month
or for a year.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, DateField, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import get_language

from facilities.availability import OpeningSchedule, schedules_for
from facilities.models import BookedDay, Booking, Space
from portal.database import CompiledStatements

GROUPINGS = ("space", "month")


def _hours(opens: time, closes: time) -> float:
    """Length of an opening span; closing at or before opening means at midnight."""
    start = opens.hour + opens.minute / 60
    end = closes.hour + closes.minute / 60
    return (end if end > start else end + 24) - start


def _weekday_counts(first: date, last: date) -> list[int]:
    """How many Mondays, Tuesdays, … lie between two dates, both included."""
    days = (last - first).days + 1
    counts = [days // 7] * 7
    for offset in range(days % 7):
        counts[(first.weekday() + offset) % 7] += 1
    return counts


def _day_hours(schedule: OpeningSchedule, weekday: int) -> float:
    if not schedule.has_weekly:
        return 24.0
    return sum(_hours(opens, closes) for opens, closes in schedule.weekly.get(weekday, []))


def open_hours(schedule: OpeningSchedule, first: date, last: date) -> float:
    """The hours a space is open between two dates, exceptions (holidays) included."""
    if last < first:
        return 0.0
    counts = _weekday_counts(first, last)
    total = sum(counts[weekday] * _day_hours(schedule, weekday) for weekday in range(7))
    seen: set[date] = set()
    for exception in schedule.exceptions:
        day = max(exception.starts_on, first)
        while day <= min(exception.ends_on, last):
            # The first exception that covers a day decides it, as on the calendar.
            if day not in seen:
                seen.add(day)
                total -= _day_hours(schedule, day.weekday())
                if not exception.is_closed and exception.opens_at and exception.closes_at:
                    total += _hours(exception.opens_at, exception.closes_at)
            day += timedelta(days=1)
    return total


def _open_hours_by_space(schedules: dict[int, OpeningSchedule]):
    """open_hours of a space by its id: worked out once a schedule and period, since the
    spaces without hours of their own share their site's schedule (schedules_for)."""
    known: dict[tuple[int, date, date], float] = {}

    def hours(space_id: int, first: date, last: date) -> float:
        schedule = schedules[space_id]
        key = (id(schedule), first, last)
        if key not in known:
            known[key] = open_hours(schedule, first, last)
        return known[key]

    return hours


def _months(first: date, last: date) -> list[tuple[date, date, date]]:
    """(month start, first day within the period, last day within the period) per month."""
    months = []
    start = first.replace(day=1)
    while start <= last:
        end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
        months.append((start, max(start, first), min(end, last)))
        start = end + timedelta(days=1)
    return months


@dataclass
class Row:
    """One line of the utilisation table."""

    labels: list[str]
    open_hours: float = 0.0
    booked_hours: float = 0.0
    turns: int = 0
    turns_used: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def rate(self) -> float | None:
        """Booked hours as a share of open hours, in per cent."""
        return round(100 * self.booked_hours / self.open_hours, 1) if self.open_hours else None

    @property
    def turns_used_rate(self) -> float | None:
        return round(100 * self.turns_used / self.turns, 1) if self.turns else None


def _period(first: date, last: date) -> tuple[datetime, datetime]:
    """The first and the last day as the local moments that bound them."""
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(first, time(0), tzinfo=tz),
        datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz),
    )


def _booked(starts, ends, *round_pk):
    """The confirmed bookings that start in the period, of the round's turns when a round's pk
    is given."""
    bookings = Booking.objects.filter(
        status=Booking.Status.CONFIRMED, starts_at__gte=starts, starts_at__lt=ends
    )
    if round_pk:
        bookings = bookings.filter(series__season_turn__need__application__season_round=round_pk[0])
    return bookings


def _aggregate(bookings, *fields):
    """Booked hours, turns and used turns per group, in one query."""
    is_turn = Q(series__isnull=False)
    return (
        bookings.annotate(month=TruncMonth("starts_at", output_field=DateField()))
        .values(*fields)
        .annotate(
            duration=Sum(
                ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
            ),
            turns=Count("pk", filter=is_turn),
            turns_used=Count("pk", filter=is_turn & Q(actual_participants__gt=0)),
        )
        .order_by()
    )


def _kept(first: date, last: date, *fields):
    """The same figures per group from the days the database keeps (BookedDay): a row per
    space and day rather than every booking of the period."""
    return (
        BookedDay.objects.filter(day__gte=first, day__lte=last)
        .annotate(month=TruncMonth("day"))
        .values(*fields)
        .annotate(duration=Sum("booked"), turns=Sum("turns"), turns_used=Sum("turns_used"))
        .order_by()
    )


# The figures' SQL, compiled once per worker for each language (spaces are ordered by their
# names), time zone (months begin at local midnight) and grouping, with or without a round;
# the period and the round are put in place each time (portal.database.CompiledStatements).
# The kept days' SQL depends on the grouping alone.
STATEMENTS = CompiledStatements(size=50)


def _spaces(*round_pk):
    """The spaces whose use is counted, the round's when its pk is given, with their names and
    their sites' names only (not their descriptions)."""
    found = (
        Space.objects.select_related("site")
        .only(
            "site",
            *(f"name_{code}" for code, _label in settings.LANGUAGES),
            *(f"site__name_{code}" for code, _label in settings.LANGUAGES),
        )
        .order_by("site__name", "name")
    )
    return found.filter(season_rounds=round_pk[0]) if round_pk else found


def utilisation(by: str, first: date, last: date, *, season_round=None) -> list[Row]:
    """Rows per space (over the whole period) or per month (over all spaces), then a total.

    With a seasonal round, only the round's spaces and the bookings of its turns count, added
    up from the bookings; otherwise the figures are the kept days' (in their zone only).
    Four queries, whatever the number of spaces, months or bookings.
    """
    round_pk = [] if season_round is None else [season_round.pk]
    zone = timezone.get_current_timezone_name()
    kind = (get_language(), zone, bool(round_pk))
    spaces = STATEMENTS.objects(("spaces", kind), _spaces, *round_pk)
    hours = _open_hours_by_space(schedules_for(spaces, first_day=first, last_day=last))

    def aggregate(field):
        # Without a round every space counts, so the figures need no list of spaces.
        if not round_pk and zone == BookedDay.ZONE:
            return STATEMENTS.objects(
                ("kept", field), lambda *given: _kept(*given, field), first, last
            )
        starts, ends = _period(first, last)
        return STATEMENTS.objects(
            ("aggregate", kind, field),
            lambda *given: _aggregate(_booked(*given), field),
            starts,
            ends,
            *round_pk,
        )

    total = Row(labels=[])
    rows: list[Row] = []
    if by == "month":
        months = _months(first, last)
        by_month = {
            start: Row(
                labels=[start.strftime("%Y-%m")],
                open_hours=sum(hours(s.pk, a, b) for s in spaces),
            )
            for start, a, b in months
        }
        for found in aggregate("month"):
            row = by_month.get(found["month"])
            if row is not None:
                _add(row, found)
        rows = list(by_month.values())
    else:
        by_space = {
            space.pk: Row(
                labels=[space.site.name, space.name],
                open_hours=hours(space.pk, first, last),
            )
            for space in spaces
        }
        for found in aggregate("space"):
            if found["space"] in by_space:
                _add(by_space[found["space"]], found)
        rows = list(by_space.values())
    for row in rows:
        row.open_hours = round(row.open_hours, 1)
        row.booked_hours = round(row.booked_hours, 1)
        total.open_hours += row.open_hours
        total.booked_hours += row.booked_hours
        total.turns += row.turns
        total.turns_used += row.turns_used
    total.open_hours, total.booked_hours = round(total.open_hours, 1), round(total.booked_hours, 1)
    return [*rows, total]


def _add(row: Row, found: dict) -> None:
    row.booked_hours += found["duration"].total_seconds() / 3600 if found["duration"] else 0
    row.turns += found["turns"]
    row.turns_used += found["turns_used"]


def season_dates(year: int, season: str) -> tuple[date, date]:
    """The default seasons: winter from September to April, summer from May to August."""
    if season == "summer":
        return date(year, 5, 1), date(year, 8, 31)
    return date(year, 9, 1), date(year + 1, 4, 30)


def overall_rate(first: date, last: date) -> float | None:
    """The council's one figure: booked hours as a share of open hours over all spaces."""
    return utilisation("space", first, last)[-1].rate
