"""portal.exports: downloads that open as they are in Finnish Excel."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from portal import exports

HEADER = ["Nimi", "Summa", "Päivä", "Tunnit", "Jäseniä", "Hyväksytty", "Kirjattu"]
ROWS = [
    [
        "Kylän Kerho ry",
        Decimal("1500.50"),
        datetime.date(2026, 5, 1),
        12.5,
        40,
        True,
        datetime.datetime(2026, 5, 1, 9, 5, tzinfo=datetime.UTC),
    ],
    ['=HYPERLINK("http://x")', None, None, None, None, False, None],
]


def parse_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def open_sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def test_csv_starts_with_a_byte_order_mark_and_uses_semicolons_and_crlf():
    content = exports.to_csv(HEADER, ROWS)

    assert content.startswith("\ufeff".encode())
    assert content.decode("utf-8-sig").split("\r\n")[0] == ";".join(HEADER)


def test_csv_writes_decimal_commas_finnish_dates_and_local_times():
    with translation.override("en"):
        rows = parse_csv(exports.to_csv(HEADER, ROWS))

    assert rows[1] == [
        "Kylän Kerho ry",
        "1500,50",
        "1.5.2026",
        "12,5",
        "40",
        "yes",
        "1.5.2026 12:05",  # 09:05 UTC is 12:05 in Helsinki in summer
    ]


def test_csv_keeps_a_formula_as_text_and_leaves_none_empty():
    rows = parse_csv(exports.to_csv(HEADER, ROWS))

    assert rows[2][0] == '\'=HYPERLINK("http://x")'
    assert rows[2][1:5] == ["", "", "", ""]


def test_xlsx_cells_keep_their_types_and_finnish_date_formats():
    sheet = open_sheet(exports.to_xlsx(HEADER, ROWS, sheet_title="Tilasto"))

    name, amount, day, hours, members, accepted, logged = sheet[2]
    assert sheet.title == "Tilasto"
    assert name.value == "Kylän Kerho ry"
    assert amount.data_type == "n"
    assert amount.value == 1500.5
    assert amount.number_format == exports.DECIMAL_FORMAT
    assert day.is_date
    assert day.value.date() == datetime.date(2026, 5, 1)
    assert day.number_format == "d.m.yyyy"
    assert hours.value == 12.5
    assert members.value == 40
    assert accepted.value is True
    assert logged.is_date
    assert (logged.value.date(), logged.value.hour, logged.value.minute) == (
        datetime.date(2026, 5, 1),
        12,
        5,
    )


def test_xlsx_header_is_bold_and_frozen_and_columns_fit_the_text():
    sheet = open_sheet(exports.to_xlsx(HEADER, ROWS))

    assert [cell.value for cell in sheet[1]] == HEADER
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= len('=HYPERLINK("http://x")')


def test_xlsx_stores_a_formula_like_text_as_text():
    sheet = open_sheet(exports.to_xlsx(HEADER, ROWS))

    assert sheet["A3"].data_type == "s"
    assert sheet["A3"].value == '=HYPERLINK("http://x")'


def test_responses_carry_the_filename_and_content_type():
    xlsx = exports.export_response("xlsx", filename="tilat-ä", header=HEADER, rows=ROWS)
    text = exports.export_response("csv", filename="tilat", header=HEADER, rows=ROWS)

    assert xlsx["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert "attachment" in xlsx["Content-Disposition"]
    assert "tilat-%C3%A4.xlsx" in xlsx["Content-Disposition"]
    assert text["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="tilat.csv"' in text["Content-Disposition"]
    assert "no-store" in text["Cache-Control"]


def test_streaming_csv_gives_the_same_bytes():
    response = exports.csv_response(filename="x", header=HEADER, rows=iter(ROWS), streaming=True)

    assert b"".join(response.streaming_content) == exports.to_csv(HEADER, ROWS)


def test_an_unknown_format_is_not_found():
    with pytest.raises(Http404):
        exports.export_response("pdf", filename="x", header=HEADER, rows=ROWS)


def test_a_naive_datetime_is_written_as_it_is():
    naive = datetime.datetime(2026, 1, 2, 3, 4)  # noqa: DTZ001

    assert exports.csv_value(naive) == "2.1.2026 3:04"
    assert timezone.is_naive(naive)


# The back-office downloads that use portal.exports, each offered in both formats.


@pytest.fixture
def export_urls(db, association):
    from tests.events.evening_factories import EveningFactory, InvitationFactory
    from tests.facilities.factories import BookingFactory

    BookingFactory(association=association, actual_participants=7)
    evening = EveningFactory()
    InvitationFactory(evening=evening, association=association, is_attending=True, head_count=3)
    return {
        "register": lambda fmt: reverse("organizations:register_export", args=[fmt]),
        "statistics": lambda fmt: (
            reverse("facilities:statistics_csv") + f"?by=association&format={fmt}"
        ),
        "evening": lambda fmt: reverse("events:evening_export", args=[evening.pk, fmt]),
    }


EXPORTS = ["register", "statistics", "evening"]


@pytest.mark.parametrize("export", EXPORTS)
def test_each_export_gives_a_typed_xlsx(client_for, liaison_officer, export_urls, export):
    response = client_for(liaison_officer).get(export_urls[export]("xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    sheet = open_sheet(response.content)
    assert sheet.freeze_panes == "A2"
    # Counts stay numbers and yes/no stays a truth value, not text.
    typed = [cell.value for row in sheet.iter_rows(min_row=2) for cell in row]
    assert any(isinstance(value, bool | int | float) for value in typed)


@pytest.mark.parametrize("export", EXPORTS)
def test_each_export_gives_a_csv_for_finnish_excel(
    client_for, liaison_officer, export_urls, export
):
    response = client_for(liaison_officer).get(export_urls[export]("csv"))

    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    assert b"\r\n" in response.content
    assert len(parse_csv(response.content)[0]) > 1


def test_the_statistics_hours_have_a_decimal_comma(client_for, liaison_officer, export_urls):
    response = client_for(liaison_officer).get(export_urls["statistics"]("csv"))

    assert parse_csv(response.content)[1][1] == "2,0"


@pytest.mark.parametrize("fmt", exports.FORMATS)
@pytest.mark.parametrize("export", EXPORTS)
@pytest.mark.parametrize("who", ["association_rep", "plain_user"])
def test_the_wrong_role_gets_no_export(request, client_for, export_urls, export, fmt, who):
    response = client_for(request.getfixturevalue(who)).get(export_urls[export](fmt))

    assert response.status_code == 403


@pytest.mark.parametrize("fmt", exports.FORMATS)
@pytest.mark.parametrize("export", EXPORTS)
def test_anonymous_gets_no_export(resident, export_urls, export, fmt):
    response = resident.get(export_urls[export](fmt))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_statistics_page_links_both_formats(client_for, liaison_officer):
    content = client_for(liaison_officer).get(reverse("facilities:statistics")).content.decode()

    assert 'id="statistics-xlsx"' in content
    assert 'id="statistics-csv"' in content
