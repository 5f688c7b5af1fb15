"""The officer decides every waiting date of a weekly series at once."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from facilities import services
from facilities.models import Booking, BookingSeries, Occupancy
from portal.models import AuditEvent
from tests.facilities.factories import at


@pytest.fixture
def series(room, association, association_rep):
    """Twelve weekly dates of the meeting room, each waiting for approval."""
    room.booking_rules.max_open_bookings = 20
    room.booking_rules.save()
    first = timezone.localdate() + timedelta(days=3)
    series, _skipped = services.book_series(
        space=room,
        association=association,
        starts_on=first,
        ends_on=first + timedelta(weeks=11),
        interval_weeks=1,
        starts=time(18),
        ends=time(20),
        purpose="Kuoroharjoitukset",
        expected_participants=10,
        is_open_to_all=True,
        include_holidays=True,
        by=association_rep,
    )
    assert series.bookings.filter(status=Booking.Status.PENDING).count() == 12
    return series


def decide_url(series, **query):
    url = reverse("facilities:series_decide", args=[series.pk])
    return f"{url}?next={query['next']}" if "next" in query else url


def test_officer_confirms_all_twelve_dates_with_each_decision_logged_and_one_email(
    series, liaison_officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decided = services.decide_series(series=series, confirm=True, by=liaison_officer)

    assert len(decided) == 12
    assert set(series.bookings.values_list("status", flat=True)) == {Booking.Status.CONFIRMED}
    confirmed_events = AuditEvent.objects.filter(action="facilities.booking_confirmed")
    assert confirmed_events.count() == 12
    assert len(mailoutbox) == 1
    for booking in series.bookings.all():
        assert f"{timezone.localtime(booking.starts_at):%-d.%-m.%Y}" in mailoutbox[0].body


def test_officer_denies_all_dates_with_a_reason_and_the_times_are_free(
    series, liaison_officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_series(
            series=series, confirm=False, reason="Sali on remontissa.", by=liaison_officer
        )

    assert set(series.bookings.values_list("status", flat=True)) == {Booking.Status.DENIED}
    assert not Occupancy.objects.filter(booking__series=series, is_active=True).exists()
    assert AuditEvent.objects.filter(action="facilities.booking_denied").count() == 12
    assert len(mailoutbox) == 1
    assert "Sali on remontissa." in mailoutbox[0].body


def test_denying_a_series_without_a_reason_changes_nothing(client_for, series, liaison_officer):
    response = client_for(liaison_officer).post(
        decide_url(series), {"decision-decision": "deny", "decision-reason": "  "}
    )

    assert response.status_code == 400
    assert "why the request is denied" in response.content.decode()
    assert set(series.bookings.values_list("status", flat=True)) == {Booking.Status.PENDING}


def test_queue_shows_a_series_as_one_row_offering_to_approve_all_its_dates(
    client_for, series, liaison_officer
):
    response = client_for(liaison_officer).get(reverse("facilities:officer_queue"))

    assert len(response.context["bookings"]) == 1
    html = response.content.decode()
    assert "Approve all 12 pending dates of this series" in html
    assert f'data-testid="series-deny-{series.pk}"' in html


def test_confirmation_page_says_how_many_dates_are_decided(client_for, series, liaison_officer):
    response = client_for(liaison_officer).get(decide_url(series))

    html = response.content.decode()
    assert "12 dates of this series are waiting for a decision" in html
    assert "Approve all 12 pending dates of this series" in html
    assert "Deny all 12 pending dates of this series" in html
    assert len(response.context["pending"]) == 12


def test_approving_a_series_returns_to_the_queue_with_its_filters(
    client_for, series, liaison_officer
):
    queue = reverse("facilities:officer_queue") + "?space=kokoushuone"

    response = client_for(liaison_officer).post(
        decide_url(series), {"decision-decision": "confirm", "next": queue}
    )

    assert response.status_code == 302
    assert response.url == queue
    assert set(series.bookings.values_list("status", flat=True)) == {Booking.Status.CONFIRMED}


def test_a_decision_never_sends_the_officer_to_another_site(client_for, series, liaison_officer):
    response = client_for(liaison_officer).post(
        decide_url(series), {"decision-decision": "confirm", "next": "https://example.com/jono/"}
    )

    assert response.url == reverse("facilities:officer_queue")


def test_deciding_one_booking_returns_to_the_queue_with_its_filters(
    client_for, room, association_rep, liaison_officer, booking_data
):
    booking = services.book_space(space=room, by=association_rep, **booking_data)
    queue = reverse("facilities:officer_queue") + "?space=kokoushuone"

    response = client_for(liaison_officer).post(
        reverse("facilities:booking_decide", args=[booking.pk]),
        {"decision-decision": "confirm", "decision-reason": "", "next": queue},
    )

    assert response.url == queue
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_booking_page_of_a_series_date_offers_to_decide_the_whole_series(
    client_for, series, liaison_officer
):
    booking = series.bookings.order_by("starts_at")[0]

    response = client_for(liaison_officer).get(booking.get_absolute_url())

    html = response.content.decode()
    assert "Approve all 12 pending dates of this series" in html
    assert reverse("facilities:series_decide", args=[series.pk]) in html


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 302),
        ("association_rep", 403),
        ("other_association_rep", 403),
        ("sector_officer", 403),
        ("liaison_officer", 200),
    ],
)
def test_only_an_officer_who_handles_the_space_may_decide_a_series(
    request, client_for, series, who, status
):
    user = request.getfixturevalue(who) if who else None
    client = client_for(user)

    shown = client.get(decide_url(series))
    client.post(decide_url(series), {"decision-decision": "confirm"})

    assert shown.status_code == status
    expected = {Booking.Status.CONFIRMED if status == 200 else Booking.Status.PENDING}
    assert set(series.bookings.values_list("status", flat=True)) == expected


def test_queue_with_series_rows_keeps_its_query_count_from_3_to_30_requests(
    client_for,
    room,
    association,
    association_rep,
    liaison_officer,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    room.booking_rules.max_open_bookings = 40
    room.booking_rules.save()
    made = []

    def make(count):
        # Every third request stands alone; the others come in series of two dates.
        for _index in range(count):
            index = len(made)
            series = None
            if index % 3:
                series = BookingSeries.objects.filter(purpose=f"Sarja {index // 3}").first()
                series = series or BookingSeries.objects.create(
                    space=room,
                    association=association,
                    booked_by=association_rep,
                    starts_on=timezone.localdate(),
                    ends_on=timezone.localdate() + timedelta(weeks=1),
                    starts_at=time(18),
                    ends_at=time(19),
                    purpose=f"Sarja {index // 3}",
                )
            made.append(
                Booking.objects.create(
                    space=room,
                    association=association,
                    booked_by=association_rep,
                    series=series,
                    starts_at=at(10 + index, 10),
                    ends_at=at(10 + index, 11),
                    purpose="Kokous",
                    expected_participants=3,
                    status=Booking.Status.PENDING,
                )
            )

    client = client_for(liaison_officer)
    make(3)
    with django_assert_max_num_queries(8) as counted:
        three = client.get(reverse("facilities:officer_queue"))
    make(27)
    with django_assert_num_queries(len(counted.captured_queries)):
        thirty = client.get(reverse("facilities:officer_queue"))

    assert len(three.context["bookings"]) == 2
    assert len(thirty.context["bookings"]) == 20
    assert "Approve all 2 pending dates of this series" in thirty.content.decode()
