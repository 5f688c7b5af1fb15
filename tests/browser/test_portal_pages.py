import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resident_finds_the_liaison_officer_from_the_info_hub(live_server, page):
    page.goto(live_server.url + "/")
    assert_accessible(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Liaison officer").click()

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_staff_user_logs_in_through_the_form(live_server, page, log_in, association_rep):
    log_in(page, association_rep)

    expect(page).to_have_url(f"{live_server.url}/oma/")
