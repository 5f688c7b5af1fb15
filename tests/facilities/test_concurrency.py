"""Many representatives press "Book" for the same time at once: exactly one gets it."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from facilities.models import Booking, Occupancy
from tests.facilities.factories import at
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

REQUESTS = 12


def fire_at_once(clients, url, data_for):
    """POST from every client at the same moment, each thread on its own connection."""
    barrier = threading.Barrier(len(clients))
    responses = [None] * len(clients)

    def run(index, client):
        try:
            barrier.wait()
            responses[index] = client.post(url, data_for(index))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, client)) for index, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def booking_post(association, day):
    return {
        "association": association.pk,
        "day": day,
        "starts": "10:00",
        "ends": "12:00",
        "purpose": "Kokous",
        "expected_participants": 5,
        "is_public_benefit": "on",
    }


def test_simultaneous_requests_for_one_slot_give_exactly_one_booking(room):
    memberships = [MembershipFactory() for _ in range(REQUESTS)]
    clients = []
    for membership in memberships:
        client = Client()
        client.force_login(membership.user)
        clients.append(client)
    day = at(7, 10).date().isoformat()

    responses = fire_at_once(
        clients,
        reverse("facilities:booking_create", args=[room.slug]),
        lambda index: booking_post(memberships[index].association, day),
    )

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [302] + [400] * (REQUESTS - 1)
    assert Booking.objects.count() == 1
    assert Occupancy.objects.filter(is_active=True).count() == 1
    for response in responses:
        if response.status_code == 400:
            assert "taken" in response.content.decode() or "already booked" in (
                response.content.decode()
            )


def test_simultaneous_requests_for_a_hall_and_its_halves_never_overlap(hall):
    whole, half_a, half_b = hall
    spaces = [whole, half_a, half_b] * 4
    memberships = [MembershipFactory() for _ in spaces]
    clients = []
    for membership in memberships:
        client = Client()
        client.force_login(membership.user)
        clients.append(client)
    day = at(7, 10).date().isoformat()
    barrier = threading.Barrier(len(clients))
    responses = [None] * len(clients)

    def run(index):
        try:
            barrier.wait()
            responses[index] = clients[index].post(
                reverse("facilities:booking_create", args=[spaces[index].slug]),
                booking_post(memberships[index].association, day),
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    booked = set(Booking.objects.values_list("space__slug", flat=True))
    assert booked in ({"sali"}, {"sali-a", "sali-b"})
    assert all(response.status_code in (302, 400) for response in responses)


def test_simultaneous_requests_of_one_association_never_pass_its_cap(room):
    room.booking_rules.max_open_bookings = 3
    room.booking_rules.save()
    first = MembershipFactory()
    memberships = [first] + [
        MembershipFactory(association=first.association) for _ in range(REQUESTS - 1)
    ]
    clients = []
    for membership in memberships:
        client = Client()
        client.force_login(membership.user)
        clients.append(client)

    fire_at_once(
        clients,
        reverse("facilities:booking_create", args=[room.slug]),
        lambda index: booking_post(first.association, at(1 + index, 10).date().isoformat()),
    )

    assert Booking.objects.filter(association=first.association).count() == 3
