import csv
import gzip
import io
import json

import pytest
from django.urls import reverse

from organizations.services import bump_register_version
from tests.factories import AssociationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage")]


def body(response) -> bytes:
    return response.content


def test_the_register_csv_opens_in_a_finnish_spreadsheet(resident):
    AssociationFactory(name="Äänekosken Kuoro ry", business_id="1234567-1")

    response = resident.get(reverse("organizations:register_csv"))
    data = body(response)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))

    assert data.startswith("\ufeff".encode())
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0][:3] == ["name", "business_id", "register_number"]
    assert rows[1][:2] == ["Äänekosken Kuoro ry", "1234567-1"]


def test_the_register_json_states_its_licence_and_modification_date(resident):
    AssociationFactory()

    response = resident.get(reverse("organizations:register_json"))
    document = json.loads(body(response))

    assert document["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert document["dateModified"]
    assert document["associations"][0]["dateModified"]
    assert 'rel="license"' in response["Link"]


@pytest.mark.parametrize("name", ["organizations:register_csv", "organizations:register_json"])
def test_the_download_holds_no_private_contact_details(resident, name):
    association = AssociationFactory(contact_name="Maija Meikäläinen", contact_phone="040 765 4321")

    text = body(resident.get(reverse(name))).decode()

    assert association.public_email in text
    assert association.contact_email not in text
    assert "Maija Meikäläinen" not in text
    assert "040 765 4321" not in text


def test_an_association_hidden_from_the_register_is_not_in_the_download(resident):
    hidden = AssociationFactory(is_listed=False)

    text = body(resident.get(reverse("organizations:register_json"))).decode()

    assert hidden.name not in text


def test_a_repeat_with_the_etag_gets_not_modified(resident):
    AssociationFactory()
    first = resident.get(reverse("organizations:register_csv"))

    again = resident.get(
        reverse("organizations:register_csv"), headers={"If-None-Match": first["ETag"]}
    )

    assert again.status_code == 304


def test_a_change_in_the_register_gives_a_new_etag_and_new_content(resident):
    AssociationFactory()
    first = resident.get(reverse("organizations:register_json"))

    added = AssociationFactory(name="Uusi Seura ry")
    bump_register_version()
    second = resident.get(
        reverse("organizations:register_json"), headers={"If-None-Match": first["ETag"]}
    )

    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert added.name in body(second).decode()


def test_the_download_is_gzipped_when_asked(resident):
    AssociationFactory(name="Pakattu Seura ry")

    response = resident.get(
        reverse("organizations:register_json"), headers={"Accept-Encoding": "gzip"}
    )

    assert response["Content-Encoding"] == "gzip"
    assert "Pakattu Seura ry" in gzip.decompress(body(response)).decode()


def test_the_register_page_links_to_the_download_and_its_licence(resident):
    html = resident.get(reverse("organizations:association_list")).content.decode()

    assert reverse("organizations:register_csv") in html
    assert "CC BY 4.0" in html
