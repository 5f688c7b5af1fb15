"""The premises' list pages read their rows through indexes when there are thousands of them."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from facilities import availability
from facilities.forms import LeaseFilterForm
from facilities.models import Booking, Lease, Occupancy
from facilities.views import booking as booking_views
from facilities.views import officer as officer_views
from tests.facilities.factories import SpaceFactory
from tests.factories import AssociationFactory

BOOKINGS = 4_000


@pytest.fixture
def busy(site, association, association_rep, liaison_officer):
    """Ten spaces, 4,000 bookings of two associations over a year, 200 of them waiting."""
    spaces = [SpaceFactory(site=site) for _ in range(10)]
    other = AssociationFactory()
    tz = timezone.get_current_timezone()
    first = timezone.localdate() - timedelta(days=180)
    rows = []
    for n in range(BOOKINGS):
        starts_at = datetime.combine(first + timedelta(days=n // 11), time(8 + n % 11), tz)
        rows.append(
            Booking(
                space=spaces[n % 10],
                association=association if n % 2 else other,
                booked_by=association_rep,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=1),
                purpose="Kokous",
                expected_participants=5,
                status=Booking.Status.PENDING if n % 20 == 0 else Booking.Status.CONFIRMED,
            )
        )
    bookings = Booking.objects.bulk_create(rows, batch_size=1000)
    Occupancy.objects.bulk_create(
        (Occupancy(space=b.space, booking=b, period=(b.starts_at, b.ends_at)) for b in bookings),
        batch_size=1000,
    )
    Lease.objects.bulk_create(
        Lease(
            space=spaces[n % 10],
            association=association,
            starts_on=first + timedelta(days=n),
            ends_on=first + timedelta(days=n + 30),
            contract_signed_on=first,
            created_by=liaison_officer,
        )
        for n in range(300)
    )
    with connection.cursor() as cursor:
        for table in ("facilities_booking", "facilities_occupancy", "facilities_lease"):
            cursor.execute(f"ANALYZE {table}")
        # At a few thousand rows the planner may still find a scan cheaper, depending on the
        # sample ANALYZE drew; what must hold is that an index serves each lookup.
        cursor.execute("SET LOCAL enable_seqscan = off")
    return spaces


def _no_scan_of(table: str, plan: str) -> None:
    assert f"Seq Scan on {table}" not in plan, plan


def test_the_representatives_upcoming_bookings_come_from_the_association_index(busy, association):
    plan = booking_views.upcoming_bookings([association], timezone.now())[:50].explain()

    _no_scan_of("facilities_booking", plan)
    assert "booking_association_start" in plan, plan


def test_the_representatives_past_bookings_come_from_the_association_index(busy, association):
    plan = booking_views.past_bookings([association], timezone.now())[:50].explain()

    _no_scan_of("facilities_booking", plan)
    assert "booking_association_start" in plan, plan


def test_the_officer_queue_reads_only_the_waiting_requests(busy):
    plan = officer_views.pending_queue(None).order_by("created_at", "starts_at")[:50].explain()

    _no_scan_of("facilities_booking", plan)
    # One of the indexes that hold only the pending requests.
    assert re.search(r"using booking_pending_(created|starts) on facilities_booking", plan), plan


def test_the_officer_list_of_long_term_uses_reads_the_current_ones_through_an_index(busy):
    form = LeaseFilterForm({"state": "current"})
    leases = form.filter(Lease.objects.with_list_data(), timezone.localdate())

    plan = leases[:50].explain()

    _no_scan_of("facilities_lease", plan)


def test_the_week_calendar_and_the_free_time_search_read_occupancies_through_an_index(busy):
    space = busy[0]
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    week = (availability.local(monday, time(0)), availability.local(monday, time(0)) + timedelta(7))

    plans = [
        Occupancy.objects.filter(space_id__in=[space.pk], is_active=True, period__overlap=week)
        .values_list("period", "block__lease")
        .explain(),
        Occupancy.objects.filter(is_active=True, period__overlap=week)
        .values_list("space_id", flat=True)
        .explain(),
    ]

    for plan in plans:
        _no_scan_of("facilities_occupancy", plan)
