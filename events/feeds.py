"""Neighbouring municipalities' calendars: fetch an iCalendar feed, read it, keep its events.

A feed is imported as a whole or not at all: a download that fails, is too large or is not a
calendar leaves every event imported before as it was, and the error is kept on the feed for the
liaison officer. Events are matched by their UID, so a changed event is updated in place and one
that is gone from the feed is marked removed.
"""

import time as clock
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from http.client import HTTPException
from urllib import request as urlrequest
from urllib.error import HTTPError, URLError
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar

from events import permissions
from events.caching import data_changed
from events.models import Event, ExternalEvent, ExternalFeed, day_span
from portal import audit
from portal.models import User

MAX_BYTES = 2 * 1024 * 1024
TIMEOUT_SECONDS = 10
MAX_EVENTS = 5000
MAX_REDIRECTS = 3
SCHEMES = ("http", "https")
DEFAULT_TZ = ZoneInfo("Europe/Helsinki")
# Events that ended long ago are of no use for clashes or the calendar.
KEEP_PAST = timedelta(days=60)
USER_AGENT = "Yhdistysportaali-calendar-import/1.0"


class FeedError(Exception):
    """The feed could not be used; the message is shown to the liaison officer."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Fetching


class _RedirectHandler(urlrequest.HTTPRedirectHandler):
    """Follows a few redirects, and only to http and https addresses."""

    max_redirections = MAX_REDIRECTS

    def http_error_302(self, req, fp, code, msg, headers):
        target = urljoin(req.full_url, headers.get("location") or headers.get("uri") or "")
        if urlsplit(target).scheme.lower() not in SCHEMES:
            raise FeedError(_("The feed redirected to an address that is not http or https."))
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener() -> urlrequest.OpenerDirector:
    # Built by hand: build_opener() would add file:, ftp: and data: handlers too.
    opener = urlrequest.OpenerDirector()
    for handler in (
        urlrequest.HTTPHandler(),
        urlrequest.HTTPSHandler(),
        _RedirectHandler(),
        urlrequest.HTTPDefaultErrorHandler(),
        urlrequest.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def fetch(url: str) -> bytes:
    """Download a feed: http or https only, at most MAX_BYTES, within TIMEOUT_SECONDS."""
    if urlsplit(url).scheme.lower() not in SCHEMES:
        raise FeedError(_("Only http and https addresses can be imported."))
    deadline = clock.monotonic() + TIMEOUT_SECONDS
    too_large = _("The feed is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)}
    timed_out = _("The server did not answer within %(seconds)s seconds.") % {
        "seconds": TIMEOUT_SECONDS
    }
    headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar"}
    req = urlrequest.Request(url, headers=headers)  # noqa: S310 - the scheme is checked above
    try:
        with _opener().open(req, timeout=TIMEOUT_SECONDS) as response:
            length = response.headers.get("Content-Length", "")
            if length.isdecimal() and int(length) > MAX_BYTES:
                raise FeedError(too_large)
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read(64 * 1024):
                size += len(chunk)
                if size > MAX_BYTES:
                    raise FeedError(too_large)
                if clock.monotonic() > deadline:
                    raise FeedError(timed_out)
                chunks.append(chunk)
    except HTTPError as error:
        raise FeedError(
            _("The server answered with HTTP status %(code)s.") % {"code": error.code}
        ) from error
    except TimeoutError as error:
        raise FeedError(timed_out) from error
    except URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise FeedError(timed_out) from error
        raise FeedError(
            _("The address could not be reached (%(reason)s).") % {"reason": error.reason}
        ) from error
    except (HTTPException, OSError, ValueError) as error:
        raise FeedError(
            _("The address could not be reached (%(reason)s).") % {"reason": error}
        ) from error
    return b"".join(chunks)


# Reading


@dataclass
class Item:
    """One event as the feed gives it."""

    uid: str
    title: str
    starts_at: datetime
    ends_at: datetime
    is_all_day: bool
    location: str
    url: str
    is_cancelled: bool

    def values(self) -> dict:
        return {
            "title": self.title,
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "is_all_day": self.is_all_day,
            "location": self.location,
            "url": self.url,
            "is_cancelled": self.is_cancelled,
        }


def _calendar_tz(calendar: Calendar) -> ZoneInfo:
    """The calendar's own zone for floating times, or Helsinki's."""
    name = str(calendar.get("x-wr-timezone", "")).strip()
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return DEFAULT_TZ


def _moment(value, tz: ZoneInfo) -> tuple[datetime, bool]:
    """An aware datetime, and whether the value was a whole day."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=tz)), False
    if isinstance(value, date):
        return datetime.combine(value, time.min, tzinfo=tz), True
    raise ValueError(value)


def _text(component, name: str, limit: int) -> str:
    value = component.get(name)
    return " ".join(str(value).split())[:limit] if value is not None else ""


def _url(component) -> str:
    value = _text(component, "url", 500)
    return value if urlsplit(value).scheme.lower() in SCHEMES else ""


def _item(component, tz: ZoneInfo) -> Item | None:
    """The event of one VEVENT, or None when it lacks what an event needs."""
    uid = _text(component, "uid", 400)
    if not uid or component.get("dtstart") is None:
        return None
    starts_at, is_all_day = _moment(component.decoded("dtstart"), tz)
    if component.get("dtend") is not None:
        ends_at, _whole = _moment(component.decoded("dtend"), tz)
    elif component.get("duration") is not None:
        ends_at = starts_at + component.decoded("duration")
    else:
        # RFC 5545: a date lasts the day; a time without an end lasts no time.
        ends_at = starts_at + timedelta(days=1) if is_all_day else starts_at
    ends_at = max(ends_at, starts_at)
    if component.get("recurrence-id") is not None:
        changed, _whole = _moment(component.decoded("recurrence-id"), tz)
        uid = f"{uid}#{changed.isoformat()}"
    return Item(
        uid=uid,
        title=_text(component, "summary", 200) or _("(no title)"),
        starts_at=starts_at,
        ends_at=ends_at,
        is_all_day=is_all_day,
        location=_text(component, "location", 300),
        url=_url(component),
        is_cancelled=_text(component, "status", 20).upper() == "CANCELLED",
    )


def parse(content: bytes) -> list[Item]:
    """The events of an iCalendar document; a VEVENT that cannot be read is left out."""
    try:
        calendar = Calendar.from_ical(content)
    except (ValueError, IndexError, KeyError, TypeError) as error:
        raise FeedError(_("The address did not return an iCalendar calendar.")) from error
    if getattr(calendar, "name", "") != "VCALENDAR":
        raise FeedError(_("The address did not return an iCalendar calendar."))
    tz = _calendar_tz(calendar)
    since = timezone.now() - KEEP_PAST
    items: dict[str, Item] = {}
    for component in calendar.walk("VEVENT"):
        try:
            item = _item(component, tz)
        except (ValueError, TypeError, KeyError, OverflowError):
            continue
        if item is not None and item.ends_at >= since:
            items[item.uid] = item
        if len(items) > MAX_EVENTS:
            raise FeedError(_("The feed has more than %(count)s events.") % {"count": MAX_EVENTS})
    return list(items.values())


# Importing


UPDATED_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "is_all_day",
    "location",
    "url",
    "is_cancelled",
    "is_big",
    "is_removed",
    "removed_at",
    "updated_at",
)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    removed: int = 0


@transaction.atomic
def import_feed(*, feed: ExternalFeed, content: bytes) -> ImportResult:
    """Bring the feed's events in line with a downloaded calendar; nothing changes on an error."""
    items = parse(content)
    feed = ExternalFeed.objects.select_for_update().get(pk=feed.pk)
    existing = {event.uid: event for event in feed.events.all()}
    result = ImportResult()
    now = timezone.now()
    new: list[ExternalEvent] = []
    changed: list[ExternalEvent] = []
    for item in items:
        values = {**item.values(), "is_big": feed.is_big}
        event = existing.get(item.uid)
        if event is None:
            new.append(ExternalEvent(feed=feed, uid=item.uid, **values))
            continue
        values.update(is_removed=False, removed_at=None)
        if any(getattr(event, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(event, name, value)
            event.updated_at = now
            changed.append(event)
    ExternalEvent.objects.bulk_create(new)
    ExternalEvent.objects.bulk_update(changed, [*UPDATED_FIELDS])
    seen = {item.uid for item in items}
    gone = [uid for uid, event in existing.items() if uid not in seen and not event.is_removed]
    result.removed = feed.events.filter(uid__in=gone).update(
        is_removed=True, removed_at=now, updated_at=now
    )
    result.created, result.updated = len(new), len(changed)
    feed.last_attempt_at = feed.last_imported_at = now
    feed.last_error, feed.last_error_at = "", None
    feed.save(update_fields=["last_attempt_at", "last_imported_at", "last_error", "last_error_at"])
    data_changed()
    return result


def record_feed_error(*, feed: ExternalFeed, message: str) -> None:
    """Keep the error for the officer; the feed's events stay as they were."""
    now = timezone.now()
    ExternalFeed.objects.filter(pk=feed.pk).update(
        last_attempt_at=now, last_error=message[:2000], last_error_at=now
    )
    feed.last_attempt_at, feed.last_error, feed.last_error_at = now, message[:2000], now


def refresh_feed(*, feed: ExternalFeed, content: bytes | None = None) -> ImportResult | None:
    """Download (unless `content` is given) and import a feed; None when it failed."""
    try:
        if content is None:
            content = fetch(feed.url)
        return import_feed(feed=feed, content=content)
    except FeedError as error:
        record_feed_error(feed=feed, message=error.message)
        return None


# The officer's feeds


def _check_officer(by: User) -> None:
    if not permissions.can_manage_feeds(by):
        raise PermissionDenied(_("Only the liaison officer manages neighbouring calendars."))


@transaction.atomic
def save_feed(*, feed: ExternalFeed, by: User) -> ExternalFeed:
    """Add or change a feed; its events follow the feed's "big" choice at once."""
    _check_officer(by)
    creating = feed.pk is None
    if creating:
        feed.created_by = by
    feed.full_clean()
    feed.save()
    if not creating:
        feed.events.exclude(is_big=feed.is_big).update(is_big=feed.is_big)
    data_changed()
    audit.record(
        actor=by,
        action="events.feed_added" if creating else "events.feed_changed",
        target=feed,
        url=feed.url,
        is_shown=feed.is_shown,
        is_big=feed.is_big,
    )
    return feed


@transaction.atomic
def delete_feed(*, feed: ExternalFeed, by: User) -> None:
    """Remove a feed and every event imported from it."""
    _check_officer(by)
    audit.record(actor=by, action="events.feed_deleted", target=feed, url=feed.url)
    feed.delete()
    data_changed()


# What the calendar and the clash warning read


def imported_clashes(events: Iterable[Event]) -> dict[int, list[ExternalEvent]]:
    """Big imported events on the same days as each of `events`, in one query."""
    events = list(events)
    found: dict[int, list[ExternalEvent]] = {event.pk: [] for event in events}
    if not events:
        return found
    spans = [day_span(event.starts_at, event.ends_at) for event in events]
    candidates = list(
        ExternalEvent.objects.clashing_with(min(s[0] for s in spans), max(s[1] for s in spans))
    )
    for event, (first, last) in zip(events, spans, strict=True):
        found[event.pk] = [other for other in candidates if _falls_within(other, first, last)]
    return found


def _falls_within(event: ExternalEvent, first: datetime, last: datetime) -> bool:
    """The same test as ExternalEventQuerySet.during, for rows already read."""
    if event.starts_at >= last:
        return False
    return event.ends_at > first or (event.ends_at == event.starts_at and event.starts_at >= first)


def imported_clashing_with(starts_at: datetime, ends_at: datetime) -> list[ExternalEvent]:
    return list(ExternalEvent.objects.clashing_with(starts_at, ends_at))


# Filters that imported events cannot answer: a feed tells no category, audience or price.
NARROWING_FILTERS = ("kategoria", "kenelle", "maksuton", "jarjestaja", "paikka")
LIST_LIMIT = 20


def shown_for_list(filters: dict) -> list[ExternalEvent]:
    """The shown imported events for the calendar list: coming ones, or those of the dates."""
    if any(filters.get(name) for name in NARROWING_FILTERS):
        return []
    events = ExternalEvent.objects.shown().select_related("feed")
    tz = timezone.get_current_timezone()
    starts_on, ends_on = filters.get("alkaen"), filters.get("asti")
    if starts_on:
        events = events.filter(ends_at__gt=datetime.combine(starts_on, time.min, tzinfo=tz))
    if ends_on:
        events = events.filter(
            starts_at__lt=datetime.combine(ends_on + timedelta(days=1), time.min, tzinfo=tz)
        )
    if not starts_on and not ends_on:
        events = events.filter(ends_at__gt=timezone.now())
    return list(events.order_by("starts_at", "pk")[:LIST_LIMIT])


def add_to_month(weeks, period: tuple[datetime, datetime], filters: dict) -> None:
    """Put the shown imported events on the days of the month grid, marked with their source."""
    from events.month import ImportedEntry

    if any(filters.get(name) for name in NARROWING_FILTERS):
        return
    grid = {day.day: day for week in weeks for day in week}
    first_shown, last_shown = weeks[0][0].day, weeks[-1][-1].day
    touched = set()
    # An event without its own address links to the list of that day, which shows it too.
    base = reverse("events:event_list")
    shown = ExternalEvent.objects.shown().during(*period).select_related("feed")
    fields = ("title", "starts_at", "ends_at", "is_all_day", "url", "is_cancelled")
    for event in shown.only(*fields, "feed__municipality"):
        start = timezone.localtime(event.starts_at)
        day = max(start.date(), first_shown)
        while day <= min(event.last_day, last_shown):
            starts = "" if event.is_all_day or day != start.date() else f"{start:%H:%M}"
            grid[day].events.append(
                ImportedEntry(
                    url=event.url or f"{base}?alkaen={day.isoformat()}&asti={day.isoformat()}",
                    title=event.title,
                    starts=starts,
                    is_cancelled=event.is_cancelled,
                    source=event.feed.municipality,
                )
            )
            touched.add(day)
            day += timedelta(days=1)
    for day in touched:
        grid[day].events.sort(key=lambda entry: entry.starts)
