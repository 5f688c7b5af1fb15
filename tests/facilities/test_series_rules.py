"""A weekly series obeys every rule a single booking obeys, date by date and in total."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from facilities import services
from facilities.models import Booking, BookingSeries
from tests.facilities.factories import BookingRulesFactory, SpaceFactory, at


@pytest.fixture
def gym(site):
    """A hall bookable 180 days ahead, at most 30 upcoming bookings per association."""
    space = SpaceFactory(site=site, name="Palloilusali", slug="palloilusali", capacity=60)
    BookingRulesFactory(
        space=space, max_days_ahead=180, max_open_bookings=30, requires_approval=False
    )
    return space


def year_of_weeks(association, **change):
    """53 weekly dates, the first four days ahead and the last 368 days ahead."""
    start = timezone.localdate() + timedelta(days=4)
    return {
        "association": association,
        "starts_on": start,
        "ends_on": start + timedelta(weeks=52),
        "interval_weeks": 1,
        "starts": time(18),
        "ends": time(20),
        "purpose": "Salibandy",
        "expected_participants": 20,
        "is_open_to_all": True,
        **change,
    }


def upcoming(association):
    return Booking.objects.open().filter(association=association, ends_at__gt=timezone.now())


def last_allowed_day(space):
    return timezone.localdate() + timedelta(days=space.booking_rules.max_days_ahead)


def test_year_long_series_books_no_date_beyond_the_booking_window(
    gym, association_rep, association
):
    series, skipped = services.book_series(
        space=gym, by=association_rep, **year_of_weeks(association)
    )

    days = [timezone.localtime(b.starts_at).date() for b in series.bookings.all()]
    assert max(days) <= last_allowed_day(gym)
    assert len(days) == 26
    assert len(skipped) == 27
    assert {entry.code for entry in skipped} == {"too_far_ahead"}
    assert min(entry.day for entry in skipped) > last_allowed_day(gym)


def test_year_long_series_stops_at_the_cap_on_upcoming_bookings(gym, association_rep, association):
    gym.booking_rules.max_days_ahead = 400
    gym.booking_rules.save()

    series, skipped = services.book_series(
        space=gym, by=association_rep, **year_of_weeks(association)
    )

    assert series.bookings.count() == 30
    assert upcoming(association).count() == 30
    assert {entry.code for entry in skipped} == {"too_many_open"}
    assert len(skipped) == 23


def test_second_series_gets_only_the_dates_left_under_the_cap(gym, association_rep, association):
    services.book_series(space=gym, by=association_rep, **year_of_weeks(association))

    second, skipped = services.book_series(
        space=gym,
        by=association_rep,
        **year_of_weeks(association, starts=time(10), ends=time(12)),
    )

    assert second.bookings.count() == 4
    assert upcoming(association).count() == 30
    assert {entry.code for entry in skipped} == {"too_far_ahead", "too_many_open"}
    assert all(
        timezone.localtime(b.starts_at).date() <= last_allowed_day(gym)
        for b in upcoming(association)
    )


def test_series_at_the_cap_is_refused_whole_and_saves_nothing(gym, association_rep, association):
    gym.booking_rules.max_days_ahead = 400
    gym.booking_rules.save()
    services.book_series(space=gym, by=association_rep, **year_of_weeks(association))

    with pytest.raises(ValidationError) as error:
        services.book_series(
            space=gym,
            by=association_rep,
            **year_of_weeks(association, starts=time(10), ends=time(12)),
        )

    assert error.value.code == "nothing_free"
    assert BookingSeries.objects.count() == 1
    assert upcoming(association).count() == 30


def test_single_bookings_and_a_series_share_the_cap(gym, association_rep, association):
    gym.booking_rules.max_open_bookings = 5
    gym.booking_rules.save()
    for days in (1, 2, 3):
        services.book_space(
            space=gym,
            association=association,
            starts_at=at(days, 10),
            ends_at=at(days, 12),
            purpose="Kokous",
            expected_participants=5,
            is_public_benefit=True,
            by=association_rep,
        )

    series, _skipped = services.book_series(
        space=gym, by=association_rep, **year_of_weeks(association)
    )

    assert series.bookings.count() == 2
    with pytest.raises(ValidationError) as error:
        services.book_space(
            space=gym,
            association=association,
            starts_at=at(5, 10),
            ends_at=at(5, 12),
            purpose="Kokous",
            expected_participants=5,
            is_public_benefit=True,
            by=association_rep,
        )
    assert error.value.code == "too_many_open"
    assert upcoming(association).count() == 5


def test_another_associations_bookings_do_not_count_towards_the_cap(
    gym, association_rep, association, other_association_rep, other_association
):
    services.book_series(space=gym, by=association_rep, **year_of_weeks(association))

    series, _skipped = services.book_series(
        space=gym,
        by=other_association_rep,
        **year_of_weeks(other_association, starts=time(10), ends=time(12)),
    )

    assert series.bookings.count() == 26


def test_series_books_nothing_when_the_bookable_dates_differ_from_those_shown(
    gym, association_rep, association
):
    args = year_of_weeks(association)
    shown = [args["starts_on"] + timedelta(weeks=week) for week in range(30)]

    with pytest.raises(ValidationError) as error:
        services.book_series(space=gym, by=association_rep, days=shown, **args)

    assert error.value.code == "dates_changed"
    assert not Booking.objects.exists()
    assert not BookingSeries.objects.exists()


def test_series_over_the_spaces_capacity_is_refused_before_any_date(
    gym, association_rep, association
):
    with pytest.raises(ValidationError) as error:
        services.plan_series(
            space=gym,
            by=association_rep,
            **{
                key: value
                for key, value in year_of_weeks(association, expected_participants=61).items()
                if key != "purpose"
            },
        )

    assert error.value.code == "over_capacity"


def series_post(association, **change):
    args = year_of_weeks(association)
    return {
        "association": association.pk,
        "starts_on": args["starts_on"].isoformat(),
        "ends_on": args["ends_on"].isoformat(),
        "interval_weeks": 1,
        "starts": "18:00",
        "ends": "20:00",
        "purpose": "Salibandy",
        "expected_participants": 20,
        "is_open_to_all": "on",
        **change,
    }


def test_preview_lists_each_date_past_the_window_with_the_rule_it_breaks(
    client_for, association_rep, association, gym
):
    url = reverse("facilities:series_create", args=[gym.slug])

    response = client_for(association_rep).post(url, {**series_post(association), "preview": "1"})

    assert response.status_code == 200
    assert response.context["free_count"] == 26
    refused = response.context["refused"]
    assert len(refused) == 27
    page = response.content.decode()
    for entry in refused:
        assert (
            f'data-day="{entry.day.isoformat()}" data-free="no" data-problem="too_far_ahead"'
            in page
        )
    assert "This space can be booked at most 180 days ahead." in page
    assert "27 dates cannot be booked and are left out" in page
    assert not Booking.objects.exists()


def test_preview_lists_the_dates_past_the_cap(client_for, association_rep, association, gym):
    gym.booking_rules.max_days_ahead = 400
    gym.booking_rules.save()
    url = reverse("facilities:series_create", args=[gym.slug])

    response = client_for(association_rep).post(url, {**series_post(association), "preview": "1"})

    assert [entry.code for entry in response.context["refused"]] == ["too_many_open"] * 23
    assert (
        "Your association would have more than 30 upcoming bookings of this space."
        in response.content.decode()
    )


def test_booking_from_the_preview_books_exactly_the_dates_shown(
    client_for, association_rep, association, gym
):
    client = client_for(association_rep)
    url = reverse("facilities:series_create", args=[gym.slug])
    preview = client.post(url, {**series_post(association), "preview": "1"})

    client.post(
        url, {**series_post(association), "book": "1", "dates": preview.context["allowed_days"]}
    )

    booked = sorted(
        timezone.localtime(b.starts_at).date().isoformat() for b in Booking.objects.all()
    )
    assert ",".join(booked) == preview.context["allowed_days"]
    assert len(booked) == 26


def test_booking_after_the_form_changed_shows_the_dates_again_and_books_nothing(
    client_for, association_rep, association, gym
):
    client = client_for(association_rep)
    url = reverse("facilities:series_create", args=[gym.slug])
    preview = client.post(url, {**series_post(association), "preview": "1"})

    response = client.post(
        url,
        {
            **series_post(association, starts="10:00", ends="12:00", interval_weeks=2),
            "book": "1",
            "dates": preview.context["allowed_days"],
        },
    )

    assert response.status_code == 400
    assert "The dates that can be booked have changed." in response.content.decode()
    assert response.context["free_count"] == 13
    assert not Booking.objects.exists()


def test_preview_refuses_a_series_without_a_declaration_before_anything_is_saved(
    client_for, association_rep, association, gym
):
    data = series_post(association)
    del data["is_open_to_all"]

    response = client_for(association_rep).post(
        reverse("facilities:series_create", args=[gym.slug]), {**data, "preview": "1"}
    )

    assert response.status_code == 400
    assert response.context["preview"] is None
    assert "tick what applies" in response.content.decode()


def test_space_page_says_how_series_are_limited(resident, gym):
    response = resident.get(reverse("facilities:space_detail", args=[gym.slug]))

    text = response.content.decode()
    assert "Weekly series" in text
    assert "a series books no date more than 180 days ahead" in text
    assert "count towards the association's 30 upcoming bookings" in text
