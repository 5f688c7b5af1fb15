"""The round's payments for the finance office, as XLSX and as CSV for Finnish Excel."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.grants.test_views import decided

pytestmark = pytest.mark.django_db


@pytest.fixture
def payments_url(application, sector_officer):
    application.association.business_id = "1234567-1"
    application.association.save()
    decided(application, sector_officer, amount="987.65")
    return reverse("grants:payment_export", args=[application.grant_round_id])


def test_the_xlsx_keeps_amounts_as_numbers_and_dates_as_dates(
    client_for, sector_officer, application, payments_url
):
    response = client_for(sector_officer).get(payments_url, {"format": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert row["association"].value == application.association.name
    assert row["amount"].data_type == "n"
    assert sum(cells[header.index("amount")].value for cells in sheet.iter_rows(min_row=2)) == (
        pytest.approx(987.65)
    )
    assert row["decided_on"].is_date
    assert isinstance(row["decided_on"].value, datetime.datetime)
    assert row["decided_on"].number_format == "d.m.yyyy"
    assert sheet.freeze_panes == "A2"


def test_the_csv_has_a_byte_order_mark_semicolons_and_decimal_commas(
    client_for, sector_officer, payments_url
):
    response = client_for(sector_officer).get(payments_url)

    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    amount = rows[1][rows[0].index("amount")]
    decided_on = rows[1][rows[0].index("decided_on")]
    assert "," in amount
    assert "." not in amount
    day, month, year = decided_on.split(".")
    assert datetime.date(int(year), int(month), int(day))


def test_an_unknown_format_is_not_found(client_for, sector_officer, payments_url):
    response = client_for(sector_officer).get(payments_url, {"format": "pdf"})

    assert response.status_code == 404


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize(
    ("who", "status"), [("association_rep", 403), ("plain_user", 403), ("council_member", 403)]
)
def test_the_payments_are_for_the_rounds_officer_only(
    request, client_for, payments_url, fmt, who, status
):
    response = client_for(request.getfixturevalue(who)).get(payments_url, {"format": fmt})

    assert response.status_code == status


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_anonymous_is_sent_to_log_in(resident, payments_url, fmt):
    response = resident.get(payments_url, {"format": fmt})

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_review_page_offers_both_formats(client_for, sector_officer, application, payments_url):
    page = client_for(sector_officer).get(
        reverse("grants:round_review", args=[application.grant_round_id])
    )

    content = page.content.decode()
    assert 'id="payments-xlsx"' in content
    assert 'id="payments-csv"' in content
