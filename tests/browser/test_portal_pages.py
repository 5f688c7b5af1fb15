import pytest
from playwright.sync_api import expect

from portal.models import ContentPage
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resident_finds_the_liaison_officer_from_the_info_hub(live_server, page):
    page.goto(live_server.url + "/")
    assert_accessible(page)

    page.get_by_role("navigation", name="Päävalikko").get_by_role(
        "link", name="Järjestöyhdyshenkilö"
    ).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kunnan järjestöyhdyshenkilö")
    assert_accessible(page)


def test_staff_user_logs_in_through_the_form(live_server, page, log_in, association_rep):
    log_in(page, association_rep)

    expect(page).to_have_url(f"{live_server.url}/oma/")


def test_officer_logs_in_with_a_code_and_edits_a_page_whose_history_is_kept(
    live_server, page, log_in, liaison_officer
):
    ContentPage.objects.create(
        slug="tilasaannot", section="rules", title="Tilasäännöt", body="Vanha teksti."
    )
    log_in(page, liaison_officer)
    expect(page).to_have_url(f"{live_server.url}/oma/")
    assert_accessible(page)

    page.goto(f"{live_server.url}/sivut/tilasaannot/muokkaa/")
    assert_accessible(page)
    page.locator("#id_body_fi").fill("Uusi teksti, jonka lautakunta hyväksyi.")
    page.locator("main form button[type=submit]").click()

    expect(page.locator("article")).to_contain_text("Uusi teksti, jonka lautakunta hyväksyi.")
    assert_accessible(page)
    page.goto(f"{live_server.url}/sivut/tilasaannot/historia/")
    expect(page.locator("tbody tr")).to_have_count(2)
    assert_accessible(page)
