import functools
from datetime import timedelta
from html import escape

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from events.caching import VERSION
from events.models import Event
from events.permissions import can_moderate_events
from portal import roles
from portal.database import CompiledStatements
from portal.tally import HOME, WAITING

register = template.Library()

# The dashboard's, per number of associations (also evening_tags' and event_feed_tags').
DASHBOARD = CompiledStatements(size=32, prepared=True)


@register.simple_tag
def section_nav(section: str) -> SafeString:
    """The events' section navigation, with `section` current: links and words only, so each
    worker renders it once per section, language and address prefix."""
    return _section_nav(section, get_language(), get_script_prefix(), get_urlconf())


@functools.lru_cache(maxsize=64)
def _section_nav(section: str, *_rendered_under) -> SafeString:
    html = render_to_string("events/includes/section_nav.html", {"section": section})
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, which escapes


# Published events are public; without public()'s other case the count is read from
# event_published_end_idx alone. The database's clock (coming()): the same statement daily.
COMING = HOME.count(
    "coming events", lambda: Event.objects.filter(status=Event.Status.PUBLISHED).coming()
)


@register.simple_tag(takes_context=True)
def coming_event_count(context) -> int | None:
    return COMING.read(context.request)


@register.simple_tag
def events_data_version() -> int:
    """The version of the public calendar's data, for keys of cached fragments."""
    return VERSION.current()


def _translated(name: str) -> list[str]:
    return [name, *(f"{name}_{code}" for code, _label in settings.LANGUAGES)]


# What a row that says when and where an event is reads; the descriptions stay in the database.
PLACE_ROW_FIELDS = (
    *("pk", "title", "starts_at", "ends_at", "is_all_day", "status", "address"),
    *_translated("space__name"),
    *_translated("space__site__name"),
)


@register.simple_tag
def coming_events_of(association, limit: int = 10) -> list[Event]:
    """An association's coming public events, for its page in the register (one query): the
    page shows each event's place, not its organisers."""
    events = (
        association.events.public()
        .coming()
        .select_related("space", "space__site")
        .only(*PLACE_ROW_FIELDS)
    )
    return list(events.order_by("starts_at")[:limit])


def _coming_of(association_ids, limit):
    # Only what the dashboard shows: the distinct rows are compared column by column.
    return (
        Event.objects.filter(organisers__in=association_ids)
        .exclude(status=Event.Status.CANCELLED)
        .coming()
        .distinct()
        .only("pk", "title", "starts_at", "ends_at", "is_all_day", "status")
        .order_by("starts_at")[:limit]
    )


@register.simple_tag
def my_coming_events(user, limit: int = 5) -> list[Event]:
    """The next events of the user's associations, whatever their status."""
    return DASHBOARD.objects(
        ("coming", limit),
        lambda association_ids: _coming_of(association_ids, limit),
        roles.represented_association_ids(user),
    )


EVENTS_TO_MODERATE = WAITING.count(
    "events to moderate",
    lambda: Event.objects.filter(status=Event.Status.PENDING),
    shown_to=can_moderate_events,
)


@register.simple_tag(takes_context=True)
def pending_event_count(context) -> int | None:
    """How many events wait for moderation; None for users who do not moderate."""
    return EVENTS_TO_MODERATE.read(context.request)


def _day(moment, weekdays: list[str], *, year: bool = True) -> str:
    """ "D j.n.Y" (or "D j.n.") as the date filter writes it, without a formatter per call."""
    text = f"{weekdays[moment.weekday()]} {moment.day}.{moment.month}."
    return f"{text}{moment.year}" if year else text


def when(event, weekdays: list[str]) -> str:
    """When an event is, as events/includes/when.html says it, in one call for list rows;
    `weekdays` are the abbreviated weekday names, worked out once per list."""
    zone = timezone.get_current_timezone()
    starts = event.starts_at.astimezone(zone)
    last = (event.ends_at - timedelta(microseconds=1)).astimezone(zone).date()
    if event.is_all_day:
        if last == starts.date():
            days = _day(starts, weekdays)
        else:
            days = f"{_day(starts, weekdays, year=False)}–{_day(last, weekdays)}"
        all_day = _("all day")
        return f"{days} ({all_day})"
    ends = event.ends_at.astimezone(zone)
    if last == starts.date():
        return f"{_day(starts, weekdays)} {starts:%H:%M}–{ends:%H:%M}"
    return (
        f"{_day(starts, weekdays, year=False)} {starts:%H:%M} – {_day(ends, weekdays)} {ends:%H:%M}"
    )


@register.simple_tag
def event_rows(events) -> SafeString:
    """The calendar list's rows (events.listing.ListRow), built in Python: the list shows
    twenty on every page, and a template per row costs more than the query."""
    # Every event page lies under the list's address; one reverse() instead of one per event.
    base = escape(reverse("events:event_list"))
    categories = {value: escape(str(label)) for value, label in Event.Category.choices}
    # The words outside the f-strings, where makemessages finds them.
    cancelled_word, free_word = escape(_("Cancelled:")), escape(pgettext("price", "Free"))
    cancelled_label = f'<span class="event-status">{cancelled_word}</span> '
    free = f" · {free_word}"
    municipality = escape(settings.MUNICIPALITY_NAME)
    weekdays = [str(WEEKDAYS_ABBR[day]) for day in range(7)]
    rows = []
    for event in events:
        cancelled = event.is_cancelled
        organisers = escape(", ".join(event.organiser_names)) or municipality
        category = categories.get(event.category) or escape(event.category)
        rows.append(
            f'<li class="card event-card{" event-cancelled" if cancelled else ""}"'
            f' data-testid="event-{event.pk}">\n'
            f'  <h3><a href="{base}{event.pk}/">{cancelled_label if cancelled else ""}'
            f"{escape(event.title)}</a></h3>\n"
            f"  <p>{escape(when(event, weekdays))}</p>\n"
            f"  <p>{escape(event.place)}</p>\n"
            f'  <p class="muted">{organisers} · {category}{free if event.is_free else ""}</p>\n'
            "</li>\n"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every text is escaped above


CANCELLED_ITEM = '<li class="event-cancelled">'
SOURCE = ' <span class="event-source">({})</span>'


def _escaped_all(texts: list[str]) -> list[str]:
    """Each text escaped as html.escape does, in one call: a month has hundreds of short
    texts, and a call each cost a third of its markup. No text holds NUL, which PostgreSQL's
    text and the portal's words cannot."""
    return escape("\0".join(texts)).split("\0")


def _days_events(days) -> list[str]:
    """Each day's events in the week and month views, as day_events writes them."""
    cancelled = escape(_("Cancelled:")) + " "
    more_labels: dict[int, str] = {}
    texts: list[str] = []
    for day in days:
        for entry in day.events:
            texts += (entry.url, entry.starts, entry.title, getattr(entry, "source", ""))
        if day.hidden:
            if day.hidden not in more_labels:
                more_labels[day.hidden] = ngettext(
                    "%(count)s more event", "%(count)s more events", day.hidden
                ) % {"count": day.hidden}
            texts += (day.more_url, more_labels[day.hidden])
    escaped = iter(_escaped_all(texts))
    written = []
    for day in days:
        if not day.events:
            written.append("")
            continue
        items = []
        for entry in day.events:
            url, starts, title, source = next(escaped), next(escaped), next(escaped), next(escaped)
            items.append(
                (CANCELLED_ITEM if entry.is_cancelled else "<li>")
                + f'<a href="{url}">'
                + (cancelled if entry.is_cancelled else "")
                + (f"{starts} " if starts else "")
                + f"{title}</a>"
                + (SOURCE.format(source) if source else "")
                + "</li>"
            )
        if day.hidden:
            more_url, more = next(escaped), next(escaped)
            items.append(f'<li class="more-events"><a href="{more_url}">{more}</a></li>')
        written.append("<ul>\n" + "\n".join(items) + "\n</ul>")
    return written


@register.simple_tag
def day_events(day) -> SafeString:
    """A day's events in the week and month views, built in Python: a month holds hundreds;
    after them the link to the list of the day's events that are not shown."""
    return mark_safe(_days_events([day])[0])  # noqa: S308 - escaped in _days_events


@register.simple_tag
def month_rows(weeks) -> SafeString:
    """The month table's head row and its weeks (month.month_grid), built in Python as the
    days' events are: six weeks of seven cells through the template language cost more than
    the month's query."""
    head = "".join(
        f'<th scope="col"><abbr title="{escape(str(WEEKDAYS[day]))}">'
        f"{escape(str(WEEKDAYS_ABBR[day]))}</abbr></th>"
        for day in range(7)
    )
    rows = [f"<thead>\n<tr>{head}</tr>\n</thead>\n<tbody>"]
    written = iter(_days_events([cell for week in weeks for cell in week]))
    for week in weeks:
        cells = []
        for cell in week:
            classes = ("" if cell.in_month else "other-month") + (
                "" if cell.events else " no-events"
            )
            cells.append(
                f'<td class="{classes}" data-day="{cell.iso}">'
                f'<span class="day-number">{escape(cell.label)}</span>'
                f"{next(written)}</td>"
            )
        rows.append(f"<tr>{''.join(cells)}</tr>")
    rows.append("</tbody>")
    return mark_safe("\n".join(rows))  # noqa: S308 - every text is escaped above
