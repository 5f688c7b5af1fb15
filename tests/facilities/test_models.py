"""The database itself refuses double bookings, nested spaces included."""

import pytest
from django.db import IntegrityError, transaction

from facilities.models import Occupancy
from facilities.services import book_space
from tests.facilities.factories import BookingFactory, SpaceFactory, at


def occupy(space, booking, starts_at, ends_at, is_active=True):
    return Occupancy.objects.create(
        space=space, booking=booking, period=(starts_at, ends_at), is_active=is_active
    )


def test_database_refuses_two_active_occupancies_of_one_space_at_overlapping_times(db):
    space = SpaceFactory()
    occupy(space, BookingFactory(space=space), at(3, 10), at(3, 12))

    with pytest.raises(IntegrityError), transaction.atomic():
        occupy(space, BookingFactory(space=space), at(3, 11), at(3, 13))

    assert Occupancy.objects.count() == 1


def test_back_to_back_occupancies_do_not_clash(db):
    space = SpaceFactory()
    occupy(space, BookingFactory(space=space), at(3, 10), at(3, 12))

    occupy(space, BookingFactory(space=space), at(3, 12), at(3, 14))

    assert Occupancy.objects.count() == 2


def test_inactive_occupancy_does_not_hold_the_time(db):
    space = SpaceFactory()
    occupy(space, BookingFactory(space=space), at(3, 10), at(3, 12), is_active=False)

    occupy(space, BookingFactory(space=space), at(3, 10), at(3, 12))

    assert Occupancy.objects.filter(is_active=True).count() == 1


def test_booking_a_hall_writes_rows_for_the_hall_and_both_halves(
    hall, association_rep, booking_data
):
    whole, half_a, half_b = hall

    booking = book_space(space=whole, by=association_rep, **booking_data)

    assert set(booking.occupancies.values_list("space_id", flat=True)) == {
        whole.pk,
        half_a.pk,
        half_b.pk,
    }


def test_two_halves_can_be_booked_at_the_same_time_by_different_associations(
    hall, association_rep, other_association_rep, other_association, booking_data
):
    _whole, half_a, half_b = hall
    book_space(space=half_a, by=association_rep, **booking_data)

    other = book_space(
        space=half_b, by=other_association_rep, **{**booking_data, "association": other_association}
    )

    assert other.pk


@pytest.mark.parametrize(
    ("first", "second"), [("whole", "half_a"), ("half_a", "whole"), ("whole", "whole")]
)
def test_the_hall_and_a_half_block_each_other_in_the_database(
    hall, association_rep, booking_data, first, second
):
    spaces = dict(zip(["whole", "half_a", "half_b"], hall, strict=True))
    booking = book_space(space=spaces[first], by=association_rep, **booking_data)
    other = BookingFactory(space=spaces[second], association=booking.association)

    with pytest.raises(IntegrityError), transaction.atomic():
        Occupancy.objects.bulk_create(
            [
                Occupancy(space_id=space_id, booking=other, period=(at(7, 11), at(7, 13)))
                for space_id in [spaces[second].pk, *spaces[second].descendant_ids()]
            ]
        )

    assert Occupancy.objects.filter(booking=other).count() == 0


def test_a_room_inside_a_room_inside_a_house_is_blocked_by_the_house(db):
    house = SpaceFactory(name="Talo")
    wing = SpaceFactory(site=house.site, parent=house)
    room = SpaceFactory(site=house.site, parent=wing)
    house_booking = BookingFactory(space=house)
    for space in [house, wing, room]:
        occupy(space, house_booking, at(3, 10), at(3, 12))

    with pytest.raises(IntegrityError), transaction.atomic():
        occupy(room, BookingFactory(space=room), at(3, 11), at(3, 12))

    assert set(house.descendant_ids()) == {wing.pk, room.pk}
