"""Reading leaver files through the one table reader: the cells as the converters expect them (ISO
dates, whole numbers, ja/nein), title rows, sheets to choose, personal columns and hostile files."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from uebergang.lib.tests.workbooks import Sheet as RawSheet
from uebergang.lib.tests.workbooks import far_apart, inline, ods, ods_cell, ods_row, row, with_entities, xlsx
from uebergang.monitoring.imports import UnreadableFile, estimate_rows, open_sheet
from uebergang.monitoring.imports.sheet import SheetChoiceNeeded

TITLES = ["Schüler-ID", "Abgangsjahr", "Stand", "Förderbedarf", "leer", "Alter"]


def test_every_kind_of_cell_arrives_as_the_converters_expect_it(tmp_path):
    """Shared strings, numbers, date cells, booleans, gaps: what a school office's Excel file holds."""
    workbook = Workbook()  # the normal mode writes shared strings and date styles, as Excel does
    sheet = workbook.active
    sheet.append(["Titel & mehr"])
    sheet.append([])
    sheet.append(TITLES)
    sheet.append(["A-1", 2025, datetime(2025, 7, 31), True, None, 16.0])
    sheet.append(["A-2", 2024.0, date(2024, 9, 30), False, None, None])
    path = tmp_path / "mix.xlsx"
    workbook.save(path)

    opened = open_sheet(path)

    assert opened.format == "xlsx" and opened.name == "Sheet" and opened.header_number == 3
    assert opened.titles == TITLES
    assert list(opened.rows()) == [
        (4, ["A-1", "2025", "2025-07-31", "ja", "", "16"]),
        (5, ["A-2", "2024", "2024-09-30", "nein", "", ""]),
    ]
    assert opened.skipped == [{"row": 1, "reason": "über der Kopfzeile"}, {"row": 2, "reason": "leere Zeile"}]


def test_inline_strings_and_gaps(tmp_path):
    workbook = Workbook(write_only=True)  # inline strings, as the openpyxl exports and generators write
    sheet = workbook.create_sheet("Abgänge")
    sheet.append(["Schüler-ID", "Schule", "Abgangsjahr"])
    sheet.append(["A-1", "Schule <Nord> & Süd", 2025])
    sheet.append(["A-2", None, 2025])
    sheet.append(["A-3", "", 2025])
    path = tmp_path / "inline.xlsx"
    workbook.save(path)

    assert [cells for _number, cells in open_sheet(path).rows()] == [
        ["A-1", "Schule <Nord> & Süd", "2025"],
        ["A-2", "", "2025"],
        ["A-3", "", "2025"],
    ]


CELL = st.one_of(
    st.none(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.booleans(),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)),
    # Texts with entities (&, <), spaces at the ends, umlauts and empty ones (no formulas).
    st.text(alphabet=st.sampled_from("aÄß <>&\"'1.-"), max_size=8),
)


def expected_text(value) -> str:
    """What the reader promises for a cell openpyxl wrote: its text as a CSV would carry it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(st.lists(CELL, min_size=1, max_size=6), min_size=1, max_size=12),
    write_only=st.booleans(),
)
def test_the_reader_reads_what_openpyxl_wrote(tmp_path_factory, rows, write_only):
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("Abgänge") if write_only else workbook.active
    sheet.append(TITLES)
    for cells in rows:
        sheet.append(cells)
    path = tmp_path_factory.mktemp("xlsx") / "mix.xlsx"
    workbook.save(path)

    read = dict(open_sheet(path).rows())

    for number, cells in enumerate(rows, start=2):
        texts = [expected_text(value) for value in cells]
        if not any(texts):
            assert number not in read
            continue
        assert read[number][: len(texts)] == texts
        assert not any(read[number][len(texts) :])


def test_the_sheet_is_asked_for_when_two_have_a_header(tmp_path):
    header = row(1, *(inline(None, title) for title in TITLES))
    path = tmp_path / "zwei.xlsx"
    path.write_bytes(
        xlsx(
            [
                RawSheet("Abgänge 2024", header + row(2, inline(None, "alt"))),
                RawSheet("Abgänge 2025", header + row(2, inline(None, "neu"))),
            ]
        )
    )
    with pytest.raises(SheetChoiceNeeded) as refused:
        open_sheet(path)
    assert refused.value.sheets == refused.value.candidates == ["Abgänge 2024", "Abgänge 2025"]
    opened = open_sheet(path, sheet="Abgänge 2025")
    assert opened.name == "Abgänge 2025" and [cells[0] for _n, cells in opened.rows()] == ["neu"]


def test_an_ods_file_and_its_estimate(tmp_path):
    path = tmp_path / "abgaenge.ods"
    lines = ods_row(*(ods_cell(title) for title in TITLES)) + "".join(
        ods_row(ods_cell(f"A-{i}"), ods_cell(2025), ods_cell(None, date="2025-07-31")) for i in range(300)
    )
    path.write_bytes(ods([("Abgänge", lines)]))
    opened = open_sheet(path)
    assert opened.format == "ods"
    rows = list(opened.rows())
    assert len(rows) == 300 and rows[0] == (2, ["A-0", "2025", "2025-07-31", "", "", ""])
    assert estimate_rows(path) == 301


@pytest.mark.parametrize(
    "data, message",
    [
        (b"PK\x03\x04 kein zip", "keine lesbare Excel-Datei"),
        (with_entities(*TITLES), "XML-Entitäten"),
        (far_apart(*TITLES), "Die Tabelle ist zu groß"),
        ("Schüler-ID;Abgangsjahr;Vor- und Zuname\n1;2025;Max\n".encode(), "personenbezogenen"),
    ],
)
def test_unreadable_and_hostile_files_are_refused(tmp_path, data, message):
    path = tmp_path / "datei.xlsx" if data.startswith(b"PK") else tmp_path / "datei.csv"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile, match=message):
        open_sheet(path)
