from datetime import date, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from events import services
from events.models import Event
from tests.events.factories import EventFactory, day_at
from tests.factories import AssociationFactory

pytestmark = pytest.mark.django_db


def feed(client, url, query=None) -> tuple[Calendar, list]:
    response = client.get(url, query or {})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return calendar, list(calendar.walk("VEVENT"))


def test_the_feed_has_a_helsinki_timezone_and_each_event_once(resident):
    EventFactory(title="Konsertti")

    calendar, [event] = feed(resident, reverse("events:calendar_ics"))

    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    assert str(event["summary"]) == "Konsertti"
    assert event["dtstamp"] is not None
    assert event.decoded("dtstart") == day_at(10)


def test_the_uid_stays_while_the_sequence_grows_across_an_edit_and_a_cancel(
    resident, association, association_rep
):
    event = EventFactory(organisers=[association])
    url = reverse("events:association_ics", args=[association.slug])
    _calendar, [before] = feed(resident, url)

    event.title = "Konsertti, uusi aika"
    event.starts_at += timedelta(hours=1)
    event.ends_at += timedelta(hours=1)
    services.update_event(event=event, organisers=[association], by=association_rep)
    _calendar, [edited] = feed(resident, url)
    services.cancel_event(event=event, by=association_rep)
    _calendar, [cancelled] = feed(resident, url)

    assert before["uid"] == edited["uid"] == cancelled["uid"]
    assert (before["sequence"], edited["sequence"], cancelled["sequence"]) == (0, 1, 2)
    assert str(edited["status"]) == "CONFIRMED"
    assert str(cancelled["status"]) == "CANCELLED"


def test_an_all_day_event_is_given_as_dates(resident):
    EventFactory(is_all_day=True, starts_at=day_at(5, 0), ends_at=day_at(7, 0))

    _calendar, [event] = feed(resident, reverse("events:calendar_ics"))

    assert isinstance(event.decoded("dtstart"), date)
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(days=2)


def test_the_feed_takes_the_list_filters(resident):
    EventFactory(title="Sählyturnaus", category=Event.Category.SPORTS)
    EventFactory(title="Taidenäyttely", category=Event.Category.CULTURE)

    _calendar, events = feed(resident, reverse("events:calendar_ics"), {"kategoria": "sports"})

    assert [str(event["summary"]) for event in events] == ["Sählyturnaus"]


def test_a_feed_with_a_malformed_filter_says_so(resident):
    response = resident.get(reverse("events:calendar_ics"), {"alkaen": "huomenna"})

    assert response.status_code == 400


def test_the_association_feed_has_only_its_public_events(resident):
    association = AssociationFactory()
    EventFactory(title="Oma", organisers=[association])
    EventFactory(title="Odottava", pending=True, organisers=[association])
    EventFactory(title="Toisen")

    _calendar, events = feed(resident, reverse("events:association_ics", args=[association.slug]))

    assert [str(event["summary"]) for event in events] == ["Oma"]


def test_an_unlisted_associations_feed_is_not_found(resident):
    association = AssociationFactory(is_listed=False)

    response = resident.get(reverse("events:association_ics", args=[association.slug]))

    assert response.status_code == 404
