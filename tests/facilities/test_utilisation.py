"""Utilisation: hours booked against hours open, and the season's turns given and used."""

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from facilities import reports, utilisation
from facilities.availability import schedules_for
from facilities.models import Booking, BookingSeries
from tests.facilities.factories import (
    OpeningExceptionFactory,
    SiteFactory,
    SpaceFactory,
    open_every_day,
)

# A past fortnight, so that the bookings can be written as they would have been made.
FIRST = date(2025, 3, 3)  # a Monday
LAST = date(2025, 3, 16)


def aware(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def hall_site(db):
    site = SiteFactory(name="Koulun sali", slug="koulun-sali")
    open_every_day(site, opens=time(16), closes=time(22))
    return site


def booked(space, association, user, day, hours, *, series=None, came=None, status="confirmed"):
    return Booking.objects.create(
        space=space,
        association=association,
        booked_by=user,
        series=series,
        starts_at=aware(day, 17),
        ends_at=aware(day, 17 + hours),
        purpose="Harjoitukset",
        expected_participants=10,
        actual_participants=came,
        is_public_benefit=True,
        status=status,
    )


def test_open_hours_count_the_weekdays_and_leave_out_a_closed_holiday(hall_site):
    space = SpaceFactory(site=hall_site)
    OpeningExceptionFactory(site=hall_site, starts_on=FIRST, ends_on=FIRST, reason="Loma")
    schedule = schedules_for([space], first_day=FIRST, last_day=LAST)[space.pk]

    hours = utilisation.open_hours(schedule, FIRST, LAST)

    assert hours == 13 * 6


def test_a_space_without_opening_hours_is_open_around_the_clock(db):
    space = SpaceFactory()
    schedule = schedules_for([space], first_day=FIRST, last_day=LAST)[space.pk]

    assert utilisation.open_hours(schedule, FIRST, LAST) == 14 * 24


def test_utilisation_per_space_counts_confirmed_hours_and_used_turns(
    hall_site, association, association_rep
):
    space = SpaceFactory(site=hall_site, name="Sali")
    SpaceFactory(site=hall_site, name="Pieni sali")
    series = BookingSeries.objects.create(
        space=space,
        association=association,
        booked_by=association_rep,
        starts_on=FIRST,
        ends_on=LAST,
        starts_at=time(17),
        ends_at=time(19),
        purpose="Harjoitukset",
    )
    booked(space, association, association_rep, FIRST, 2, series=series, came=12)
    booked(space, association, association_rep, FIRST + timedelta(days=7), 2, series=series)
    booked(space, association, association_rep, FIRST + timedelta(days=2), 3)
    booked(space, association, association_rep, FIRST + timedelta(days=3), 3, status="cancelled")

    rows = utilisation.utilisation("space", FIRST, LAST)

    by_name = {row.labels[1]: row for row in rows[:-1]}
    assert by_name["Sali"].open_hours == 84
    assert by_name["Sali"].booked_hours == 7
    assert by_name["Sali"].rate == round(100 * 7 / 84, 1)
    assert (by_name["Sali"].turns, by_name["Sali"].turns_used) == (2, 1)
    assert by_name["Pieni sali"].booked_hours == 0
    assert rows[-1].open_hours == 168
    assert rows[-1].rate == round(100 * 7 / 168, 1)


def test_utilisation_per_month_splits_the_hours_by_month(hall_site, association, association_rep):
    space = SpaceFactory(site=hall_site)
    booked(space, association, association_rep, date(2025, 2, 27), 2)
    booked(space, association, association_rep, date(2025, 3, 5), 4)

    rows = utilisation.utilisation("month", date(2025, 2, 1), date(2025, 3, 31))

    assert [(row.labels, row.booked_hours) for row in rows[:-1]] == [
        (["2025-02"], 2),
        (["2025-03"], 4),
    ]
    assert rows[0].open_hours == 28 * 6


def test_the_default_seasons_are_winter_from_september_and_summer_from_may():
    assert utilisation.season_dates(2025, "winter") == (date(2025, 9, 1), date(2026, 4, 30))
    assert utilisation.season_dates(2026, "summer") == (date(2026, 5, 1), date(2026, 8, 31))


def test_the_council_figures_carry_the_utilisation_rate(hall_site, association, association_rep):
    space = SpaceFactory(site=hall_site)
    booked(space, association, association_rep, FIRST, 6)

    figures = reports.council_figures(FIRST, LAST)

    assert figures["utilisation"] == round(100 * 6 / 84, 1)


def test_the_page_shows_the_chosen_dates_in_a_constant_number_of_queries(
    client_for, hall_site, association, association_rep, liaison_officer,
    django_assert_max_num_queries,
):  # fmt: skip
    client = client_for(liaison_officer)
    query = {"period": "dates", "starts_on": FIRST.isoformat(), "ends_on": LAST.isoformat()}

    def add(count):
        for _ in range(count):
            space = SpaceFactory(site=hall_site)
            booked(space, association, association_rep, FIRST, 2)

    add(3)
    client.get(reverse("facilities:utilisation"), query)
    with django_assert_max_num_queries(15) as small:
        client.get(reverse("facilities:utilisation"), query)
    add(27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("facilities:utilisation"), {**query, "by": "month"})

    assert response.status_code == 200
    assert response.context["total"].booked_hours == 60


def test_the_export_has_a_row_per_space_and_the_total(
    client_for, hall_site, association, association_rep, liaison_officer
):
    space = SpaceFactory(site=hall_site, name="Sali")
    booked(space, association, association_rep, FIRST, 2)

    response = client_for(liaison_officer).get(
        reverse("facilities:utilisation_export"),
        {"period": "dates", "starts_on": FIRST.isoformat(), "ends_on": LAST.isoformat()},
    )

    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200
    assert "Koulun sali;Sali;84" in text
    assert "Total" in text.splitlines()[-1]


def test_dates_in_the_wrong_order_are_refused_with_a_message(client_for, liaison_officer):
    response = client_for(liaison_officer).get(
        reverse("facilities:utilisation"),
        {"period": "dates", "starts_on": "2025-03-10", "ends_on": "2025-03-01"},
    )

    assert response.status_code == 400
    assert "The last day cannot be before the first day." in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("plain_user", 403),
        ("association_rep", 403),
        ("council_member", 200),
        ("sector_officer", 200),
        ("liaison_officer", 200),
    ],
)
def test_who_may_read_the_utilisation(request, client_for, who, status):
    user = None if who == "anonymous" else request.getfixturevalue(who)

    page = client_for(user).get(reverse("facilities:utilisation"))
    export = client_for(user).get(reverse("facilities:utilisation_export"))

    assert page.status_code == status
    assert export.status_code == status
