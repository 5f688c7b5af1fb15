"""The whole path in Chromium: find a free room, book it, the officer approves, the calendar
feed shows it, the association cancels. Elements are found by ids and by our own data, since
the Finnish UI texts are translated later."""

from datetime import time, timedelta

import pytest
from django.conf import settings
from django.test import Client
from icalendar import Calendar
from playwright.sync_api import expect

from facilities import services
from facilities.models import Booking
from tests.browser.conftest import assert_accessible
from tests.facilities.factories import (
    BookingRulesFactory,
    SiteFactory,
    SpaceFactory,
    at,
    open_every_day,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_as(page, live_server, user):
    """Swap the browser's session for the user's (an officer's second factor is set up)."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def feed_events(page, url):
    response = page.request.get(url)
    assert response.ok
    return list(Calendar.from_ical(response.body()).walk("VEVENT"))


def test_rep_books_a_free_room_the_officer_approves_and_the_rep_cancels(
    live_server, page, log_in, association, association_rep, liaison_officer
):
    site = SiteFactory(name="Yhdistystalo", slug="yhdistystalo")
    open_every_day(site, opens=time(8), closes=time(22))
    room = SpaceFactory(site=site, name="Kokoushuone Aalto", slug="kokoushuone-aalto", capacity=16)
    BookingRulesFactory(space=room, requires_approval=True)
    day = at(7, 10).date().isoformat()

    log_in(page, association_rep)
    page.goto(f"{live_server.url}/tilat/")
    assert_accessible(page)
    page.locator("#id_free_on").fill(day)
    page.locator("#id_free_from").fill("18:00")
    page.locator("#id_duration").fill("120")
    page.get_by_test_id("filter-submit").click()
    expect(page.get_by_test_id("space-kokoushuone-aalto")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Kokoushuone Aalto").click()
    expect(page.locator("#week-calendar")).to_be_visible()
    assert_accessible(page)
    page.locator("#book-space").click()
    assert_accessible(page)
    page.locator("#id_day").fill(day)
    page.locator("#id_starts").fill("18:00")
    page.locator("#id_ends").fill("20:00")
    page.locator("#id_purpose").fill("Kuoroharjoitukset")
    page.locator("#id_expected_participants").fill("12")
    page.locator("#id_is_open_to_all").check()
    page.locator("#booking-submit").click()
    expect(page.locator("#booking-status")).to_have_attribute("data-status", "pending")
    assert_accessible(page)
    booking = Booking.objects.get()

    sign_in_as(page, live_server, liaison_officer)
    page.goto(f"{live_server.url}/tilat/jono/")
    assert_accessible(page)
    page.get_by_test_id(f"request-{booking.pk}").click()
    assert_accessible(page)
    page.locator("#id_decision-decision_0").check()
    page.locator("#decision-submit").click()
    expect(page.locator("#booking-queue")).to_be_visible()
    page.goto(f"{live_server.url}{booking.get_absolute_url()}")
    expect(page.locator("#booking-status")).to_have_attribute("data-status", "confirmed")
    assert_accessible(page)

    sign_in_as(page, live_server, association_rep)
    page.goto(f"{live_server.url}/tilat/varaukset/")
    page.get_by_test_id(f"make-feed-{association.pk}").click()
    feed = page.get_by_test_id(f"feed-{association.pk}")
    expect(feed).to_be_visible()
    assert_accessible(page)
    feed_url = live_server.url + feed.get_attribute("href")
    [event] = feed_events(page, feed_url)
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["summary"]) == "Kuoroharjoitukset"

    page.get_by_test_id(f"booking-{booking.pk}").click()
    page.locator("#id_cancel-reason").fill("Kuoronjohtaja sairastui")
    page.locator("#cancel-submit").click()
    expect(page.locator("#booking-status")).to_have_attribute("data-status", "cancelled")
    assert_accessible(page)
    [event] = feed_events(page, feed_url)
    assert str(event["status"]) == "CANCELLED"
    assert event["sequence"] == 2


def test_rep_previews_and_books_a_weekly_series_with_a_clashing_date_left_out(
    live_server, page, log_in, association, association_rep, liaison_officer
):
    site = SiteFactory(name="Liikuntahalli", slug="liikuntahalli")
    open_every_day(site, opens=time(7), closes=time(22))
    hall = SpaceFactory(site=site, name="Palloilusali", slug="palloilusali", capacity=60)
    BookingRulesFactory(space=hall, requires_approval=False)
    first = at(7, 18)
    services.block_space(
        space=hall,
        starts_at=at(14, 18),
        ends_at=at(14, 21),
        reason="Lattiahuolto",
        by=liaison_officer,
    )

    log_in(page, association_rep)
    page.goto(f"{live_server.url}/tilat/tila/palloilusali/")
    page.locator("#book-series").click()
    assert_accessible(page)
    page.locator("#id_starts_on").fill(first.date().isoformat())
    page.locator("#id_ends_on").fill((first + timedelta(weeks=3)).date().isoformat())
    page.locator("#id_interval_weeks").fill("1")
    page.locator("#id_starts").fill("18:00")
    page.locator("#id_ends").fill("20:00")
    page.locator("#id_purpose").fill("Salibandyharjoitukset")
    page.locator("#id_expected_participants").fill("20")
    page.locator("#id_is_public_benefit").check()
    # Holidays are booked too, so that the dates left out do not depend on the day of the run.
    page.locator("#id_include_holidays").check()
    page.locator("#series-preview-submit").click()
    clash = at(14, 18).date().isoformat()
    expect(page.locator(f'#series-preview tr[data-day="{clash}"]')).to_have_attribute(
        "data-free", "no"
    )
    assert_accessible(page)
    page.locator("#series-book").click()
    expect(page.locator("#series-bookings tbody tr")).to_have_count(3)
    assert_accessible(page)


def test_officer_approves_a_whole_series_from_the_queue_and_returns_to_it(
    live_server, page, association, association_rep, liaison_officer, room_data
):
    room_data.booking_rules.max_open_bookings = 20
    room_data.booking_rules.save()
    first = at(3, 18)
    series, _skipped = services.book_series(
        space=room_data,
        association=association,
        starts_on=first.date(),
        ends_on=first.date() + timedelta(weeks=11),
        interval_weeks=1,
        starts=time(18),
        ends=time(20),
        purpose="Kuoroharjoitukset",
        expected_participants=10,
        is_open_to_all=True,
        include_holidays=True,
        by=association_rep,
    )

    sign_in_as(page, live_server, liaison_officer)
    page.goto(f"{live_server.url}/tilat/jono/")
    expect(page.locator("#booking-queue tbody tr")).to_have_count(1)
    page.get_by_test_id(f"series-approve-{series.pk}").click()
    expect(page.locator("#series-pending-dates li")).to_have_count(12)
    assert_accessible(page)
    page.locator("#series-approve-submit").click()

    expect(page.locator("#booking-queue")).to_be_visible()
    expect(page.get_by_test_id(f"series-approve-{series.pk}")).to_have_count(0)
    assert set(series.bookings.values_list("status", flat=True)) == {Booking.Status.CONFIRMED}


def test_officer_back_office_pages_are_accessible(live_server, page, liaison_officer, room_data):
    sign_in_as(page, live_server, liaison_officer)

    for path in [
        "/tilat/aikataulu/",
        "/tilat/aikataulu/?span=week",
        "/tilat/estot/uusi/",
        "/tilat/tilastot/",
        "/tilat/tila/kokoushuone-aalto/",
        "/tilat/tila/kokoushuone-aalto/saannot/",
        "/tilat/kohde/yhdistystalo/aukioloajat/",
        "/oma/",
    ]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)


@pytest.fixture
def room_data(db):
    site = SiteFactory(name="Yhdistystalo", slug="yhdistystalo")
    open_every_day(site)
    room = SpaceFactory(site=site, name="Kokoushuone Aalto", slug="kokoushuone-aalto")
    BookingRulesFactory(space=room)
    return room


def test_officer_gives_an_office_for_long_term_use_and_the_calendar_and_the_rep_see_it(
    live_server, page, association, association_rep, liaison_officer, room_data
):
    office = SpaceFactory(
        site=room_data.site, name="Toimisto 2", slug="toimisto-2", type="office", capacity=4
    )
    BookingRulesFactory(space=office, requires_approval=False)
    today = at(0, 12).date()

    sign_in_as(page, live_server, liaison_officer)
    page.goto(f"{live_server.url}/tilat/pitkaaikainen-kaytto/uusi/")
    assert_accessible(page)
    page.locator("#id_space").select_option(str(office.pk))
    page.locator("#id_association").select_option(str(association.pk))
    page.locator("#id_starts_on").fill(today.isoformat())
    page.locator("#id_ends_on").fill((today + timedelta(days=364)).isoformat())
    page.locator("#id_contract_signed_on").fill(today.isoformat())
    page.locator("#id_keys").fill("2 × avain 14")
    page.locator("#lease-form button[type=submit]").click()

    expect(page.locator("#lease-facts")).to_contain_text(association.name)
    assert_accessible(page)
    page.goto(f"{live_server.url}/tilat/pitkaaikainen-kaytto/")
    expect(page.locator("#lease-table tbody tr")).to_have_count(1)
    assert_accessible(page)
    page.goto(f"{live_server.url}/tilat/tila/toimisto-2/?week={at(7, 12).date().isoformat()}")
    expect(page.locator('#week-calendar td[data-state="leased"]').first).to_be_visible()
    expect(page.locator('#week-calendar td[data-state="free"]')).to_have_count(0)
    page.goto(f"{live_server.url}/tilat/tilastot/kayttoaste/")
    expect(page.locator("#utilisation-total")).to_be_visible()
    assert_accessible(page)

    sign_in_as(page, live_server, association_rep)
    page.goto(f"{live_server.url}/tilat/varaukset/")
    expect(page.locator("#our-leases")).to_contain_text("Toimisto 2")
    assert_accessible(page)
