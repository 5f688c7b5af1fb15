"""The utilisation's figures per space and day, kept by the database's triggers
(facilities.BookedDay), must always equal the confirmed bookings as they stand: after every kind
of change to a booking the kept days, the page and its export show what adding up the bookings
gives."""

import importlib
import io
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncDate
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench import facilities as bench
from facilities import services
from facilities.models import BookedDay, Booking, BookingSeries
from tests.facilities.factories import BookingFactory

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("facilities.migrations.0006_booked_days")


def kept() -> dict:
    return {
        (space, day): (booked, turns, used)
        for space, day, booked, turns, used in BookedDay.objects.values_list(
            "space", "day", "booked", "turns", "turns_used"
        )
        if booked or turns or used
    }


def counted() -> dict:
    """The same figures from the bookings, per space and local day."""
    is_turn = Q(series__isnull=False)
    found = (
        Booking.objects.filter(status=Booking.Status.CONFIRMED)
        .annotate(day=TruncDate("starts_at"))
        .values("space", "day")
        .annotate(
            booked=Sum(
                ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
            ),
            turns=Count("pk", filter=is_turn),
            used=Count("pk", filter=is_turn & Q(actual_participants__gt=0)),
        )
        .order_by()
    )
    return {(row["space"], row["day"]): (row["booked"], row["turns"], row["used"]) for row in found}


def figures(rows) -> list[tuple]:
    return [
        (row.labels, row.open_hours, row.booked_hours, row.turns, row.turns_used) for row in rows
    ]


def local(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class Period:
    """A period around the test's bookings, read as the page, the export and the bookings."""

    def __init__(self, client, monkeypatch):
        self.client, self.monkeypatch = client, monkeypatch
        self.first = timezone.localdate().replace(day=1)
        self.last = self.first + timedelta(days=100)
        self.query = {
            "period": "dates",
            "starts_on": self.first.isoformat(),
            "ends_on": self.last.isoformat(),
        }

    def read(self, by: str) -> tuple[list[tuple], bytes]:
        """The page's figures and the export."""
        query = {**self.query, "by": by}
        page = self.client.get(reverse("facilities:utilisation"), query)
        export = self.client.get(reverse("facilities:utilisation_export"), query)
        return figures([*page.context["rows"], page.context["total"]]), export.content

    def check(self) -> list[tuple]:
        """The kept days equal the bookings; per space and per month, the page and the export
        show what adding up the bookings gives (as a seasonal round's figures are found).
        Returns the figures per space."""
        assert kept() == counted()
        for by in ("space", "month"):
            found = self.read(by)
            with self.monkeypatch.context() as patched:
                patched.setattr(BookedDay, "ZONE", "no zone")
                assert self.read(by) == found
        return self.read("space")[0]


@pytest.fixture
def period(client_for, liaison_officer, monkeypatch):
    return Period(client_for(liaison_officer), monkeypatch)


def space_figures(rows: list[tuple], name: str) -> tuple:
    """A space's booked hours, turns and used turns among the figures per space."""
    return next((booked, turns, used) for labels, _o, booked, turns, used in rows if name in labels)


def test_the_kept_days_follow_bookings_made_decided_moved_cancelled_and_deleted(
    period, hall, room, association, association_rep, liaison_officer
):
    whole, half_a, _half_b = hall
    day = timezone.localdate() + timedelta(days=7)
    assert period.check()[-1][2] == 0

    # Confirmed at once in the hall; waiting for approval in the room.
    confirmed = services.book_space(
        space=half_a,
        association=association,
        starts_at=local(day, 10),
        ends_at=local(day, 12),
        purpose="Harjoitukset",
        expected_participants=10,
        is_public_benefit=True,
        by=association_rep,
    )
    waiting = services.book_space(
        space=room,
        association=association,
        starts_at=local(day, 14),
        ends_at=local(day, 17),
        purpose="Kokous",
        expected_participants=5,
        is_public_benefit=True,
        by=association_rep,
    )
    assert waiting.status == Booking.Status.PENDING
    rows = period.check()
    assert space_figures(rows, "Sali A") == (2, 0, 0)
    assert space_figures(rows, "Kokoushuone") == (0, 0, 0)

    services.confirm_booking(booking=waiting, by=liaison_officer)
    assert space_figures(period.check(), "Kokoushuone") == (3, 0, 0)

    # Moved later the same day, then to another day and to the whole hall.
    confirmed.starts_at, confirmed.ends_at = local(day, 16), local(day, 19, 30)
    confirmed.save()
    assert space_figures(period.check(), "Sali A") == (3.5, 0, 0)
    confirmed.space = whole
    confirmed.starts_at, confirmed.ends_at = (
        local(day + timedelta(days=40), 8),
        local(day + timedelta(days=40), 9),
    )
    confirmed.save()
    rows = period.check()
    assert space_figures(rows, "Sali A") == (0, 0, 0)
    assert space_figures(rows, "Sali") == (1, 0, 0)

    # A save that changes nothing counted, a denial, a cancellation and a deletion.
    confirmed.purpose = "Ottelu"
    confirmed.save()
    period.check()
    other = services.book_space(
        space=room,
        association=association,
        starts_at=local(day, 18),
        ends_at=local(day, 20),
        purpose="Kokous",
        expected_participants=5,
        is_public_benefit=True,
        by=association_rep,
    )
    services.deny_booking(booking=other, reason="Varattu muuhun", by=liaison_officer)
    services.cancel_booking(booking=waiting, reason="Peruttu", by=association_rep)
    assert space_figures(period.check(), "Kokoushuone") == (0, 0, 0)
    confirmed.delete()
    assert period.check()[-1][2] == 0
    assert kept() == {}


def test_the_kept_days_follow_series_their_decisions_used_turns_and_cancellation(
    period, hall, room, association, association_rep, liaison_officer
):
    _whole, half_a, _half_b = hall
    start = timezone.localdate() + timedelta(days=7)
    args = {
        "association": association,
        "starts_on": start,
        "ends_on": start + timedelta(weeks=3),
        "interval_weeks": 1,
        "starts": time(18),
        "ends": time(20),
        "purpose": "Kuoro",
        "expected_participants": 10,
        "is_open_to_all": True,
        "by": association_rep,
    }

    at_once, _skipped = services.book_series(space=half_a, **args)
    waiting, _skipped = services.book_series(space=room, **args)
    rows = period.check()
    assert space_figures(rows, "Sali A") == (8, 4, 0)
    assert space_figures(rows, "Kokoushuone") == (0, 0, 0)

    services.decide_series(series=waiting, confirm=True, by=liaison_officer)
    assert space_figures(period.check(), "Kokoushuone") == (8, 4, 0)

    # Participants entered on two turns (one of them none came), as the statistics take them.
    first, second, *_rest = at_once.bookings.order_by("starts_at")
    first.actual_participants = 12
    first.save(update_fields=["actual_participants"])
    second.actual_participants = 0
    second.save(update_fields=["actual_participants"])
    assert space_figures(period.check(), "Sali A") == (8, 4, 1)

    # A date taken out of its series is a single booking, no longer a turn.
    first.series = None
    first.save()
    assert space_figures(period.check(), "Sali A") == (8, 3, 0)

    services.cancel_series(series=at_once, reason="Kausi päättyi", by=association_rep)
    rows = period.check()
    assert space_figures(rows, "Sali A") == (2, 0, 0)
    assert space_figures(rows, "Kokoushuone") == (8, 4, 0)


def test_bulk_changes_blocks_and_days_across_midnight_are_counted(
    period, hall, association, association_rep, liaison_officer
):
    whole, half_a, half_b = hall
    # Local midnight's first half hour lies on the day before in UTC; the day is the local one.
    month = (period.first + timedelta(days=40)).replace(day=1)
    series = BookingSeries.objects.create(
        space=half_b,
        association=association,
        booked_by=association_rep,
        starts_on=month,
        ends_on=month + timedelta(days=14),
        starts_at=time(0),
        ends_at=time(1),
        purpose="Yövuoro",
    )
    made = Booking.objects.bulk_create(
        BookingFactory.build(
            space=space,
            association=association,
            booked_by=association_rep,
            series=series if space == half_b else None,
            starts_at=local(month + timedelta(days=n), 0, 30),
            ends_at=local(month + timedelta(days=n), 2),
            status=status,
        )
        for n in range(10)
        for space, status in [(half_b, "confirmed"), (whole, "pending")]
    )
    rows = period.check()
    assert space_figures(rows, "Sali B") == (15, 10, 0)
    assert {day for _space, day in kept()} == {month + timedelta(days=n) for n in range(10)}

    Booking.objects.filter(space=whole).update(status=Booking.Status.CONFIRMED)
    Booking.objects.filter(space=half_b, starts_at__lt=local(month, 12)).update(
        actual_participants=3
    )
    Booking.objects.filter(pk=made[2].pk).update(
        starts_at=F("starts_at") - timedelta(days=1), ends_at=F("ends_at") - timedelta(days=1)
    )
    assert space_figures(period.check(), "Sali B") == (15, 10, 1)

    services.block_space(
        space=half_a,
        starts_at=local(month, 8),
        ends_at=local(month, 20),
        reason="Huolto",
        by=liaison_officer,
    )
    Booking.objects.filter(space=half_b).update(space=half_a)
    assert space_figures(period.check(), "Sali A") == (15, 10, 1)

    Booking.objects.filter(space=half_a).delete()
    Booking.objects.filter(space=whole).update(status=Booking.Status.CANCELLED)
    assert period.check()[-1][2:] == (0, 0, 0)


def test_the_migration_keeps_the_days_of_the_bookings_made_before_it(period, room, association):
    day = timezone.localdate() + timedelta(days=3)
    for hour, status in [(8, "confirmed"), (10, "confirmed"), (12, "pending"), (23, "confirmed")]:
        BookingFactory(
            space=room,
            association=association,
            starts_at=local(day, hour),
            ends_at=local(day, hour) + timedelta(minutes=45),
            status=status,
        )
    BookedDay.objects.all().delete()

    with connection.cursor() as cursor:
        cursor.execute(MIGRATION.FILL_BOOKED_DAYS)

    assert kept() == counted() == {(room.pk, day): (timedelta(minutes=135), 0, 0)}
    assert space_figures(period.check(), "Kokoushuone") == (2.2, 0, 0)


def test_the_page_reads_the_kept_days_in_their_zone_and_the_bookings_elsewhere(
    client_for, room, association, liaison_officer
):
    BookingFactory(space=room, association=association)
    client = client_for(liaison_officer)

    def tables() -> set[str]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("facilities:utilisation")).status_code == 200
        return {
            table
            for table in ("facilities_bookedday", "facilities_booking")
            if any(f'FROM "{table}"' in query["sql"] for query in queries.captured_queries)
        }

    assert tables() == {"facilities_bookedday"}
    with timezone.override("Europe/Stockholm"):
        assert tables() == {"facilities_booking"}


def test_a_table_without_spaces_says_so(client_for, liaison_officer):
    response = client_for(liaison_officer).get(reverse("facilities:utilisation"))

    assert (
        '<tbody>\n      \n        <tr><td colspan="6">No spaces.</td></tr>\n      \n    </tbody>'
        in response.content.decode()
    )


def test_the_bench_data_made_in_bulk_is_kept(monkeypatch):
    monkeypatch.setattr(bench, "SPACES", 5)
    monkeypatch.setattr(bench, "BOOKINGS", 200)
    monkeypatch.setattr(bench, "PENDING", 50)

    bench.prepare(stdout=io.StringIO())

    assert kept() == counted()
    assert (
        sum(turns for _booked, turns, _used in kept().values())
        == Booking.objects.filter(status=Booking.Status.CONFIRMED, series__isnull=False).count()
    )
    assert sum((booked for booked, _t, _u in kept().values()), timedelta()) > timedelta()
