"""The council's report in the browser: the officer publishes, a council member reads the web
version of the report, which keeps to axe's rules and fits a phone."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portal.models import CouncilReport
from tests.browser.conftest import assert_accessible
from tests.browser.test_phone_widths import WIDEST_OVERFLOW, sign_in_as
from tests.factories import AssociationFactory
from tests.grants.factories import DecisionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_officer_publishes_and_the_council_reads_the_web_version(
    live_server, page, liaison_officer, council_member, private_storage
):
    year = timezone.localdate().year
    AssociationFactory(name="Kirkonkylän Kisa ry")
    DecisionFactory(decided_on=date(year, 1, 2))
    with translation.override("en"):
        report_url = reverse("portal:council_report", args=["annual", str(year)])

    sign_in_as(page, live_server, liaison_officer)
    page.goto(f"{live_server.url}{report_url}")
    page.get_by_text("Publish this version to the council").first.click()
    page.get_by_role("button", name="Publish").first.click()
    assert page.get_by_text("The version was published to the council.").is_visible()

    published = CouncilReport.objects.get(published_at__isnull=False)
    assert published.language == "en"
    sign_in_as(page, live_server, council_member)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}{report_url}")
    page.get_by_role("link", name="Web page (for screen readers)").click()
    assert page.url.endswith(f"/{published.pk}/")

    assert page.locator("h1").inner_text() == f"Cooperation with associations {year}"
    assert page.get_by_role("link", name="Association register").is_visible()
    assert_accessible(page)
    measured = page.evaluate(WIDEST_OVERFLOW)
    assert measured["scrollWidth"] <= measured["innerWidth"], measured
