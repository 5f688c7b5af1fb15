"""Malformed addresses and query parameters are refused as not found or with the reason."""

import pytest

from tests.grants.factories import DecisionFactory
from tests.organizations.factories import AssociationFactory

pytestmark = pytest.mark.django_db

NOT_A_PAGE = ["0", "-1", "abc", "1.5", "1e3", "٣", "%00"]


@pytest.mark.parametrize("grant_id", ["abc", "1.5", "-1", "%00", "1%20", "ä"])
def test_the_grants_api_answers_not_found_to_an_id_that_is_no_number(resident, grant_id):
    response = resident.get(f"/api/v1/grants/{grant_id}/")

    assert response.status_code == 404
    assert "detail" in response.json()


def test_the_grants_api_still_finds_a_grant_by_its_number(resident):
    decision = DecisionFactory()

    response = resident.get(f"/api/v1/grants/{decision.application_id}/")

    assert response.status_code == 200
    assert response.json()["title"] == decision.application.title


@pytest.mark.parametrize("slug", ["%00", "a%00b", "ä", "x%20y", "a.b"])
def test_the_register_api_answers_not_found_to_an_address_that_is_no_slug(resident, slug):
    response = resident.get(f"/api/v1/associations/{slug}/")

    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("api", ["/api/v1/associations/", "/api/v1/grants/"])
@pytest.mark.parametrize("number", NOT_A_PAGE)
def test_the_api_refuses_a_page_that_is_no_page_number_with_the_reason(resident, api, number):
    response = resident.get(f"{api}?page={number}")

    assert response.status_code == 400
    assert list(response.json()) == ["page"]


@pytest.mark.parametrize("api", ["/api/v1/associations/", "/api/v1/grants/"])
def test_the_api_answers_not_found_past_the_last_page(resident, api):
    response = resident.get(api, {"page": "9" * 30})

    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("api", ["/api/v1/associations/", "/api/v1/grants/"])
@pytest.mark.parametrize("number", ["", "1", "last", "01"])
def test_the_api_serves_the_first_page_for_any_way_of_writing_it(resident, api, number):
    response = resident.get(api, {"page": number})

    assert response.status_code == 200
    assert response.json()["previous"] is None


def test_the_register_api_sorts_by_name_when_the_sort_is_empty(resident):
    AssociationFactory(name="Bee ry")
    AssociationFactory(name="Aa ry")

    response = resident.get("/api/v1/associations/", {"sort": ""})

    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["Aa ry", "Bee ry"]


@pytest.mark.parametrize(
    "query",
    [{"q": "\x00"}, {"category": "\x00"}, {"language": "\x00"}, {"q": "x" * 1000}],
)
def test_the_register_api_refuses_unusable_filters_with_the_reason(resident, query):
    response = resident.get("/api/v1/associations/", query)

    assert response.status_code == 400
    assert list(response.json()) == list(query)


@pytest.mark.parametrize("year", ["99999999999", "0", "1999", "9" * 5000, "-1", "%00"])
def test_a_council_report_of_an_impossible_year_is_not_found(client_for, council_member, year):
    response = client_for(council_member).get(f"/en/valtuusto/annual/{year}/")

    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/en/yhdistykset/edustuspyynnot/abc/hylkaa/",
        "/en/yhdistykset/edustuspyynnot/99999999999999999999/hylkaa/",
        "/en/yhdistykset/vienti/%00/",
        "/en/yhdistykset/vienti/json%00/",
        "/en/sivut/%00/",
        "/en/yhdistykset/%00/",
    ],
)
def test_the_officer_gets_not_found_for_malformed_addresses(client_for, liaison_officer, path):
    response = client_for(liaison_officer).get(path)

    assert response.status_code == 404


@pytest.mark.parametrize("number", ["0", "abc", "", "9" * 5000, "%00"])
def test_the_register_page_shows_a_page_for_any_page_parameter(resident, number):
    response = resident.get(f"/en/yhdistykset/?page={number}")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/admin/organizations/association/abc/history/",
        "/admin/organizations/association/%00/history/",
        "/admin/organizations/association/1/history/abc/",
    ],
)
def test_the_admin_history_of_a_malformed_address_is_not_found(client_for, liaison_officer, path):
    response = client_for(liaison_officer).get(path)

    assert response.status_code == 404


def test_the_admin_still_shows_an_associations_history(client_for, liaison_officer):
    association = AssociationFactory()

    response = client_for(liaison_officer).get(
        f"/admin/organizations/association/{association.pk}/history/"
    )

    assert response.status_code == 200
