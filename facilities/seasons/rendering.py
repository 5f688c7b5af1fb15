"""The allocation page's long tables as ready HTML rows.

The page of a hall with sixty applications has thousands of cells. Rendered cell by cell in
the template, each variable, filter, translation and address costs its own lookups; here every
translated word, weekday name and address pattern is made once and the rows are joined in
Python. The markup is the same the template would give.
"""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from facilities.models import SeasonNeed, SeasonTurn, Weekday
from facilities.seasons.allocation import FairnessRow, Grid, association_name

# Every text from the data or the translations is escaped with html.escape, which
# format_html would call too; a format_html a cell was most of a hall's table.

# A number no key reaches, replaced by each row's key in an address reversed once.
_KEY = 987654321987


def _address(name: str):
    pattern = escape(reverse(name, args=[_KEY]))
    return lambda pk: pattern.replace(str(_KEY), str(pk))


def _hhmm(at) -> str:
    return f"{at.hour:02}:{at.minute:02}"


def weekday_names() -> list[str]:
    return [escape(str(label)) for _value, label in Weekday.choices]


def grid_rows(grid: Grid) -> SafeString:
    """The body rows of the week grid: the time, then a cell a weekday."""
    rows = []
    wish_texts: dict[tuple[int, int], str] = {}
    for at, cells in grid.rows:
        parts = [f'<tr><th scope="row">{_hhmm(at)}</th>']
        for cell in cells:
            state = cell.state
            turns = "".join(f'<div class="grid-turn">{escape(turn)}</div>' for turn in cell.turns)
            wishes = ""
            if cell.wishes:
                counts = (cell.wishes, cell.first_choices)
                if counts not in wish_texts:
                    wish_texts[counts] = f'<div class="muted">{escape(cell.wish_text)}</div>'
                wishes = wish_texts[counts]
            parts.append(
                f'<td class="slot-{state}" data-state="{state}" data-cell="{cell.key}">'
                f"{turns}{wishes}</td>"
            )
        parts.append("</tr>")
        rows.append("".join(parts))
    return mark_safe("\n".join(rows))  # noqa: S308 - every text is escaped above


def turn_rows(request, turns: Iterable[SeasonTurn]) -> SafeString:
    """The rows of the allocated turns, each with its move and remove actions."""
    days = weekday_names()
    edit_url = _address("facilities:season_turn_edit")
    delete_url = _address("facilities:season_turn_delete")
    series_url = _address("facilities:series_detail")
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'
    proposed = f' <span class="muted">({escape(_("proposed"))})</span>'
    outside, published = escape(_("Outside the wishes")), escape(_("published"))
    move, remove = escape(_("Move")), escape(_("Remove"))
    rows = []
    for turn in turns:
        reason = (
            f'<br><span class="muted">{outside}: {escape(turn.forced_reason)}</span>'
            if turn.forced_reason
            else ""
        )
        group = (
            f"{escape(turn.association_name)}: {escape(turn.need.name)}"  # type: ignore[attr-defined]
            f"{proposed if turn.is_proposed else ''}{reason}"
        )
        if turn.series_id:
            actions = f'<a href="{series_url(turn.series_id)}">{published}</a>'
        else:
            actions = (
                f'<a href="{edit_url(turn.pk)}" id="move-turn-{turn.pk}">{move}</a>\n'
                f'<form method="post" action="{delete_url(turn.pk)}" class="inline-form">{csrf}'
                f'<button type="submit" class="button-secondary" id="remove-turn-{turn.pk}">'
                f"{remove}</button></form>"
            )
        rows.append(
            f'<tr data-testid="turn-{turn.pk}"><td>{group}</td><td>{days[turn.weekday]} '
            f"{_hhmm(turn.starts_at)}–{_hhmm(turn.ends_at)}</td>"
            f"<td>{escape(turn.space.name)}</td><td>{actions}</td></tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every text is escaped above


def wishing_rows(wishing: list[tuple[SeasonNeed, list]]) -> SafeString:
    """The groups wishing for the space: who, how much, and each wished time as a link that
    fills the allocation form."""
    days = weekday_names()
    ages = {value: escape(str(label)) for value, label in SeasonNeed.AgeGroup.choices}
    late = f" · {escape(_('late'))}"
    rows = []
    asked_texts: dict[tuple[int, int], str] = {}
    for need, wishes in wishing:
        amount = (need.turns_per_week, need.turn_minutes)
        if amount not in asked_texts:
            asked_texts[amount] = escape(
                ngettext(
                    "%(counter)s × %(minutes)s min", "%(counter)s × %(minutes)s min", amount[0]
                )
                % {"counter": amount[0], "minutes": amount[1]}
            )
        times = "".join(
            f'<li>{wish.rank}. <a href="?{escape(prefill)}#allocate-heading">'
            f"{days[wish.weekday]} {_hhmm(wish.starts_at)}–{_hhmm(wish.ends_at)}</a></li>"
            for wish, prefill in wishes
        )
        age = ages[need.age_group] if need.age_group in ages else escape(need.age_group)
        rows.append(
            f"<tr><td>{escape(association_name(need))}: {escape(need.name)}<br>"
            f'<span class="muted">{age}{late if need.application.is_late else ""}</span></td>'
            f"<td>{asked_texts[amount]}</td><td><ul>{times}</ul></td></tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every text is escaped above


def _hours(value: float, separator: str) -> str:
    """What the template filter floatformat:1 gives for hours: rounded half up, one decimal."""
    rounded = Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return str(rounded).replace(".", separator)


def fairness_rows(rows: list[FairnessRow], table_id: str) -> SafeString:
    """The rows of a fairness table: hours asked and given, and the share given."""
    separator = escape(get_format("DECIMAL_SEPARATOR"))
    table_id = escape(table_id)
    return mark_safe(  # noqa: S308 - every text is escaped here
        "\n".join(
            f'<tr data-testid="{table_id}-row"><th scope="row">{escape(row.label)}</th>'
            f"<td>{_hours(row.asked, separator)}</td><td>{_hours(row.given, separator)}</td>"
            f"<td>{row.share} %</td></tr>"
            for row in rows
        )
    )
