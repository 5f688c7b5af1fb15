"""The frame's navigation and footer: rendered once per language, section and whether the
reader is signed in, so each of those must still get its own, a signed-in user never gets a
visitor's, and each signed-in page carries its own CSRF token."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def nav_of(html: str) -> str:
    return html.split('class="main-nav">')[1].split("</nav>")[0]


def test_each_section_marks_itself_in_the_navigation(resident):
    with translation.override("fi"):
        events, news = reverse("events:event_list"), reverse("communication:news_list")

    events_nav = nav_of(resident.get(events).content.decode())
    news_nav = nav_of(resident.get(news).content.decode())
    again = nav_of(resident.get(events).content.decode())

    assert 'id="nav-events" aria-current="true"' in events_nav
    assert 'id="nav-news" aria-current="true"' not in events_nav
    assert 'id="nav-news" aria-current="true"' in news_nav
    assert 'id="nav-events" aria-current="true"' not in news_nav
    assert again == events_nav


def test_each_language_has_its_own_navigation_and_footer(resident):
    pages = {}
    for code in ("fi", "sv", "en"):
        with translation.override(code):
            pages[code] = resident.get(reverse("portal:liaison_role")).content.decode()

    assert "Yhdistysrekisteri</a>" in nav_of(pages["fi"])
    assert "Föreningsregister</a>" in nav_of(pages["sv"])
    assert "Association register</a>" in nav_of(pages["en"])
    assert "Tillgänglighetsutlåtande</a>" in pages["sv"].split('class="site-footer">')[1]
    with translation.override("sv"):
        privacy = reverse("portal:page_detail", args=["tietosuojaseloste"])
    assert f'<a href="{privacy}">' in pages["sv"]


def test_a_signed_in_user_gets_a_navigation_of_their_own(resident, client_for, plain_user):
    url = reverse("portal:liaison_role")
    resident.get(url)

    signed_in = client_for(plain_user).get(url).content.decode()
    visitor = resident.get(url).content.decode()

    assert 'name="csrfmiddlewaretoken"' in nav_of(signed_in)
    assert reverse("account_logout") in nav_of(signed_in)
    assert reverse("account_login") not in nav_of(signed_in)
    assert reverse("account_logout") not in nav_of(visitor)
    assert reverse("account_login") in nav_of(visitor)


def test_each_signed_in_reader_logs_out_with_the_token_of_their_own_page():
    url = reverse("portal:liaison_role")
    tokens = []
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        client.force_login(UserFactory())
        nav = nav_of(client.get(url).content.decode())
        [token] = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', nav)
        tokens.append(token)

        response = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})

        assert response.status_code == 302
        assert "_auth_user_id" not in client.session
    assert tokens[0] != tokens[1]


def test_a_visitors_page_sets_no_csrf_cookie(resident):
    response = resident.get(reverse("portal:liaison_role"))

    assert 'name="csrfmiddlewaretoken"' not in nav_of(response.content.decode())
    assert "csrftoken" not in response.cookies


def test_the_footer_names_the_municipality_of_the_settings(resident, settings):
    url = reverse("portal:liaison_role")
    resident.get(url)
    settings.MUNICIPALITY_NAME = "Toinenkunta"

    footer = resident.get(url).content.decode().split('class="site-footer">')[1]

    assert "Toinenkunta" in footer


def language_links(html: str) -> dict[str, str]:
    switcher = html.split('class="language-switcher">')[1].split("</nav>")[0]
    return {
        part.split('hreflang="')[1].split('"')[0]: part.split('href="')[1].split('"')[0]
        for part in switcher.split("<a ")[1:]
    }


def test_the_language_switcher_keeps_the_page_and_its_filters_in_every_language(resident):
    page = "/yhdistykset/?q=kuoro&amp;page=2"

    finnish = language_links(resident.get("/yhdistykset/?q=kuoro&page=2").content.decode())
    swedish = language_links(resident.get("/sv/yhdistykset/?q=kuoro&page=2").content.decode())
    finnish_again = language_links(resident.get("/yhdistykset/?q=kuoro&page=2").content.decode())
    other_page = language_links(resident.get("/tapahtumat/").content.decode())

    assert finnish == {"sv": f"/sv{page}", "en": f"/en{page}"}
    assert swedish == {"fi": page, "en": f"/en{page}"}
    assert finnish_again == finnish
    assert other_page == {"sv": "/sv/tapahtumat/", "en": "/en/tapahtumat/"}


def test_the_language_switcher_names_each_language_in_itself_and_marks_the_current_one(resident):
    html = resident.get("/sv/tapahtumat/").content.decode()
    switcher = html.split('class="language-switcher">')[1].split("</nav>")[0]

    assert '<span aria-current="true" lang="sv">svenska</span>' in switcher
    assert 'lang="fi" hreflang="fi">suomi</a>' in switcher
    assert 'lang="en" hreflang="en">English</a>' in switcher
    assert switcher.count("aria-current") == 1
