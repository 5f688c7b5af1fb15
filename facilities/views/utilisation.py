"""Utilisation: the hours booked against the hours open, and the season's turns used."""

from datetime import date
from html import escape

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from facilities import listing, utilisation
from facilities.forms import UtilisationForm
from facilities.permissions import can_view_statistics
from portal import exports
from portal.access_log import record_access


def _season_rounds():
    from facilities.models import SeasonRound

    return utilisation.STATEMENTS.objects(
        "rounds", lambda: SeasonRound.objects.order_by("-season_starts_on")[:20]
    )


def _current_season(today: date) -> tuple[str, int]:
    if 5 <= today.month <= 8:
        return UtilisationForm.SUMMER, today.year
    return UtilisationForm.WINTER, today.year if today.month >= 9 else today.year - 1


def _request(request):
    """The form, the grouping, the period and the seasonal round the request asks for."""
    rounds = _season_rounds()
    form = UtilisationForm(request.GET or None, rounds=rounds)
    period, year = _current_season(timezone.localdate())
    by = "space"
    season_round = None
    first, last = utilisation.season_dates(year, period)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        by = data["by"] or "space"
        period = data["period"] or period
        year = data["year"] or year
        if period == UtilisationForm.DATES:
            first, last = data["starts_on"], data["ends_on"]
        elif period in form.rounds:
            season_round = form.rounds[period]
            first, last = season_round.season_starts_on, season_round.season_ends_on
        else:
            first, last = utilisation.season_dates(year, period)
    return form, by, first, last, season_round


def _table_rows(rows: list[utilisation.Row]) -> SafeString:
    """The table's body rows, joined here rather than rendered cell by cell: the markup is the
    one the template's loop had, every text escaped with html.escape as the template would."""
    number = listing.Numbers()
    html = []
    for row in rows:
        cells = (
            number(row.open_hours),
            number(row.booked_hours),
            "–" if row.rate is None else number(row.rate),
            number(row.turns),
            number(row.turns_used),
        )
        html.append(
            '\n        <tr>\n          <th scope="row">'
            + escape(": ".join(row.labels))
            + "</th>\n          "
            + "".join(f'<td class="num">{escape(str(cell))}</td>' for cell in cells)
            + "\n        </tr>\n      "
        )
    return mark_safe("".join(html))  # noqa: S308 - every text is escaped above


@login_required
def utilisation_view(request):
    """Per space or per month: open hours, booked hours, the rate, turns given and used."""
    if not can_view_statistics(request.user):
        raise PermissionDenied
    form, by, first, last, season_round = _request(request)
    rows = utilisation.utilisation(by, first, last, season_round=season_round)
    return render(
        request,
        "facilities/utilisation.html",
        {
            "form": form,
            "by": by,
            "first": first,
            "last": last,
            "season_round": season_round,
            "rows": rows[:-1],
            "table_rows": _table_rows(rows[:-1]),
            "total": rows[-1],
            "query": request.GET.urlencode(),
        },
        status=400 if form.errors else 200,
    )


def _labels(by: str) -> list[str]:
    return [_("Month")] if by == "month" else [_("Site"), _("Space")]


@login_required
def utilisation_export(request):
    """The utilisation table for Excel (?format=xlsx) or as CSV for Finnish Excel."""
    if not can_view_statistics(request.user):
        raise PermissionDenied
    _form, by, first, last, season_round = _request(request)
    record_access(request, what="facilities.utilisation_export")
    rows = utilisation.utilisation(by, first, last, season_round=season_round)
    return exports.export_response(
        request.GET.get("format", "csv"),
        filename=f"tilojen-kayttoaste-{first:%Y%m%d}-{last:%Y%m%d}",
        header=[
            *_labels(by),
            _("Open hours"),
            _("Booked hours"),
            _("Utilisation (%)"),
            _("Turns given"),
            _("Turns used"),
        ],
        rows=(
            [
                *(row.labels or [_("Total")] + [""] * (len(_labels(by)) - 1)),
                row.open_hours,
                row.booked_hours,
                row.rate,
                row.turns,
                row.turns_used,
            ]
            for row in rows
        ),
        sheet_title=_("Utilisation"),
    )
