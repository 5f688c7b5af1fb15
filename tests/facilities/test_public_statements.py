"""The public premises pages keep their compiled SQL in the worker: each page must still read
what its filters, time, space, week and language ask for, whatever the page read before."""

from datetime import timedelta

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from facilities import services
from facilities.models import Space
from tests.facilities.factories import SiteFactory, SpaceFactory


def url(name: str, *args, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"facilities:{name}", args=args)


def fresh(client, path: str, query=None):
    """The page as built now: what the kept statements read, not a cached copy of the page."""
    cache.clear()
    return client.get(path, query)


def listed(client, language: str = "en", **filters) -> list[str]:
    response = fresh(client, url("space_list", language=language), filters)
    return [space.name for space in response.context["spaces"]]


def test_the_space_list_reads_each_filters_spaces(resident, room, hall):
    """The capacity and the type are part of the kept statement's key, not values."""
    for _twice in range(2):
        assert listed(resident, capacity=60) == ["Sali"]
        assert listed(resident, capacity=12) == ["Sali", "Sali A", "Sali B", "Kokoushuone"]
        assert listed(resident, capacity=13) == ["Sali", "Sali A", "Sali B"]
        assert listed(resident, type=Space.Type.MEETING_ROOM) == ["Kokoushuone"]
        assert listed(resident, type=Space.Type.HALL, capacity=60) == ["Sali"]
        assert listed(resident, capacity=10**12) == []
        assert listed(resident, step_free_access="on") == []


def test_the_space_list_names_and_orders_the_spaces_in_the_readers_language(db, resident):
    site = SiteFactory(name_fi="Talo", name_sv="Huset", name_en="")
    SpaceFactory(site=site, name_fi="Aula", name_sv="Öppna rummet", name_en="")
    SpaceFactory(site=site, name_fi="Kellari", name_sv="Källaren", name_en="")

    for _twice in range(2):
        assert listed(resident, "fi") == ["Aula", "Kellari"]
        assert listed(resident, "sv") == ["Källaren", "Öppna rummet"]
        # No English names: the Finnish ones, the first fallback.
        html = fresh(resident, url("space_list", language="en")).content.decode()
        assert ">Aula</a>" in html
        assert ">Kellari</a>" in html
        assert "<p>Talo</p>" in html


def test_the_free_time_search_reads_each_times_bookings(
    resident, hall, association_rep, booking_data
):
    _whole, half_a, _half_b = hall
    services.book_space(space=half_a, by=association_rep, **booking_data)
    booked = timezone.localtime(booking_data["starts_at"])
    later = booked + timedelta(hours=3)

    def free_at(moment) -> list[str]:
        return listed(
            resident,
            free_on=moment.date().isoformat(),
            free_from=moment.strftime("%H:%M"),
            duration=60,
        )

    for _twice in range(2):
        assert free_at(booked) == ["Sali B"]
        assert free_at(later) == ["Sali", "Sali A", "Sali B"]


def test_each_space_page_shows_its_own_space_and_week(
    resident, room, hall, association_rep, booking_data
):
    whole, half_a, _half_b = hall
    services.book_space(space=half_a, by=association_rep, **booking_data)
    booked = timezone.localtime(booking_data["starts_at"])
    week = {"week": booked.date().isoformat()}
    taken = booked.strftime("%Y-%m-%dT%H:%M")

    def state(space) -> str:
        page = fresh(resident, url("space_detail", space.slug), week).content.decode()
        assert f"<h1>{space.name}</h1>" in page
        return page.split(f'data-slot="{taken}" data-state="')[1].split('"')[0]

    for _twice in range(2):
        # A half's booking holds the whole hall, not the room of another site.
        assert state(half_a) == "taken"
        assert state(whole) == "taken"
        assert state(room) == "free"


def test_each_site_has_its_own_space_tree(room, hall):
    whole, half_a, half_b = hall
    inner = SpaceFactory(site=room.site, parent=room)

    for _twice in range(2):
        assert set(whole.descendant_ids()) == {half_a.pk, half_b.pk}
        assert room.descendant_ids() == [inner.pk]
        assert half_a.descendant_ids() == []
