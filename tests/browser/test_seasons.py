"""The seasonal round in Chromium: a representative applies with two needs, the officer
proposes, moves one turn by hand and publishes, and the association's calendar feed shows the
turns; while the round is open an ordinary booking in its season is refused. Elements are found
by ids and by our own data, since the Finnish UI texts are translated later."""

from datetime import time, timedelta

import pytest
from django.conf import settings
from django.test import Client
from icalendar import Calendar
from playwright.sync_api import expect

from facilities import services as booking_services
from facilities.models import SeasonApplication, SeasonRound, SeasonTurn, Space
from tests.browser.conftest import assert_accessible
from tests.facilities.factories import (
    BookingRulesFactory,
    SiteFactory,
    SpaceFactory,
    open_every_day,
)
from tests.facilities.season_data import make_round, season_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_as(page, live_server, user):
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


@pytest.fixture
def hall(db):
    site = SiteFactory(name="Liikuntahalli", slug="liikuntahalli", sector="sports")
    open_every_day(site, opens=time(8), closes=time(22))
    whole = SpaceFactory(site=site, name="Sali", slug="sali", type=Space.Type.HALL, capacity=100)
    halves = [
        SpaceFactory(site=site, parent=whole, name=name, slug=slug, type=Space.Type.HALL)
        for name, slug in [("Sali A", "sali-a"), ("Sali B", "sali-b")]
    ]
    for space in [whole, *halves]:
        BookingRulesFactory(space=space, requires_approval=False, max_open_bookings=20)
    return whole, *halves


def fill_need(page, name, age, turns, minutes, wishes):
    page.locator("#id_name").fill(name)
    page.locator("#id_age_group").select_option(age)
    page.locator("#id_group_size").fill("14")
    page.locator("#id_purpose").fill("Harjoitukset")
    page.locator("#id_turns_per_week").fill(str(turns))
    page.locator("#id_turn_minutes").fill(str(minutes))
    for index, (space, weekday, starts, ends) in enumerate(wishes):
        page.locator(f"#id_wishes-{index}-weekday").select_option(str(weekday))
        page.locator(f"#id_wishes-{index}-starts_at").fill(starts)
        page.locator(f"#id_wishes-{index}-ends_at").fill(ends)
        page.locator(f"#id_wishes-{index}-space").select_option(str(space.pk))
    page.locator("#season-need-save").click()


def test_a_club_applies_the_officer_allocates_and_publishes_and_the_feed_shows_the_turns(
    live_server, page, hall, association, association_rep, liaison_officer
):
    whole, half_a, half_b = hall
    season = make_round(spaces=[whole, half_a, half_b], by=liaison_officer)

    sign_in_as(page, live_server, association_rep)
    page.goto(f"{live_server.url}/tilat/kausivaraus/")
    assert_accessible(page)
    page.get_by_role("link", name="Talvikausi").click()
    assert_accessible(page)
    page.locator("#season-apply").click()
    page.locator("#id_active_members").fill("45")
    page.locator("#season-application-save").click()
    page.locator("#season-need-add").click()
    assert_accessible(page)
    fill_need(page, "U12 jalkapallo", "children", 2, 90,
              [(half_a, 0, "17:00", "19:00"), (half_b, 2, "17:00", "19:00")])  # fmt: skip
    page.locator("#season-need-add").click()
    fill_need(page, "Naisten lentopallo", "adults", 1, 60, [(whole, 3, "19:00", "21:00")])
    assert_accessible(page)
    page.locator("#season-application-submit").click()
    assert_accessible(page)
    page.locator("#season-application-send").click()
    expect(page.locator("#season-application-status")).to_have_attribute("data-status", "submitted")

    # While the round is open, a single booking in its season is refused, naming the round.
    page.goto(f"{live_server.url}/tilat/tila/sali-a/varaa/")
    page.locator("#id_day").fill((season_start() + timedelta(days=1)).isoformat())
    page.locator("#id_starts").fill("10:00")
    page.locator("#id_ends").fill("12:00")
    page.locator("#id_purpose").fill("Turnaus")
    page.locator("#id_expected_participants").fill("10")
    page.locator("#id_is_open_to_all").check()
    page.locator("#booking-submit").click()
    expect(page.locator(".form-errors")).to_contain_text("Talvikausi")

    sign_in_as(page, live_server, liaison_officer)
    page.goto(f"{live_server.url}/tilat/kausivaraus/{season.pk}/jako/?tila={whole.pk}")
    assert_accessible(page)
    page.locator("#season-propose-summary").click()
    page.locator("#season-propose").click()
    expect(page.locator("#season-turns tbody tr[data-testid]")).to_have_count(3)
    assert SeasonTurn.objects.count() == 3
    monday = SeasonTurn.objects.get(weekday=0)
    page.goto(f"{live_server.url}/tilat/kausivaraus/{season.pk}/jako/?tila={half_a.pk}")
    page.locator(f"#move-turn-{monday.pk}").click()
    assert_accessible(page)
    page.locator("#id_starts_at").fill("17:30")
    page.locator("#id_ends_at").fill("19:00")
    page.locator("#season-turn-save").click()
    expect(page.locator(f"#season-turns [data-testid=turn-{monday.pk}]")).to_contain_text("17:30")
    page.locator("#season-publish-link").click()
    assert_accessible(page)
    page.locator("#season-publish-submit").click()
    expect(page.locator("#season-round-status")).to_have_attribute("data-status", "published")

    season.refresh_from_db()
    assert season.status == SeasonRound.Status.PUBLISHED
    feed = booking_services.calendar_feed_for(association)
    response = page.request.get(f"{live_server.url}/tilat/kalenteri/{feed.token}.ics")
    events = list(Calendar.from_ical(response.body()).walk("VEVENT"))
    summaries = {str(event["summary"]) for event in events}
    assert any(summary.startswith("U12 jalkapallo") for summary in summaries)
    assert any(summary.startswith("Naisten lentopallo") for summary in summaries)
    starts = {
        event.decoded("dtstart").strftime("%H:%M")
        for event in events
        if str(event["summary"]).startswith("U12") and event.decoded("dtstart").weekday() == 0
    }
    assert starts == {"17:30"}
    application = SeasonApplication.objects.get()
    sign_in_as(page, live_server, association_rep)
    page.goto(f"{live_server.url}/tilat/kausivaraus/hakemus/{application.pk}/")
    expect(page.locator(f"[data-testid=turn-{monday.pk}]")).to_contain_text("17:30")
    assert_accessible(page)
