from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from facilities import services
from facilities.models import Booking, Occupancy, Space
from portal.models import AuditEvent
from tests.facilities.factories import SpaceFactory, at


def test_space_list_filters_by_type_capacity_and_accessibility(resident, room, hall):
    SpaceFactory(site=room.site, name="Esteetön sali", capacity=40, step_free_access=True)

    response = resident.get(
        reverse("facilities:space_list"), {"capacity": 30, "step_free_access": "on"}
    )

    assert [space.name for space in response.context["spaces"]] == ["Esteetön sali"]


def test_space_cards_name_place_facts_and_link_to_the_week_searched(resident, hall):
    _whole, half_a, _half_b = hall
    half_a.induction_loop = half_a.step_free_access = True
    half_a.name = "Sali <A>"
    half_a.save()
    tomorrow = timezone.localdate() + timedelta(days=1)

    with translation.override("en"):
        html = resident.get(
            reverse("facilities:space_list"),
            {"free_on": tomorrow.isoformat(), "free_from": "10:00", "duration": 60},
        ).content.decode()
        detail = reverse("facilities:space_detail", args=[half_a.slug])

    card = html.split(f'data-testid="space-{half_a.slug}">')[1].split("</li>")[0]
    assert f'<h3><a href="{detail}?week={tomorrow.isoformat()}">Sali &lt;A&gt;</a></h3>' in card
    assert "<p>Liikuntahalli · part of Sali</p>" in card
    assert "<dt>Type</dt><dd>Sports hall</dd>" in card
    assert "<dt>Capacity</dt><dd>50 people</dd>" in card
    assert card.count('class="tag"') == 2
    assert '<span class="tag">Step-free access</span>' in card
    assert '<span class="tag">Induction loop</span>' in card


def test_space_list_filters_by_type(resident, room, hall):
    response = resident.get(reverse("facilities:space_list"), {"type": Space.Type.HALL})

    assert {space.slug for space in response.context["spaces"]} == {"sali", "sali-a", "sali-b"}


def test_free_at_a_time_leaves_out_the_booked_space_and_the_space_around_it(
    resident, hall, association_rep, booking_data
):
    _whole, half_a, _half_b = hall
    services.book_space(space=half_a, by=association_rep, **booking_data)
    start = timezone.localtime(booking_data["starts_at"])

    response = resident.get(
        reverse("facilities:space_list"),
        {"free_on": start.date().isoformat(), "free_from": "10:30", "duration": 60},
    )

    assert [space.slug for space in response.context["spaces"]] == ["sali-b"]


def test_free_at_a_time_leaves_out_closed_spaces(resident, room):
    response = resident.get(
        reverse("facilities:space_list"),
        {"free_on": at(3, 5).date().isoformat(), "free_from": "05:00", "duration": 60},
    )

    assert response.context["spaces"] == []


@pytest.mark.parametrize(
    "query",
    [
        {"free_on": "2026-13-45", "free_from": "10:00"},
        {"free_on": "huomenna", "free_from": "10:00"},
        {"free_on": "2026-12-01"},
        {"free_on": "2026-12-01", "free_from": "25:99"},
        {"capacity": "paljon"},
        {"free_on": "9999-12-31", "free_from": "23:30", "duration": 120},
        {"duration": "-5", "free_on": "2026-12-01", "free_from": "10:00"},
    ],
)
def test_malformed_filters_give_a_clear_message_not_an_error(resident, room, query):
    response = resident.get(reverse("facilities:space_list"), query)

    assert response.status_code == 400
    assert (
        'class="error"' in response.content.decode() or "form-errors" in response.content.decode()
    )


@pytest.mark.parametrize("count", [3, 30])
def test_space_list_queries_do_not_grow_with_spaces_or_bookings(
    resident, site, association, association_rep, count, django_assert_num_queries
):
    for index in range(count):
        space = SpaceFactory(site=site, capacity=50)
        Occupancy.objects.create(
            space=space,
            booking=Booking.objects.create(
                space=space,
                association=association,
                booked_by=association_rep,
                starts_at=at(3, 10),
                ends_at=at(3, 11),
                purpose=f"Kokous {index}",
                expected_participants=3,
            ),
            period=(at(3, 10), at(3, 11)),
        )
    query = {"free_on": at(3, 10).date().isoformat(), "free_from": "12:00", "capacity": 5}

    with django_assert_num_queries(5):
        response = resident.get(reverse("facilities:space_list"), query)

    assert len(response.context["spaces"]) == count


def test_week_calendar_shows_taken_slots_without_the_associations_name(
    resident, room, association_rep, booking_data, association
):
    services.book_space(space=room, by=association_rep, **booking_data)
    start = timezone.localtime(booking_data["starts_at"])

    response = resident.get(
        reverse("facilities:space_detail", args=[room.slug]), {"week": start.date().isoformat()}
    )

    html = response.content.decode()
    assert f'data-slot="{start:%Y-%m-%dT%H:%M}" data-state="taken"' in html
    assert f'data-slot="{start + timedelta(hours=3):%Y-%m-%dT%H:%M}" data-state="free"' in html
    assert association.name not in html
    assert booking_data["purpose"] not in html


def test_half_of_a_hall_shows_the_whole_halls_booking_as_taken(
    resident, hall, association_rep, booking_data
):
    services.book_space(space=hall[0], by=association_rep, **booking_data)
    start = timezone.localtime(booking_data["starts_at"])

    response = resident.get(
        reverse("facilities:space_detail", args=["sali-b"]), {"week": start.date().isoformat()}
    )

    assert f'data-slot="{start:%Y-%m-%dT%H:%M}" data-state="taken"' in response.content.decode()


@pytest.mark.parametrize("week", ["2026-02-30", "viikko", "2026-1", "9999-12-31", "0001-01-01"])
def test_malformed_week_in_the_address_gives_a_clear_message(resident, room, week):
    response = resident.get(reverse("facilities:space_detail", args=[room.slug]), {"week": week})

    assert response.status_code == 400
    assert "not a date" in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_week_calendar_queries_do_not_grow_with_bookings(
    resident, room, association, association_rep, count, django_assert_num_queries
):
    for index in range(count):
        booking = Booking.objects.create(
            space=room,
            association=association,
            booked_by=association_rep,
            starts_at=at(7, 8) + timedelta(minutes=20 * index),
            ends_at=at(7, 8) + timedelta(minutes=20 * index + 10),
            purpose="Kokous",
            expected_participants=3,
        )
        Occupancy.objects.create(
            space=room, booking=booking, period=(booking.starts_at, booking.ends_at)
        )

    with django_assert_num_queries(6):
        resident.get(
            reverse("facilities:space_detail", args=[room.slug]),
            {"week": at(7, 8).date().isoformat()},
        )


def post_booking(client, room, association, **change):
    data = {
        "association": association.pk,
        "day": at(7, 10).date().isoformat(),
        "starts": "10:00",
        "ends": "12:00",
        "purpose": "Kuoroharjoitukset",
        "expected_participants": 10,
        "is_public_benefit": "on",
        **change,
    }
    return client.post(reverse("facilities:booking_create", args=[room.slug]), data)


def test_rep_books_a_room_through_the_form(client_for, association_rep, association, room):
    response = post_booking(client_for(association_rep), room, association)

    booking = Booking.objects.get()
    assert response.url == booking.get_absolute_url()
    assert booking.status == Booking.Status.PENDING


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ends": "09:00"}, "must end after"),
        ({"day": "2020-01-01"}, "already passed"),
        ({"expected_participants": 500}, "at most 12 people"),
        ({"starts": "05:00", "ends": "07:00"}, "not open"),
        ({"day": "32.13.2026"}, "valid date"),
        ({"starts": "kymmenen"}, "valid time"),
    ],
)
def test_bad_booking_form_shows_the_reason_and_books_nothing(
    client_for, association_rep, association, room, change, message
):
    response = post_booking(client_for(association_rep), room, association, **change)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Booking.objects.exists()


def test_losing_request_sees_that_the_time_was_just_taken(
    client_for, association_rep, association, room, monkeypatch
):
    post_booking(client_for(association_rep), room, association)
    monkeypatch.setattr(services, "_is_taken", lambda *args: False)

    response = post_booking(client_for(association_rep), room, association)

    assert response.status_code == 400
    assert "just taken" in response.content.decode()
    assert Booking.objects.count() == 1


def test_officer_confirms_from_the_booking_page(
    client_for, liaison_officer, room, association_rep, booking_data
):
    booking = services.book_space(space=room, by=association_rep, **booking_data)

    client_for(liaison_officer).post(
        reverse("facilities:booking_decide", args=[booking.pk]),
        {"decision-decision": "confirm", "decision-reason": ""},
    )

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_deny_without_reason_is_refused_and_changes_nothing(
    client_for, liaison_officer, room, association_rep, booking_data
):
    booking = services.book_space(space=room, by=association_rep, **booking_data)

    response = client_for(liaison_officer).post(
        reverse("facilities:booking_decide", args=[booking.pk]),
        {"decision-decision": "deny", "decision-reason": ""},
        follow=True,
    )

    assert "why the request is denied" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.PENDING


def test_rep_cancels_with_a_reason_and_the_time_is_free(
    client_for, room, association_rep, booking_data
):
    booking = services.book_space(space=room, by=association_rep, **booking_data)

    client_for(association_rep).post(
        reverse("facilities:booking_cancel", args=[booking.pk]), {"cancel-reason": "Sairastuimme"}
    )

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert not Occupancy.objects.filter(is_active=True).exists()


def test_rep_records_participants_after_the_booking(
    client_for, room, association_rep, booking_data, liaison_officer
):
    booking = services.book_space(space=room, by=association_rep, **booking_data)
    services.confirm_booking(booking=booking, by=liaison_officer)
    Booking.objects.filter(pk=booking.pk).update(starts_at=at(-2, 10), ends_at=at(-2, 12))

    client_for(association_rep).post(
        reverse("facilities:booking_participants", args=[booking.pk]),
        {"participants-actual_participants": 9},
    )

    booking.refresh_from_db()
    assert booking.actual_participants == 9


def test_officer_queue_lists_pending_requests_in_constant_queries(
    client_for,
    liaison_officer,
    room,
    association,
    association_rep,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    def make(count):
        for index in range(count):
            Booking.objects.create(
                space=room,
                association=association,
                booked_by=association_rep,
                starts_at=at(10 + index, 10),
                ends_at=at(10 + index, 11),
                purpose="Kokous",
                expected_participants=3,
                status=Booking.Status.PENDING,
            )

    client = client_for(liaison_officer)
    make(3)
    # The session, the user, the roles, the nav's count, the sites of the filter, the
    # paginator's count, the page and the sector check: the same for 3 and 30 rows.
    with django_assert_max_num_queries(8) as three:
        client.get(reverse("facilities:officer_queue"))
    make(27)
    with django_assert_num_queries(len(three.captured_queries)):
        response = client.get(reverse("facilities:officer_queue"))

    assert len(response.context["bookings"]) == 30


def test_series_form_previews_then_books(client_for, association_rep, association, room):
    start = timezone.localdate() + timedelta(days=7)
    data = {
        "association": association.pk,
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(weeks=2)).isoformat(),
        "interval_weeks": 1,
        "starts": "18:00",
        "ends": "20:00",
        "purpose": "Kuoro",
        "expected_participants": 10,
        "is_open_to_all": "on",
    }
    client = client_for(association_rep)
    url = reverse("facilities:series_create", args=[room.slug])

    preview = client.post(url, {**data, "preview": "1"})
    assert preview.context["free_count"] == 3
    assert not Booking.objects.exists()
    client.post(url, {**data, "book": "1"})

    assert Booking.objects.count() == 3


def test_officer_blocks_a_time_and_sees_it_in_the_schedule(client_for, liaison_officer, room):
    day = at(5, 8).date().isoformat()
    client = client_for(liaison_officer)

    client.post(
        reverse("facilities:block_create"),
        {
            "space": room.pk,
            "starts_on": day,
            "starts": "08:00",
            "ends_on": day,
            "ends": "12:00",
            "reason": "Ikkunapesu",
        },
    )
    response = client.get(reverse("facilities:officer_schedule"), {"day": day})

    assert "Ikkunapesu" in response.content.decode()


@pytest.mark.parametrize("day", ["eilen", "9999-12-31", "0001-01-01"])
def test_malformed_date_in_the_schedule_address_gives_a_clear_message(
    client_for, liaison_officer, day
):
    response = client_for(liaison_officer).get(
        reverse("facilities:officer_schedule"), {"day": day, "span": "week"}
    )

    assert response.status_code == 400
    assert "not a date" in response.content.decode()


def test_hub_section_and_nav_link_to_the_premises(resident, room):
    response = resident.get(reverse("portal:home"))

    html = response.content.decode()
    assert 'id="hub-facilities-link"' in html
    assert 'id="nav-facilities"' in html


def test_dashboard_shows_the_reps_upcoming_booking(client_for, association_rep, room, booking_data):
    booking = services.book_space(space=room, by=association_rep, **booking_data)
    room.name_sv = "Mötesrummet"
    room.save()

    finnish = client_for(association_rep).get(reverse("portal:dashboard")).content.decode()
    with translation.override("sv"):
        swedish = client_for(association_rep).get(reverse("portal:dashboard")).content.decode()

    assert "Kokoushuone" in finnish
    assert "Mötesrummet" in swedish
    assert booking.association.name in swedish
    assert booking.get_absolute_url() in finnish


def test_officer_links_show_the_number_of_waiting_requests(
    client_for, liaison_officer, room, association_rep, booking_data
):
    services.book_space(space=room, by=association_rep, **booking_data)

    response = client_for(liaison_officer).get(reverse("portal:dashboard"))

    assert "(1 waiting)" in response.content.decode()


def test_officer_edits_a_spaces_booking_rules_and_the_change_is_logged(
    client_for, liaison_officer, room
):
    data = {
        "start_interval_minutes": 60,
        "min_length_minutes": 60,
        "max_length_minutes": 180,
        "buffer_minutes": 15,
        "max_days_ahead": 60,
        "max_open_bookings": 3,
        "cancellation_deadline_hours": 48,
    }

    client_for(liaison_officer).post(reverse("facilities:rules_edit", args=[room.slug]), data)

    room.booking_rules.refresh_from_db()
    assert room.booking_rules.requires_approval is False
    assert room.booking_rules.buffer_minutes == 15
    assert AuditEvent.objects.filter(action="facilities.rules_changed").exists()


def test_rules_where_the_longest_is_shorter_than_the_shortest_are_refused(
    client_for, liaison_officer, room
):
    response = client_for(liaison_officer).post(
        reverse("facilities:rules_edit", args=[room.slug]),
        {
            "start_interval_minutes": 30,
            "min_length_minutes": 120,
            "max_length_minutes": 60,
            "buffer_minutes": 0,
            "max_days_ahead": 60,
            "max_open_bookings": 3,
            "cancellation_deadline_hours": 24,
        },
    )

    assert response.status_code == 400
    room.booking_rules.refresh_from_db()
    assert room.booking_rules.min_length_minutes == 30


def test_officer_adds_a_holiday_to_the_sites_opening_hours(client_for, liaison_officer, room):
    site = room.site
    url = reverse("facilities:opening_hours_edit", args=[site.slug])
    client = client_for(liaison_officer)
    form = client.get(url).context["hours"]
    data = {
        "hours-TOTAL_FORMS": form.total_form_count(),
        "hours-INITIAL_FORMS": form.initial_form_count(),
        "exceptions-TOTAL_FORMS": 1,
        "exceptions-INITIAL_FORMS": 0,
        "exceptions-0-starts_on": "2026-12-24",
        "exceptions-0-ends_on": "2026-12-26",
        "exceptions-0-is_closed": "on",
        "exceptions-0-reason": "Joulu",
    }
    for index, hours in enumerate(site.opening_hours.all()):
        data[f"hours-{index}-id"] = hours.pk
        data[f"hours-{index}-weekday"] = hours.weekday
        data[f"hours-{index}-opens_at"] = "08:00"
        data[f"hours-{index}-closes_at"] = "22:00"

    client.post(url, data)

    assert site.opening_exceptions.get().reason == "Joulu"
    assert AuditEvent.objects.filter(action="facilities.opening_hours_changed").exists()


@pytest.mark.parametrize(("who", "status"), [("association_rep", 403), ("sector_officer", 403)])
def test_only_the_handling_officer_edits_rules_and_hours(request, client_for, room, who, status):
    client = client_for(request.getfixturevalue(who))

    assert client.get(reverse("facilities:rules_edit", args=[room.slug])).status_code == status
    assert (
        client.get(reverse("facilities:opening_hours_edit", args=[room.site.slug])).status_code
        == status
    )


def test_free_slot_links_a_representative_to_a_prefilled_booking_form(
    client_for, association_rep, room
):
    day = at(7, 10).date().isoformat()
    client = client_for(association_rep)

    page = client.get(reverse("facilities:space_detail", args=[room.slug]), {"week": day})
    form = client.get(
        reverse("facilities:booking_create", args=[room.slug]),
        {"day": day, "starts": "10:00", "ends": "11:00"},
    )

    assert f"?day={day}&amp;starts=10:00&amp;ends=11:00" in page.content.decode()
    assert form.context["form"]["starts"].value() == "10:00"


def test_anonymous_visitor_gets_the_space_list_from_the_cache(
    resident, room, django_assert_num_queries
):
    resident.get(reverse("facilities:space_list"))

    with django_assert_num_queries(0):
        response = resident.get(reverse("facilities:space_list"))

    assert 'data-testid="space-kokoushuone"' in response.content.decode()


def test_new_booking_shows_at_once_on_the_cached_week_calendar(
    resident, room, association_rep, booking_data
):
    start = timezone.localtime(booking_data["starts_at"])
    url = reverse("facilities:space_detail", args=[room.slug])
    resident.get(url, {"week": start.date().isoformat()})

    services.book_space(space=room, by=association_rep, **booking_data)
    response = resident.get(url, {"week": start.date().isoformat()})

    assert f'data-slot="{start:%Y-%m-%dT%H:%M}" data-state="taken"' in response.content.decode()


def test_logged_in_representative_never_gets_the_anonymous_copy(
    resident, client_for, association_rep, room
):
    url = reverse("facilities:space_detail", args=[room.slug])
    resident.get(url)

    response = client_for(association_rep).get(url)

    assert 'id="book-space"' in response.content.decode()


def test_hub_section_queries_do_not_grow_with_spaces(resident, site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.caching import HOME_VERSION

    def queries_with(count):
        while Space.objects.count() < count:
            SpaceFactory(site=site)
        HOME_VERSION.bump()  # the hub is rendered again, not served from the cache
        with CaptureQueriesContext(connection) as captured:
            response = resident.get(reverse("portal:home"))
        assert f"{count} spaces" in response.content.decode()
        return len(captured)

    resident.get(reverse("portal:home"))  # the first visit fills per-process caches
    assert queries_with(3) == queries_with(30)


def test_booking_may_end_at_midnight(client_for, association_rep, association, room):
    room.site.opening_hours.update(closes_at="00:00")

    post_booking(client_for(association_rep), room, association, starts="22:00", ends="00:00")

    booking = Booking.objects.get()
    assert booking.ends_at - booking.starts_at == timedelta(hours=2)


def test_day_grid_shows_who_holds_each_hour_in_constant_queries(
    client_for, liaison_officer, hall, association, association_rep, booking_data
):
    services.book_space(space=hall[0], by=association_rep, **booking_data)
    day = timezone.localtime(booking_data["starts_at"]).date().isoformat()
    client = client_for(liaison_officer)
    client.get(reverse("facilities:officer_schedule"), {"day": day})

    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse("facilities:officer_schedule"), {"day": day})
    for hour in range(13, 17):
        services.book_space(
            space=hall[2],
            by=association_rep,
            **{**booking_data, "starts_at": at(7, hour), "ends_at": at(7, hour + 1)},
        )
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("facilities:officer_schedule"), {"day": day})

    grid = response.context["grid"]
    half_b_cells = dict(zip(response.context["grid_hours"], grid[2][1], strict=True))
    assert half_b_cells[10].label == f"{association.name}: Kuoroharjoitukset"
    assert half_b_cells[12].state == "free"
    assert len(few) == len(more)


def test_day_grid_shows_the_whole_hall_taken_while_one_half_is_booked(
    client_for, liaison_officer, hall, association, association_rep, booking_data
):
    whole, half_a, half_b = hall
    services.book_space(space=half_a, by=association_rep, **booking_data)
    day = timezone.localtime(booking_data["starts_at"]).date().isoformat()

    response = client_for(liaison_officer).get(reverse("facilities:officer_schedule"), {"day": day})

    rows = {
        space.pk: dict(zip(response.context["grid_hours"], cells, strict=True))
        for space, cells in response.context["grid"]
    }
    assert rows[whole.pk][10].state == Booking.Status.CONFIRMED
    assert rows[whole.pk][10].label == f"{association.name}: Kuoroharjoitukset"
    assert rows[half_b.pk][10].state == "free"
    assert rows[whole.pk][13].state == "free"


def test_day_grid_shows_both_halves_taken_while_the_whole_hall_is_booked(
    client_for, liaison_officer, hall, association_rep, booking_data
):
    whole, half_a, half_b = hall
    services.book_space(space=whole, by=association_rep, **booking_data)
    day = timezone.localtime(booking_data["starts_at"]).date().isoformat()

    response = client_for(liaison_officer).get(reverse("facilities:officer_schedule"), {"day": day})

    rows = {
        space.pk: cells[response.context["grid_hours"].index(11)]
        for space, cells in response.context["grid"]
    }
    assert rows[half_a.pk].state == rows[half_b.pk].state == Booking.Status.CONFIRMED


def test_week_calendar_shows_a_begun_slot_as_past_without_a_booking_link(
    client_for, association_rep, room
):
    yesterday = timezone.localdate() - timedelta(days=1)

    response = client_for(association_rep).get(
        reverse("facilities:space_detail", args=[room.slug]), {"week": yesterday.isoformat()}
    )

    cells = {cell.key: cell for _at, row in response.context["calendar"].rows for cell in row}
    past = cells[f"{yesterday.isoformat()}T10:00"]
    assert past.state == "past"
    assert str(past.label) == "Past"
    html = response.content.decode()
    assert f"day={yesterday.isoformat()}&amp;starts=10:00" not in html
    assert f'class="slot slot-past" data-slot="{yesterday.isoformat()}T10:00"' in html


def test_booking_form_does_not_offer_a_time_that_has_passed(client_for, association_rep, room):
    yesterday = timezone.localdate() - timedelta(days=1)

    response = client_for(association_rep).get(
        reverse("facilities:booking_create", args=[room.slug]),
        {"day": yesterday.isoformat(), "starts": "10:00", "ends": "11:00"},
    )

    form = response.context["form"]
    assert "starts" not in form.initial
    assert "day" not in form.initial
    assert form.fields["day"].widget.attrs["min"] == timezone.localdate().isoformat()


def test_booking_form_refuses_a_past_start_at_the_start_field(
    client_for, association_rep, association, room
):
    yesterday = timezone.localdate() - timedelta(days=1)

    response = post_booking(
        client_for(association_rep), room, association, day=yesterday.isoformat()
    )

    assert response.status_code == 400
    assert response.context["form"].errors["starts"] == [
        "That time has already passed. Choose a later time."
    ]
    assert not Booking.objects.exists()
