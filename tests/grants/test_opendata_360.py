import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from django.urls import reverse
from django.utils import translation
from referencing import Registry
from referencing.jsonschema import DRAFT4

from grants import opendata
from portal.models import Sector
from tests.factories import AssociationFactory
from tests.grants.factories import DecisionFactory, GrantRoundFactory

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "fixtures" / "360giving"


def format_checker() -> jsonschema.FormatChecker:
    """Draft 4's checker, with date-time and uri checked even without the optional packages."""
    checker = jsonschema.FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value) -> bool:
        return not isinstance(value, str) or ("T" in value and bool(datetime.fromisoformat(value)))

    @checker.checks("uri", raises=ValueError)
    def is_uri(value) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme and parts.netloc) and " " not in value

    return checker


def validator(grant_schema: dict | None = None) -> jsonschema.Draft4Validator:
    """The package schema, its grant schema reference resolved to the local file."""
    if grant_schema is None:
        grant_schema = json.loads((SCHEMAS / "360-giving-schema.json").read_text())
    package_schema = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text())
    grant_schema_url = package_schema["properties"]["grants"]["items"]["$ref"]
    registry = Registry().with_resource(grant_schema_url, DRAFT4.create_resource(grant_schema))
    return jsonschema.Draft4Validator(
        package_schema, registry=registry, format_checker=format_checker()
    )


def awarded(*, year=2026, sector=Sector.CULTURE, **kwargs):
    return DecisionFactory(
        decided_on=date(year, 3, 1),
        application__grant_round__programme__sector=sector,
        **kwargs,
    )


def test_the_published_package_is_valid_against_the_360giving_schema(resident, private_storage):
    awarded(application__association=AssociationFactory(business_id="1234567-1"))
    awarded(sector=Sector.SPORTS, application__grant_round__is_year_round=True)

    response = resident.get(reverse("grants:opendata_json"))
    package = json.loads(response.content)

    errors = [error.message for error in validator().iter_errors(package)]
    assert errors == []


def test_the_package_fields_are_valid_against_the_package_schema(resident, private_storage):
    awarded()

    response = resident.get(reverse("grants:opendata_json"))
    package = json.loads(response.content)

    errors = [error.message for error in validator(grant_schema={}).iter_errors(package)]
    assert errors == []
    assert package["version"] == "1.4"


def test_the_format_checks_catch_a_date_that_is_not_a_date_time():
    checker = format_checker()

    assert not checker.conforms("2026-03-01", "date-time")
    assert checker.conforms("2026-03-01T12:00:00+02:00", "date-time")
    assert not checker.conforms("/avustukset/", "uri")


def test_each_grant_names_the_municipality_as_its_beneficiary_location(settings):
    settings.MUNICIPALITY_NAME = "Helsinki"
    settings.MUNICIPALITY_CODE = "091"
    awarded()

    (grant,) = opendata.package()["grants"]

    assert grant["beneficiaryLocation"] == [
        {"name": "Helsinki", "countryCode": "FI", "geoCode": "091", "geoCodeType": "MUN"}
    ]


def test_without_a_municipality_code_the_location_has_no_geographic_code(settings):
    settings.MUNICIPALITY_CODE = ""
    awarded()

    (grant,) = opendata.package()["grants"]

    assert "geoCode" not in grant["beneficiaryLocation"][0]
    assert "geoCodeType" not in grant["beneficiaryLocation"][0]


def test_grants_are_classified_by_sector_and_kind_in_the_portals_own_lists(settings):
    settings.OPEN_DATA_360GIVING_PREFIX = "360G-testikunta"
    awarded(sector=Sector.YOUTH, application__grant_round__is_year_round=True)

    with translation.override("en"):
        (grant,) = opendata.package()["grants"]

    assert grant["classifications"] == [
        {"vocabulary": "360G-testikunta-sector", "code": "youth", "title": "Youth"},
        {"vocabulary": "360G-testikunta-grant-kind", "code": "year-round", "title": "Year-round"},
    ]


def test_the_publisher_prefix_comes_from_the_setting(settings):
    settings.OPEN_DATA_360GIVING_PREFIX = "360G-testikunta"
    decision = awarded()

    (grant,) = opendata.package()["grants"]

    assert grant["id"] == f"360G-testikunta-grant-{decision.application_id}"
    assert grant["fundingOrganization"][0]["id"] == "360G-testikunta-municipality"


def test_each_grant_links_to_its_public_page_and_the_list_it_is_on(settings):
    settings.SITE_URL = "https://yhdistykset.example.fi"
    decision = awarded(year=2025, sector=Sector.SPORTS)
    pk = decision.application_id

    (grant,) = opendata.package()["grants"]

    assert grant["url"] == f"https://yhdistykset.example.fi/avustukset/myonnetyt/{pk}/"
    assert grant["dataSource"] == (
        "https://yhdistykset.example.fi/avustukset/myonnetyt/"
        f"?vuosi=2025&toimiala=sports#grant-{pk}"
    )
    assert datetime.fromisoformat(grant["dateModified"]).tzinfo is not None


def test_the_csv_has_the_new_fields_under_360giving_column_names(settings):
    settings.MUNICIPALITY_CODE = "091"
    decision = awarded()

    header, row = list(csv.reader(io.StringIO(opendata.csv_text())))
    record = dict(zip(header, row, strict=True))

    assert record["beneficiaryLocation:geoCode"] == "091"
    assert record["classifications:0:code"] == "culture"
    assert record["url"].endswith(f"/avustukset/myonnetyt/{decision.application_id}/")
    assert record["dateModified"]


def test_a_new_decision_gives_the_json_a_new_etag(resident, private_storage):
    awarded()
    first = resident.get(reverse("grants:opendata_json"))

    with_new = DecisionFactory()
    opendata.OPEN_DATA.bump()
    second = resident.get(reverse("grants:opendata_json"), headers={"If-None-Match": first["ETag"]})

    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert with_new.application.title in second.content.decode()


def test_the_csv_download_is_gzipped_when_asked(resident, private_storage):
    awarded()

    response = resident.get(reverse("grants:opendata_csv"), headers={"Accept-Encoding": "gzip"})

    assert response["Content-Encoding"] == "gzip"
    assert response.status_code == 200


# The readable page of awarded grants


def test_the_page_lists_the_grants_of_a_year_and_sector(resident):
    culture = awarded(amount=Decimal("500"))
    sports = awarded(sector=Sector.SPORTS, amount=Decimal("700"))
    older = awarded(year=2025)

    page = resident.get(reverse("grants:awarded_list"), {"vuosi": "2026", "toimiala": "culture"})
    html = page.content.decode()

    assert f'id="grant-{culture.application_id}"' in html
    assert f'id="grant-{sports.application_id}"' not in html
    assert f'id="grant-{older.application_id}"' not in html
    assert culture.application.association.name in html


def test_the_page_shows_a_total_per_sector(resident):
    awarded(amount=Decimal("500"))
    awarded(amount=Decimal("250"))
    awarded(sector=Sector.SPORTS, amount=Decimal("700"))

    page = resident.get(reverse("grants:awarded_list"), {"vuosi": "2026"})

    totals = {row["code"]: row["total"] for row in page.context["totals"]}
    assert totals == {"culture": Decimal("750"), "sports": Decimal("700")}
    assert page.context["year_total"] == Decimal("1450")


def test_only_years_with_awarded_grants_are_offered(resident):
    awarded(year=2024)
    awarded(year=2026)
    DecisionFactory(decided_on=date(2025, 3, 1), amount=Decimal("0"))

    page = resident.get(reverse("grants:awarded_list"))

    assert page.context["years"] == [2026, 2024]
    assert page.context["year"] == 2026


def test_refusals_and_declined_grants_are_not_listed(resident):
    refused = awarded(amount=Decimal("0"))
    declined = awarded(application__status="declined")

    html = resident.get(reverse("grants:awarded_list")).content.decode()

    assert f'id="grant-{refused.application_id}"' not in html
    assert f'id="grant-{declined.application_id}"' not in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"vuosi": "kaksituhatta"}, "No grants were awarded in “kaksituhatta”; showing 2026."),
        ({"vuosi": "1999"}, "No grants were awarded in “1999”; showing 2026."),
        ({"toimiala": "<script>"}, "Unknown sector “&lt;script&gt;”; showing all sectors."),
        ({"page": "x"}, "There is no page “x”; showing page 1."),
    ],
)
def test_a_malformed_address_gets_a_clear_message(resident, query, message):
    awarded()

    with translation.override("en"):
        page = resident.get(reverse("grants:awarded_list"), query)

    assert page.status_code == 200
    assert message in page.content.decode()


def test_the_page_without_any_grants_says_so(resident):
    with translation.override("en"):
        page = resident.get(reverse("grants:awarded_list"), {"vuosi": "2026"})

    assert page.status_code == 200
    assert "No grants have been awarded yet." in page.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_the_page_takes_constant_queries(resident, django_assert_num_queries, count):
    grant_round = GrantRoundFactory(closed=True)
    DecisionFactory.create_batch(
        count, application__grant_round=grant_round, decided_on=date(2026, 3, 1)
    )

    with django_assert_num_queries(4):
        page = resident.get(reverse("grants:awarded_list"))

    assert page.context["page_obj"].paginator.count == count


def test_a_long_list_is_paginated(resident):
    grant_round = GrantRoundFactory(closed=True)
    DecisionFactory.create_batch(
        51, application__grant_round=grant_round, decided_on=date(2026, 3, 1)
    )

    second = resident.get(reverse("grants:awarded_list"), {"vuosi": "2026", "page": "2"})

    assert len(second.context["page_obj"].object_list) == 1
    assert "vuosi=2026&amp;page=1" in second.content.decode()


def test_a_grant_has_its_own_page_without_personal_data(resident):
    decision = awarded(application__association=AssociationFactory(business_id="1234567-1"))
    association = decision.application.association

    page = resident.get(reverse("grants:awarded_detail", args=[decision.application_id]))
    html = page.content.decode()

    assert page.status_code == 200
    assert decision.application.title in html
    assert "1234567-1" in html
    assert association.contact_email not in html
    assert association.contact_name not in html
    assert decision.decided_by.email not in html
    assert decision.reasons not in html


def test_a_refused_or_undecided_application_has_no_public_grant_page(resident):
    refused = awarded(amount=Decimal("0"))
    proposal = DecisionFactory(decided_on=None, decided_by=None)

    for decision in (refused, proposal):
        page = resident.get(reverse("grants:awarded_detail", args=[decision.application_id]))
        assert page.status_code == 404


def test_the_grants_hub_section_links_to_the_awarded_grants(resident):
    html = resident.get("/").content.decode()

    assert reverse("grants:awarded_list") in html
