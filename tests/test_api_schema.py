"""The open API answers as its published schema says, for every operation and any input.

Schemathesis reads the schema the portal serves at /api/schema/ and calls every operation in
it, in the test's own process and database: the documented examples, the boundaries of every
parameter, then generated valid and invalid input. Every response must be no server error,
have a documented status code, content type and body, and invalid input must be refused.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from rest_framework.throttling import AnonRateThrottle

from tests.events.factories import EventFactory
from tests.facilities.factories import SiteFactory, SpaceFactory
from tests.factories import AssociationFactory, CategoryFactory, TargetGroupFactory
from tests.grants.factories import DecisionFactory

SCHEMA_URL = "/api/schema/"
# Small enough that the whole file runs in well under two minutes on a busy machine.
CONFIG = {
    "seed": 20260401,
    "generation": {
        "mode": "all",
        "max-examples": 25,
        "deterministic": True,
        "database": "none",
        "no-shrink": True,
    },
    # Filters that name a row (a category, an organiser, a place) refuse a name that is no row
    # with 400, which no schema can tell in advance: they are given rows that exist.
    "parameters": {
        "query.category": "urheilu",
        "query.target_group": "nuoret",
        "query.jarjestaja": 4242,
        "query.paikka": 4242,
        "query.site": 4242,
    },
    # Premises answer 400 to a range that is inverted, longer than 31 days or more than ten
    # years from today, and to a free-time search without its start time: rules between
    # parameters, or relative to today, that OpenAPI has no words for. The 400 is documented.
    "operations": [
        {
            "include-path-regex": "^/api/v1/spaces/",
            "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404"]}},
        }
    ],
    "phases": {"stateful": {"enabled": False}},
    "checks": {"enabled": True},
    "warnings": False,
}


# Every detail route is also tried with a row that exists: the rows below are made with these.
CLUB_SLUG = "esimerkkilan-urheiluseura-ry"
# One identifier names a row in every other collection, whether its address takes an id or a slug.
ROW_ID = 4242


def served_schema() -> dict:
    """The schema as the portal serves it, with a real row as the example of each detail route."""
    client = Client(HTTP_ACCEPT="application/json")
    response = client.get(SCHEMA_URL)
    assert response.status_code == 200, response.content
    raw = response.json()
    for path, item in raw["paths"].items():
        for parameter in item.get("get", {}).get("parameters", []):
            if parameter["in"] == "path":
                known = CLUB_SLUG if path.startswith("/api/v1/associations/") else str(ROW_ID)
                parameter["example"] = known
    return raw


@pytest.fixture(autouse=True)
def register(db):
    """A few public rows behind every collection of the API."""
    sports = CategoryFactory(name="Urheilu", slug="urheilu")
    youth = TargetGroupFactory(name="Nuoret", slug="nuoret")
    club = AssociationFactory(
        pk=ROW_ID, name="Esimerkkilän Urheiluseura ry", languages=["fi", "sv"]
    )
    assert club.slug == CLUB_SLUG
    club.categories.add(sports)
    club.target_groups.add(youth)
    AssociationFactory(name="Kaiku ry", languages=["sv"], facebook="", website="")
    space = SpaceFactory(pk=ROW_ID, slug=str(ROW_ID), site=SiteFactory(pk=ROW_ID))
    EventFactory(pk=ROW_ID, organisers=[club], space=space)
    EventFactory(title="Kyläjuhla", is_free=False, price="5 €")
    DecisionFactory(application__pk=ROW_ID, application__association=club)


@pytest.fixture(autouse=True)
def connection_kept():
    """The calls go through the WSGI handler, which closes the connection after each request as
    it should in production, but the test's transaction lives on it (Django's test client does
    the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def unthrottled(monkeypatch):
    """Thousands of requests come from one address here; the limit itself is tested below."""
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": None})


schema = schemathesis.openapi.from_dict(
    served_schema(), config=schemathesis.Config.from_dict(CONFIG)
)
schema.app = WSGIHandler()


@schema.parametrize()
def test_every_operation_answers_as_the_schema_says(case):
    case.call_and_validate()


def test_every_operation_documents_its_error_answers():
    for path, item in served_schema()["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            assert "429" in codes, (method, path)
            if "{" in path or any(p["in"] == "query" for p in operation.get("parameters", [])):
                assert {"400", "404"} & codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            if any(p["name"] == "page" for p in operation.get("parameters", [])):
                assert {"400", "404"} <= codes, (method, path)


def test_the_rate_limit_answers_in_the_documented_shape(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute"})
    case = schema["/api/v1/events/"]["GET"].Case()
    case.call()

    response = case.call()

    assert response.status_code == 429
    case.validate_response(response)


def test_an_address_not_given_is_null_not_an_empty_text():
    data = Client().get("/api/v1/associations/kaiku-ry/").json()

    assert data["facebook"] is None
    assert data["website"] is None
    assert data["member_count"] is None
