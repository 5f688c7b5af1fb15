"""The association's bookings page: upcoming a page at a time, the latest past ones, its rooms."""

from django.urls import reverse

from facilities.models import Booking
from facilities.views.booking import PAGE_SIZE, PAST_SHOWN
from tests.facilities.factories import at


def make(space, association, user, days):
    return [
        Booking.objects.create(
            space=space,
            association=association,
            booked_by=user,
            starts_at=at(day, 10),
            ends_at=at(day, 11),
            purpose="Kokous",
            expected_participants=3,
            status=Booking.Status.CONFIRMED,
        )
        for day in days
    ]


def test_upcoming_bookings_come_soonest_first_a_page_at_a_time(
    client_for, room, association, association_rep
):
    made = make(room, association, association_rep, range(PAGE_SIZE + 3, 0, -1))
    client = client_for(association_rep)

    first = client.get(reverse("facilities:booking_list"))
    second = client.get(reverse("facilities:booking_list"), {"page": 2})

    soonest = sorted(made, key=lambda b: b.starts_at)[:PAGE_SIZE]
    assert [row.pk for row in first.context["upcoming"]] == [booking.pk for booking in soonest]
    assert len(second.context["upcoming"]) == 3
    assert second.context["past"] == []


def test_only_the_latest_past_bookings_are_shown_latest_first(
    client_for, room, association, association_rep
):
    made = make(room, association, association_rep, range(-1, -PAST_SHOWN - 6, -1))

    response = client_for(association_rep).get(reverse("facilities:booking_list"))

    assert [row.pk for row in response.context["past"]] == [b.pk for b in made[:PAST_SHOWN]]


def test_another_associations_bookings_are_not_listed(
    client_for, room, association, other_association, association_rep
):
    make(room, other_association, association_rep, [3, -3])

    response = client_for(association_rep).get(reverse("facilities:booking_list"))

    assert list(response.context["upcoming"]) == []
    assert list(response.context["past"]) == []


def test_the_page_costs_the_same_queries_for_3_and_30_bookings(
    client_for, room, association, association_rep, django_assert_max_num_queries
):
    client = client_for(association_rep)
    make(room, association, association_rep, [1, 2, -1])
    client.get(reverse("facilities:booking_list"))
    with django_assert_max_num_queries(15) as three:
        client.get(reverse("facilities:booking_list"))

    make(room, association, association_rep, [*range(3, 17), *range(-2, -15, -1)])
    with django_assert_max_num_queries(len(three.captured_queries)):
        response = client.get(reverse("facilities:booking_list"))

    assert len(response.context["upcoming"]) == 16
