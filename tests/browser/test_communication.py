"""News, messages and subscriptions in Chromium. Elements are found by ids and by our own data,
since the Finnish UI texts are translated later."""

import re

import pytest
from django.core import mail

from communication.models import Delivery, Message, Subscriber, Subscription
from portal.models import Sector
from tests.browser.conftest import assert_accessible
from tests.browser.test_events import sign_in_as
from tests.factories import AssociationFactory, CategoryFactory, MembershipFactory, UserFactory
from tests.grants.factories import GrantProgrammeFactory, GrantRoundFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _local(url: str, live_server) -> str:
    """A link from a mail, pointed at the test server."""
    return re.sub(r"^https?://[^/]+", live_server.url, url)


def test_the_officer_sends_a_message_to_the_sports_associations_one_mail_per_contact(
    live_server, page, liaison_officer
):
    sports = CategoryFactory(name="Urheilu ja liikunta", slug="urheilu")
    clubs = [AssociationFactory(name=f"Seura {number} ry") for number in range(2)]
    for club in clubs:
        club.categories.add(sports)
    swede = UserFactory(email="ordforande@example.fi", preferred_language="sv")
    MembershipFactory(association=clubs[0], user=swede)
    AssociationFactory(name="Kuoro ry", contact_email="kuoro@example.fi")

    sign_in_as(page, live_server, liaison_officer)
    page.goto(f"{live_server.url}/en/viestit/uusi/")
    assert_accessible(page)
    page.locator("input[name=audience][value=category]").check()
    page.locator("#id_category").select_option(str(sports.pk))
    page.locator("#id_subject_fi").fill("Hallivuorot")
    page.locator("#id_body_fi").fill("Varatkaa vuorot kuun loppuun mennessä.")
    page.locator("#id_subject_sv").fill("Hallturer")
    page.locator("#id_body_sv").fill("Boka turerna före månadens slut.")
    page.locator("#message-save").click()

    count = page.locator("#recipient-count")
    assert count.get_attribute("data-addresses") == "3"
    assert count.get_attribute("data-associations") == "2"
    assert_accessible(page)
    assert not mail.outbox
    page.locator("#message-send").click()
    page.wait_for_selector("#message-progress[data-waiting='0']")

    assert page.locator("#message-progress").get_attribute("data-sent") == "3"
    assert_accessible(page)
    subjects = {sent.to[0]: sent.subject for sent in mail.outbox}
    assert len(mail.outbox) == 3
    assert subjects == {
        "ordforande@example.fi": "Hallturer",
        clubs[0].contact_email: "Hallivuorot",
        clubs[1].contact_email: "Hallivuorot",
    }
    assert Message.objects.get().status == Message.Status.SENT
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 3


def test_a_resident_subscribes_confirms_gets_the_next_round_and_unsubscribes_in_one_click(
    live_server, page
):
    page.goto(f"{live_server.url}/en/tilaukset/")
    assert_accessible(page)
    page.locator("#id_email").fill("asukas@example.fi")
    page.locator("input[name=sectors][value=sports]").check()
    page.locator("#subscribe-submit").click()
    page.wait_for_selector("#subscribe-sent")
    assert not Subscription.objects.filter(confirmed_at__isnull=False).exists()

    confirm = re.search(r"https?://\S+/vahvista/\S+/", mail.outbox[0].body).group(0)
    page.goto(_local(confirm, live_server))
    assert_accessible(page)
    page.locator("#confirm-subscription").click()
    page.wait_for_selector("#subscription-confirmed")
    assert Subscription.objects.get().confirmed_at is not None

    grant_round = GrantRoundFactory(
        title="Liikunta-avustukset 2027", programme=GrantProgrammeFactory(sector=Sector.SPORTS)
    )
    announcement = mail.outbox[-1]
    assert announcement.to == ["asukas@example.fi"]
    assert grant_round.title in announcement.subject
    unsubscribe = re.search(r"<(\S+)>", announcement.extra_headers["List-Unsubscribe"]).group(1)
    assert unsubscribe in announcement.body

    page.goto(_local(unsubscribe, live_server))
    assert_accessible(page)
    page.locator("#unsubscribe-button").click()
    page.wait_for_selector("#unsubscribed")
    assert not Subscriber.objects.exists()


def test_every_communication_page_fits_a_phone_and_passes_axe(
    live_server, page, association, association_rep, liaison_officer
):
    from django.urls import reverse

    from tests.browser import phone_communication

    data = {"association": association, "rep": association_rep, "officer": liaison_officer}
    own = phone_communication.phone_data(data)
    users = {None: None, "rep": association_rep, "officer": liaison_officer}
    page.set_viewport_size({"width": 320, "height": 740})
    problems = []
    for who, name, kwargs, query in phone_communication.journeys(data, own):
        page.context.clear_cookies()
        if who is not None:
            sign_in_as(page, live_server, users[who])
        response = page.goto(f"{live_server.url}/en{reverse(name, kwargs=kwargs)}{query}")
        if response is None or not response.ok:
            problems.append(f"{name} as {who}: {response and response.status}")
            continue
        try:
            assert_accessible(page)
        except AssertionError as error:
            problems.append(f"{name} as {who}: {error}")
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            problems.append(f"{name} as {who} scrolls sideways")

    assert not problems, "\n".join(problems)
