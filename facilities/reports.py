"""Usage figures: booked hours, bookings and participants per space, association, month, purpose.

Cancelled and denied bookings are left out: the figures tell how the premises were used.
"""

from datetime import date

from django.db.models import Count, DurationField, ExpressionWrapper, F, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.template.loader import render_to_string

from facilities.models import Booking

GROUPINGS = {
    "space": ("space__site__name", "space__name"),
    "association": ("association__name",),
    "month": ("month",),
    "purpose": ("purpose",),
}


def used_bookings(starts_on: date | None = None, ends_on: date | None = None):
    bookings = Booking.objects.filter(status=Booking.Status.CONFIRMED)
    if starts_on:
        bookings = bookings.filter(starts_at__date__gte=starts_on)
    if ends_on:
        bookings = bookings.filter(starts_at__date__lte=ends_on)
    return bookings


def usage(by: str, starts_on: date | None = None, ends_on: date | None = None) -> list[dict]:
    """One row per group: its labels, booked hours, bookings and participants (one query)."""
    fields = GROUPINGS[by]
    rows = (
        used_bookings(starts_on, ends_on)
        .annotate(month=TruncMonth("starts_at"))
        .values(*fields)
        .annotate(
            duration=Sum(
                ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
            ),
            bookings=Count("pk"),
            participants=Coalesce(Sum("actual_participants"), 0),
            expected=Coalesce(Sum("expected_participants"), 0),
        )
        .order_by(*fields)
    )
    return [
        {
            "labels": [
                row[name].strftime("%Y-%m") if name == "month" else row[name] for name in fields
            ],
            "hours": round(row["duration"].total_seconds() / 3600, 1),
            "bookings": row["bookings"],
            "participants": row["participants"],
            "expected": row["expected"],
        }
        for row in rows
    ]


def council_figures(starts_on: date, ends_on: date) -> dict:
    """The facilities section of the council PDF: totals and the busiest spaces."""
    by_space = usage("space", starts_on, ends_on)
    return {
        "starts_on": starts_on,
        "ends_on": ends_on,
        "hours": round(sum(row["hours"] for row in by_space), 1),
        "bookings": sum(row["bookings"] for row in by_space),
        "participants": sum(row["participants"] for row in by_space),
        "associations": used_bookings(starts_on, ends_on).values("association").distinct().count(),
        "spaces": sorted(by_space, key=lambda row: row["hours"], reverse=True)[:10],
    }


def render_council_section(starts_on: date, ends_on: date) -> str:
    """The HTML section the council PDF includes (rendered by the PDF's WeasyPrint template)."""
    return render_to_string(
        "facilities/pdf/council_section.html", {"figures": council_figures(starts_on, ends_on)}
    )
