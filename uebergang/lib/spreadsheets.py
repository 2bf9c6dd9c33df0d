"""The one spreadsheet writer: every CSV and XLSX the platform hands out is built here.

Why one place: the files go to offices that open them in German Excel or LibreOffice, and each writer
of its own used to get a different detail wrong (a comma delimiter, no byte-order mark, a formula left
live, a file name with an umlaut). Here, once:

- CSV as German offices open it by double-click: UTF-8 with a byte-order mark, ";" between cells,
  CRLF line ends, dates as 31.12.2026, decimals with a comma.
- XLSX with openpyxl in write-only mode (rows stream, a large table does not build a cell object per
  value in memory): a bold, frozen header row with a filter, widths from the titles and the first rows
  unless given, dates as dates, numbers as numbers, text columns typed as text where leading zeros
  matter, and an optional note below the table (e.g. the legend of hidden figures).
- Formula neutralisation in both: a text cell that begins with =, +, -, @, a tab or a carriage return
  (also in their full-width forms, which Excel folds) gets a leading apostrophe, and in XLSX it is
  typed as a string, so a name such as `=HYPERLINK(…)` a partner typed never runs on a reader's
  computer.
- The download response: content type and a Content-Disposition whose file name survives umlauts.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice

from django.http import HttpResponse
from django.utils.http import content_disposition_header

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}
FORMATS = tuple(CONTENT_TYPES)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
SHEET_TITLE_LENGTH = 31  # Excel refuses longer sheet names
WIDTH_SAMPLE_ROWS = 100
MIN_WIDTH, MAX_WIDTH = 8, 60


def neutralise(text: str) -> str:
    """A text that a spreadsheet would evaluate as a formula becomes plain text (leading apostrophe)."""
    if text and text.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + text
    return text


@dataclass
class Sheet:
    """One table: a header row, value rows (any iterable, consumed once) and how to lay it out.

    `widths` in characters per column (estimated when left out); `text_columns` are positions kept as
    typed text in XLSX (postcodes, identifiers, phone numbers keep their zeros); `note` is written
    below the table after an empty row (a legend, a hint that the result was cut off).
    """

    title: str
    header: Sequence[object]
    rows: Iterable[Sequence[object]]
    widths: Sequence[int] | None = None
    text_columns: frozenset[int] = field(default_factory=frozenset)
    note: str = ""


# CSV ---------------------------------------------------------------------------------------------


def csv_text(value: object) -> str:
    """One cell as text: dates German, decimals with a comma, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, float):
        return str(value).replace(".", ",")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return neutralise(str(value))


def csv_bytes(header: Sequence[object], rows: Iterable[Sequence[object]], *, note: str = "") -> bytes:
    """Semicolon-separated UTF-8 with a byte-order mark and CRLF: what German Excel opens directly.

    An empty header writes no header row; a note follows the table after an empty line.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    if header:
        writer.writerow([csv_text(title) for title in header])
    for row in rows:
        writer.writerow([csv_text(value) for value in row])
    if note:
        writer.writerow([])
        writer.writerow([neutralise(note)])
    return buffer.getvalue().encode("utf-8-sig")


# XLSX --------------------------------------------------------------------------------------------


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook written row by row (openpyxl write-only), one worksheet per `Sheet`."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for spec in sheets:
        _write_sheet(workbook, spec)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(workbook, spec: Sheet) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(str(spec.title)[:SHEET_TITLE_LENGTH])
    rows = iter(spec.rows)
    widths = spec.widths
    if widths is None:
        sample = list(islice(rows, WIDTH_SAMPLE_ROWS))
        widths = estimated_widths(spec.header, sample)
        rows = chain(sample, rows)
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    if spec.header:
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(spec.header))}1"
        bold = Font(bold=True)
        header = []
        for title in spec.header:
            cell = _xlsx_cell(sheet, title, as_text=True)
            if cell is None:
                cell = WriteOnlyCell(sheet, value=None)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
    for row in rows:
        sheet.append(
            [
                _xlsx_cell(sheet, value, as_text=position in spec.text_columns)
                for position, value in enumerate(row)
            ]
        )
    if spec.note:
        sheet.append([])
        sheet.append([_xlsx_cell(sheet, spec.note, as_text=False)])


def _xlsx_cell(sheet, value: object, *, as_text: bool):
    """Dates as dates, numbers as numbers (unless a text column), everything else a string cell."""
    from openpyxl.cell import WriteOnlyCell

    if value is None or value == "":
        return None
    if isinstance(value, (datetime, date)):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD.MM.YYYY HH:MM" if isinstance(value, datetime) else "DD.MM.YYYY"
        return cell
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "#,##0.00"
        return cell
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not as_text:
        return value
    cell = WriteOnlyCell(sheet, value=neutralise(str(value)))
    cell.data_type = "s"  # never a formula, whatever openpyxl would guess from the text
    if as_text:
        cell.number_format = "@"
    return cell


def estimated_widths(header: Sequence[object], sample: Sequence[Sequence[object]]) -> list[int]:
    """Column widths in characters from the titles and a sample of rows, within sensible bounds."""
    count = max([len(header), *(len(row) for row in sample)], default=0)
    widths = []
    for position in range(count):
        texts = [header[position] if position < len(header) else ""]
        texts += [row[position] for row in sample if position < len(row)]
        longest = max(len(csv_text(text)) for text in texts)
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))
    return widths


# Downloads ---------------------------------------------------------------------------------------


def download(content: bytes, filename: str) -> HttpResponse:
    """The bytes as an attachment; the content type follows the file name's extension."""
    extension = filename.rsplit(".", 1)[-1].lower()
    if extension not in CONTENT_TYPES:
        raise ValueError(f"Unknown spreadsheet format {extension!r}")
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def table_download(sheet: Sheet, fmt: str, filename: str) -> HttpResponse:
    """One table as a CSV or XLSX download (`fmt` "csv" or "xlsx"; `filename` with or without it)."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown spreadsheet format {fmt!r}")
    if not filename.endswith(f".{fmt}"):
        filename = f"{filename}.{fmt}"
    if fmt == "csv":
        return download(csv_bytes(sheet.header, sheet.rows, note=sheet.note), filename)
    return download(xlsx_bytes([sheet]), filename)
