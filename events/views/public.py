"""Pages anyone may open: the calendar list, the month view, an event, and the feeds."""

import json
from datetime import date, datetime, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from events import feeds, ical, month
from events.caching import cached_for_anonymous
from events.filters import EventFilter
from events.models import Event
from events.permissions import can_edit_event, can_view_event
from organizations.models import Association

PAGE_SIZE = 20
# json.dumps leaves these as they are; inside <script> they could end the element early.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _filtered(request):
    """The public events with the request's filters; the filter set shows any bad value."""
    filterset = EventFilter(request.GET or None, queryset=Event.objects.public().with_list_data())
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


@cached_for_anonymous
def event_list(request):
    """Coming events, or those of the chosen dates, page by page."""
    filterset, status = _filtered(request)
    events = filterset.qs
    data = getattr(filterset.form, "cleaned_data", {})
    if not data.get("alkaen") and not data.get("asti"):
        events = events.coming()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/event_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "events": page.object_list,
            "query_without_page": _query_without(request, "page"),
            "feed_query": _query_without(request, "page").rstrip("&"),
            "imported": feeds.shown_for_list(data) if page.number == 1 else [],
        },
        status=status,
    )


def _month(value: str | None) -> date | None:
    """The first day of the month in `YYYY-MM`; None when it is not one."""
    try:
        return datetime.strptime(value or "", "%Y-%m").date()  # noqa: DTZ007 - a date only
    except ValueError:
        return None


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
    filterset, filter_status = _filtered(request)
    events = list(
        filterset.qs.during(*month.shown_period(first))
        .select_related(None)
        .prefetch_related(None)
        .only(*month.MONTH_FIELDS)
    )
    weeks = month.month_grid(first, events)
    feeds.add_to_month(
        weeks, month.shown_period(first), getattr(filterset.form, "cleaned_data", {})
    )
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return render(
        request,
        "events/event_month.html",
        {
            "filter": filterset,
            "month": first,
            "weeks": weeks,
            "has_events": any(day.events for week in weeks for day in week),
            "previous_month": previous,
            "next_month": following,
            "query_without_month": _query_without(request, "kuukausi"),
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
