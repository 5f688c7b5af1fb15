"""The event calendar in Chromium: a big event that clashes, moderation, the month and the feed.
Elements are found by ids and by our own data, since the Finnish UI texts are translated later."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from events.models import Event, EventSettings
from tests.browser.conftest import assert_accessible
from tests.events.factories import EventFactory, day_at
from tests.factories import AssociationFactory

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


def test_a_big_event_clashes_the_rep_goes_on_and_the_officer_publishes_it(
    live_server, page, log_in, association, association_rep, liaison_officer
):
    EventSettings.objects.update_or_create(pk=1, defaults={"big_event_threshold": 100})
    club = AssociationFactory(name="Esimerkkilän Hiihtoseura ry", public_phone="040 111 2222")
    other = EventFactory(
        title="Hiihtokisat",
        big=True,
        organisers=[club],
        starts_at=day_at(30, 10),
        ends_at=day_at(30, 15),
    )
    day = (timezone.localdate() + timedelta(days=30)).isoformat()

    log_in(page, association_rep)
    page.goto(f"{live_server.url}/tapahtumat/uusi/")
    assert_accessible(page)
    page.locator("#id_title").fill("Kylän talvirieha")
    page.locator("#id_organisers_0").check()
    page.locator("#id_starts_on").fill(day)
    page.locator("#id_starts_time").fill("12:00")
    page.locator("#id_ends_time").fill("18:00")
    page.locator("#id_description").fill("Pulkkamäki, makkaranpaistoa ja hiihtoa koko perheelle.")
    page.locator("#id_category").select_option("village")
    page.locator("#id_audiences_0").check()
    page.locator("#id_address").fill("Kylätalo, Kylätie 3")
    page.locator("#id_expected_audience").fill("250")
    page.locator("#event-submit").click()

    warning = page.locator("#clash-warning")
    expect(warning).to_be_visible()
    expect(page.get_by_test_id(f"clash-{other.pk}")).to_contain_text("040 111 2222")
    expect(page.locator("#id_description")).to_have_value(
        "Pulkkamäki, makkaranpaistoa ja hiihtoa koko perheelle."
    )
    assert_accessible(page)
    page.locator("#save-anyway").click()
    page.wait_for_load_state()
    event = Event.objects.get(title="Kylän talvirieha")
    assert event.status == Event.Status.PENDING
    assert event.is_big

    sign_in_as(page, live_server, liaison_officer)
    page.goto(f"{live_server.url}/tapahtumat/moderointi/")
    expect(page.get_by_test_id(f"pending-{event.pk}")).to_contain_text("Hiihtokisat")
    assert_accessible(page)
    page.get_by_role("link", name="Kylän talvirieha").click()
    assert_accessible(page)
    page.locator("#publish-event").click()
    page.wait_for_load_state()
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED

    page.context.clear_cookies()
    month = f"{live_server.url}/tapahtumat/kuukausi/?kuukausi={day[:7]}"
    page.goto(month)
    expect(page.locator(f"#month-calendar td[data-day='{day}']")).to_contain_text(
        "Kylän talvirieha"
    )
    assert_accessible(page)
    feed = page.request.get(f"{live_server.url}/tapahtumat/kalenteri.ics")
    assert feed.ok
    summaries = [str(v["summary"]) for v in Calendar.from_ical(feed.body()).walk("VEVENT")]
    assert "Kylän talvirieha" in summaries

    page.goto(f"{live_server.url}/tapahtumat/")
    expect(page.get_by_test_id(f"event-{event.pk}")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Kylän talvirieha").click()
    expect(page.locator("h1")).to_have_text("Kylän talvirieha")
    assert_accessible(page)

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(month)
    expect(page.locator("#month-calendar")).to_contain_text("Kylän talvirieha")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    # On a phone the month is a list of the days that have events, each the page's width.
    day_box = page.locator(f"#month-calendar td[data-day='{day}']").bounding_box()
    assert day_box is not None
    assert day_box["width"] > 300
    expect(page.locator("#month-calendar td.no-events").first).to_be_hidden()
    assert_accessible(page)


def test_an_empty_month_on_a_phone_is_no_scroll_box_without_keyboard_access(live_server, page):
    # A month with no events shows no day, only the hidden weekday names: they stay inside the
    # calendar, which would otherwise scroll by a pixel with nothing to focus in it.
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(f"{live_server.url}/tapahtumat/kuukausi/?kuukausi=2030-01")
    expect(page.locator("#no-events")).to_be_visible()

    sizes = page.evaluate(
        "() => { const t = document.querySelector('#month-calendar');"
        " return [t.scrollWidth - t.clientWidth, t.scrollHeight - t.clientHeight]; }"
    )

    assert sizes == [0, 0]
    assert_accessible(page)


def test_the_week_view_is_a_list_of_days_on_a_phone_and_reached_from_the_switcher(
    live_server, page
):
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    wednesday = monday + timedelta(days=2)
    offset = (wednesday - timezone.localdate()).days
    concert = EventFactory(
        title="Keskiviikon konsertti", starts_at=day_at(offset, 18), ends_at=day_at(offset, 20)
    )
    EventFactory(
        title="Peruttu tanssit",
        status=Event.Status.CANCELLED,
        starts_at=day_at(offset, 21),
        ends_at=day_at(offset, 23),
    )

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/tapahtumat/")
    page.locator("#view-week").click()

    expect(page.locator("#view-week")).to_have_attribute("aria-current", "page")
    day = page.locator(f"#week-calendar li[data-day='{wednesday.isoformat()}']")
    expect(day).to_contain_text("Keskiviikon konsertti")
    expect(day.locator(".event-cancelled")).to_contain_text("Peruttu tanssit")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # On a phone the days stack, each the page's width.
    box = day.bounding_box()
    assert box is not None
    assert box["width"] > 300
    assert_accessible(page)

    page.locator("#next-week").click()
    expect(page.locator("#week-calendar")).not_to_contain_text(concert.title)
    page.locator("#previous-week").click()
    expect(page.locator("#week-calendar")).to_contain_text(concert.title)
    page.locator("#section-evenings").click()
    expect(page.locator("#section-evenings")).to_have_attribute("aria-current", "true")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
