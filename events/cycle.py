"""The municipality's annual cycle (vuosikello): one year of the portal's real dates.

Grant rounds (opening, closing, decision dates), use-report deadlines, association evenings and
the items the liaison officer adds by hand, read with one query each, whatever their number.
The wheel is SVG drawn here on the server; the list grouped by month is its accessible twin.
"""

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Event as CalendarEvent

from events.models import CycleItem, Evening
from events.permissions import can_manage_cycle
from grants.models import GrantRound
from portal import audit
from portal.ical import HELSINKI, new_calendar
from portal.models import User

UID_DOMAIN = "vuosikello.yhdistysportaali"


class Lane:
    """Which ring of the wheel an entry is drawn on, with its colour and its legend."""

    GRANTS = "grants"
    EVENINGS = "evenings"
    MUNICIPALITY = "municipality"


LANES = {
    Lane.GRANTS: (gettext_lazy("Grants"), "#1f5f99", 150),
    Lane.EVENINGS: (gettext_lazy("Association evenings"), "#8a3b12", 128),
    Lane.MUNICIPALITY: (gettext_lazy("Strategy, wellbeing report, budget"), "#2e6b30", 106),
}


@dataclass
class CycleEntry:
    """One dated thing in the cycle, whatever row it comes from."""

    uid: str
    title: str
    kind: str
    lane: str
    starts_on: date
    ends_on: date | None = None
    url: str = ""
    description: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None

    @property
    def last_day(self) -> date:
        return self.ends_on or self.starts_on


def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _round_entries(grant_round: GrantRound, year: int) -> list[CycleEntry]:
    first, last = _year_bounds(year)
    name = grant_round.title
    url = grant_round.get_absolute_url()
    entries = []
    if grant_round.opens_at and grant_round.closes_at and not grant_round.is_year_round:
        opens = timezone.localtime(grant_round.opens_at).date()
        closes = timezone.localtime(grant_round.closes_at).date()
        entries.append(
            CycleEntry(
                uid=f"grant-round-{grant_round.pk}-applications@{UID_DOMAIN}",
                title=_("%(round)s: applications") % {"round": name},
                kind=_("Grant round open"),
                lane=Lane.GRANTS,
                starts_on=opens,
                ends_on=closes,
                url=url,
            )
        )
    for number, day in enumerate(sorted(grant_round.decision_batch_dates), start=1):
        entries.append(
            CycleEntry(
                uid=f"grant-round-{grant_round.pk}-decision-{number}@{UID_DOMAIN}",
                title=_("%(round)s: decisions") % {"round": name},
                kind=_("Grant decisions"),
                lane=Lane.GRANTS,
                starts_on=day,
                url=url,
            )
        )
    if grant_round.use_report_due_on:
        entries.append(
            CycleEntry(
                uid=f"grant-round-{grant_round.pk}-use-reports@{UID_DOMAIN}",
                title=_("%(round)s: use reports due") % {"round": name},
                kind=_("Use reports due"),
                lane=Lane.GRANTS,
                starts_on=grant_round.use_report_due_on,
                url=url,
            )
        )
    return [entry for entry in entries if entry.starts_on <= last and entry.last_day >= first]


def _evening_entry(evening: Evening) -> CycleEntry:
    return CycleEntry(
        uid=f"{evening.uid}@{UID_DOMAIN}",
        title=evening.title,
        kind=_("Thematic meeting") if evening.sector else _("Association evening"),
        lane=Lane.EVENINGS,
        starts_on=timezone.localtime(evening.starts_at).date(),
        url=evening.get_absolute_url(),
        description=evening.description,
        starts_at=evening.starts_at,
        ends_at=evening.ends_at,
    )


def _item_entry(item: CycleItem) -> CycleEntry:
    return CycleEntry(
        uid=f"{item.uid}@{UID_DOMAIN}",
        title=item.title,
        kind=str(item.get_kind_display()),
        lane=Lane.MUNICIPALITY,
        starts_on=item.starts_on,
        ends_on=item.ends_on if item.ends_on and item.ends_on != item.starts_on else None,
        description=item.description,
    )


def entries_for_year(year: int) -> list[CycleEntry]:
    """Everything in the cycle that touches the year, by date: three queries."""
    first, last = _year_bounds(year)
    tz = timezone.get_current_timezone()
    start = datetime(year, 1, 1, tzinfo=tz)
    end = datetime(year + 1, 1, 1, tzinfo=tz)
    rounds = GrantRound.objects.published().filter(
        Q(opens_at__lt=end, closes_at__gte=start)
        | Q(use_report_due_on__range=(first, last))
        | ~Q(decision_batch_dates=[])
    )
    entries: list[CycleEntry] = []
    for grant_round in rounds:
        entries.extend(_round_entries(grant_round, year))
    evenings = Evening.objects.public().filter(starts_at__gte=start, starts_at__lt=end)
    entries.extend(
        _evening_entry(evening) for evening in evenings.select_related("space", "space__site")
    )
    items = CycleItem.objects.filter(
        Q(starts_on__range=(first, last)) | Q(starts_on__lt=first, ends_on__gte=first)
    )
    entries.extend(_item_entry(item) for item in items)
    entries.sort(key=lambda entry: (entry.starts_on, entry.title))
    return entries


def years_with_data() -> list[int]:
    """The years that have something in the cycle, and the current year."""
    years = {timezone.localdate().year}
    years.update(day.year for day in CycleItem.objects.dates("starts_on", "year"))
    years.update(day.year for day in Evening.objects.public().datetimes("starts_at", "year"))
    rounds = GrantRound.objects.published()
    years.update(day.year for day in rounds.datetimes("opens_at", "year"))
    years.update(day.year for day in rounds.datetimes("closes_at", "year"))
    years.update(day.year for day in rounds.dates("use_report_due_on", "year"))
    return sorted(years)


@dataclass
class Month:
    """A month of the list beside the wheel, with the entries that start or go on in it."""

    number: int
    name: str
    entries: list[CycleEntry] = field(default_factory=list)


def by_month(entries: list[CycleEntry], year: int) -> list[Month]:
    """The twelve months, each with the entries that touch it (a long one shows in each)."""
    months = [Month(number, str(MONTHS[number])) for number in range(1, 13)]
    for entry in entries:
        first = max(entry.starts_on, date(year, 1, 1))
        last = min(entry.last_day, date(year, 12, 31))
        for number in range(first.month, last.month + 1):
            months[number - 1].entries.append(entry)
    return months


# The wheel: a 400 × 400 drawing, January at the top, the year running clockwise.
CENTRE = 200
OUTER = 192
INNER = 166
MARK_RADIUS = 5.5


def _angle(day: date, year: int, within: float = 0.5) -> float:
    """The angle of a day (its middle by default), in radians from the top, clockwise."""
    days = (date(year + 1, 1, 1) - date(year, 1, 1)).days
    return 2 * math.pi * ((day - date(year, 1, 1)).days + within) / days


def _point(angle: float, radius: float) -> tuple[float, float]:
    return (
        round(CENTRE + radius * math.sin(angle), 2),
        round(CENTRE - radius * math.cos(angle), 2),
    )


def _arc(start: float, end: float, radius: float) -> str:
    x1, y1 = _point(start, radius)
    x2, y2 = _point(end, radius)
    large = 1 if end - start > math.pi else 0
    return f"M {x1} {y1} A {radius} {radius} 0 {large} 1 {x2} {y2}"


def _sector(start: float, end: float) -> str:
    """A month's slice of the outer ring."""
    ox1, oy1 = _point(start, OUTER)
    ox2, oy2 = _point(end, OUTER)
    ix1, iy1 = _point(end, INNER)
    ix2, iy2 = _point(start, INNER)
    return (
        f"M {ox1} {oy1} A {OUTER} {OUTER} 0 0 1 {ox2} {oy2} "
        f"L {ix1} {iy1} A {INNER} {INNER} 0 0 0 {ix2} {iy2} Z"
    )


def wheel(entries: list[CycleEntry], year: int) -> dict:
    """Shapes for templates/events/cycle_wheel.svg: month sectors, rings, arcs and marks."""
    months = []
    for number in range(1, 13):
        following = date(year + 1, 1, 1) if number == 12 else date(year, number + 1, 1)
        start, end = _angle(date(year, number, 1), year, 0), _angle(following, year, 0)
        label_x, label_y = _point((start + end) / 2, (OUTER + INNER) / 2)
        months.append(
            {
                "path": _sector(start, min(end, 2 * math.pi - 1e-4)),
                "name": str(MONTHS[number]),
                "label": capfirst(str(MONTHS_3[number])),
                "x": _number(label_x),
                "y": _number(label_y),
                "shade": number % 2,
            }
        )
    rings = [
        {"radius": _number(radius), "colour": colour, "label": str(label)}
        for label, colour, radius in LANES.values()
    ]
    shapes = []
    first, last = date(year, 1, 1), date(year, 12, 31)
    for entry in entries:
        _label, colour, radius = LANES[entry.lane]
        start = _angle(max(entry.starts_on, first), year)
        title = f"{entry.title} ({_when(entry)})"
        if entry.ends_on:
            end = _angle(min(entry.ends_on, last), year)
            shapes.append(
                {
                    "arc": _arc(start, max(end, start + 0.02), radius),
                    "colour": colour,
                    "title": title,
                }
            )
        else:
            x, y = _point(start, radius)
            shapes.append({"x": _number(x), "y": _number(y), "colour": colour, "title": title})
    today = timezone.localdate()
    now_line = None
    if today.year == year:
        inner = _point(_angle(today, year), 60)
        outer = _point(_angle(today, year), OUTER)
        now_line = {"x1": _number(inner[0]), "y1": _number(inner[1])}
        now_line |= {"x2": _number(outer[0]), "y2": _number(outer[1])}
    return {
        "months": months,
        "rings": rings,
        "shapes": shapes,
        "now": now_line,
        "mark": _number(MARK_RADIUS),
    }


def _number(value: float) -> str:
    """A coordinate as SVG wants it; templates would localise a float's decimal point."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _when(entry: CycleEntry) -> str:
    if entry.ends_on:
        return f"{entry.starts_on:%-d.%-m.}–{entry.ends_on:%-d.%-m.%Y}"
    return f"{entry.starts_on:%-d.%-m.%Y}"


def cycle_calendar(entries: list[CycleEntry]) -> bytes:
    """The cycle as an RFC 5545 calendar; each entry keeps its UID from one feed to the next."""
    calendar = new_calendar(str(_("Annual cycle")), "vuosikello")
    site_url = getattr(settings, "SITE_URL", "").rstrip("/")
    now = timezone.now()
    for entry in entries:
        component = CalendarEvent()
        component.add("uid", entry.uid)
        component.add("dtstamp", now)
        if entry.starts_at and entry.ends_at:
            component.add("dtstart", entry.starts_at.astimezone(HELSINKI))
            component.add("dtend", entry.ends_at.astimezone(HELSINKI))
        else:
            component.add("dtstart", entry.starts_on)
            component.add("dtend", entry.last_day + timedelta(days=1))
        component.add("summary", entry.title)
        component.add("categories", [entry.kind])
        if entry.description:
            component.add("description", entry.description)
        if entry.url:
            component.add("url", f"{site_url}{entry.url}")
        calendar.add_component(component)
    return calendar.to_ical()


@transaction.atomic
def save_cycle_item(*, item: CycleItem, by: User) -> CycleItem:
    """The officer adds or changes a hand-made item of the annual cycle."""
    if not can_manage_cycle(by):
        raise PermissionDenied(_("Only the liaison officer keeps the annual cycle."))
    creating = item.pk is None
    item.full_clean()
    item.save()
    action = "events.cycle_item_created" if creating else "events.cycle_item_updated"
    audit.record(actor=by, action=action, target=item)
    return item


@transaction.atomic
def delete_cycle_item(*, item: CycleItem, by: User) -> None:
    """The officer removes a hand-made item; agenda items that pointed to it keep their text."""
    if not can_manage_cycle(by):
        raise PermissionDenied(_("Only the liaison officer keeps the annual cycle."))
    audit.record(actor=by, action="events.cycle_item_deleted", target=item, title=item.title)
    item.delete()
