from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from facilities import services
from facilities.models import Block, Booking, BookingSeries, Occupancy
from portal.models import AuditEvent
from tests.facilities.factories import OpeningExceptionFactory, at
from tests.factories import AssociationFactory, MembershipFactory


def snapshot():
    return (
        Booking.objects.count(),
        Occupancy.objects.count(),
        AuditEvent.objects.count(),
        len(mail.outbox),
    )


def test_request_for_a_room_needing_approval_waits_and_the_booker_hears_of_it(
    room, association_rep, booking_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.book_space(space=room, by=association_rep, **booking_data)

    assert booking.status == Booking.Status.PENDING
    assert booking.occupancies.get().is_active
    assert AuditEvent.objects.filter(action="facilities.booking_made").count() == 1
    assert mail.outbox[-1].to == [association_rep.email]


def test_space_without_approval_confirms_at_once(hall, association_rep, booking_data):
    booking = services.book_space(space=hall[1], by=association_rep, **booking_data)

    assert booking.status == Booking.Status.CONFIRMED


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"ends_at": at(7, 9)}, "end_before_start"),
        ({"starts_at": at(-1, 10), "ends_at": at(-1, 12)}, "past"),
        ({"starts_at": at(120, 10), "ends_at": at(120, 12)}, "too_far_ahead"),
        ({"starts_at": at(7, 6), "ends_at": at(7, 8)}, "closed"),
        ({"starts_at": at(7, 21), "ends_at": at(7, 23)}, "closed"),
        ({"expected_participants": 13}, "over_capacity"),
        ({"ends_at": at(7, 18)}, "too_long"),
        ({"ends_at": at(7, 10, 15)}, "too_short"),
        ({"starts_at": at(7, 10, 10), "ends_at": at(7, 12, 10)}, "start_interval"),
        ({"is_public_benefit": False}, "no_declaration"),
    ],
)
def test_bad_booking_gets_a_clear_reason_and_changes_nothing(
    room, association_rep, booking_data, change, code
):
    before = snapshot()

    with pytest.raises(ValidationError) as error:
        services.book_space(space=room, by=association_rep, **{**booking_data, **change})

    assert error.value.code == code
    assert error.value.messages[0]
    assert snapshot() == before


def test_closed_day_from_an_opening_exception_refuses_bookings(room, association_rep, booking_data):
    day = timezone.localtime(booking_data["starts_at"]).date()
    OpeningExceptionFactory(site=room.site, starts_on=day, ends_on=day, reason="Itsenäisyyspäivä")

    with pytest.raises(ValidationError) as error:
        services.book_space(space=room, by=association_rep, **booking_data)

    assert error.value.code == "closed"


def test_unverified_association_cannot_book(room, booking_data):
    unverified = AssociationFactory(unverified=True)
    rep = MembershipFactory(association=unverified).user
    before = snapshot()

    with pytest.raises(ValidationError) as error:
        services.book_space(space=room, by=rep, **{**booking_data, "association": unverified})

    assert error.value.code == "association_unverified"
    assert snapshot() == before


def test_user_cannot_book_for_an_association_they_do_not_represent(
    room, other_association_rep, booking_data
):
    with pytest.raises(ValidationError) as error:
        services.book_space(space=room, by=other_association_rep, **booking_data)

    assert error.value.code == "not_representative"


def test_association_cannot_hold_more_open_bookings_than_the_rules_allow(
    room, association_rep, booking_data
):
    room.booking_rules.max_open_bookings = 2
    room.booking_rules.save()
    for days in (7, 8):
        services.book_space(
            space=room,
            by=association_rep,
            **{**booking_data, "starts_at": at(days, 10), "ends_at": at(days, 12)},
        )

    with pytest.raises(ValidationError) as error:
        services.book_space(
            space=room,
            by=association_rep,
            **{**booking_data, "starts_at": at(9, 10), "ends_at": at(9, 12)},
        )

    assert error.value.code == "too_many_open"


def test_taken_time_is_refused_with_a_clear_message(room, association_rep, booking_data):
    services.book_space(space=room, by=association_rep, **booking_data)
    before = snapshot()

    with pytest.raises(ValidationError) as error:
        services.book_space(
            space=room,
            by=association_rep,
            **{**booking_data, "starts_at": at(7, 11), "ends_at": at(7, 13)},
        )

    assert error.value.code == "taken"
    assert snapshot() == before


def test_buffer_keeps_time_free_after_a_booking(room, association_rep, booking_data):
    room.booking_rules.buffer_minutes = 30
    room.booking_rules.save()
    services.book_space(space=room, by=association_rep, **booking_data)

    with pytest.raises(ValidationError):
        services.book_space(
            space=room,
            by=association_rep,
            **{**booking_data, "starts_at": at(7, 12), "ends_at": at(7, 13)},
        )
    later = services.book_space(
        space=room,
        by=association_rep,
        **{**booking_data, "starts_at": at(7, 12, 30), "ends_at": at(7, 13, 30)},
    )

    assert later.pk


def test_lost_race_at_the_database_becomes_the_just_taken_message(
    room, association_rep, booking_data, monkeypatch
):
    services.book_space(space=room, by=association_rep, **booking_data)
    # The Python check saw the time free; the database is the last word.
    monkeypatch.setattr(services, "_is_taken", lambda *args: False)
    before = snapshot()

    with pytest.raises(ValidationError) as error:
        services.book_space(space=room, by=association_rep, **booking_data)

    assert error.value.code == "taken"
    assert "just taken" in error.value.messages[0]
    assert snapshot() == before


def test_officer_confirms_a_request_and_the_booker_gets_mail_in_their_language(
    room, association_rep, liaison_officer, booking_data, django_capture_on_commit_callbacks
):
    association_rep.preferred_language = "sv"
    association_rep.save()
    booking = services.book_space(space=room, by=association_rep, **booking_data)

    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_booking(booking=booking, reason="Tervetuloa", by=liaison_officer)

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.sequence == 1
    assert f"/sv/tilat/varaukset/{booking.pk}/" in mail.outbox[-1].body
    assert AuditEvent.objects.filter(
        action="facilities.booking_confirmed", actor=liaison_officer
    ).exists()


def test_denied_request_frees_the_time_at_once(
    room, association_rep, liaison_officer, booking_data
):
    booking = services.book_space(space=room, by=association_rep, **booking_data)

    services.deny_booking(booking=booking, reason="Tila on remontissa", by=liaison_officer)

    assert not booking.occupancies.filter(is_active=True).exists()
    assert services.book_space(space=room, by=association_rep, **booking_data).pk


def test_deny_needs_a_reason(room, association_rep, liaison_officer, booking_data):
    booking = services.book_space(space=room, by=association_rep, **booking_data)

    with pytest.raises(ValidationError):
        services.deny_booking(booking=booking, reason=" ", by=liaison_officer)

    booking.refresh_from_db()
    assert booking.status == Booking.Status.PENDING


def test_decided_booking_cannot_be_decided_again(
    room, association_rep, liaison_officer, booking_data
):
    booking = services.book_space(space=room, by=association_rep, **booking_data)
    services.confirm_booking(booking=booking, by=liaison_officer)

    with pytest.raises(ValidationError) as error:
        services.deny_booking(booking=booking, reason="Ei", by=liaison_officer)

    assert error.value.code == "not_pending"


def test_cancelling_frees_the_time_and_is_logged_with_the_reason(
    room, association_rep, booking_data
):
    booking = services.book_space(space=room, by=association_rep, **booking_data)

    services.cancel_booking(booking=booking, reason="Sairastuimme", by=association_rep)

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.sequence == 1
    assert not booking.occupancies.filter(is_active=True).exists()
    assert AuditEvent.objects.get(action="facilities.booking_cancelled").data == {
        "reason": "Sairastuimme"
    }


def test_participants_are_recorded_only_after_the_booking_has_begun(
    room, association_rep, booking_data
):
    booking = services.book_space(space=room, by=association_rep, **booking_data)

    with pytest.raises(ValidationError):
        services.record_participants(booking=booking, count=8, by=association_rep)
    Booking.objects.filter(pk=booking.pk).update(starts_at=at(-1, 10), ends_at=at(-1, 12))
    booking.refresh_from_db()
    services.record_participants(booking=booking, count=8, by=association_rep)

    booking.refresh_from_db()
    assert booking.actual_participants == 8


def test_maintenance_block_holds_the_space_and_the_spaces_inside(
    hall, liaison_officer, association_rep, booking_data
):
    whole, half_a, _half_b = hall
    services.block_space(
        space=whole,
        starts_at=at(7, 8),
        ends_at=at(7, 16),
        reason="Lattiahuolto",
        by=liaison_officer,
    )

    with pytest.raises(ValidationError) as error:
        services.book_space(space=half_a, by=association_rep, **booking_data)

    assert error.value.code == "taken"


def test_block_over_a_booking_is_refused_until_the_booking_is_cancelled(
    room, liaison_officer, association_rep, booking_data
):
    services.book_space(space=room, by=association_rep, **booking_data)

    with pytest.raises(ValidationError):
        services.block_space(
            space=room, starts_at=at(7, 8), ends_at=at(7, 16), reason="Huolto", by=liaison_officer
        )

    assert not Block.objects.exists()


def test_removing_a_block_frees_the_time(room, liaison_officer, association_rep, booking_data):
    block = services.block_space(
        space=room, starts_at=at(7, 8), ends_at=at(7, 16), reason="Huolto", by=liaison_officer
    )

    services.remove_block(block=block, by=liaison_officer)

    assert services.book_space(space=room, by=association_rep, **booking_data).pk


def series_args(association, **change):
    start = timezone.localdate() + timedelta(days=7)
    return {
        "association": association,
        "starts_on": start,
        "ends_on": start + timedelta(weeks=3),
        "interval_weeks": 1,
        "starts": time(18),
        "ends": time(20),
        "purpose": "Kuoro",
        "expected_participants": 10,
        "is_open_to_all": True,
        **change,
    }


def test_series_preview_shows_the_clashing_date_and_saves_nothing(
    room, association_rep, other_association_rep, other_association, association
):
    start = timezone.localdate() + timedelta(days=14)
    clash = services.book_space(
        space=room,
        association=other_association,
        starts_at=timezone.make_aware(datetime.combine(start, time(19))),
        ends_at=timezone.make_aware(datetime.combine(start, time(21))),
        purpose="Kokous",
        expected_participants=5,
        is_public_benefit=True,
        by=other_association_rep,
    )
    before = snapshot()

    dates = services.series_dates(
        space=room,
        association=association,
        starts_on=start - timedelta(weeks=1),
        ends_on=start + timedelta(weeks=2),
        interval_weeks=1,
        starts=time(18),
        ends=time(20),
    )

    assert [entry.day for entry in dates if entry.problem] == [start]
    assert len(dates) == 4
    assert snapshot() == before
    assert clash.pk


def test_series_books_the_free_dates_and_leaves_out_the_clashing_one(
    room, association_rep, association, liaison_officer
):
    args = series_args(association)
    clash_day = args["starts_on"] + timedelta(weeks=1)
    services.block_space(
        space=room,
        starts_at=timezone.make_aware(datetime.combine(clash_day, time(8))),
        ends_at=timezone.make_aware(datetime.combine(clash_day, time(22))),
        reason="Vaalit",
        by=liaison_officer,
    )

    series, skipped = services.book_series(space=room, by=association_rep, **args)

    assert [entry.day for entry in skipped] == [clash_day]
    assert series.bookings.count() == 3
    assert AuditEvent.objects.filter(action="facilities.series_booked").count() == 1


def test_every_second_week_series_books_every_other_week(room, association_rep, association):
    series, _skipped = services.book_series(
        space=room, by=association_rep, **series_args(association, interval_weeks=2)
    )

    days = [timezone.localtime(b.starts_at).date() for b in series.bookings.order_by("starts_at")]
    assert days == [series.starts_on, series.starts_on + timedelta(weeks=2)]


def test_cancelling_a_series_cancels_its_upcoming_dates(room, association_rep, association):
    series, _skipped = services.book_series(
        space=room, by=association_rep, **series_args(association)
    )

    services.cancel_series(series=series, reason="Kausi päättyi", by=association_rep)

    assert not series.bookings.open().exists()
    assert BookingSeries.objects.get().is_cancelled
    assert not Occupancy.objects.filter(is_active=True).exists()


def test_series_with_no_free_date_is_refused_and_saves_nothing(room, association_rep, association):
    before = snapshot()

    with pytest.raises(ValidationError) as error:
        services.book_series(
            space=room, by=association_rep, **series_args(association, starts=time(5), ends=time(7))
        )

    assert error.value.code == "nothing_free"
    assert snapshot() == before
    assert not BookingSeries.objects.exists()


def test_denial_and_officer_cancellation_are_mailed_to_the_booker_with_the_reason(
    hall, room, association_rep, liaison_officer, booking_data, django_capture_on_commit_callbacks
):
    request = services.book_space(space=room, by=association_rep, **booking_data)
    confirmed = services.book_space(space=hall[1], by=association_rep, **booking_data)

    with django_capture_on_commit_callbacks(execute=True):
        services.deny_booking(booking=request, reason="Tila on remontissa", by=liaison_officer)
        services.cancel_booking(booking=confirmed, reason="Vesivahinko", by=liaison_officer)

    denial, cancellation = mail.outbox[-2:]
    assert denial.to == cancellation.to == [association_rep.email]
    assert "Tila on remontissa" in denial.body
    assert "Vesivahinko" in cancellation.body
