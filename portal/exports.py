"""Spreadsheet downloads that open as they are in Finnish Excel: XLSX and a Finnish-style CSV.

One small API for every back-office export. Give it a header row and rows of plain Python values
(str, int, Decimal, float, bool, date, datetime, None); it does the formatting:

    from portal import exports

    @login_required
    def thing_export(request, fmt):
        ...permission check...
        return exports.export_response(
            fmt,                                   # "xlsx" or "csv"; anything else is a 404
            filename="tilat-2026-05-01",           # without extension; may contain ä/ö
            header=[_("Room"), _("Hours")],
            rows=[["Sali", Decimal("12.5")], ...], # any iterable of sequences
            sheet_title=_("Statistics"),           # XLSX sheet name (cut to 31 characters)
        )

CSV (``text/csv``): UTF-8 with a byte order mark, ``;`` between fields, CRLF line ends, decimal
comma (``12,5``), dates as ``d.m.yyyy`` and times as ``d.m.yyyy h:mm`` in the portal's time zone,
booleans as the translated "yes"/"no", empty for None. This is what Excel with Finnish regional
settings reads without the import wizard.

XLSX: typed cells (numbers stay numbers, dates are dates shown as d.m.yyyy, money-like Decimals
with two decimals), a bold header row frozen at the top, column widths from the content.

Both guard against formula injection: a text cell that begins with = + - @ (or a tab or carriage
return) is written so that the spreadsheet shows it as text instead of running it.

Offer both formats on the page with
``{% include "includes/export_links.html" with xlsx_url=... csv_url=... id_prefix="thing" %}``
(or two links of your own); views that cannot take the format in the path read ``?format=``.

Machine-readable open data (documented comma-separated UTF-8 with dot decimals) does not use this
module: it is for programs, not for Excel.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMATS = ("xlsx", "csv")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Number format codes are stored in the file in Excel's neutral notation; Excel shows them with
# the reader's separators (1 234,50 and 1.5.2026 in Finland).
DATE_FORMAT = "d.m.yyyy"
DATETIME_FORMAT = "d.m.yyyy h:mm"
DECIMAL_FORMAT = "#,##0.00"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_MAX_WIDTH = 60
_XLSX_ROW_LIMIT = 1_048_575  # Excel's last row, header excluded


def _local(value: datetime.datetime) -> datetime.datetime:
    """Wall-clock time in the portal's zone, naive: spreadsheets have no time zones."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def _safe_text(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def csv_value(value: Any) -> str:
    """One value as Finnish Excel reads it from a CSV field."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        local = _local(value)
        return f"{local.day}.{local.month}.{local.year} {local.hour}:{local.minute:02d}"
    if isinstance(value, datetime.date):
        return f"{value.day}.{value.month}.{value.year}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal | float):
        return format(value, "f" if isinstance(value, Decimal) else "").replace(".", ",")
    return _safe_text(str(value))


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Iterable[str]:
    """The CSV as text lines, the byte order mark first."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([str(title) for title in header])
    for row in rows:
        yield writer.writerow([csv_value(value) for value in row])


def to_csv(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """The whole CSV as bytes (UTF-8 with a byte order mark)."""
    return "".join(csv_lines(header, rows)).encode("utf-8")


def _xlsx_cell(sheet, value: Any) -> WriteOnlyCell:
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, value=_local(value))
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
    elif isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        if value.as_tuple().exponent == -2:  # money: always two decimals
            cell.number_format = DECIMAL_FORMAT
    elif value is None or isinstance(value, bool | int | float):
        cell = WriteOnlyCell(sheet, value=value)
    else:
        cell = WriteOnlyCell(sheet, value=str(value))
        # openpyxl would store "=..." as a formula; a data cell is always text.
        cell.data_type = "s"
    return cell


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def to_xlsx(
    header: Sequence[Any], rows: Iterable[Sequence[Any]], *, sheet_title: str = ""
) -> bytes:
    """The XLSX file as bytes: one sheet, bold frozen header, typed cells, fitted columns."""
    data = [list(row) for row in rows]
    if len(data) > _XLSX_ROW_LIMIT:
        raise ValueError("Too many rows for one sheet.")
    titles = [str(title) for title in header]
    widths = [len(title) for title in titles]
    for row in data:
        for index, value in enumerate(row):
            if index < len(widths):
                widths[index] = max(widths[index], _width(value))
            else:
                widths.append(_width(value))

    workbook = Workbook(write_only=True)
    name = "".join(ch for ch in str(sheet_title or _("Data")) if ch not in "[]:*?/\\")[:31]
    sheet = workbook.create_sheet(name or "Data")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, _MAX_WIDTH)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.data_type = "s"
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in data:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _attach(response: HttpResponse | StreamingHttpResponse, filename: str) -> None:
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # Personal data often sits in these files: no shared cache keeps a copy.
    response["Cache-Control"] = "private, no-store"


def csv_response(
    *,
    filename: str,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    streaming: bool = False,
) -> HttpResponse | StreamingHttpResponse:
    """A CSV download for Finnish Excel; ``streaming`` for long lists read from an iterator."""
    response: HttpResponse | StreamingHttpResponse
    if streaming:
        response = StreamingHttpResponse(
            (line.encode("utf-8") for line in csv_lines(header, rows)),
            content_type=CSV_CONTENT_TYPE,
        )
    else:
        response = HttpResponse(to_csv(header, rows), content_type=CSV_CONTENT_TYPE)
    _attach(response, f"{filename}.csv")
    return response


def xlsx_response(
    *,
    filename: str,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    sheet_title: str = "",
) -> HttpResponse:
    """An XLSX download."""
    response = HttpResponse(
        to_xlsx(header, rows, sheet_title=sheet_title), content_type=XLSX_CONTENT_TYPE
    )
    _attach(response, f"{filename}.xlsx")
    return response


def export_response(
    fmt: str,
    *,
    filename: str,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    sheet_title: str = "",
) -> HttpResponse | StreamingHttpResponse:
    """The download in ``fmt`` ("xlsx" or "csv"); any other format is a 404."""
    if fmt == "xlsx":
        return xlsx_response(filename=filename, header=header, rows=rows, sheet_title=sheet_title)
    if fmt == "csv":
        return csv_response(filename=filename, header=header, rows=rows)
    raise Http404("Unknown export format.")
