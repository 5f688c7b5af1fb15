"""The association register in Chromium: finding an association, becoming its representative,
keeping its profile."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from organizations.models import Association, Membership
from organizations.services import refresh_search_vector
from tests.browser.conftest import assert_accessible
from tests.factories import AssociationFactory, CategoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_register_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def register(association):
    """A small register: the sports club (the `association` fixture) and two others."""
    sports = CategoryFactory(name="Urheilu", slug="urheilu")
    association.purpose = "Yleisurheilua ja jalkapalloa kaikenikäisille."
    association.save()
    association.categories.add(sports)
    AssociationFactory(name="Kaiku ry", purpose="Kuorolaulua.")
    AssociationFactory(name="Järvikylän kyläyhdistys ry", purpose="Kylätalo ja talkoot.")
    refresh_search_vector()
    return association


def switch_user(page, log_in, user):
    page.context.clear_cookies()
    log_in(page, user)


def test_resident_searches_the_register_and_opens_an_association(live_server, page, register):
    page.goto(f"{live_server.url}/yhdistykset/")
    assert_accessible(page)
    expect(page.locator("#register-results")).to_contain_text("Kaiku ry")

    page.locator("#id_q").fill("urheiluseurat")
    page.locator("#register-search-submit").click()

    results = page.locator("#register-results")
    expect(results).to_contain_text(register.name)
    expect(results).not_to_contain_text("Kaiku ry")
    assert_accessible(page)

    results.get_by_role("link", name=register.name).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(register.name)
    expect(page.locator("main")).to_contain_text("Yleisurheilua ja jalkapalloa")
    expect(page.locator("#private-contact-block")).to_have_count(0)
    assert_accessible(page)


def test_resident_filters_the_register_by_category(live_server, page, register):
    page.goto(f"{live_server.url}/yhdistykset/")

    page.locator("#register-filters input[name=category][value=urheilu]").check()
    page.locator("#register-search-submit").click()

    results = page.locator("#register-results tbody tr")
    expect(results).to_have_count(1)
    expect(results).to_contain_text(register.name)
    assert_accessible(page)


def test_user_asks_to_represent_and_the_liaison_officer_approves(
    live_server, page, log_in, plain_user, liaison_officer, register
):
    # A signed-in user asks to represent the association.
    log_in(page, plain_user)
    page.goto(f"{live_server.url}{register.get_absolute_url()}")
    assert_accessible(page)
    expect(page.locator("#edit-association")).to_have_count(0)
    page.locator("#ask-to-represent").click()
    assert_accessible(page)
    page.locator("#id_role").select_option("secretary")
    page.locator("#id_message").fill("Minut valittiin sihteeriksi kevätkokouksessa.")
    page.locator("#send-membership-request").click()
    expect(page).to_have_url(f"{live_server.url}/oma/")
    assert_accessible(page)
    membership = Membership.objects.get(user=plain_user, association=register)
    assert membership.status == Membership.Status.PENDING

    # The liaison officer approves it from the queue.
    switch_user(page, log_in, liaison_officer)
    page.goto(f"{live_server.url}/oma/")
    assert_accessible(page)
    page.locator("#membership-queue-link").click()
    assert_accessible(page)
    expect(page.locator(f"#membership-{membership.pk}")).to_contain_text(register.name)
    page.locator(f"#approve-{membership.pk}").click()
    expect(page.locator(f"#membership-{membership.pk}")).to_have_count(0)
    assert_accessible(page)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.APPROVED

    # The user now has the right: the association's page offers the editor.
    switch_user(page, log_in, plain_user)
    page.goto(f"{live_server.url}{register.get_absolute_url()}")
    expect(page.locator("#private-contact-block")).to_be_visible()
    page.locator("#edit-association").click()
    expect(page.locator("#association-form")).to_be_visible()
    assert_accessible(page)


def test_representative_edits_the_profile(live_server, page, log_in, association_rep, register):
    log_in(page, association_rep)
    page.goto(f"{live_server.url}{register.get_absolute_url()}")
    page.locator("#edit-association").click()
    assert_accessible(page)

    # A bad business ID is explained and nothing is saved.
    page.locator("#id_business_id").fill("1234567-8")
    page.locator("#save-association").click()
    expect(page.locator("#id_business_id_error")).to_be_visible()
    assert_accessible(page)
    assert Association.objects.get(pk=register.pk).business_id == ""

    page.locator("#id_business_id").fill("1234567-1")
    page.locator("#id_purpose_fi").fill("Yleisurheilua, jalkapalloa ja hiihtoa koko perheelle.")
    page.locator("#id_founded_year").fill("1919")
    page.locator("#save-association").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(register.name)
    expect(page.locator("main")).to_contain_text("jalkapalloa ja hiihtoa koko perheelle")
    expect(page.locator("main")).to_contain_text("1234567-1")
    assert_accessible(page)
    register.refresh_from_db()
    assert register.founded_year == 1919
