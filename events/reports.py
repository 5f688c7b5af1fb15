"""Figures of the shared calendar for the council's summary: what was on, for whom, by whom.

An event belongs to the period it starts in. Held events are those published and not
cancelled; cancelled ones count apart, and only if residents had seen them. Imported events of
neighbouring municipalities are not the municipality's and are left out.
"""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from events import evenings
from events.models import Event
from organizations.models import Association

TOP_ORGANISERS = 10


def _period(starts_on: date, ends_on: date):
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(starts_on, time.min, tzinfo=tz),
        datetime.combine(ends_on + timedelta(days=1), time.min, tzinfo=tz),
    )


def held_events(starts_on: date, ends_on: date):
    first, last = _period(starts_on, ends_on)
    return Event.objects.filter(
        status=Event.Status.PUBLISHED, starts_at__gte=first, starts_at__lt=last
    )


def council_figures(starts_on: date, ends_on: date) -> dict:
    """The events section of the council PDF: a few queries, however many events."""
    first, last = _period(starts_on, ends_on)
    held = held_events(starts_on, ends_on)
    # The organisers' join repeats an event per organiser: every count is of distinct events.
    totals = held.aggregate(
        held=Count("pk", distinct=True),
        big=Count("pk", filter=Q(is_big=True), distinct=True),
        municipal=Count("pk", filter=Q(organisers__isnull=True), distinct=True),
        **{
            f"audience_{value}": Count("pk", filter=Q(audiences__contains=[value]), distinct=True)
            for value in Event.Audience.values
        },
    )
    categories = dict(held.values_list("category").annotate(count=Count("pk")).order_by())
    cancelled = Event.objects.filter(
        status=Event.Status.CANCELLED,
        published_at__isnull=False,
        starts_at__gte=first,
        starts_at__lt=last,
    ).count()
    organisers = list(
        Association.objects.filter(events__in=held)
        .annotate(count=Count("events"))
        .order_by("-count", "name")
        .values("name", "count")
    )
    return {
        "starts_on": starts_on,
        "ends_on": ends_on,
        "held": totals["held"],
        "big": totals["big"],
        "municipal": totals["municipal"],
        "cancelled": cancelled,
        "by_category": [
            {"label": str(label), "count": categories[value]}
            for value, label in Event.Category.choices
            if categories.get(value)
        ],
        "by_audience": [
            {"label": str(label), "count": totals[f"audience_{value}"]}
            for value, label in Event.Audience.choices
            if totals[f"audience_{value}"]
        ],
        "organisers": len(organisers),
        "top_organisers": organisers[:TOP_ORGANISERS],
        "evenings": [
            evenings.attendance_by_year(year) for year in range(starts_on.year, ends_on.year + 1)
        ],
    }


def render_council_section(starts_on: date, ends_on: date) -> str:
    """The HTML section the council PDF includes (rendered by the PDF's WeasyPrint template)."""
    return render_to_string(
        "events/pdf/council_section.html", {"figures": council_figures(starts_on, ends_on)}
    )


def years_with_data() -> set[int]:
    """The years in which events were held."""
    return set(
        Event.objects.filter(status=Event.Status.PUBLISHED)
        .annotate(year=ExtractYear("starts_at"))
        .values_list("year", flat=True)
        .distinct()
    )


def annual_section(year: int):
    """The calendar's section of the council's annual report."""
    from portal.council import Section

    return Section(
        anchor="events-summary",
        title=_("Events in the shared calendar"),
        html=render_council_section(date(year, 1, 1), date(year, 12, 31)),
    )
