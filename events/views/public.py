"""Pages anyone may open: the calendar list, the week and month views, an event, the feeds."""

import functools
import json
import re
from datetime import date, datetime, timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events import feeds, ical, listing, month
from events.caching import cached_for_anonymous
from events.filters import EventFilter
from events.models import Event
from events.permissions import can_edit_event, can_view_event
from organizations.models import Association

PAGE_SIZE = 20
# The week and month views go this far; further off the date arithmetic would leave the calendar.
FIRST_YEAR, LAST_YEAR = 1900, 2199
ISO_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})", re.IGNORECASE)
# json.dumps leaves these as they are; inside <script> they could end the element early.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@functools.cache
def _public_events():
    """Event.objects.public(), put together once: its OR of lookups took a fiftieth of a page.
    Only ever handed out as a copy (.all()), so no page's results stay in it."""
    return Event.objects.public()


def _filtered(request, events=None):
    """The public events with the request's filters; the filter set shows any bad value."""
    if events is None:
        events = Event.objects.public().with_list_data()
    filterset = EventFilter(request.GET or None, queryset=events)
    status = 200
    if filterset.is_bound and not filterset.is_valid():
        status = 400
        messages.error(request, _("Some filters were not understood; they are left out."))
    return filterset, status


def _query_without(request, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    encoded = query.urlencode()
    return f"{encoded}&" if encoded else ""


def _day_query(request) -> str:
    """The filters for the list of one day's events, which the day's own dates complete."""
    return _query_without(request, "page", "kuukausi", "viikko", "alkaen", "asti")


def _views(request, *, monday: date | None = None, month_start: date | None = None) -> dict:
    """The list, week and month views with the request's filters; the week and month views
    open on the shown week or month when there is one, otherwise on today's."""
    query = _query_without(request, "page", "kuukausi", "viikko")
    today = timezone.localdate()
    if monday is None and month_start is not None:
        in_month = (today.year, today.month) == (month_start.year, month_start.month)
        day = today if in_month else month_start
        monday = day - timedelta(days=day.weekday())
    if month_start is None and monday is not None:
        # The month that holds most of the week, as ISO weeks belong to their Thursday's year.
        month_start = (monday + timedelta(days=3)).replace(day=1)
    week = f"viikko={_week_name(monday)}&" if monday else ""
    month_param = f"kuukausi={month_start:%Y-%m}&" if month_start else ""
    paths = _view_paths(get_language(), get_script_prefix(), get_urlconf())
    return {
        "list": f"{paths[0]}?{query}".rstrip("?&"),
        "week": f"{paths[1]}?{query}{week}".rstrip("?&"),
        "month": f"{paths[2]}?{query}{month_param}".rstrip("?&"),
    }


@functools.lru_cache(maxsize=16)
def _view_paths(*_reversed_under) -> tuple[str, str, str]:
    """The list's, week's and month's addresses, reversed once per language and prefix."""
    return reverse("events:event_list"), reverse("events:event_week"), reverse("events:event_month")


@cached_for_anonymous
def event_list(request):
    """Coming events, or those of the chosen dates, page by page."""
    filterset, status = _filtered(request, _public_events().all())
    data = getattr(filterset.form, "cleaned_data", {})
    coming = not data.get("alkaen") and not data.get("asti")

    def events():
        return listing.matching(filterset.qs.coming() if coming else filterset.qs)

    statement = listing.STATEMENTS.get((filterset.values_key(), coming), events)
    page, rows = listing.list_page(statement, request.GET.get("page"), PAGE_SIZE)
    return render(
        request,
        "events/event_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "events": rows,
            "query_without_page": _query_without(request, "page"),
            "feed_query": _query_without(request, "page").rstrip("&"),
            "imported": (
                feeds.shown_for_list(data) if page.number == 1 and filterset.feeds_shown else []
            ),
            "views": _views(request),
        },
        status=status,
    )


def _month(value: str | None) -> date | None:
    """The first day of the month in `YYYY-MM`; None when it is not one."""
    try:
        first = datetime.strptime(value or "", "%Y-%m").date()  # noqa: DTZ007 - a date only
    except ValueError:
        return None
    return first if FIRST_YEAR <= first.year <= LAST_YEAR else None


def _week(value: str | None) -> date | None:
    """The Monday of the ISO week in `YYYY-Www`, or of the week of a `YYYY-MM-DD`; None when
    the value is neither."""
    text = (value or "").strip()
    match = ISO_WEEK.fullmatch(text)
    try:
        if match:
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        else:
            day = date.fromisoformat(text)
            monday = day - timedelta(days=day.weekday())
    except ValueError:
        return None
    return monday if FIRST_YEAR <= monday.year <= LAST_YEAR else None


def _week_name(monday: date) -> str:
    year, number, _weekday = monday.isocalendar()
    return f"{year}-W{number:02d}"


def _day_statement(filterset, period: tuple[datetime, datetime]) -> tuple[str, tuple] | None:
    """The SQL of the filtered events in the period, as the month and week grids read them."""
    return month.STATEMENTS.get(
        (filterset.values_key(), period),
        lambda: month.day_rows(filterset.qs.during(*period)),
    )


@cached_for_anonymous
def event_month(request):
    """A month as a table of weeks; on a phone the days stack as a list."""
    status = 200
    first = _month(request.GET.get("kuukausi")) if "kuukausi" in request.GET else None
    if first is None:
        if "kuukausi" in request.GET:
            messages.error(request, _("The month in the address is not a month (YYYY-MM)."))
            status = 400
        first = timezone.localdate().replace(day=1)
    filterset, filter_status = _filtered(request, _public_events().all())
    period = month.shown_period(first)
    weeks = month.month_grid(first, _day_statement(filterset, period))
    if filterset.feeds_shown:
        feeds.add_to_month(weeks, period, getattr(filterset.form, "cleaned_data", {}))
    month.trim([day for week in weeks for day in week], month.MONTH_PER_DAY, _day_query(request))
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return render(
        request,
        "events/event_month.html",
        {
            "filter": filterset,
            "month": first,
            # "January 2027" for the title, the heading and the table's caption, made once.
            "month_name": date_format(first, "F Y"),
            "weeks": weeks,
            "has_events": any(day.events for week in weeks for day in week),
            "previous_month": previous,
            "next_month": following,
            "query_without_month": _query_without(request, "kuukausi"),
            "views": _views(request, month_start=first),
        },
        status=max(status, filter_status),
    )


@cached_for_anonymous
def event_week(request):
    """A week from Monday to Sunday as a list of days; side by side on a wide screen."""
    status = 200
    monday = _week(request.GET.get("viikko")) if "viikko" in request.GET else None
    if monday is None:
        if "viikko" in request.GET:
            messages.error(
                request,
                _("The week in the address is not a week (YYYY-Www, for example 2026-W07)."),
            )
            status = 400
        today = timezone.localdate()
        monday = today - timedelta(days=today.weekday())
    filterset, filter_status = _filtered(request, _public_events().all())
    period = month.week_period(monday)
    days = month.week_days(monday, _day_statement(filterset, period))
    if filterset.feeds_shown:
        feeds.add_to_month([days], period, getattr(filterset.form, "cleaned_data", {}))
    month.trim(days, month.WEEK_PER_DAY, _day_query(request))
    return render(
        request,
        "events/event_week.html",
        {
            "filter": filterset,
            "monday": monday,
            "sunday": monday + timedelta(days=6),
            "week_number": monday.isocalendar().week,
            "week_name": _week_name(monday),
            "days": days,
            "today": timezone.localdate(),
            "has_events": any(day.events for day in days),
            "previous_week": _week_name(monday - timedelta(days=7)),
            "next_week": _week_name(monday + timedelta(days=7)),
            "query_without_week": _query_without(request, "viikko"),
            "views": _views(request, monday=monday),
        },
        status=max(status, filter_status),
    )


def json_ld(event: Event, request) -> SafeString:
    """schema.org Event for search engines, escaped so that no text can end the script."""
    status = "EventCancelled" if event.is_cancelled else "EventScheduled"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.description,
        "startDate": (
            timezone.localtime(event.starts_at).date().isoformat()
            if event.is_all_day
            else timezone.localtime(event.starts_at).isoformat()
        ),
        "endDate": (
            event.last_day.isoformat()
            if event.is_all_day
            else timezone.localtime(event.ends_at).isoformat()
        ),
        "eventStatus": f"https://schema.org/{status}",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": event.place, "address": event.place},
        "isAccessibleForFree": event.is_free,
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "organizer": [
            {
                "@type": "Organization",
                "name": a.name,
                "url": request.build_absolute_uri(a.get_absolute_url()),
            }
            for a in event.organisers.all()
        ],
    }
    if event.image:
        data["image"] = request.build_absolute_uri(event.image.url)
    text = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@cached_for_anonymous
def event_detail(request, pk):
    event = get_object_or_404(Event.objects.with_list_data(), pk=pk)
    if not can_view_event(request.user, event):
        raise Http404
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "json_ld": json_ld(event, request) if event.is_public else "",
            "can_edit": can_edit_event(request.user, event),
        },
    )


def _feed(name: str, events) -> HttpResponse:
    response = HttpResponse(
        ical.events_calendar(name, events), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="tapahtumat.ics"'
    return response


@cached_for_anonymous
def calendar_ics(request):
    """The public calendar as a feed, with the same filters as the list."""
    filterset, status = _filtered(request)
    since = timezone.now() - timedelta(days=60)
    if status != 200:
        return HttpResponse(
            _("Some filters were not understood."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return _feed(_("Events"), filterset.qs.filter(ends_at__gte=since))


@cached_for_anonymous
def association_ics(request, slug):
    """An association's public events as a feed."""
    association = get_object_or_404(Association.objects.listed(), slug=slug)
    since = timezone.now() - timedelta(days=60)
    events = association.events.public().filter(ends_at__gte=since).with_list_data()
    return _feed(association.name, events)
