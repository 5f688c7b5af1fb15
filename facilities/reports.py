"""Usage figures: booked hours, bookings and participants per space, association, month, purpose.

Cancelled and denied bookings are left out: the figures tell how the premises were used.
"""

from datetime import date

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear, TruncMonth
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

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
        "utilisation": utilisation_rate(starts_on, ends_on),
    }


def utilisation_rate(starts_on: date, ends_on: date) -> float | None:
    """Booked hours as a per cent of the hours the premises were open (None: never open)."""
    from facilities import utilisation

    return utilisation.overall_rate(starts_on, ends_on)


def render_council_section(starts_on: date, ends_on: date) -> str:
    """The HTML section the council PDF includes (rendered by the PDF's WeasyPrint template)."""
    return render_to_string(
        "facilities/pdf/council_section.html", {"figures": council_figures(starts_on, ends_on)}
    )


def years_with_data() -> set[int]:
    """The years in which premises were used."""
    return set(
        used_bookings()
        .annotate(year=ExtractYear("starts_at"))
        .values_list("year", flat=True)
        .distinct()
    )


def annual_section(year: int):
    """The premises' section of the council's annual report."""
    from portal.council import Section

    return Section(
        anchor="facilities-usage",
        title=_("Use of free premises"),
        html=render_council_section(date(year, 1, 1), date(year, 12, 31)),
    )


def season_rounds_for_council():
    """The seasonal rounds whose results are published: a council report may be about one."""
    from facilities.models import SeasonRound

    return SeasonRound.objects.filter(status=SeasonRound.Status.PUBLISHED).order_by(
        "-season_starts_on", "-pk"
    )


def season_sections(round_pk: int) -> list:
    """The report on one season's allocation: the turns per space and how fairly they went."""
    from facilities.models import SeasonTurn
    from facilities.seasons.allocation import fairness, load_board
    from portal.council import Section

    season_round = season_rounds_for_council().get(pk=round_pk)
    by_association, by_age = fairness(load_board(season_round))
    turns = (
        SeasonTurn.objects.filter(
            need__application__season_round=season_round, series__isnull=False
        )
        .values("space__site__name", "space__name")
        .annotate(
            turns=Count("pk"),
            given_up=Count("pk", filter=Q(is_given_up=True)),
            weekly=Sum(
                ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
            ),
        )
        .order_by("space__site__name", "space__name")
    )
    spaces = [
        {
            "space": f"{row['space__site__name']}: {row['space__name']}",
            "turns": row["turns"],
            "given_up": row["given_up"],
            "weekly_hours": round(row["weekly"].total_seconds() / 3600, 1),
        }
        for row in turns
    ]
    anchor = f"season-allocation-{season_round.pk}"
    context = {
        "anchor": anchor,
        "season_round": season_round,
        "spaces": spaces,
        "by_association": by_association,
        "by_age": by_age,
    }
    return [
        Section(
            anchor=anchor,
            title=_("Allocation of the season: %(name)s") % {"name": season_round.name},
            html=render_to_string("facilities/pdf/season_section.html", context),
        )
    ]


def season_sections_of_year(year: int) -> list:
    """The allocation of each published season that starts in the year, for the annual report."""
    rounds = season_rounds_for_council().filter(season_starts_on__year=year)
    return [
        section for pk in rounds.values_list("pk", flat=True) for section in season_sections(pk)
    ]
