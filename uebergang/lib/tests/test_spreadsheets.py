"""The one spreadsheet writer: files read back as a German office would open them, formulas never live."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from uebergang.lib import spreadsheets
from uebergang.lib.spreadsheets import Sheet

HOSTILE = [
    '=HYPERLINK("http://evil.example.org","Klick")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "＝1+1",
]


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "German Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_is_semicolon_utf8_with_bom_and_crlf():
    content = spreadsheets.csv_bytes(
        ["Schule", "Anzahl"], [["Realschule Süd; Nord", 12], ["Gymnasium", None]]
    )
    assert content.count(b"\r\n") == 3 and b"\n" not in content.replace(b"\r\n", b"")
    assert read_csv(content) == [["Schule", "Anzahl"], ["Realschule Süd; Nord", "12"], ["Gymnasium", ""]]


def test_csv_writes_dates_and_decimals_as_german_offices_read_them():
    row = [date(2026, 3, 1), datetime(2026, 3, 1, 14, 5), Decimal("1234.5"), 12.5, 7]
    (_header, values) = read_csv(spreadsheets.csv_bytes(["a", "b", "c", "d", "e"], [row]))
    assert values == ["01.03.2026", "01.03.2026 14:05", "1234,50", "12,5", "7"]


def test_csv_note_follows_the_table_after_an_empty_line():
    lines = read_csv(spreadsheets.csv_bytes(["Titel"], [["A"]], note="=Verdeckt: ."))
    assert lines == [["Titel"], ["A"], [], ["'=Verdeckt: ."]]


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_neutralises_formulas_in_cells_and_titles(text):
    lines = read_csv(spreadsheets.csv_bytes([text], [[text, "harmlos - mit Strich", -5]]))
    assert lines[0] == ["'" + text]
    assert lines[1] == ["'" + text, "harmlos - mit Strich", "-5"]  # a negative number stays a number


def test_xlsx_reads_back_with_bold_frozen_header_widths_and_types():
    rows = [["Realschule Nord", 12, date(2026, 8, 1), Decimal("99.50"), "01234"]]
    content = spreadsheets.xlsx_bytes(
        [Sheet("Tabelle mit einem sehr langen Namen über 31", ["Schule", "Anzahl", "Stichtag", "Betrag", "PLZ"],
               rows, text_columns=frozenset({4}))]
    )  # fmt: skip
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    assert sheet.title == "Tabelle mit einem sehr langen N"
    assert [cell.font.bold for cell in sheet[1]] == [True] * 5
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:E1"
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert values == [("Realschule Nord", 12, datetime(2026, 8, 1), Decimal("99.5"), "01234")]
    assert sheet["E2"].number_format == "@" and sheet["C2"].number_format == "DD.MM.YYYY"
    width = sheet.column_dimensions["A"].width
    assert spreadsheets.MIN_WIDTH <= width <= spreadsheets.MAX_WIDTH and width >= len("Realschule Nord")


def test_xlsx_widths_stay_within_bounds_and_given_widths_win():
    long_text = "x" * 500
    content = spreadsheets.xlsx_bytes(
        [Sheet("Breit", ["a", "b"], [[long_text, "y"]]), Sheet("Fest", ["a"], [["z"]], widths=[33])]
    )
    workbook = load_workbook(io.BytesIO(content))
    assert workbook["Breit"].column_dimensions["A"].width == spreadsheets.MAX_WIDTH
    assert workbook["Breit"].column_dimensions["B"].width == spreadsheets.MIN_WIDTH
    assert workbook["Fest"].column_dimensions["A"].width == 33
    assert workbook["Breit"]["A2"].value == long_text


def test_xlsx_note_row_below_the_table():
    content = spreadsheets.xlsx_bytes([Sheet("T", ["Schule", "Anzahl"], [["A", "."]], note="„.“: geheim")])
    values = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    assert values[-1][0] == "„.“: geheim" and values[-2] == (None, None)
    assert len(values) == 4


@pytest.mark.parametrize("text", HOSTILE)
def test_xlsx_never_writes_a_formula(text):
    content = spreadsheets.xlsx_bytes([Sheet("T", [text], [[text]], note=text)])
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert len(cells) == 3
    assert all(cell.data_type == "s" for cell in cells)
    # (XML keeps a carriage return only as a line feed; the apostrophe in front is what matters)
    assert {cell.value.replace("\n", "\r") for cell in cells} == {"'" + text}


def test_xlsx_streams_a_big_table_from_a_generator():
    rows = ([f"Zeile {n}", n] for n in range(20_000))
    content = spreadsheets.xlsx_bytes([Sheet("Viele", ["Text", "Zahl"], rows)])
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 20_001 and values[-1] == ("Zeile 19999", 19999)


@pytest.mark.parametrize(
    ("filename", "content_type", "disposition"),
    [
        ("schule-2025.csv", spreadsheets.CSV_CONTENT_TYPE, 'attachment; filename="schule-2025.csv"'),
        (
            "Förderende.xlsx",
            spreadsheets.XLSX_CONTENT_TYPE,
            "attachment; filename*=utf-8''F%C3%B6rderende.xlsx",
        ),
    ],
)
def test_download_names_the_file_and_its_type(filename, content_type, disposition):
    response = spreadsheets.download(b"x", filename)
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == disposition
    assert response.content == b"x"


def test_table_download_in_both_formats_carries_the_same_table():
    def sheet():
        return Sheet("Tabelle", ["Schule", "Anzahl"], [["=Nord", 3]], note="Hinweis")

    csv_response = spreadsheets.table_download(sheet(), "csv", "tabelle")
    assert csv_response["Content-Disposition"] == 'attachment; filename="tabelle.csv"'
    assert read_csv(csv_response.content) == [["Schule", "Anzahl"], ["'=Nord", "3"], [], ["Hinweis"]]
    xlsx_response = spreadsheets.table_download(sheet(), "xlsx", "tabelle.xlsx")
    assert xlsx_response["Content-Disposition"] == 'attachment; filename="tabelle.xlsx"'
    values = list(load_workbook(io.BytesIO(xlsx_response.content)).active.iter_rows(values_only=True))
    assert values == [("Schule", "Anzahl"), ("'=Nord", 3), (None, None), ("Hinweis", None)]


def test_an_unknown_format_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown spreadsheet format"):
        spreadsheets.table_download(Sheet("T", ["a"], []), "pdf", "x")
    with pytest.raises(ValueError, match="Unknown spreadsheet format"):
        spreadsheets.download(b"", "x.ods")
