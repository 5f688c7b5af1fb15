"""A weekly series leaves out Finnish holidays unless the booker asks for them."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from facilities import services
from facilities.models import Booking


def next_christmas_eve() -> date:
    today = timezone.localdate()
    christmas_eve = date(today.year, 12, 24)
    return christmas_eve if christmas_eve > today else date(today.year + 1, 12, 24)


@pytest.fixture
def far_room(room, real_holidays):
    """The meeting room bookable a year ahead, so that the next Christmas is always in reach."""
    room.booking_rules.max_days_ahead = 400
    room.booking_rules.save()
    return room


def plan(room, association, **extra):
    christmas_eve = next_christmas_eve()
    return services.series_dates(
        space=room,
        association=association,
        starts_on=christmas_eve,
        ends_on=christmas_eve + timedelta(weeks=1),
        interval_weeks=1,
        starts=time(18),
        ends=time(20),
        **extra,
    )


def test_series_leaves_out_christmas_eve_and_new_years_eve(far_room, association):
    entries = plan(far_room, association)

    assert [entry.code for entry in entries] == ["holiday", "holiday"]
    assert "Christmas Eve" in entries[0].problem
    assert "New Year's Eve" in entries[1].problem


def test_skipped_holiday_is_named_in_the_users_language(far_room, association):
    with translation.override("fi"):
        entries = plan(far_room, association)

    assert "Jouluaatto" in entries[0].problem


def test_series_leaves_out_midsummer_eve(far_room, association):
    today = timezone.localdate()
    year = today.year if today < date(today.year, 6, 19) else today.year + 1
    # Juhannusaatto is the Friday between 19 and 25 June.
    midsummer_eve = next(
        date(year, 6, day) for day in range(19, 26) if date(year, 6, day).weekday() == 4
    )
    entries = services.series_dates(
        space=far_room,
        association=association,
        starts_on=midsummer_eve,
        ends_on=midsummer_eve,
        interval_weeks=1,
        starts=time(10),
        ends=time(12),
    )

    assert entries[0].code == "holiday"


def test_booker_may_book_the_holidays_too(far_room, association):
    entries = plan(far_room, association, include_holidays=True)

    assert [entry.problem for entry in entries] == ["", ""]


def test_series_preview_shows_the_skipped_holidays_then_books_them_when_ticked(
    client_for, association_rep, association, far_room
):
    christmas_eve = next_christmas_eve()
    data = {
        "association": association.pk,
        "starts_on": christmas_eve.isoformat(),
        "ends_on": (christmas_eve + timedelta(weeks=2)).isoformat(),
        "interval_weeks": 1,
        "starts": "18:00",
        "ends": "20:00",
        "purpose": "Kuoro",
        "expected_participants": 10,
        "is_open_to_all": "on",
    }
    client = client_for(association_rep)
    url = reverse("facilities:series_create", args=[far_room.slug])

    preview = client.post(url, {**data, "preview": "1"})
    client.post(url, {**data, "include_holidays": "on", "book": "1"})

    html = preview.content.decode()
    assert preview.context["free_count"] == 1
    assert "Christmas Eve" in html
    assert "New Year&#x27;s Eve" in html
    assert Booking.objects.count() == 3
