"""The calendar list's page: the matching events counted, and the page's rows, in two statements.

Through the ORM the list ran a COUNT and a query of twenty events with their spaces, sites and
organisers' names, and made model objects of them: together a third of the page's time, most
of it in building the two queries. Here the filters' query is compiled once, as the matching
events' ids and starts, and serves both statements: one counts the events, the other takes
the page's ids in the list's order and joins only what a row shows. Each worker keeps the
compiled query of the last few hundred combinations of filter values (STATEMENTS), so a
common one is not put together again.

Both run prepared (portal.database.prepared_cursor): their text changes only with which
filters are used, and the filters' values (a category, a place, dates) leave the best plan
as it is, the list's start index.
"""

import functools
from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.utils import translation

from events.models import Event
from portal.database import CompiledStatements, prepared_cursor
from portal.i18n import reading_sql

# The page's events in the list's order (as Event.Meta.ordering), each with its place in the
# reader's language and its organisers' names in alphabetical order.
ROWS_SQL = """
SELECT event.id, event.title, event.starts_at, event.ends_at, event.is_all_day, event.status,
       event.category, event.is_free, event.address, space.id IS NOT NULL, {site_name},
       {space_name},
       ARRAY(
           SELECT association.name
           FROM events_event_organisers link
           JOIN organizations_association association ON association.id = link.association_id
           WHERE link.event_id = event.id
           ORDER BY association.name
       )
FROM (
    SELECT matching.id, matching.starts_at FROM ({matching}) AS matching
    ORDER BY matching.starts_at, matching.id
    LIMIT %s OFFSET %s
) AS page
JOIN events_event event ON event.id = page.id
LEFT JOIN facilities_space space ON space.id = event.space_id
LEFT JOIN facilities_site site ON site.id = space.site_id
ORDER BY page.starts_at, page.id
"""


@dataclass(slots=True)
class ListRow:
    """What a row of the calendar list shows of an event (events_tags.event_rows)."""

    pk: int
    title: str
    starts_at: datetime
    ends_at: datetime
    is_all_day: bool
    is_cancelled: bool
    category: str
    is_free: bool
    place: str
    organiser_names: list[str]


@functools.cache
def _rows_sql(language: str) -> str:
    """ROWS_SQL with the place's names in `language`; the matching events still to fill in."""
    return ROWS_SQL.format(
        matching="{matching}",
        site_name=reading_sql("site", "name"),
        space_name=reading_sql("space", "name"),
    )


# The calendar list's filter combinations most recently asked for, compiled.
STATEMENTS = CompiledStatements(size=500)


def matching(events):
    """The ids and starts of `events` (a queryset of Event, filtered): what list_page reads."""
    return events.order_by().values("id", "starts_at")


def list_page(
    statement: tuple[str, tuple] | None, number, per_page: int
) -> tuple[Page, list[ListRow]]:
    """Page `number` of the events that `statement` (the SQL of a `matching` queryset, None
    when nothing can match) finds, read as Paginator.get_page reads it (the first page for a
    number that is no number, the last for one past the end), and its rows."""
    if statement is None:
        return Paginator([], per_page).get_page(number), []
    matching_sql, params = statement
    with prepared_cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({matching_sql}) AS matching", params)  # noqa: S608
        page = Paginator(range(cursor.fetchone()[0]), per_page).get_page(number)
        if not page.object_list:
            return page, []
        sql = _rows_sql(translation.get_language()).format(matching=matching_sql)
        cursor.execute(sql, (*params, per_page, page.start_index() - 1))
        found = cursor.fetchall()
    cancelled = Event.Status.CANCELLED
    return page, [
        ListRow(
            pk=pk,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            is_all_day=is_all_day,
            is_cancelled=status == cancelled,
            category=category,
            is_free=is_free,
            place=f"{site_name}, {space_name}" if has_space else address,
            organiser_names=organiser_names,
        )
        for (
            pk, title, starts_at, ends_at, is_all_day, status, category, is_free, address,
            has_space, site_name, space_name, organiser_names,
        ) in found
    ]  # fmt: skip
