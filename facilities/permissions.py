"""Who may do what with spaces and bookings.

Bookings are handled by the liaison officer and by the sector officers of the sector set on
the space's site; representatives book for their own verified associations.
"""

from django.utils import timezone

from facilities.models import Booking, BookingSeries, Space
from portal import roles


def can_handle_bookings(user, space: Space) -> bool:
    """Decide, cancel and block: the liaison officer, or the site's sector officers."""
    if roles.is_liaison_officer(user):
        return True
    sector = space.site.sector
    return bool(sector) and roles.is_sector_officer(user, sector)


def can_use_back_office(user) -> bool:
    return roles.is_liaison_officer(user) or roles.is_sector_officer(user)


def can_book_for(user, association) -> bool:
    """A representative may book for the association once the municipality has verified it."""
    return roles.represents(user, association) and association.is_verified


def bookable_associations(user, associations) -> list:
    return [association for association in associations if can_book_for(user, association)]


def can_view_booking(user, booking: Booking) -> bool:
    return roles.represents(user, booking.association) or can_handle_bookings(user, booking.space)


def can_decide_booking(user, booking: Booking) -> bool:
    return booking.status == Booking.Status.PENDING and can_handle_bookings(user, booking.space)


def can_cancel_booking(user, booking: Booking) -> bool:
    """The association until the space's deadline; the officer until the booking ends."""
    if not booking.is_open or booking.ends_at <= timezone.now():
        return False
    if can_handle_bookings(user, booking.space):
        return True
    deadline = booking.cancellation_deadline(booking.space.rules_or_default())
    return roles.represents(user, booking.association) and timezone.now() <= deadline


def can_record_participants(user, booking: Booking) -> bool:
    return (
        booking.status == Booking.Status.CONFIRMED
        and booking.starts_at <= timezone.now()
        and (
            roles.represents(user, booking.association) or can_handle_bookings(user, booking.space)
        )
    )


def can_view_series(user, series: BookingSeries) -> bool:
    return roles.represents(user, series.association) or can_handle_bookings(user, series.space)


def can_cancel_series(user, series: BookingSeries) -> bool:
    return not series.is_cancelled and can_view_series(user, series)


def can_decide_series(user, series: BookingSeries) -> bool:
    return not series.is_cancelled and can_handle_bookings(user, series.space)


def can_view_statistics(user) -> bool:
    return can_use_back_office(user) or roles.is_council_member(user)
