"""Free texts have a stated length limit: a longer text gets a clear error and changes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from facilities import services
from facilities.models import Block, Booking, BookingSeries
from tests.conftest import with_totp
from tests.facilities.factories import at
from tests.factories import UserFactory

HUGE = "x" * 100_000


@pytest.fixture
def pending(room, association_rep, booking_data):
    return services.book_space(space=room, by=association_rep, **booking_data)


def booking_post(association, **change):
    return {
        "association": association.pk,
        "day": at(7, 10).date().isoformat(),
        "starts": "10:00",
        "ends": "12:00",
        "purpose": "Kokous",
        "expected_participants": 5,
        "is_public_benefit": "on",
        **change,
    }


def test_hundred_thousand_character_purpose_gets_the_error_and_books_nothing(
    client_for, association_rep, association, room
):
    response = client_for(association_rep).post(
        reverse("facilities:booking_create", args=[room.slug]),
        booking_post(association, purpose=HUGE),
    )

    assert response.status_code == 400
    assert "Ensure this value has at most 200 characters" in response.content.decode()
    assert not Booking.objects.exists()


def test_booking_form_states_the_purpose_limit(client_for, association_rep, room):
    response = client_for(association_rep).get(
        reverse("facilities:booking_create", args=[room.slug])
    )

    page = response.content.decode()
    assert 'maxlength="200"' in page
    assert "At most 200 characters." in page


def test_hundred_thousand_character_series_purpose_saves_nothing(
    client_for, association_rep, association, room
):
    start = timezone.localdate() + timedelta(days=7)

    response = client_for(association_rep).post(
        reverse("facilities:series_create", args=[room.slug]),
        {
            "association": association.pk,
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(weeks=2)).isoformat(),
            "interval_weeks": 1,
            "starts": "18:00",
            "ends": "20:00",
            "purpose": HUGE,
            "expected_participants": 10,
            "is_open_to_all": "on",
            "book": "1",
        },
    )

    assert response.status_code == 400
    assert "At most 200 characters." in response.content.decode()
    assert not BookingSeries.objects.exists()


def test_hundred_thousand_character_cancellation_reason_is_refused(
    client_for, association_rep, pending
):
    response = client_for(association_rep).post(
        reverse("facilities:booking_cancel", args=[pending.pk]),
        {"cancel-reason": HUGE},
        follow=True,
    )

    assert "Ensure this value has at most 2000 characters" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Booking.Status.PENDING
    assert pending.cancellation_reason == ""


def test_hundred_thousand_character_denial_reason_is_refused(client_for, liaison_officer, pending):
    response = client_for(liaison_officer).post(
        reverse("facilities:booking_decide", args=[pending.pk]),
        {"decision-decision": "deny", "decision-reason": HUGE},
        follow=True,
    )

    assert "Ensure this value has at most 2000 characters" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Booking.Status.PENDING
    assert pending.decision_reason == ""


def test_booking_page_states_the_reason_limits(client_for, liaison_officer, pending):
    response = client_for(liaison_officer).get(
        reverse("facilities:booking_detail", args=[pending.pk])
    )

    page = response.content.decode()
    assert page.count('maxlength="2000"') == 2
    assert "At most 2,000 characters." in page


def test_hundred_thousand_character_series_cancellation_cancels_nothing(
    client_for, association_rep, association, room
):
    start = timezone.localdate() + timedelta(days=7)
    series, _skipped = services.book_series(
        space=room,
        association=association,
        starts_on=start,
        ends_on=start + timedelta(weeks=1),
        interval_weeks=1,
        starts=at(0, 18).time(),
        ends=at(0, 20).time(),
        purpose="Kuoro",
        expected_participants=5,
        is_open_to_all=True,
        by=association_rep,
    )

    client_for(association_rep).post(
        reverse("facilities:series_cancel", args=[series.pk]), {"cancel-reason": HUGE}
    )

    series.refresh_from_db()
    assert not series.is_cancelled
    assert series.bookings.open().count() == 2


def test_hundred_thousand_character_block_reason_blocks_nothing(client_for, liaison_officer, room):
    day = at(5, 8).date().isoformat()

    response = client_for(liaison_officer).post(
        reverse("facilities:block_create"),
        {
            "space": room.pk,
            "starts_on": day,
            "starts": "08:00",
            "ends_on": day,
            "ends": "12:00",
            "reason": HUGE,
        },
    )

    assert response.status_code == 400
    assert "At most 200 characters." in response.content.decode()
    assert not Block.objects.exists()


def test_service_refuses_a_too_long_reason_and_changes_nothing(
    association_rep, pending, liaison_officer
):
    with pytest.raises(ValidationError) as error:
        services.cancel_booking(booking=pending, reason=HUGE, by=association_rep)
    with pytest.raises(ValidationError):
        services.deny_booking(booking=pending, reason=HUGE, by=liaison_officer)

    assert error.value.code == "too_long_text"
    pending.refresh_from_db()
    assert pending.status == Booking.Status.PENDING


def test_admin_space_form_states_and_sets_the_description_limit(client_for, room):
    client = client_for(with_totp(UserFactory(is_staff=True, is_superuser=True)))

    response = client.get(reverse("admin:facilities_space_change", args=[room.pk]))

    page = response.content.decode()
    assert 'maxlength="5000"' in page
    assert "At most 5,000 characters." in page
