import io
import re

import pytest
from django.urls import reverse
from django.utils import translation

from portal import demo, retention
from portal.models import ContentPage

pytestmark = pytest.mark.django_db

FOOTER_PAGES = ["tietosuojaseloste", "saavutettavuusseloste"]
TITLES = {
    "fi": ["Tietosuojaseloste", "Saavutettavuusseloste"],
    "sv": ["Dataskyddsbeskrivning", "Tillgänglighetsutlåtande"],
    "en": ["Privacy notice", "Accessibility statement"],
}


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_footer_links_open_on_a_fresh_install_in_every_language(client, language):
    with translation.override(language):
        home = client.get(reverse("portal:home"))
        urls = [reverse("portal:page_detail", args=[slug]) for slug in FOOTER_PAGES]

    for url, title in zip(urls, TITLES[language], strict=True):
        assert url in home.text
        response = client.get(url)
        assert response.status_code == 200
        assert title in response.text


def test_privacy_notice_states_the_retention_periods_in_code(client):
    with translation.override("en"):
        response = client.get(reverse("portal:page_detail", args=["tietosuojaseloste"]))

    text = re.sub(r"\s+", " ", response.text)
    assert f"{retention.UNVERIFIED_ACCOUNT.days} days" in text
    assert f"{round(retention.ACCESS_LOG.days / 365)} years" in text
    assert f"{round(retention.INACTIVE_ACCOUNT.days / 365)} years" in text
    assert reverse("portal:privacy_export") in text
    assert reverse("portal:erasure_request") in text


def test_accessibility_statement_names_the_standard_and_the_supervisory_authority(client):
    with translation.override("fi"):
        response = client.get(reverse("portal:page_detail", args=["saavutettavuusseloste"]))

    assert "WCAG 2.1" in response.text
    assert "Traficom" in response.text
    assert "PL 320, 00059 TRAFICOM" in response.text


def test_demo_data_does_not_duplicate_or_replace_the_pages():
    notice = ContentPage.objects.get(slug="tietosuojaseloste")

    demo.seed(stdout=io.StringIO())

    assert not {page["slug"] for page in demo.CONTENT_PAGES} & set(FOOTER_PAGES)
    assert ContentPage.objects.filter(slug__in=FOOTER_PAGES).count() == 2
    assert ContentPage.objects.get(slug="tietosuojaseloste").body == notice.body
