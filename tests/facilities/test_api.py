from datetime import time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from facilities import services
from facilities.models import BookingRules, Space, SpacePhoto
from tests.facilities.factories import (
    BookingRulesFactory,
    OpeningExceptionFactory,
    OpeningHoursFactory,
    SiteFactory,
    SpaceFactory,
    at,
    open_every_day,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/spaces/"


def detail(space) -> str:
    return f"{LIST}{space.pk}/"


def availability(space) -> str:
    return f"{LIST}{space.pk}/availability/"


def day(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def moment(days: int, hour: int, minute: int = 0) -> str:
    """The local time as the API writes it."""
    return timezone.localtime(at(days, hour, minute)).isoformat()


def states(response) -> list[tuple[str, str, str]]:
    return [(i["start"], i["end"], i["state"]) for i in response.json()["intervals"]]


def test_a_space_has_the_respa_fields_with_its_site_rules_and_links(resident, private_storage):
    # Plain field names set the Finnish text.
    translation.activate("fi")
    site = SiteFactory(name="Seurantalo", name_sv="Föreningshuset", address="Kirkkotie 1")
    open_every_day(site)
    space = SpaceFactory(
        site=site,
        slug="kokoushuone",
        name="Kokoushuone",
        name_sv="Mötesrum",
        name_en="Meeting room",
        description="Valoisa huone.",
        type=Space.Type.MEETING_ROOM,
        capacity=12,
        area_m2="24.5",
        step_free_access=True,
        induction_loop=True,
        accessibility_notes="Luiska pääovella.",
        use_rules="Siivoa jälkesi.",
        free_of_charge_conditions="Maksuton yleishyödyllisille yhdistyksille.",
    )
    BookingRulesFactory(
        space=space,
        max_days_ahead=60,
        min_length_minutes=60,
        max_length_minutes=180,
        start_interval_minutes=30,
        buffer_minutes=15,
        max_open_bookings=3,
        requires_approval=True,
        cancellation_deadline_hours=48,
    )
    SpacePhoto.objects.create(
        space=space,
        image=SimpleUploadedFile("huone.png", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
        alt_text="Pöytä ja kaksitoista tuolia",
        alt_text_sv="Ett bord och tolv stolar",
    )

    data = resident.get(detail(space)).json()

    assert data["id"] == space.pk
    assert data["name"] == {"fi": "Kokoushuone", "sv": "Mötesrum", "en": "Meeting room"}
    assert data["description"] == {"fi": "Valoisa huone."}
    assert data["type"] == "meeting_room"
    assert data["people_capacity"] == 12
    assert data["area"] == 24.5
    assert data["unit"] == {
        "id": site.pk,
        "name": {"fi": "Seurantalo", "sv": "Föreningshuset"},
        "street_address": {"fi": "Kirkkotie 1"},
    }
    assert data["parent"] is None
    assert data["children"] == []
    assert data["images"][0]["url"].startswith("http://testserver/media/facilities/")
    assert data["images"][0]["alt_text"] == {
        "fi": "Pöytä ja kaksitoista tuolia",
        "sv": "Ett bord och tolv stolar",
    }
    assert data["accessibility"] == {
        "step_free_access": True,
        "accessible_toilet": False,
        "induction_loop": True,
        "accessible_parking": False,
        "notes": {"fi": "Luiska pääovella."},
    }
    assert data["reservable_max_days_in_advance"] == 60
    assert data["min_reservation_duration"] == "01:00:00"
    assert data["max_reservation_duration"] == "03:00:00"
    assert data["slot_size"] == "00:30:00"
    assert data["cooldown"] == "00:15:00"
    assert data["max_reservations_per_user"] == 3
    assert data["need_manual_confirmation"] is True
    assert data["cancellation_deadline_hours"] == 48
    assert data["terms_of_use"] == {"fi": "Siivoa jälkesi."}
    assert data["free_of_charge_conditions"] == {"fi": "Maksuton yleishyödyllisille yhdistyksille."}
    assert data["page_url"] == "http://testserver/tilat/tila/kokoushuone/"
    assert data["ical_url"] == "http://testserver/tilat/tila/kokoushuone/kalenteri.ics"
    assert data["availability_url"] == f"http://testserver{availability(space)}"


def test_the_public_page_and_feed_links_open(resident, room):
    data = resident.get(detail(room)).json()

    assert resident.get(data["page_url"]).status_code == 200
    assert resident.get(data["ical_url"]).status_code == 200
    assert resident.get(data["availability_url"]).status_code == 200


def test_a_space_without_rules_shows_the_default_rules(resident, site):
    space = SpaceFactory(site=site)
    defaults = BookingRules()

    data = resident.get(detail(space)).json()

    assert data["reservable_max_days_in_advance"] == defaults.max_days_ahead
    assert data["max_reservations_per_user"] == defaults.max_open_bookings
    assert data["description"] is None
    assert data["images"] == []


def test_the_hall_lists_its_halves_and_each_half_names_the_hall(resident, hall):
    whole, half_a, half_b = hall

    listing = resident.get(LIST).json()["results"]
    tree = {space["id"]: (space["parent"], space["children"]) for space in listing}

    assert tree[whole.pk] == (None, [half_a.pk, half_b.pk])
    assert tree[half_a.pk] == (whole.pk, [])
    assert tree[half_b.pk] == (whole.pk, [])


def test_unpublished_spaces_are_never_in_the_api(resident, hall):
    whole, half_a, half_b = hall
    Space.objects.filter(pk__in=[whole.pk, half_b.pk]).update(is_published=False)

    listing = resident.get(LIST).json()
    hidden = [
        resident.get(url(space)) for space in (whole, half_b) for url in (detail, availability)
    ]

    assert [space["id"] for space in listing["results"]] == [half_a.pk]
    assert listing["results"][0]["parent"] is None
    assert [response.status_code for response in hidden] == [404, 404, 404, 404]
    assert all("detail" in response.json() for response in hidden)


def test_an_unpublished_half_is_not_among_the_halls_children(resident, hall):
    whole, half_a, half_b = hall
    Space.objects.filter(pk=half_b.pk).update(is_published=False)

    data = resident.get(detail(whole)).json()

    assert data["children"] == [half_a.pk]


def test_opening_hours_are_weekly_with_the_coming_exceptions(resident, site):
    translation.activate("fi")
    space = SpaceFactory(site=site)
    OpeningExceptionFactory(
        site=site,
        starts_on=timezone.localdate() + timedelta(days=3),
        ends_on=timezone.localdate() + timedelta(days=4),
        reason="Juhannus",
    )
    OpeningExceptionFactory(
        space=space,
        starts_on=timezone.localdate() + timedelta(days=10),
        ends_on=timezone.localdate() + timedelta(days=10),
        is_closed=False,
        opens_at=time(12),
        closes_at=time(16),
        reason="Kunnan oma tilaisuus",
    )
    OpeningExceptionFactory(
        site=site,
        starts_on=timezone.localdate() - timedelta(days=10),
        ends_on=timezone.localdate() - timedelta(days=9),
        reason="Mennyt",
    )

    data = resident.get(detail(space)).json()

    assert data["opening_hours"] == [
        {"weekday": weekday, "opens": "08:00", "closes": "22:00"} for weekday in range(7)
    ]
    assert data["opening_exceptions"] == [
        {
            "starts_on": day(10),
            "ends_on": day(10),
            "is_closed": False,
            "opens": "12:00",
            "closes": "16:00",
            "reason": {"fi": "Kunnan oma tilaisuus"},
        },
        {
            "starts_on": day(3),
            "ends_on": day(4),
            "is_closed": True,
            "opens": None,
            "closes": None,
            "reason": {"fi": "Juhannus"},
        },
    ]


def test_a_spaces_own_hours_replace_its_sites(resident, site):
    space = SpaceFactory(site=site)
    OpeningHoursFactory(space=space, weekday=2, opens_at=time(17), closes_at=time(0))

    data = resident.get(detail(space)).json()

    assert data["opening_hours"] == [{"weekday": 2, "opens": "17:00", "closes": "00:00"}]


def test_a_space_without_hours_is_open_around_the_clock(resident):
    space = SpaceFactory()

    data = resident.get(detail(space)).json()

    assert data["opening_hours"] == [
        {"weekday": weekday, "opens": "00:00", "closes": "00:00"} for weekday in range(7)
    ]


def test_a_booked_half_makes_the_hall_taken_but_not_the_other_half(
    resident, hall, association_rep, booking_data
):
    whole, half_a, half_b = hall
    services.book_space(space=half_a, by=association_rep, **booking_data)
    query = {"start": day(7), "end": day(7)}

    expected_taken = [
        (moment(7, 0), moment(7, 8), "closed"),
        (moment(7, 8), moment(7, 10), "free"),
        (moment(7, 10), moment(7, 12), "taken"),
        (moment(7, 12), moment(7, 22), "free"),
        (moment(7, 22), moment(8, 0), "closed"),
    ]
    assert states(resident.get(availability(whole), query)) == expected_taken
    assert states(resident.get(availability(half_a), query)) == expected_taken
    assert states(resident.get(availability(half_b), query)) == [
        (moment(7, 0), moment(7, 8), "closed"),
        (moment(7, 8), moment(7, 22), "free"),
        (moment(7, 22), moment(8, 0), "closed"),
    ]


def test_a_booked_hall_makes_both_halves_taken(resident, hall, association_rep, booking_data):
    whole, half_a, half_b = hall
    services.book_space(space=whole, by=association_rep, **booking_data)
    query = {"start": day(7), "end": day(7)}

    for half in (half_a, half_b):
        assert (moment(7, 10), moment(7, 12), "taken") in states(
            resident.get(availability(half), query)
        )


def test_a_maintenance_block_and_the_changeover_time_are_taken(
    resident, room, liaison_officer, association_rep, booking_data
):
    BookingRules.objects.filter(space=room).update(buffer_minutes=30)
    room = Space.objects.get(pk=room.pk)
    services.block_space(
        space=room,
        starts_at=at(7, 14),
        ends_at=at(7, 16),
        reason="Lattiahuolto",
        by=liaison_officer,
    )
    services.book_space(space=room, by=association_rep, **booking_data)

    response = resident.get(availability(room), {"start": day(7), "end": day(7)})

    assert states(response) == [
        (moment(7, 0), moment(7, 8), "closed"),
        (moment(7, 8), moment(7, 10), "free"),
        (moment(7, 10), moment(7, 12, 30), "taken"),
        (moment(7, 12, 30), moment(7, 14), "free"),
        (moment(7, 14), moment(7, 16), "taken"),
        (moment(7, 16), moment(7, 22), "free"),
        (moment(7, 22), moment(8, 0), "closed"),
    ]
    assert "Lattiahuolto" not in response.content.decode()


def test_closed_days_and_shorter_hours_are_closed(resident, room):
    OpeningExceptionFactory(
        site=room.site,
        starts_on=timezone.localdate() + timedelta(days=1),
        ends_on=timezone.localdate() + timedelta(days=1),
        reason="Itsenäisyyspäivä",
    )
    OpeningExceptionFactory(
        space=room,
        starts_on=timezone.localdate() + timedelta(days=2),
        ends_on=timezone.localdate() + timedelta(days=2),
        is_closed=False,
        opens_at=time(12),
        closes_at=time(14),
    )

    response = resident.get(availability(room), {"start": day(1), "end": day(2)})

    assert states(response) == [
        (moment(1, 0), moment(2, 12), "closed"),
        (moment(2, 12), moment(2, 14), "free"),
        (moment(2, 14), moment(3, 0), "closed"),
    ]
    assert response.json()["start"] == day(1)
    assert response.json()["end"] == day(2)


def test_the_availability_defaults_to_the_week_from_today(resident, room):
    data = resident.get(availability(room)).json()

    assert (data["space"], data["start"], data["end"]) == (room.pk, day(0), day(6))
    assert data["intervals"][0]["start"] == moment(0, 0)
    assert data["intervals"][-1]["end"] == moment(7, 0)


def test_a_new_booking_shows_at_once_although_the_answer_is_cached(
    resident, room, association_rep, booking_data
):
    query = {"start": day(7), "end": day(7)}
    before = states(resident.get(availability(room), query))

    services.book_space(space=room, by=association_rep, **booking_data)
    after = states(resident.get(availability(room), query))

    assert (moment(7, 10), moment(7, 12), "taken") not in before
    assert (moment(7, 10), moment(7, 12), "taken") in after


def test_the_availability_shows_no_one_who_booked(
    resident, hall, association, association_rep, booking_data
):
    whole, half_a, _half_b = hall
    association_rep.first_name, association_rep.last_name = "Tiina", "Varaaja"
    association_rep.save(update_fields=["first_name", "last_name"])
    services.book_space(space=half_a, by=association_rep, **booking_data)

    texts = [
        resident.get(availability(space), {"start": day(7), "end": day(7)}).content.decode()
        for space in (whole, half_a)
    ] + [resident.get(LIST).content.decode()]

    for text in texts:
        for private in (
            "Tiina",
            "Varaaja",
            association_rep.email,
            association.name,
            booking_data["purpose"],
        ):
            assert private not in text
    assert '"taken"' in texts[0]


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2026-13-45"},
        {"end": "tomorrow"},
        {"start": "a\x00b"},
        {"start": day(5), "end": day(4)},
        {"start": day(0), "end": day(31)},
        {"start": "9999-12-31"},
        {"end": "0001-01-01"},
        {"start": day(-4000), "end": day(-3990)},
    ],
)
def test_a_bad_range_gives_400_with_the_reason(resident, room, query):
    response = resident.get(availability(room), query)

    assert response.status_code == 400
    assert set(response.json()) <= {"start", "end"}
    assert response.json()


def test_the_longest_range_is_31_days(resident, room):
    response = resident.get(availability(room), {"start": day(0), "end": day(30)})

    assert response.status_code == 200
    assert response.json()["intervals"][-1]["end"] == moment(31, 0)


@pytest.mark.parametrize("pk", ["abc", "0", "-5", "99999999999999999999", "1.5", "٣", "12345"])
@pytest.mark.parametrize("suffix", ["", "availability/"])
def test_an_id_that_is_no_space_gives_404_in_the_apis_shape(resident, room, pk, suffix):
    response = resident.get(f"{LIST}{pk}/{suffix}")

    assert response.status_code == 404
    assert "detail" in response.json()


def test_the_public_list_filters_work_in_the_api(resident, site, hall):
    whole, half_a, half_b = hall
    translation.activate("fi")
    small = SpaceFactory(site=site, name="Pieni", capacity=6, step_free_access=True)
    big = SpaceFactory(site=site, name="Iso", capacity=40, induction_loop=True)

    def ids(query):
        return {space["id"] for space in resident.get(LIST, query).json()["results"]}

    assert ids({"site": site.pk}) == {big.pk, small.pk}
    assert ids({"type": "hall"}) == {whole.pk, half_a.pk, half_b.pk}
    assert ids({"capacity": 40}) == {whole.pk, half_a.pk, half_b.pk, big.pk}
    assert ids({"step_free_access": "true"}) == {small.pk}
    assert ids({"step_free_access": "false", "site": site.pk}) == {big.pk}
    assert ids({"induction_loop": "true", "site": site.pk}) == {big.pk}
    assert [space["id"] for space in resident.get(LIST, {"site": site.pk}).json()["results"]] == [
        big.pk,
        small.pk,
    ]


def test_the_free_time_filter_leaves_out_taken_and_closed_spaces(
    resident, hall, association_rep, booking_data
):
    whole, half_a, half_b = hall
    services.book_space(space=half_a, by=association_rep, **booking_data)

    def ids(query):
        return {space["id"] for space in resident.get(LIST, query).json()["results"]}

    assert ids({"free_on": day(7), "free_from": "10:30", "duration": 60}) == {half_b.pk}
    assert ids({"free_on": day(7), "free_from": "12:00"}) == {whole.pk, half_a.pk, half_b.pk}
    assert ids({"free_on": day(7), "free_from": "23:00"}) == set()


@pytest.mark.parametrize(
    "query",
    [
        {"site": "abc"},
        {"site": "99999999999999999999"},
        {"type": "castle"},
        {"capacity": "many"},
        {"capacity": "1.5"},
        {"capacity": "0"},
        {"capacity": "1e309"},
        {"step_free_access": "maybe"},
        {"accessible_parking": "yes"},
        {"free_on": "2026-02-30", "free_from": "10:00"},
        {"free_on": day(1), "free_from": "24:61"},
        {"free_on": day(1)},
        {"free_from": "10:00"},
        {"free_on": day(1), "free_from": "10:00", "duration": "5"},
        {"free_on": "9999-01-01", "free_from": "10:00"},
        {"page": "x"},
    ],
)
def test_a_filter_that_is_not_understood_gives_400_with_the_reason(resident, room, query):
    response = resident.get(LIST, query)

    assert response.status_code == 400
    assert response.json()
    assert set(response.json()) <= {*query, "free_on", "free_from"}


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_runs_the_same_queries_for_few_and_many_spaces(
    resident, django_assert_num_queries, private_storage, rows
):
    sites = [SiteFactory(), SiteFactory()]
    open_every_day(sites[0])
    parents: list[Space] = []
    for index in range(rows):
        space = SpaceFactory(site=sites[index % 2], parent=parents[-1] if index % 3 == 2 else None)
        parents.append(space)
        BookingRulesFactory(space=space)
        OpeningHoursFactory(space=space, weekday=index % 7)
        OpeningExceptionFactory(
            space=space, starts_on=timezone.localdate(), ends_on=timezone.localdate()
        )
        SpacePhoto.objects.create(
            space=space, image=SimpleUploadedFile("k.png", b"\x89PNG"), alt_text="Kuva"
        )
    OpeningExceptionFactory(
        site=sites[0], starts_on=timezone.localdate(), ends_on=timezone.localdate()
    )

    # count, spaces with sites, parents and rules, children, photos, the spaces' hours, the
    # sites' hours, the spaces' exceptions, the sites' exceptions
    with django_assert_num_queries(8):
        response = resident.get(LIST)

    assert response.status_code == 200
    assert response.json()["count"] == rows


@pytest.mark.parametrize("bookings", [1, 12])
def test_the_availability_runs_the_same_queries_for_few_and_many_bookings(
    resident, hall, association_rep, booking_data, django_assert_num_queries, bookings
):
    whole, half_a, half_b = hall
    BookingRules.objects.update(max_open_bookings=100)
    half_a, half_b = Space.objects.get(pk=half_a.pk), Space.objects.get(pk=half_b.pk)
    for index in range(bookings):
        booking_data.update(starts_at=at(7 + index, 10), ends_at=at(7 + index, 11))
        services.book_space(space=(half_a, half_b)[index % 2], by=association_rep, **booking_data)

    # the space, its hours, its exceptions, the spaces inside it, the taken times
    with django_assert_num_queries(5):
        response = resident.get(availability(whole), {"start": day(7), "end": day(20)})

    assert response.status_code == 200
    assert len([i for i in response.json()["intervals"] if i["state"] == "taken"]) == bookings


def test_the_spaces_are_in_the_openapi_schema_with_their_errors(resident):
    schema = resident.get("/api/schema/", {"format": "json"}).json()

    listing = schema["paths"]["/api/v1/spaces/"]["get"]
    one = schema["paths"]["/api/v1/spaces/{id}/"]["get"]
    free = schema["paths"]["/api/v1/spaces/{id}/availability/"]["get"]
    assert {"200", "400", "404"} <= set(listing["responses"])
    assert {"200", "404"} <= set(one["responses"])
    assert {"200", "400", "404"} <= set(free["responses"])
    assert {"site", "capacity", "step_free_access", "free_on"} <= {
        parameter["name"] for parameter in listing["parameters"]
    }
    assert {"start", "end"} <= {parameter["name"] for parameter in free["parameters"]}
    assert "respa" in one["description"]
    assert resident.get("/api/docs/").status_code == 200
