"""When a space is open and when it is taken: the opening hours and the week calendar.

Everything here loads its rows with a fixed number of queries, however many spaces or
bookings there are, so that list pages and calendars stay fast.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.postgres.fields import DateTimeRangeField
from django.db.models import Func, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.models import Occupancy, OpeningException, OpeningHours, Space
from portal.database import CompiledStatements

WHOLE_DAY = [(time(0), time(0))]
# Calendars and searches look at most this far from today; further dates are refused as
# malformed (year 9999 would overflow the date arithmetic).
YEARS_AROUND = 10

# The opening hours', the space tree's and the taken times' SQL, compiled once per worker and
# number of spaces and sites: putting the querysets together cost more than running them
# (portal.database.CompiledStatements).
STATEMENTS = CompiledStatements(size=100, prepared=True)


def within_reach(day: date) -> bool:
    today = timezone.localdate()
    return abs((day - today).days) <= YEARS_AROUND * 366


def parse_day(value: str | None) -> date | None:
    """An ISO date from an address (today when not given); None when malformed or far off."""
    try:
        day = date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return None
    return day if within_reach(day) else None


def local(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _span(day: date, opens: time, closes: time) -> tuple[datetime, datetime]:
    # Closing at 00:00 means midnight at the end of the day.
    end_day = day + timedelta(days=1) if closes <= opens else day
    return local(day, opens), local(end_day, closes)


@dataclass
class OpeningSchedule:
    """The weekly hours and exceptions that apply to one space (its own, else its site's)."""

    weekly: dict[int, list[tuple[time, time]]] = field(default_factory=dict)
    has_weekly: bool = False
    exceptions: list[OpeningException] = field(default_factory=list)

    def spans_on(self, day: date) -> list[tuple[datetime, datetime]]:
        """The opening spans of one day as aware local datetimes; empty when closed."""
        for exception in self.exceptions:
            if exception.starts_on <= day <= exception.ends_on:
                if exception.is_closed or not (exception.opens_at and exception.closes_at):
                    return []
                return [_span(day, exception.opens_at, exception.closes_at)]
        if not self.has_weekly:
            return [_span(day, *WHOLE_DAY[0])]
        return [_span(day, opens, closes) for opens, closes in self.weekly.get(day.weekday(), [])]

    def is_open(self, starts_at: datetime, ends_at: datetime) -> bool:
        day = timezone.localtime(starts_at).date()
        return any(opens <= starts_at and ends_at <= closes for opens, closes in self.spans_on(day))


def schedules_for(spaces: list[Space], *, first_day: date, last_day: date) -> dict:
    """The opening schedule of each space, keyed by space id, in two queries."""
    space_ids = [space.pk for space in spaces]
    site_ids = sorted({space.site_id for space in spaces})
    # Plain tuples, not model rows: a list of fifty spaces reads a few hundred of them.
    weekly_rows = STATEMENTS.objects("weekly", _weekly_rows, space_ids, site_ids)
    exception_rows = STATEMENTS.objects(
        "exceptions", _exception_rows, space_ids, site_ids, first_day, last_day
    )
    weekly_by_owner: dict[tuple[str, int], dict[int, list[tuple[time, time]]]] = {}
    for space_id, site_id, weekday, opens_at, closes_at in weekly_rows:
        owner = ("space", space_id) if space_id else ("site", site_id)
        weekly_by_owner.setdefault(owner, {}).setdefault(weekday, []).append((opens_at, closes_at))
    exceptions_by_owner: dict[tuple[str, int | None], list[OpeningException]] = {}
    for exception in exception_rows:
        holder = (
            ("space", exception.space_id) if exception.space_id else ("site", exception.site_id)
        )
        exceptions_by_owner.setdefault(holder, []).append(exception)
    schedules = {}
    # The spaces with neither hours nor exceptions of their own share their site's schedule,
    # so that a search asks each schedule once (free_space_ids).
    shared: dict[tuple[int | None, int], OpeningSchedule] = {}
    for space in spaces:
        own_weekly = weekly_by_owner.get(("space", space.pk))
        own_exceptions = exceptions_by_owner.get(("space", space.pk), [])
        key = (space.pk if own_weekly or own_exceptions else None, space.site_id)
        if key not in shared:
            weekly = own_weekly or weekly_by_owner.get(("site", space.site_id), {})
            # The space's own exceptions come first: they override the site's.
            shared[key] = OpeningSchedule(
                weekly=weekly,
                has_weekly=bool(weekly),
                exceptions=own_exceptions + exceptions_by_owner.get(("site", space.site_id), []),
            )
        schedules[space.pk] = shared[key]
    return schedules


def _weekly_rows(space_ids, site_ids):
    return (
        OpeningHours.objects.filter(Q(space_id__in=space_ids) | Q(site_id__in=site_ids))
        .values_list("space_id", "site_id", "weekday", "opens_at", "closes_at")
        .order_by("weekday", "opens_at")
    )


def _exception_rows(space_ids, site_ids, first_day, last_day):
    return OpeningException.objects.filter(
        Q(space_id__in=space_ids) | Q(site_id__in=site_ids),
        starts_on__lte=last_day,
        ends_on__gte=first_day,
    )


def schedule_for(space: Space, day: date) -> OpeningSchedule:
    return schedules_for([space], first_day=day, last_day=day)[space.pk]


def space_tree() -> dict[int, list[int]]:
    """Each space's id mapped to itself and the ids of every space inside it."""
    children: dict[int | None, list[int]] = {}
    pairs = STATEMENTS.objects(
        "tree", lambda: Space.objects.order_by().values_list("pk", "parent_id")
    )
    for pk, parent_id in pairs:
        children.setdefault(parent_id, []).append(pk)
    tree = {}
    for pk, _parent in pairs:
        found, todo = [pk], list(children.get(pk, []))
        while todo:
            child = todo.pop()
            found.append(child)
            todo.extend(children.get(child, []))
        tree[pk] = found
    return tree


def _time_range(starts_at: datetime, ends_at: datetime) -> Func:
    """The range [starts_at, ends_at) built in SQL: as two values, a kept statement can put
    each request's times in place (a range value would be one parameter of another type)."""
    return Func(
        Value(starts_at), Value(ends_at), function="tstzrange", output_field=DateTimeRangeField()
    )


def _taken_space_ids(starts_at, ends_at):
    return (
        Occupancy.objects.filter(is_active=True, period__overlap=_time_range(starts_at, ends_at))
        .order_by()
        .values_list("space_id")
    )


def free_space_ids(spaces, starts_at: datetime, ends_at: datetime) -> set[int]:
    """The spaces (with `pk` and `site_id`) that are open and not taken for the whole of the
    given time (four queries).

    A space is taken when it or a space inside it holds an active occupancy: a booking of the
    space around it has written a row for it too.
    """
    tree = space_tree()
    taken = {pk for (pk,) in STATEMENTS.objects("taken", _taken_space_ids, starts_at, ends_at)}
    day = timezone.localtime(starts_at).date()
    schedules = schedules_for(spaces, first_day=day, last_day=day)
    # Most spaces share their site's schedule: each schedule is asked once.
    open_by_schedule: dict[int, bool] = {}
    free = set()
    for space in spaces:
        if taken.intersection(tree.get(space.pk, [space.pk])):
            continue
        schedule = schedules[space.pk]
        is_open = open_by_schedule.get(id(schedule))
        if is_open is None:
            is_open = open_by_schedule[id(schedule)] = schedule.is_open(starts_at, ends_at)
        if is_open:
            free.add(space.pk)
    return free


@dataclass(slots=True)
class Cell:
    starts_at: datetime
    ends_at: datetime
    state: str
    label: str = ""

    FREE = "free"
    TAKEN = "taken"
    LEASED = "leased"
    CLOSED = "closed"
    PAST = "past"

    @property
    def key(self) -> str:
        """The slot's local start as 2026-11-23T10:00, for links and tests."""
        return self.starts_at.strftime("%Y-%m-%dT%H:%M")


CELL_LABELS = {
    Cell.FREE: _("Free"),
    Cell.TAKEN: _("Taken"),
    Cell.LEASED: _("In long-term use"),
    Cell.CLOSED: _("Closed"),
    Cell.PAST: _("Past"),
}


@dataclass
class WeekCalendar:
    monday: date
    days: list[date]
    rows: list[tuple[time, list[Cell]]]

    @property
    def previous_monday(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next_monday(self) -> date:
        return self.monday + timedelta(days=7)


def week_calendar(space: Space, monday: date, *, slot_minutes: int = 60) -> WeekCalendar:
    """Free, taken, closed and past slots of one space for the week that starts on `monday`.

    A slot that has begun is past, whatever else it is: it can no longer be booked. Taken slots
    carry no names: the public sees only that the time is taken, or that the room is in an
    association's long-term use. Five queries, whatever the number of bookings.
    """
    tz = timezone.get_current_timezone()
    days = [monday + timedelta(days=offset) for offset in range(7)]
    # Each day's bounds once: building aware times is the slow part of a week of slots.
    bounds = [
        (
            datetime.combine(day, time(0), tzinfo=tz),
            datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz),
        )
        for day in days
    ]
    schedule = schedules_for([space], first_day=days[0], last_day=days[-1])[space.pk]
    spans = [schedule.spans_on(day) for day in days]
    ids = [space.pk, *space.descendant_ids()]
    periods = [
        (lower.timestamp(), upper.timestamp(), lease_id is not None)
        for lower, upper, lease_id in STATEMENTS.objects(
            "week", _week_periods, ids, bounds[0][0], bounds[-1][1]
        )
    ]
    first_hour, last_hour = 24, 0
    for day, day_spans in zip(days, spans, strict=True):
        for opens, closes in day_spans:
            first_hour = min(first_hour, timezone.localtime(opens).hour)
            end = timezone.localtime(closes)
            last_hour = max(last_hour, 24 if end.date() > day else end.hour + bool(end.minute))
    if first_hour >= last_hour:
        first_hour, last_hour = 8, 20
    # From here on instants are compared as POSIX seconds: comparing aware times of two zones
    # (the bookings' UTC, the slots' local time) works out both offsets every time.
    day_periods = [
        [period for period in periods if period[0] < day_end and day_start < period[1]]
        for day_start, day_end in ((start.timestamp(), end.timestamp()) for start, end in bounds)
    ]
    open_spans = [
        [(opens.timestamp(), closes.timestamp()) for opens, closes in day_spans]
        for day_spans in spans
    ]
    labels = {state: str(label) for state, label in CELL_LABELS.items()}
    now = timezone.now().timestamp()
    rows = []
    step = timedelta(minutes=slot_minutes)
    slot = datetime.combine(monday, time(first_hour))
    while slot.date() == monday and slot.hour < last_hour:
        at = slot.time()
        cells = []
        for day, day_spans, taken in zip(days, open_spans, day_periods, strict=True):
            starts_at = datetime.combine(day, at, tzinfo=tz)
            ends_at = starts_at + step
            starts, ends = starts_at.timestamp(), ends_at.timestamp()
            if starts < now:
                state = Cell.PAST
            elif not any(opens <= starts and ends <= closes for opens, closes in day_spans):
                state = Cell.CLOSED
            else:
                state = Cell.FREE
                for lower, upper, is_lease in taken:
                    if lower < ends and starts < upper:
                        state = Cell.LEASED if is_lease else Cell.TAKEN
                        break
            cells.append(Cell(starts_at, ends_at, state, labels[state]))
        rows.append((at, cells))
        slot += step
    return WeekCalendar(monday=monday, days=days, rows=rows)


def _week_periods(space_ids, starts_at, ends_at):
    return (
        Occupancy.objects.filter(
            space_id__in=space_ids,
            is_active=True,
            period__overlap=_time_range(starts_at, ends_at),
        )
        .order_by()
        .values_list("period__startswith", "period__endswith", "block__lease")
    )


@dataclass
class GridCell:
    label: str
    state: str


def day_grid(spaces: list[Space], day: date, *, first_hour: int = 7, last_hour: int = 23):
    """For the officer: each space's hours of one day with who holds them (two queries).

    A space's row shows its own bookings and those of the spaces around it, which hold it too,
    and those of the spaces inside it: a hall is taken while one of its halves is booked.
    """
    start, end = local(day, time(0)), local(day + timedelta(days=1), time(0))
    tree = space_tree()
    ids = {pk for space in spaces for pk in tree.get(space.pk, [space.pk])}
    occupancies: dict[int, list[Occupancy]] = {}
    for occupancy in Occupancy.objects.filter(
        space_id__in=ids, is_active=True, period__overlap=(start, end)
    ).select_related("booking", "booking__association", "block", "block__lease"):
        occupancies.setdefault(occupancy.space_id, []).append(occupancy)
    hours = list(range(first_hour, last_hour))
    rows = []
    for space in spaces:
        cells = []
        for hour in hours:
            slot_start = local(day, time(hour))
            slot_end = slot_start + timedelta(hours=1)
            # The space's own rows first, so a booking of the space itself names its holder.
            holder = next(
                (
                    o
                    for pk in tree.get(space.pk, [space.pk])
                    for o in occupancies.get(pk, [])
                    if o.period.lower < slot_end and slot_start < o.period.upper
                ),
                None,
            )
            booking = holder.booking if holder is not None else None
            if holder is None:
                cells.append(GridCell(label="", state=Cell.FREE))
            elif booking is None:
                block = holder.block
                state = "leased" if block is not None and hasattr(block, "lease") else "blocked"
                cells.append(GridCell(label=block.reason if block else "", state=state))
            else:
                cells.append(
                    GridCell(
                        label=f"{booking.association.name}: {booking.purpose}",
                        state=booking.status,
                    )
                )
        rows.append((space, cells))
    return hours, rows
