"""The allocation page's long tables as ready HTML rows.

The page of a hall with sixty applications has thousands of cells. Rendered cell by cell in
the template, each variable, filter, translation and address costs its own lookups; here every
translated word, weekday name and address pattern is made once and the rows are joined in
Python. The markup is the same the template would give.
"""

import functools
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from facilities.models import SeasonNeed, Weekday
from facilities.seasons.allocation import (
    FairnessRow,
    Grid,
    ListedTurn,
    Need,
    RoundSpace,
    Wish,
    minutes,
)

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


def turn_rows(request, turns: Iterable[ListedTurn]) -> SafeString:
    """The rows of the allocated turns, each with its move and remove actions."""
    days = weekday_names()
    edit_url = _address("facilities:season_turn_edit")
    delete_url = _address("facilities:season_turn_delete")
    series_url = _address("facilities:series_detail")
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'
    proposed_word = escape(_("proposed"))
    proposed = f' <span class="muted">({proposed_word})</span>'
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
            f"{escape(turn.association_name)}: {escape(turn.need_name)}"
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
            f"<td>{escape(turn.space_name)}</td><td>{actions}</td></tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every text is escaped above


def _wished_time(wish: Wish, turn_minutes: int, days: list[str]) -> str:
    """A wished time's link after its address's first part (the space and the need): the
    wish's day and start and the end of a turn of the need's length (the wish's end at the
    latest), then the day and times it shows.

    The address is what urlencode() and escape() would give for these numbers and times,
    made directly: a hall's page has a link a wish, and urlencode's quoting of each value was
    a tenth of the page's time.
    """
    starts_at, ends_at = wish.starts_at, wish.ends_at
    starts, ends = _hhmm(starts_at), _hhmm(ends_at)
    end = min(minutes(starts_at) + turn_minutes, minutes(ends_at))
    return (
        f"{wish.weekday}&amp;starts_at={starts.replace(':', '%3A')}"
        f'&amp;ends_at={end // 60:02}%3A{end % 60:02}#allocate-heading">'
        f"{days[wish.weekday]} {starts}–{ends}</a></li>"
    )


def wishing_rows(wishing: list[tuple[Need, list[Wish]]], space: RoundSpace) -> SafeString:
    """The groups wishing for the space: who, how much, and each wished time as a link that
    fills the allocation form."""
    days = weekday_names()
    ages = {value: escape(str(label)) for value, label in SeasonNeed.AgeGroup.choices}
    late = " · " + escape(_("late"))
    rows = []
    asked_texts: dict[tuple[int, int], str] = {}
    written: dict[tuple, str] = {}
    space_id = space.pk
    for need, wishes in wishing:
        amount = (need.turns_per_week, need.turn_minutes)
        if amount not in asked_texts:
            asked_texts[amount] = escape(
                ngettext(
                    "%(counter)s × %(minutes)s min", "%(counter)s × %(minutes)s min", amount[0]
                )
                % {"counter": amount[0], "minutes": amount[1]}
            )
        link = f'<a href="?tila={space_id}&amp;need={need.pk}&amp;space={space_id}&amp;weekday='
        times = []
        for wish in wishes:
            # Groups wish for the same few times: each is written once.
            key = (wish.weekday, wish.starts_at, wish.ends_at, need.turn_minutes)
            if key not in written:
                written[key] = _wished_time(wish, need.turn_minutes, days)
            times.append(f"<li>{wish.rank}. {link}{written[key]}")
        age = ages[need.age_group] if need.age_group in ages else escape(need.age_group)
        rows.append(
            f"<tr><td>{escape(need.association_name)}: {escape(need.name)}<br>"
            f'<span class="muted">{age}{late if need.is_late else ""}</span></td>'
            f"<td>{asked_texts[amount]}</td><td><ul>{''.join(times)}</ul></td></tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every text is escaped above


def _hours(value: float, separator: str) -> str:
    """What the template filter floatformat:1 gives for hours: rounded half up, one decimal."""
    rounded = Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return str(rounded).replace(".", separator)


def fairness_rows(rows: list[FairnessRow], table_id: str) -> SafeString:
    """The rows of a fairness table: hours asked and given, and the share given."""
    separator = escape(get_format("DECIMAL_SEPARATOR"))
    # The same few figures recur (1.5 hours asked, nothing given): each is written once.
    hours = functools.cache(lambda value: _hours(value, separator))
    table_id = escape(table_id)
    return mark_safe(  # noqa: S308 - every text is escaped here
        "\n".join(
            f'<tr data-testid="{table_id}-row"><th scope="row">{escape(row.label)}</th>'
            f"<td>{hours(row.asked)}</td><td>{hours(row.given)}</td>"
            f"<td>{row.share} %</td></tr>"
            for row in rows
        )
    )
