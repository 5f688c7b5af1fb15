"""The allocation page's long tables as ready HTML rows.

The page of a hall with sixty applications has thousands of cells. Rendered cell by cell in
the template, each variable, filter, translation and address costs its own lookups; here every
translated word, weekday name and address pattern is made once and the rows are joined in
Python. The markup is the same the template would give.
"""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from facilities.models import SeasonNeed, SeasonTurn, Weekday
from facilities.seasons.allocation import FairnessRow, Grid, association_name

# A number no key reaches, replaced by each row's key in an address reversed once.
_KEY = 987654321987


def _address(name: str):
    pattern = reverse(name, args=[_KEY])
    return lambda pk: pattern.replace(str(_KEY), str(pk))


def _hhmm(at) -> str:
    return f"{at:%H:%M}"


def weekday_names() -> list[str]:
    return [str(label) for _value, label in Weekday.choices]


def grid_rows(grid: Grid) -> SafeString:
    """The body rows of the week grid: the time, then a cell a weekday."""
    rows = []
    for at, cells in grid.rows:
        parts = [format_html('<tr><th scope="row">{}</th>', _hhmm(at))]
        for cell in cells:
            state = cell.state
            parts.append(
                format_html(
                    '<td class="slot-{}" data-state="{}" data-cell="{}">{}{}</td>',
                    state,
                    state,
                    cell.key,
                    format_html_join(
                        "", '<div class="grid-turn">{}</div>', ((t,) for t in cell.turns)
                    ),
                    format_html('<div class="muted">{}</div>', cell.wish_text)
                    if cell.wishes
                    else "",
                )
            )
        parts.append(mark_safe("</tr>"))
        rows.append("".join(parts))
    return mark_safe("\n".join(rows))  # noqa: S308 - every part is escaped by format_html


def turn_rows(request, turns: Iterable[SeasonTurn]) -> SafeString:
    """The rows of the allocated turns, each with its move and remove actions."""
    days = weekday_names()
    edit_url = _address("facilities:season_turn_edit")
    delete_url = _address("facilities:season_turn_delete")
    series_url = _address("facilities:series_detail")
    csrf = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )
    proposed = format_html(' <span class="muted">({})</span>', _("proposed"))
    outside, published = _("Outside the wishes"), _("published")
    move, remove = _("Move"), _("Remove")
    rows = []
    for turn in turns:
        need = turn.need
        group = format_html(
            "{}: {}{}{}",
            turn.association_name,  # type: ignore[attr-defined]
            need.name,
            proposed if turn.is_proposed else "",
            format_html('<br><span class="muted">{}: {}</span>', outside, turn.forced_reason)
            if turn.forced_reason
            else "",
        )
        if turn.series_id:
            actions = format_html('<a href="{}">{}</a>', series_url(turn.series_id), published)
        else:
            actions = format_html(
                '<a href="{}" id="move-turn-{}">{}</a>\n'
                '<form method="post" action="{}" class="inline-form">{}'
                '<button type="submit" class="button-secondary" id="remove-turn-{}">{}</button>'
                "</form>",
                edit_url(turn.pk),
                turn.pk,
                move,
                delete_url(turn.pk),
                csrf,
                turn.pk,
                remove,
            )
        rows.append(
            format_html(
                '<tr data-testid="turn-{}"><td>{}</td><td>{} {}–{}</td><td>{}</td><td>{}</td></tr>',
                turn.pk,
                group,
                days[turn.weekday],
                _hhmm(turn.starts_at),
                _hhmm(turn.ends_at),
                turn.space.name,
                actions,
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every row is escaped by format_html


def wishing_rows(wishing: list[tuple[SeasonNeed, list]]) -> SafeString:
    """The groups wishing for the space: who, how much, and each wished time as a link that
    fills the allocation form."""
    days = weekday_names()
    ages = {value: str(label) for value, label in SeasonNeed.AgeGroup.choices}
    late = format_html(" · {}", _("late"))
    rows = []
    asked_texts: dict[tuple[int, int], str] = {}
    for need, wishes in wishing:
        amount = (need.turns_per_week, need.turn_minutes)
        if amount not in asked_texts:
            asked_texts[amount] = ngettext(
                "%(counter)s × %(minutes)s min", "%(counter)s × %(minutes)s min", amount[0]
            ) % {"counter": amount[0], "minutes": amount[1]}
        asked = asked_texts[amount]
        times = format_html_join(
            "",
            '<li>{}. <a href="?{}#allocate-heading">{} {}–{}</a></li>',
            (
                (wish.rank, prefill, days[wish.weekday], _hhmm(wish.starts_at), _hhmm(wish.ends_at))
                for wish, prefill in wishes
            ),
        )
        rows.append(
            format_html(
                '<tr><td>{}: {}<br><span class="muted">{}{}</span></td><td>{}</td>'
                "<td><ul>{}</ul></td></tr>",
                association_name(need),
                need.name,
                ages.get(need.age_group, need.age_group),
                late if need.application.is_late else "",
                asked,
                times,
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every row is escaped by format_html


def _hours(value: float, separator: str) -> str:
    """What the template filter floatformat:1 gives for hours: rounded half up, one decimal."""
    rounded = Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return str(rounded).replace(".", separator)


def fairness_rows(rows: list[FairnessRow], table_id: str) -> SafeString:
    """The rows of a fairness table: hours asked and given, and the share given."""
    separator = get_format("DECIMAL_SEPARATOR")
    return format_html_join(
        "\n",
        '<tr data-testid="{}-row"><th scope="row">{}</th><td>{}</td><td>{}</td><td>{} %</td></tr>',
        (
            (
                table_id,
                row.label,
                _hours(row.asked, separator),
                _hours(row.given, separator),
                row.share,
            )
            for row in rows
        ),
    )
