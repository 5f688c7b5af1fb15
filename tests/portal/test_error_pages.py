import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import get_resolver, reverse
from django.utils import translation

from portal import views
from tests.factories import AssociationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_restored():
    """A request to an /en/ or /sv/ page leaves its language active in the test's thread."""
    language = translation.get_language()
    yield
    translation.activate(language)


def history_url(language: str) -> str:
    association = AssociationFactory()
    with translation.override(language):
        return reverse("organizations:association_history", args=[association.slug])


def test_missing_swedish_page_is_the_portals_page_in_swedish(resident):
    response = resident.get("/sv/ingen-sadan-sida/")

    content = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="sv">' in content
    assert 'class="site-header"' in content
    assert 'href="/sv/"' in content
    assert 'action="/sv/yhdistykset/"' in content


def test_missing_finnish_page_offers_the_front_page_and_the_register_search(resident):
    response = resident.get("/ei-tallaista-sivua/")

    content = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="fi">' in content
    assert "Not Found" not in content
    assert 'action="/yhdistykset/"' in content
    assert 'name="q"' in content


def test_missing_api_address_still_answers_in_json(resident):
    response = resident.get("/api/v1/ei-ole/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in json.loads(response.content)


def test_forbidden_page_is_the_portals_page_in_the_users_language(client_for, plain_user):
    response = client_for(plain_user).get(history_url("en"))

    content = response.content.decode()
    assert response.status_code == 403
    assert "403 Forbidden" not in content
    assert '<html lang="en">' in content
    assert "No access to this page" in content
    assert 'href="/en/"' in content
    assert "/en/accounts/login/?next=" not in content


def test_forbidden_page_offers_an_anonymous_visitor_a_log_in_that_returns_here():
    request = RequestFactory().get("/en/yhdistykset/seura/historia/")
    request.user = AnonymousUser()

    with translation.override("en"):
        response = views.permission_denied(request, PermissionDenied())

    content = response.content.decode()
    assert response.status_code == 403
    assert "/en/accounts/login/?next=/en/yhdistykset/seura/historia/" in content


def test_forbidden_api_address_answers_in_json():
    request = RequestFactory().get("/api/v1/associations/")

    response = views.permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    assert "detail" in json.loads(response.content)


def test_bad_request_page_has_the_portals_layout():
    request = RequestFactory().get("/sv/")
    request.user = AnonymousUser()

    with translation.override("sv"):
        response = views.bad_request(request, Exception())

    content = response.content.decode()
    assert response.status_code == 400
    assert '<html lang="sv">' in content
    assert 'class="site-header"' in content


def test_server_error_page_renders_in_swedish_without_the_database(django_assert_num_queries):
    request = RequestFactory().get("/sv/tapahtumat/")

    with translation.override("sv"), django_assert_num_queries(0):
        response = views.server_error(request)

    content = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="sv">' in content
    assert 'href="/sv/"' in content
    assert "Esimerkkilä" in content


@pytest.mark.parametrize(
    ("status", "handler"),
    [
        (400, views.bad_request),
        (403, views.permission_denied),
        (404, views.page_not_found),
        (500, views.server_error),
    ],
)
def test_the_portal_answers_its_errors_with_its_own_pages(status, handler):
    assert get_resolver().resolve_error_handler(status) is handler


def test_pages_name_a_favicon_and_the_browsers_default_address_finds_it(resident):
    page = resident.get("/").content.decode()
    response = resident.get("/favicon.ico")

    assert 'rel="icon"' in page
    assert finders.find("img/favicon.svg")
    assert finders.find("img/favicon-32.png")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.ico")
    assert finders.find("img/favicon.ico")
