"""Cheap per-row work for long tables: addresses and dates worked out once per page.

A table of 25–50 rows that calls `reverse` and the `date` filter for every cell spends most of
its time there; these helpers give the same text for a fraction of the cost.
"""

from html import escape

from django.conf import settings
from django.utils import formats, timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


class Places:
    """ "Site: Space", a space's name with its site's, worked out once a space."""

    def __init__(self):
        self.known: dict[int, str] = {}

    def __call__(self, space) -> str:
        place = self.known.get(space.pk)
        if place is None:
            place = self.known[space.pk] = f"{space.site.name}: {space.name}"
        return place


def _names(prefix: str) -> list[str]:
    """The translated name columns of a related space or site (modeltranslation's name_xx)."""
    return [f"{prefix}__name_{code}" for code, _label in settings.LANGUAGES]


# What a row of the bookings table reads of a booking, its space, site and association.
BOOKING_ROW_FIELDS = (
    "status",
    "starts_at",
    "ends_at",
    "purpose",
    "space",
    *_names("space"),
    "space__site",
    *_names("space__site"),
    "association",
    "association__name",
)


def for_rows(bookings):
    """The bookings read with only what a row of the bookings table shows."""
    return bookings.select_related("space__site", "association").only(*BOOKING_ROW_FIELDS)


class BookingRows(list):
    """The bookings of a table, and `html`: their rows joined in Python, the table's markup."""

    @property
    def html(self) -> SafeString:
        return mark_safe(  # noqa: S308 - every text is escaped here
            "\n".join(
                f'<tr>\n<td><a href="{escape(booking.url)}" data-testid="booking-{booking.pk}">'
                f"{escape(booking.when)}</a></td>\n<td>{escape(booking.place)}</td>\n"
                f"<td>{escape(booking.association.name)}</td>\n<td>{escape(booking.purpose)}</td>\n"
                f"<td>{escape(booking.status_label)}</td>\n</tr>"
                for booking in self
            )
        )


def booking_rows(bookings) -> BookingRows:
    """A bookings table's rows (read through `for_rows`), with each row's address, time, place
    and status worked out here rather than by filters and tags in the table."""
    from facilities.models import Booking

    rows = BookingRows(bookings)
    dates = Dates()
    detail = Urls("facilities:booking_detail")
    statuses = {value: str(label) for value, label in Booking.Status.choices}
    places = Places()
    for booking in rows:
        booking.url = detail(booking.pk)
        booking.when = dates.span(booking.starts_at, booking.ends_at)
        booking.place = places(booking.space)
        booking.status_label = statuses.get(booking.status, booking.status)
    return rows


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
            f"<td>{escape(booking.association.name)}</td>\n<td>{escape(booking.purpose)}</td>\n"
            f'<td class="num">{escape(str(booking.expected_participants))}</td>\n'
            f"<td>{escape(booking.requested)}</td>\n<td>\n{action}\n</td>\n</tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every text is escaped above
