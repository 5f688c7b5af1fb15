"""Who may open what: role × page × expected answer."""

import pytest
from django.urls import reverse

from facilities import services
from facilities.models import Booking
from tests.facilities.factories import at
from tests.factories import AssociationFactory, MembershipFactory


@pytest.fixture
def unverified_rep(db):
    return MembershipFactory(association=AssociationFactory(unverified=True)).user


@pytest.fixture
def pending_booking(room, association_rep, booking_data):
    return services.book_space(space=room, by=association_rep, **booking_data)


@pytest.fixture
def hall_booking(hall, association_rep, booking_data):
    return services.book_space(space=hall[0], by=association_rep, **booking_data)


def user_for(name, request):
    return None if name == "anonymous" else request.getfixturevalue(name)


@pytest.mark.parametrize(
    ("who", "page", "status"),
    [
        ("anonymous", "space_list", 200),
        ("anonymous", "space_detail", 200),
        ("anonymous", "booking_create", 302),
        ("plain_user", "booking_create", 403),
        ("unverified_rep", "booking_create", 200),
        ("association_rep", "booking_create", 200),
        ("anonymous", "booking_detail", 302),
        ("other_association_rep", "booking_detail", 404),
        ("plain_user", "booking_detail", 404),
        ("sector_officer", "booking_detail", 404),
        ("association_rep", "booking_detail", 200),
        ("liaison_officer", "booking_detail", 200),
        ("anonymous", "officer_queue", 302),
        ("association_rep", "officer_queue", 403),
        ("council_member", "officer_queue", 403),
        ("sector_officer", "officer_queue", 200),
        ("liaison_officer", "officer_queue", 200),
        ("association_rep", "officer_schedule", 403),
        ("liaison_officer", "officer_schedule", 200),
        ("association_rep", "block_create", 403),
        ("liaison_officer", "block_create", 200),
        ("association_rep", "statistics", 403),
        ("council_member", "statistics", 200),
        ("liaison_officer", "statistics", 200),
        ("anonymous", "booking_list", 302),
        ("association_rep", "booking_list", 200),
    ],
)
def test_page_answers_each_role_as_the_table_says(
    request, client_for, room, pending_booking, who, page, status
):
    args = {
        "space_detail": [room.slug],
        "booking_create": [room.slug],
        "booking_detail": [pending_booking.pk],
    }.get(page, [])

    response = client_for(user_for(who, request)).get(reverse(f"facilities:{page}", args=args))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("association_rep", 403),
        ("other_association_rep", 404),
        ("sector_officer", 404),
    ],
)
def test_only_the_handling_officer_may_decide_a_request(
    request, client_for, pending_booking, who, status
):
    url = reverse("facilities:booking_decide", args=[pending_booking.pk])

    response = client_for(user_for(who, request)).post(
        url, {"decision-decision": "confirm", "decision-reason": ""}
    )

    assert response.status_code == status
    pending_booking.refresh_from_db()
    assert pending_booking.status == Booking.Status.PENDING


def test_sector_officer_of_the_sites_sector_handles_its_bookings(
    client_for, hall_booking, association_rep
):
    from portal.models import RoleGrant, Sector
    from tests.conftest import with_totp
    from tests.factories import RoleGrantFactory, UserFactory

    sports_officer = with_totp(UserFactory())
    RoleGrantFactory(user=sports_officer, role=RoleGrant.Role.SECTOR_OFFICER, sector=Sector.SPORTS)

    response = client_for(sports_officer).post(
        reverse("facilities:booking_cancel", args=[hall_booking.pk]),
        {"cancel-reason": "Ottelu siirtyi"},
    )

    assert response.status_code == 302
    hall_booking.refresh_from_db()
    assert hall_booking.status == Booking.Status.CANCELLED


@pytest.mark.parametrize(("who", "status"), [("other_association_rep", 404), ("plain_user", 404)])
def test_another_associations_booking_cannot_be_cancelled(
    request, client_for, pending_booking, who, status
):
    response = client_for(user_for(who, request)).post(
        reverse("facilities:booking_cancel", args=[pending_booking.pk]), {"cancel-reason": "x"}
    )

    assert response.status_code == status
    pending_booking.refresh_from_db()
    assert pending_booking.status == Booking.Status.PENDING


def test_association_cannot_cancel_after_the_deadline(client_for, pending_booking, association_rep):
    Booking.objects.filter(pk=pending_booking.pk).update(starts_at=at(0, 23), ends_at=at(1, 1))

    response = client_for(association_rep).post(
        reverse("facilities:booking_cancel", args=[pending_booking.pk]),
        {"cancel-reason": "Myöhässä"},
        follow=True,
    )

    assert "deadline" in response.content.decode()
    pending_booking.refresh_from_db()
    assert pending_booking.status == Booking.Status.PENDING


def test_unverified_associations_rep_sees_a_clear_refusal_and_no_form(
    client_for, unverified_rep, room
):
    response = client_for(unverified_rep).get(
        reverse("facilities:booking_create", args=[room.slug])
    )

    assert "not verified" in response.content.decode()
    assert 'id="booking-form"' not in response.content.decode()


def test_rep_cannot_post_a_booking_for_another_association(
    client_for, association_rep, other_association, room
):
    response = client_for(association_rep).post(
        reverse("facilities:booking_create", args=[room.slug]),
        {
            "association": other_association.pk,
            "day": at(7, 10).date().isoformat(),
            "starts": "10:00",
            "ends": "12:00",
            "purpose": "Kokous",
            "expected_participants": 5,
            "is_public_benefit": "on",
        },
    )

    assert response.status_code == 400
    assert not Booking.objects.exists()


@pytest.fixture
def series(room, association_rep, association):
    from datetime import time, timedelta

    from django.utils import timezone

    start = timezone.localdate() + timedelta(days=7)
    series, _skipped = services.book_series(
        space=room,
        association=association,
        starts_on=start,
        ends_on=start + timedelta(weeks=1),
        interval_weeks=1,
        starts=time(18),
        ends=time(20),
        purpose="Kuoro",
        expected_participants=5,
        is_open_to_all=True,
        by=association_rep,
    )
    return series


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("other_association_rep", 403),
        ("plain_user", 403),
        ("association_rep", 200),
        ("liaison_officer", 200),
    ],
)
def test_series_page_answers_each_role_as_the_table_says(request, client_for, series, who, status):
    response = client_for(user_for(who, request)).get(
        reverse("facilities:series_detail", args=[series.pk])
    )

    assert response.status_code == status


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("other_association_rep", 403)])
def test_another_associations_series_cannot_be_cancelled(request, client_for, series, who, status):
    response = client_for(user_for(who, request)).post(
        reverse("facilities:series_cancel", args=[series.pk]), {"cancel-reason": "x"}
    )

    assert response.status_code == status
    assert series.bookings.open().count() == 2


def test_one_date_of_a_series_is_cancelled_alone(client_for, series, association_rep):
    first, second = series.bookings.order_by("starts_at")

    client_for(association_rep).post(
        reverse("facilities:booking_cancel", args=[first.pk]), {"cancel-reason": "Pyhäpäivä"}
    )

    assert list(series.bookings.open()) == [second]


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("association_rep", 403), ("liaison_officer", 200)]
)
def test_statistics_csv_is_for_officers_and_council(request, client_for, who, status):
    response = client_for(user_for(who, request)).get(reverse("facilities:statistics_csv"))

    assert response.status_code == status


def test_rep_cannot_remove_a_maintenance_block(client_for, room, liaison_officer, association_rep):
    block = services.block_space(
        space=room, starts_at=at(5, 8), ends_at=at(5, 10), reason="Huolto", by=liaison_officer
    )

    response = client_for(association_rep).post(reverse("facilities:block_delete", args=[block.pk]))

    assert response.status_code == 403
    block.refresh_from_db()


def test_other_association_cannot_record_participants(
    client_for, pending_booking, other_association_rep
):
    response = client_for(other_association_rep).post(
        reverse("facilities:booking_participants", args=[pending_booking.pk]),
        {"participants-actual_participants": 99},
    )

    assert response.status_code == 404
    pending_booking.refresh_from_db()
    assert pending_booking.actual_participants is None
