"""A page's counts, read together: each user gets the numbers they may see, in one statement."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event
from facilities.models import Booking
from facilities.permissions import can_use_back_office
from portal import roles
from portal.tally import Tally
from tests.events.factories import EventFactory
from tests.facilities.factories import BookingFactory

pytestmark = pytest.mark.django_db


def request_for(rf, user):
    request = rf.get("/")
    request.user = user
    return request


def pending(sectors=None):
    bookings = Booking.objects.filter(status=Booking.Status.PENDING)
    return bookings if sectors is None else bookings.filter(space__site__sector__in=sectors)


def own_sectors(user) -> tuple:
    return () if roles.is_liaison_officer(user) else (tuple(sorted(roles.officer_sectors(user))),)


@pytest.fixture
def tally():
    tally = Tally("test")
    bookings = tally.count("bookings", pending, values=own_sectors, shown_to=can_use_back_office)
    events = tally.count(
        "events",
        lambda: Event.objects.filter(status=Event.Status.PENDING),
        shown_to=roles.is_liaison_officer,
    )
    return bookings, events


def test_the_first_count_asked_for_reads_every_count_in_one_statement(rf, tally, liaison_officer):
    bookings, events = tally
    BookingFactory(status="pending", space__site__sector="culture")
    BookingFactory(status="pending", space__site__sector="sports")
    EventFactory(pending=True)
    request = request_for(rf, liaison_officer)

    with CaptureQueriesContext(connection) as first:
        assert bookings.read(request) == 2
    with CaptureQueriesContext(connection) as second:
        assert events.read(request) == 1

    counts = [query for query in first.captured_queries if "count(*)" in query["sql"]]
    assert len(counts) == 1
    assert "facilities_booking" in counts[0]["sql"]
    assert "events_event" in counts[0]["sql"]
    assert second.captured_queries == []


def test_each_user_reads_only_the_counts_they_are_shown_with_their_own_values(
    rf, tally, sector_officer
):
    bookings, events = tally
    BookingFactory(status="pending", space__site__sector="culture")
    BookingFactory(status="pending", space__site__sector="sports")
    BookingFactory(status="confirmed", space__site__sector="culture")
    EventFactory(pending=True)

    officer = request_for(rf, sector_officer)
    assert bookings.read(officer) == 1
    assert events.read(officer) is None

    visitor = request_for(rf, AnonymousUser())
    with CaptureQueriesContext(connection) as read:
        assert bookings.read(visitor) is None
        assert events.read(visitor) is None
    assert [q for q in read.captured_queries if "count(*)" in q["sql"]] == []


def test_a_count_declared_after_the_first_read_is_read_when_asked_for(rf, liaison_officer):
    tally = Tally("late")
    events = tally.count("events", lambda: Event.objects.filter(status=Event.Status.PENDING))
    EventFactory(pending=True)
    request = request_for(rf, liaison_officer)
    assert events.read(request) == 1

    bookings = tally.count("bookings", pending)
    BookingFactory(status="pending")

    assert bookings.read(request) == 1
    # Each request reads the numbers anew.
    EventFactory(pending=True)
    assert events.read(request_for(rf, liaison_officer)) == 2
