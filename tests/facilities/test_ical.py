"""The calendar feeds, parsed back with the icalendar library."""

from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from facilities import services
from facilities.models import CalendarFeed


def parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events(calendar):
    return list(calendar.walk("VEVENT"))


@pytest.fixture
def feed(association):
    return services.calendar_feed_for(association)


def test_association_feed_has_each_booking_with_stable_uid_and_helsinki_times(
    resident, feed, room, association_rep, booking_data
):
    booking = services.book_space(space=room, by=association_rep, **booking_data)
    url = reverse("facilities:association_ical", args=[feed.token])

    first = parse(resident.get(url))
    again = parse(resident.get(url))

    [event] = events(first)
    assert str(event["uid"]) == f"{booking.uid}@tilat.yhdistysportaali"
    assert str(events(again)[0]["uid"]) == str(event["uid"])
    assert event["dtstart"].dt == booking.starts_at
    assert event["dtstart"].dt.tzinfo == ZoneInfo("Europe/Helsinki")
    assert event["dtstart"].params["TZID"] == "Europe/Helsinki"
    assert "dtstamp" in event
    assert event["sequence"] == 0
    assert str(event["status"]) == "TENTATIVE"
    assert str(event["summary"]) == booking_data["purpose"]
    assert [str(tz["tzid"]) for tz in first.walk("VTIMEZONE")] == ["Europe/Helsinki"]


def test_cancelled_booking_stays_in_the_feed_as_cancelled_with_a_higher_sequence(
    resident, feed, room, association_rep, booking_data
):
    booking = services.book_space(space=room, by=association_rep, **booking_data)
    services.cancel_booking(booking=booking, reason="Sairastuimme", by=association_rep)

    [event] = events(parse(resident.get(reverse("facilities:association_ical", args=[feed.token]))))

    assert str(event["status"]) == "CANCELLED"
    assert event["sequence"] == 1


def test_feed_with_a_wrong_token_is_not_found(resident, feed):
    response = resident.get(reverse("facilities:association_ical", args=["arvattu"]))

    assert response.status_code == 404


def test_feed_shows_only_its_own_associations_bookings(
    resident, feed, room, other_association_rep, other_association, booking_data
):
    services.book_space(
        space=room,
        by=other_association_rep,
        **{**booking_data, "association": other_association},
    )

    calendar = parse(resident.get(reverse("facilities:association_ical", args=[feed.token])))

    assert events(calendar) == []


def test_space_feed_shows_taken_times_without_names(
    resident, hall, association_rep, association, booking_data
):
    services.book_space(space=hall[0], by=association_rep, **booking_data)

    calendar = parse(resident.get(reverse("facilities:space_ical", args=["sali-a"])))

    [event] = events(calendar)
    assert str(event["summary"]) == "Taken"
    assert association.name not in calendar.to_ical().decode()
    assert booking_data["purpose"] not in calendar.to_ical().decode()


def test_rep_makes_a_calendar_address_for_their_association(
    client_for, association_rep, association
):
    client_for(association_rep).post(
        reverse("facilities:calendar_feed_create", args=[association.pk])
    )

    assert CalendarFeed.objects.filter(association=association).exists()


def test_rep_cannot_make_a_calendar_address_for_another_association(
    client_for, association_rep, other_association
):
    response = client_for(association_rep).post(
        reverse("facilities:calendar_feed_create", args=[other_association.pk])
    )

    assert response.status_code == 404
    assert not CalendarFeed.objects.exists()
