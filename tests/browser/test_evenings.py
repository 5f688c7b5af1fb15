"""The annual cycle and the association evenings in Chromium: a phone-wide wheel, axe, answering.
Elements are found by ids and by our own data, since the Finnish UI texts are translated later."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import CycleItem, EveningInvitation
from tests.browser.conftest import assert_accessible
from tests.events.evening_factories import CycleItemFactory, EveningFactory, InvitationFactory
from tests.grants.factories import GrantRoundFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _a_year_of_dates():
    year = timezone.localdate().year
    CycleItemFactory(
        title="Hyvinvointikertomus: yhdistysten palaute avautuu",
        kind=CycleItem.Kind.WELLBEING,
        starts_on=date(year, 2, 1),
        ends_on=date(year, 3, 31),
    )
    CycleItemFactory(title="Talousarvio valtuustossa", starts_on=date(year, 12, 8))
    GrantRoundFactory(title="Kulttuuriavustukset", use_report_due_on=date(year, 11, 30))
    EveningFactory(title="Syksyn yhdistysilta", announced=True)
    EveningFactory(
        title="Kevään yhdistysilta",
        past=True,
        minutes="Käsiteltiin hyvinvointikertomus.",
        minutes_published_at=timezone.now() - timedelta(days=3),
    )


def test_the_annual_cycle_fits_a_phone_and_is_accessible(live_server, page):
    _a_year_of_dates()
    page.set_viewport_size({"width": 375, "height": 800})

    page.goto(f"{live_server.url}/vuosikello/")

    expect(page.locator("#cycle-wheel svg")).to_be_visible()
    expect(page.locator("#cycle-list")).to_contain_text("Talousarvio valtuustossa")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    box = page.locator("#cycle-wheel svg").bounding_box()
    assert box is not None
    assert box["width"] <= 375
    assert_accessible(page)


def test_the_evenings_page_is_accessible(live_server, page):
    _a_year_of_dates()

    page.goto(f"{live_server.url}/tapahtumat/yhdistysillat/")

    expect(page.get_by_text("Syksyn yhdistysilta")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Kevään yhdistysilta", exact=True).click()
    expect(page.locator("#minutes-text")).to_contain_text("Käsiteltiin hyvinvointikertomus.")
    assert_accessible(page)


def test_a_representative_answers_an_invitation_on_a_phone(
    live_server, page, log_in, association, association_rep
):
    invitation = InvitationFactory(association=association)
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, association_rep)

    page.goto(f"{live_server.url}{invitation.get_absolute_url().removeprefix('/en')}")
    assert_accessible(page)
    page.locator("#id_is_attending_0").check()
    page.locator("#id_head_count").fill("3")
    page.locator("#id_topics").fill("Tilojen vuorot")
    page.locator("#answer-submit").click()

    expect(page.locator("#current-answer")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    invitation = EveningInvitation.objects.get(pk=invitation.pk)
    assert (invitation.is_attending, invitation.head_count) == (True, 3)
