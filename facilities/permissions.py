"""Who may do what with spaces and bookings.

Bookings are handled by the liaison officer and by the sector officers of the sector set on
the space's site; representatives book for their own verified associations.
"""

from django.utils import timezone

from facilities.models import Booking, BookingSeries, Lease, Space
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


def can_view_lease(user, lease: Lease) -> bool:
    """The association's representatives, and whoever handles the space's bookings."""
    return roles.represents(user, lease.association_id) or can_handle_bookings(user, lease.space)


# --- Seasonal rounds -------------------------------------------------------------------------


def can_run_round(user, season_round) -> bool:
    """Open, allocate and publish: the liaison officer, or the officers of every space's sector.

    A culture officer cannot share out sports halls, nor a round mixing sports halls in.
    """
    if roles.is_liaison_officer(user):
        return True
    spaces = list(season_round.spaces.select_related("site"))
    if not spaces:
        return season_round.created_by_id == getattr(user, "pk", None)
    return all(can_handle_bookings(user, space) for space in spaces)


def can_view_season_application(user, application, *, runs_round: bool | None = None) -> bool:
    if roles.represents(user, application.association_id):
        return True
    return can_run_round(user, application.season_round) if runs_round is None else runs_round


def can_edit_season_application(user, application) -> bool:
    return (
        roles.represents(user, application.association_id)
        and application.is_draft
        and application.season_round.is_open
    )


def can_give_up_turn(user, turn) -> bool:
    """The association's representative, until the day the round sets."""
    season_round = turn.need.application.season_round
    return (
        not turn.is_given_up
        and roles.represents(user, turn.need.application.association_id)
        and timezone.localdate() <= season_round.give_up_until
    )
