"""Cheap per-row work for long tables: addresses and dates worked out once per page.

A table of 25–50 rows that calls `reverse` and the `date` filter for every cell spends most of
its time there; these helpers give the same text for a fraction of the cost.
"""

from dataclasses import dataclass
from datetime import datetime
from html import escape

from django.conf import settings
from django.db.models import F
from django.utils import formats, timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.i18n import shown_name
from portal.links import Urls


class Dates:
    """The portal's table formats of a moment in the current time zone, as the `date` filter
    gives them: "D j.n.Y H:i", "j.n.Y H:i", "j.n.Y" and "H:i"."""

    def __init__(self):
        self.zone = timezone.get_current_timezone()
        self.weekdays = [str(WEEKDAYS_ABBR[day]) for day in range(7)]

    def day_and_time(self, moment) -> str:
        local = moment.astimezone(self.zone)
        return (
            f"{self.weekdays[local.weekday()]} {local.day}.{local.month}.{local.year} "
            f"{local.hour:02}:{local.minute:02}"
        )

    def span(self, starts_at, ends_at) -> str:
        """ "D j.n.Y H:i–H:i", a booking's time."""
        local = ends_at.astimezone(self.zone)
        return f"{self.day_and_time(starts_at)}–{local.hour:02}:{local.minute:02}"

    def date_and_time(self, moment) -> str:
        local = moment.astimezone(self.zone)
        return f"{local.day}.{local.month}.{local.year} {local.hour:02}:{local.minute:02}"

    def date(self, moment) -> str:
        local = moment.astimezone(self.zone)
        return f"{local.day}.{local.month}.{local.year}"


def _with_names(bookings):
    """The bookings with the names of their site, space and association (for a row's place)."""
    return bookings.annotate(
        site_name=shown_name("space__site__"),
        space_name=shown_name("space__"),
        association_name=F("association__name"),
    )


def for_rows(bookings):
    """The values a row of the bookings table shows of each booking, read as plain rows: a
    page's bookings with their spaces, sites and associations as model instances took longer
    than the rest of the page. Read them with `booking_rows`."""
    return _with_names(bookings).values_list(
        "pk",
        "starts_at",
        "ends_at",
        "status",
        "purpose",
        "site_name",
        "space_name",
        "association_name",
    )


@dataclass(slots=True)
class BookingRow:
    """A row of a bookings table, with its texts worked out once (`booking_rows`)."""

    pk: int
    url: str
    when: str
    place: str
    association_name: str
    purpose: str
    status: str
    status_label: str


class BookingRows(list):
    """The bookings of a table, and `html`: their rows joined in Python, the table's markup."""

    @property
    def html(self) -> SafeString:
        return mark_safe(  # noqa: S308 - every text is escaped here
            "\n".join(
                f'<tr>\n<td><a href="{escape(booking.url)}" data-testid="booking-{booking.pk}">'
                f"{escape(booking.when)}</a></td>\n<td>{escape(booking.place)}</td>\n"
                f"<td>{escape(booking.association_name)}</td>\n<td>{escape(booking.purpose)}</td>\n"
                f"<td>{escape(booking.status_label)}</td>\n</tr>"
                for booking in self
            )
        )


def booking_rows(values) -> BookingRows:
    """A bookings table's rows from the values `for_rows` reads, with each row's address,
    time, place and status worked out here rather than by filters and tags in the table."""
    from facilities.models import Booking

    dates = Dates()
    detail = Urls("facilities:booking_detail")
    statuses = {value: str(label) for value, label in Booking.Status.choices}
    return BookingRows(
        BookingRow(
            pk=pk,
            url=detail(pk),
            when=dates.span(starts_at, ends_at),
            place=f"{site}: {space}",
            association_name=association,
            purpose=purpose,
            status=status,
            status_label=statuses.get(status, status),
        )
        for pk, starts_at, ends_at, status, purpose, site, space, association in values
    )


def for_queue(bookings):
    """The values a row of the officer's queue shows of each request (see `QueueRow`)."""
    return _with_names(bookings).values_list(
        "pk",
        "starts_at",
        "ends_at",
        "series_id",
        "purpose",
        "expected_participants",
        "created_at",
        "space_id",
        "site_name",
        "space_name",
        "association_name",
    )


@dataclass(slots=True)
class QueueRow:
    """A request in the officer's queue, read as values (`for_queue`), with the texts its row
    shows; a series' row has its waiting count, last date and addresses set by the queue."""

    pk: int
    starts_at: datetime
    ends_at: datetime
    series_id: int | None
    purpose: str
    expected_participants: int
    created_at: datetime
    space_id: int
    site_name: str
    space_name: str
    association_name: str
    url: str = ""
    when: str = ""
    requested: str = ""
    place: str = ""
    series_pending: int | None = None
    series_last: datetime | None = None
    series_url: str = ""
    decide_url: str = ""
    series_last_date: str = ""


class Numbers:
    """A number as `{{ value }}` shows it (the language's decimal separator, no grouping),
    with the separator looked up once, not once a cell."""

    def __init__(self):
        self.separator = formats.get_format("DECIMAL_SEPARATOR")
        self.grouping = settings.USE_THOUSAND_SEPARATOR

    def __call__(self, value) -> str | None:
        if value is None:
            return None
        if self.grouping or (isinstance(value, float) and "e" in repr(value)):
            return formats.number_format(value)
        return str(value).replace(".", self.separator)


def queue_rows_html(bookings, next_query: str) -> SafeString:
    """The body rows of the officer's queue (see `queue_rows`), joined here rather than
    rendered cell by cell: the markup is the one the template had. Every text is escaped with
    html.escape, as format_html would escape it."""
    decide, deny_all = escape(_("Decide")), escape(_("Deny all"))
    next_query = escape(next_query)
    rows = []
    for booking in bookings:
        url = escape(booking.url)
        if booking.series_id:
            count = booking.series_pending
            decide_url = escape(booking.decide_url)
            waiting = ngettext(
                "Series: %(counter)s date waiting, the last on %(last)s",
                "Series: %(counter)s dates waiting, the last on %(last)s",
                count,
            ) % {"counter": count, "last": booking.series_last_date}
            approve = ngettext(
                "Approve the %(counter)s pending date of this series",
                "Approve all %(counter)s pending dates of this series",
                count,
            ) % {"counter": count}
            series = f'\n<br>\n<a href="{escape(booking.series_url)}">{escape(waiting)}</a>'
            action = (
                f'<a href="{decide_url}?next={next_query}" '
                f'data-testid="series-approve-{booking.series_id}">{escape(approve)}</a>\n<br>\n'
                f'<a href="{decide_url}?next={next_query}#series-deny-form" '
                f'data-testid="series-deny-{booking.series_id}">{deny_all}</a>'
            )
        else:
            series = ""
            action = f'<a href="{url}?next={next_query}#decide-heading">{decide}</a>'
        rows.append(
            f'<tr>\n<td>\n<a href="{url}?next={next_query}" data-testid="request-{booking.pk}">'
            f"{escape(booking.when)}</a>{series}\n</td>\n<td>{escape(booking.place)}</td>\n"
            f"<td>{escape(booking.association_name)}</td>\n<td>{escape(booking.purpose)}</td>\n"
            f'<td class="num">{escape(str(booking.expected_participants))}</td>\n'
            f"<td>{escape(booking.requested)}</td>\n<td>\n{action}\n</td>\n</tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every text is escaped above
