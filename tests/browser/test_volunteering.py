"""Volunteering and sharing in Chromium: a resident answers a task and is accepted; one
association borrows another's tent. Elements are found by ids and by our own data, since the
Finnish UI texts are translated later."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.volunteering.factories import OfferFactory, TaskFactory, days
from volunteering.models import Answer, ShareRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_as(page, live_server, user):
    """Swap the browser's session for the user's."""
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


def test_a_resident_answers_a_volunteer_task_and_the_association_accepts(
    live_server, page, log_in, association, association_rep
):
    task = TaskFactory(
        association=association, title="Kyläjuoksun reittivalvojat", suits=["adults"]
    )
    TaskFactory(association=association, title="Vanha tehtävä", expired=True)

    page.goto(f"{live_server.url}/vapaaehtoistyo/")
    expect(page.get_by_test_id(f"task-{task.pk}")).to_be_visible()
    expect(page.locator("#task-list")).not_to_contain_text("Vanha tehtävä")
    assert_accessible(page)
    page.locator("#id_kenelle").select_option("adults")
    page.locator("#filter-submit").click()
    page.get_by_role("link", name="Kyläjuoksun reittivalvojat").click()
    assert_accessible(page)
    page.locator("#answer-task").click()

    # A bad address is refused with the text kept.
    page.locator("#id_name").fill("Anni Asukas")
    page.locator("#id_email").fill("anni-at-example")
    page.locator("#id_message").fill("Pääsen koko päiväksi.")
    page.locator("#id_has_consented").check()
    page.locator("#send-answer").click()
    expect(page.locator("#id_email_error")).to_be_visible()
    expect(page.locator("#id_message")).to_have_value("Pääsen koko päiväksi.")
    assert_accessible(page)
    assert not Answer.objects.exists()
    page.locator("#id_email").fill("anni@example.fi")
    page.locator("#id_has_consented").check()
    page.locator("#send-answer").click()

    expect(page.locator("#answer-status")).to_have_attribute("data-status", "pending")
    assert association.contact_email not in page.content()
    status_url = page.url
    assert_accessible(page)

    log_in(page, association_rep)
    page.goto(f"{live_server.url}/vapaaehtoistyo/omat/")
    expect(page.get_by_test_id(f"my-task-{task.pk}")).to_contain_text("1")
    answer = Answer.objects.get()
    page.goto(f"{live_server.url}/vapaaehtoistyo/{task.pk}/vastaukset/")
    expect(page.get_by_test_id(f"answer-{answer.pk}")).to_contain_text("anni@example.fi")
    assert_accessible(page)
    page.locator(f"#decide-{answer.pk}").click()
    expect(page.get_by_test_id("consequences")).to_contain_text(association.contact_email)
    assert_accessible(page)
    page.locator("#accept-answer").click()
    page.wait_for_load_state()
    answer.refresh_from_db()
    assert answer.status == Answer.Status.ACCEPTED

    page.context.clear_cookies()
    page.goto(status_url)
    expect(page.locator("#answer-status")).to_have_attribute("data-status", "accepted")
    expect(page.locator("#association-contact")).to_contain_text(association.contact_email)
    expect(page.locator("#association-contact")).to_contain_text(association.contact_phone)


def test_a_representative_borrows_a_tent_from_another_association(
    live_server,
    page,
    log_in,
    association,
    association_rep,
    other_association,
    other_association_rep,
):
    tent = OfferFactory(association=other_association, title="Juhlateltta 6 × 12 m")

    log_in(page, association_rep)
    page.goto(f"{live_server.url}/jaettavaa/")
    assert_accessible(page)
    page.locator("#id_haku").fill("teltta")
    page.locator("#filter-submit").click()
    page.get_by_role("link", name="Juhlateltta 6 × 12 m").click()
    assert other_association.contact_email not in page.content()
    page.locator("#request-offer").click()
    assert_accessible(page)
    page.locator("#id_starts_on").fill(days(14).isoformat())
    page.locator("#id_ends_on").fill(days(12).isoformat())
    page.locator("#id_message").fill("Kesäjuhlaan, haemme itse.")
    page.locator("#send-request").click()
    expect(page.locator("#id_ends_on_error")).to_be_visible()
    expect(page.locator("#id_message")).to_have_value("Kesäjuhlaan, haemme itse.")
    assert not ShareRequest.objects.exists()
    page.locator("#id_ends_on").fill(days(15).isoformat())
    page.locator("#send-request").click()

    expect(page.locator("#request-status")).to_have_attribute("data-status", "pending")
    assert other_association.contact_email not in page.content()
    assert_accessible(page)
    request_url = page.url

    sign_in_as(page, live_server, other_association_rep)
    page.goto(f"{live_server.url}/jaettavaa/omat/")
    share_request = ShareRequest.objects.get()
    page.get_by_test_id(f"request-{share_request.pk}").get_by_role("link").click()
    expect(page.get_by_test_id("consequences")).to_contain_text(association.name)
    assert_accessible(page)
    page.locator("#accept-request").click()
    expect(page.locator("#request-status")).to_have_attribute("data-status", "accepted")
    expect(page.locator("#request-contact")).to_contain_text(association.contact_email)

    sign_in_as(page, live_server, association_rep)
    page.goto(request_url)
    expect(page.locator("#request-contact")).to_contain_text(other_association.contact_email)
    assert tent.requests.get().status == ShareRequest.Status.ACCEPTED
