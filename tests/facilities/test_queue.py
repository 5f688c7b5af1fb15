"""The officer's queue of requests: pages, filters and order, a series as one row."""

from datetime import time, timedelta

from django.urls import reverse
from django.utils import timezone

from facilities import services
from facilities.models import Booking
from facilities.views.officer import QUEUE_PAGE_SIZE
from portal.models import Sector
from tests.facilities.factories import SiteFactory, SpaceFactory, at


def waiting(space, association, user, count, *, first_day=10):
    return [
        Booking.objects.create(
            space=space,
            association=association,
            booked_by=user,
            starts_at=at(first_day + index, 10),
            ends_at=at(first_day + index, 11),
            purpose="Kokous",
            expected_participants=3,
            status=Booking.Status.PENDING,
        )
        for index in range(count)
    ]


def test_a_long_queue_is_shown_a_page_at_a_time(
    client_for, liaison_officer, room, association, association_rep
):
    waiting(room, association, association_rep, QUEUE_PAGE_SIZE + 5)
    client = client_for(liaison_officer)

    first = client.get(reverse("facilities:officer_queue"))
    second = client.get(reverse("facilities:officer_queue"), {"page": 2})

    assert len(first.context["bookings"]) == QUEUE_PAGE_SIZE
    assert len(second.context["bookings"]) == 5
    assert first.context["page_obj"].paginator.count == QUEUE_PAGE_SIZE + 5


def test_the_site_filter_and_the_order_are_kept_in_the_page_links_and_the_decision_links(
    client_for, liaison_officer, room, association, association_rep
):
    other_site = SiteFactory()
    other_room = SpaceFactory(site=other_site)
    waiting(room, association, association_rep, 3)
    waiting(other_room, association, association_rep, 2)

    response = client_for(liaison_officer).get(
        reverse("facilities:officer_queue"), {"site": other_site.pk, "sort": "time"}
    )

    assert {booking.space_id for booking in response.context["bookings"]} == {other_room.pk}
    assert response.context["query_without_page"] == f"site={other_site.pk}&sort=time&"
    assert "next=/en/tilat/jono/%3Fsite%3D" in response.content.decode()


def test_soonest_time_first_orders_by_the_booked_time(
    client_for, liaison_officer, room, association, association_rep
):
    later = waiting(room, association, association_rep, 1, first_day=20)
    sooner = waiting(room, association, association_rep, 1, first_day=5)

    response = client_for(liaison_officer).get(
        reverse("facilities:officer_queue"), {"sort": "time"}
    )

    assert [row.pk for row in response.context["bookings"]] == [b.pk for b in [*sooner, *later]]


def test_a_series_waits_as_one_row_with_its_count_and_last_date(
    client_for, liaison_officer, room, association, association_rep
):
    room.booking_rules.max_open_bookings = 20
    room.booking_rules.save()
    first = timezone.localdate() + timedelta(days=3)
    series, _skipped = services.book_series(
        space=room,
        association=association,
        starts_on=first,
        ends_on=first + timedelta(weeks=4),
        interval_weeks=1,
        starts=time(18),
        ends=time(20),
        purpose="Kuoro",
        expected_participants=10,
        is_open_to_all=True,
        include_holidays=True,
        by=association_rep,
    )
    waiting(room, association, association_rep, 2)

    response = client_for(liaison_officer).get(reverse("facilities:officer_queue"))

    rows = list(response.context["bookings"])
    series_rows = [row for row in rows if row.series_id == series.pk]
    assert len(rows) == 3
    assert len(series_rows) == 1
    assert series_rows[0].series_pending == 5
    assert timezone.localtime(series_rows[0].series_last).date() == first + timedelta(weeks=4)


def test_a_series_decided_from_the_second_page_returns_there(
    client_for, liaison_officer, room, association, association_rep
):
    room.booking_rules.max_open_bookings = 20
    room.booking_rules.save()
    first = timezone.localdate() + timedelta(days=3)
    series, _skipped = services.book_series(
        space=room,
        association=association,
        starts_on=first,
        ends_on=first + timedelta(weeks=2),
        interval_weeks=1,
        starts=time(18),
        ends=time(20),
        purpose="Kuoro",
        expected_participants=10,
        is_open_to_all=True,
        include_holidays=True,
        by=association_rep,
    )
    here = reverse("facilities:officer_queue") + "?page=2"

    response = client_for(liaison_officer).post(
        reverse("facilities:series_decide", args=[series.pk]) + f"?next={here}",
        {"decision-decision": "confirm", "decision-reason": ""},
    )

    assert response.status_code == 302
    assert response["Location"] == here
    assert not series.bookings.filter(status=Booking.Status.PENDING).exists()


def test_a_bad_filter_is_refused_with_a_message_and_the_queue_still_shows(
    client_for, liaison_officer, room, association, association_rep
):
    waiting(room, association, association_rep, 2)

    response = client_for(liaison_officer).get(
        reverse("facilities:officer_queue"), {"site": "kaikki", "sort": "sattumanvarainen"}
    )

    assert response.status_code == 400
    assert len(response.context["bookings"]) == 2


def test_a_later_page_of_a_ten_times_longer_queue_costs_the_same_queries(
    client_for,
    sector_officer,
    association,
    association_rep,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    site = SiteFactory(sector=Sector.CULTURE)
    room = SpaceFactory(site=site)
    client = client_for(sector_officer)
    waiting(room, association, association_rep, QUEUE_PAGE_SIZE + 5)
    queue = reverse("facilities:officer_queue")
    with django_assert_max_num_queries(8) as counted:
        short = client.get(queue, {"sort": "time", "page": 2})

    waiting(room, association, association_rep, 9 * (QUEUE_PAGE_SIZE + 5), first_day=200)
    with django_assert_num_queries(len(counted.captured_queries)):
        long = client.get(queue, {"sort": "time", "page": 2})

    assert len(short.context["bookings"]) == 5
    assert len(long.context["bookings"]) == QUEUE_PAGE_SIZE
    assert long.context["page_obj"].paginator.count == 10 * (QUEUE_PAGE_SIZE + 5)
    total = 10 * (QUEUE_PAGE_SIZE + 5)
    assert f"{total} waiting for a decision" in long.content.decode()
    # The second page by time: the 51st to the 100th soonest requests.
    shown = [booking.starts_at for booking in long.context["bookings"]]
    assert shown == sorted(shown)
    assert shown[0] == at(10 + QUEUE_PAGE_SIZE, 10)
