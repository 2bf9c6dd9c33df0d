"""The one table reader: workbooks as different programs write them, CSV as offices save it, sheets to
choose from, and hostile files refused before they are parsed."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from uebergang.lib import filesafety
from uebergang.lib.tablereader import SheetChoiceNeeded, UnreadableFile, german_text, iso_text, open_table

from .workbooks import (
    Sheet,
    climbing,
    far_apart,
    inline,
    number,
    ods,
    ods_cell,
    ods_row,
    rich_inline,
    row,
    shared,
    shared_strings,
    with_entities,
    xlsx,
    zip_bomb,
)

TITLES = ["Schule", "Abgangsjahr", "Verbleib zum 01.10.", "Stand"]
KNOWN = {"schule", "abgangsjahr", "verbleibzum0110", "stand"}
# What every writer's file below holds, as the monitoring import reads it (ISO dates).
EXPECTED = [
    ["Realschule Nord", "2025", "Ausbildung", "2025-07-31"],
    ["Gymnasium Süd", "2024", "Studium", "2024-10-01"],
    ["Werkrealschule <West> & Ost", "2025", "1,5", ""],
]


def _cells_inline(refs: bool) -> str:
    """The table with inline strings, numbers and a date-styled serial (2025-07-31 = 45869)."""

    def ref(column: str, line: int) -> str | None:
        return f"{column}{line}" if refs else None

    return (
        row(1 if refs else None, *(inline(ref(c, 1), t) for c, t in zip("ABCD", TITLES, strict=True)))
        + row(
            2 if refs else None,
            inline(ref("A", 2), "Realschule Nord"),
            number(ref("B", 2), "2025"),
            inline(ref("C", 2), "Ausbildung"),
            number(ref("D", 2), "45869", style=1),
        )
        + row(
            3 if refs else None,
            inline(ref("A", 3), "Gymnasium Süd"),
            number(ref("B", 3), "2024.0"),
            inline(ref("C", 3), "Studium"),
            number(ref("D", 3), "45566", style=1),
        )
        + row(
            4 if refs else None,
            inline(ref("A", 4), "Werkrealschule <West> & Ost"),
            number(ref("B", 4), "2025"),
            inline(ref("C", 4), "1,5"),
        )
    )


def _cells_shared() -> tuple[str, str]:
    strings = shared_strings(
        *TITLES,
        "Realschule Nord",
        ("Aus", "bil", "dung"),
        "Gymnasium Süd",
        "Studium",
        "Werkrealschule <West> & Ost",
        "1,5",
    )
    data = (
        row(1, *(shared(f"{c}1", i) for i, c in enumerate("ABCD")))
        + row(2, shared("A2", 4), number("B2", "2025"), shared("C2", 5), number("D2", "45869", style=1))
        + row(3, shared("A3", 6), number("B3", "2024"), shared("C3", 7), number("D3", "45566", style=1))
        + row(4, shared("A4", 8), number("B4", "2025"), shared("C4", 9))
    )
    return data, strings


def _read(data: bytes, **options) -> tuple:
    table = open_table(data, "liste.xlsx", known_titles=KNOWN, cell_text=iso_text, **options)
    return table, [cells for _number, cells in table.rows()]


def _openpyxl_rows(data: bytes) -> list[list[str]]:
    """The second reader: openpyxl's values, as text the same way."""
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = [
        [iso_text("" if value is None else value) for value in values]
        for values in workbook.worksheets[0].values
    ]
    workbook.close()
    return [cells for cells in rows[1:] if any(cells)]


WRITERS = {
    "inline strings with references (report generators)": lambda: xlsx(
        [Sheet("Abgänge", _cells_inline(True))]
    ),
    "cells and rows without references (sparse writers)": lambda: xlsx(
        [Sheet("Abgänge", _cells_inline(False))]
    ),
    "prefixed namespace (.NET Open XML SDK)": lambda: xlsx(
        [Sheet("Abgänge", _cells_inline(True))], prefix="x"
    ),
    "Strict OOXML": lambda: xlsx([Sheet("Abgänge", _cells_inline(True))], strict=True),
    "single-quoted attributes": lambda: xlsx([Sheet("Abgänge", _cells_inline(True))], single_quotes=True),
    "shared strings with rich text (Excel)": lambda: xlsx(
        [Sheet("Abgänge", _cells_shared()[0])], strings=_cells_shared()[1]
    ),
}
OPENPYXL_READS = {
    "inline strings with references (report generators)",
    "single-quoted attributes",
    "shared strings with rich text (Excel)",
}


@pytest.mark.parametrize("writer", WRITERS)
def test_workbooks_from_different_writers_read_alike(writer):
    data = WRITERS[writer]()
    table, rows = _read(data)
    assert table.format == "xlsx" and table.name == "Abgänge" and table.sheet_names == ["Abgänge"]
    assert table.titles == TITLES and table.header_number == 1
    assert [cells + [""] * (4 - len(cells)) for cells in rows] == EXPECTED
    if writer in OPENPYXL_READS:
        assert [cells + [""] * (4 - len(cells)) for cells in _openpyxl_rows(data)] == EXPECTED


def test_an_empty_row_element_does_not_drop_the_next_row():
    """The old reader lost the row after every `<row/>`: 2,377 of 2,400 rows, "0 fehlerhaft"."""
    lines = [row(1, *(inline(None, title) for title in TITLES))]
    number_ = 1
    for index in range(2400):
        if index % 100 == 50:
            number_ += 1
            lines.append(row(number_) if index % 200 == 50 else "<row></row>")
        number_ += 1
        lines.append(row(number_, inline(None, f"Schule {index}"), number(None, "2025")))
    table, rows = _read(xlsx([Sheet("Abgänge", "".join(lines))]))
    assert len(rows) == 2400
    assert rows[-1][0] == "Schule 2399"
    assert sum(1 for skip in table.skipped if skip.reason == "leere Zeile") == 24


def test_rich_text_inline_strings_keep_every_run():
    data = xlsx(
        [
            Sheet(
                "A",
                row(1, *(inline(None, t) for t in TITLES))
                + row(2, rich_inline(None, "Real", "schule ", "Nord")),
            )
        ]
    )
    _table, rows = _read(data)
    assert rows == [["Realschule Nord", "", "", ""]]


def test_title_rows_and_an_empty_row_above_the_header_are_skipped_and_listed():
    data = xlsx(
        [
            Sheet(
                "A",
                row(1, inline("A1", "Schulabgänge 2025 (Stand März)"))
                + row(2)
                + row(3, *(inline(None, t) for t in TITLES))
                + row(4, inline(None, "Realschule Nord"), number(None, "2025")),
            )
        ]
    )
    table, rows = _read(data)
    assert table.header_number == 3 and table.titles == TITLES
    assert [(skip.number, skip.reason) for skip in table.skipped] == [
        (1, "über der Kopfzeile"),
        (2, "leere Zeile"),
    ]
    assert rows == [["Realschule Nord", "2025", "", ""]]


def test_duplicate_titles_are_reported():
    data = b"Schule;Abgangsjahr;Schule;Verbleib\nA;2025;B;Arbeit\n"
    table = open_table(data, "a.csv", known_titles=KNOWN)
    assert table.duplicate_titles == ["Schule"]


def test_several_sheets_with_a_header_are_not_guessed_but_asked_for():
    """The old reader imported the first sheet although it held the previous year."""
    last_year = Sheet("Vorjahr", row(1, *(inline(None, t) for t in TITLES)) + row(2, inline(None, "alt")))
    this_year = Sheet("2025", row(1, *(inline(None, t) for t in TITLES)) + row(2, inline(None, "neu")))
    notes = Sheet("Hinweise", row(1, inline(None, "Bitte je Schule eine Zeile.")))
    data = xlsx([last_year, this_year, notes], reverse_files=True)
    with pytest.raises(SheetChoiceNeeded) as refused:
        _read(data)
    assert refused.value.sheets == ["Vorjahr", "2025", "Hinweise"]
    assert refused.value.candidates == ["Vorjahr", "2025"]
    assert "Vorjahr" in str(refused.value) and "wählen" in str(refused.value)
    table, rows = _read(data, sheet="2025")
    assert table.name == "2025" and rows == [["neu", "", "", ""]]
    with pytest.raises(UnreadableFile, match="kein Tabellenblatt „2024“"):
        _read(data, sheet="2024")


def test_the_one_sheet_with_a_header_is_chosen():
    notes = Sheet("Hinweise", row(1, inline(None, "Stand: März")))
    data = xlsx(
        [notes, Sheet("Daten", row(2, *(inline(None, t) for t in TITLES)) + row(3, inline(None, "x")))]
    )
    table, rows = _read(data)
    assert table.name == "Daten" and table.header_number == 2 and rows == [["x", "", "", ""]]


def test_an_ods_file_is_read_with_its_types():
    content = (
        ods_row(*(ods_cell(t) for t in TITLES), ods_cell(None, repeat=1020))
        + ods_row(
            ods_cell("Realschule Nord"),
            ods_cell(2025),
            ods_cell("Ausbildung"),
            ods_cell(None, date="2025-07-31"),
        )
        + ods_row(ods_cell(None, repeat=1024), repeat=1048570)
    )
    table = open_table(ods([("Abgänge", content)]), "liste.ods", known_titles=KNOWN, cell_text=iso_text)
    assert table.format == "ods" and table.name == "Abgänge" and table.titles == TITLES
    assert [cells[:4] for _n, cells in table.rows()] == [
        ["Realschule Nord", "2025", "Ausbildung", "2025-07-31"]
    ]


def test_german_text_writes_what_an_office_types():
    assert german_text(2025.0) == "2025" and german_text(1.5) == "1,5" and german_text(True) == "ja"
    assert german_text(date(2025, 7, 31)) == "31.07.2025"
    assert german_text(datetime(2025, 7, 31, 8, 30)) == "31.07.2025 08:30"
    assert iso_text(datetime(2025, 7, 31, 8, 30)) == "2025-07-31" and iso_text(1.5) == "1.5"


# CSV ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding, delimiter",
    [("utf-8-sig", ";"), ("utf-8", ","), ("utf-16", ";"), ("cp1252", "\t"), ("utf-16", "\t")],
)
def test_csv_in_the_encodings_and_delimiters_offices_use(encoding, delimiter):
    text = (
        f"Schulabgänge März\n\n{delimiter.join(TITLES)}\nGymnasium Süd{delimiter}2024{delimiter}Studium\n\n"
    )
    table = open_table(text.encode(encoding), "a.csv", known_titles=KNOWN)
    assert table.titles == TITLES and table.header_number == 3 and table.delimiter == delimiter
    assert list(table.rows()) == [(4, ["Gymnasium Süd", "2024", "Studium"])]
    assert [(skip.number, skip.reason) for skip in table.skipped] == [
        (1, "über der Kopfzeile"),
        (2, "leere Zeile"),
        (5, "leere Zeile"),
    ]


def test_csv_from_a_path_is_read_as_a_stream(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(("Schule;Abgangsjahr\n" + "".join(f"S{i};2025\n" for i in range(5000))).encode("cp1252"))
    table = open_table(path, known_titles=KNOWN, minimum=2)
    assert sum(1 for _row in table.rows()) == 5000


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"", "a.csv", "Die Datei ist leer"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bild.csv", "weder eine CSV- noch eine XLSX-Datei"),
        (b"Schule;Jahr\nA;1\n", "liste.xlsx", "ist aber keine lesbare Tabellendatei"),
        (b"PK\x03\x04kaputt", "liste.xlsx", "keine lesbare Excel-Datei"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "alt.xls", "keine lesbare Excel-Datei"),
        (b"Liebe Kolleginnen,\nanbei die Liste.\n", "a.csv", "keine Kopfzeile"),
    ],
)
def test_junk_and_wrong_names_get_a_message(data, name, message):
    with pytest.raises(UnreadableFile, match=message):
        open_table(data, name, known_titles=KNOWN)


# Hostile files ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build, message",
    [
        (with_entities, "XML-Entitäten"),
        (far_apart, "Die Tabelle ist zu groß"),
        (zip_bomb, "komprimiert"),
        (climbing, "ungültigen Pfad"),
    ],
)
def test_hostile_workbooks_are_refused_before_parsing(build, message):
    with pytest.raises(UnreadableFile, match=message):
        open_table(build(*TITLES), "liste.xlsx", known_titles=KNOWN)


def test_entities_in_utf16_are_refused_too():
    sheet = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
    ).encode("utf-16")
    buffer = io.BytesIO(xlsx([Sheet("A", row(1, *(inline(None, t) for t in TITLES)))]))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/worksheets/sheet9.xml", sheet)
    with pytest.raises(UnreadableFile, match="XML-Entitäten"):
        open_table(buffer.getvalue(), "liste.xlsx", known_titles=KNOWN)


def test_a_file_of_many_parts_is_refused(monkeypatch):
    monkeypatch.setattr(filesafety, "MAX_MEMBERS", 8)
    parts = {f"xl/media/bild{i}.png": b"x" for i in range(9)}
    buffer = io.BytesIO(xlsx([Sheet("A", row(1, *(inline(None, t) for t in TITLES)))]))
    with zipfile.ZipFile(buffer, "a") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    with pytest.raises(UnreadableFile, match="besteht aus"):
        open_table(buffer.getvalue(), "a.xlsx", known_titles=KNOWN)


def test_the_check_has_a_time_limit():
    limits = filesafety.Limits(rows=1_500_000, cells=30_000_000, seconds=-1)
    with pytest.raises(UnreadableFile, match="länger als"):
        open_table(WRITERS["Strict OOXML"](), "a.xlsx", known_titles=KNOWN, limits=limits)


def test_row_and_cell_limits_hold_for_workbooks_and_csv(settings):
    settings.TABULAR_MAX_ROWS = 3
    with pytest.raises(UnreadableFile, match="mehr als 3 Zeilen"):
        _read(WRITERS["inline strings with references (report generators)"]())
    csv = ("Schule;Abgangsjahr\n" + "A;2025\n" * 5).encode()
    table = open_table(csv, "a.csv", known_titles=KNOWN)
    with pytest.raises(UnreadableFile, match="mehr als 3 Zeilen"):
        list(table.rows())
    settings.TABULAR_MAX_ROWS = 100
    settings.TABULAR_MAX_CELLS = 10
    with pytest.raises(UnreadableFile, match="Zellen"):
        _read(WRITERS["inline strings with references (report generators)"]())


def test_an_ods_bomb_of_repeated_values_is_refused():
    content = ods_row(*(ods_cell(t) for t in TITLES)) + ods_row(ods_cell(1, repeat=16384), repeat=1048575)
    with pytest.raises(UnreadableFile, match="Die Tabelle ist zu groß"):
        open_table(ods([("A", content)]), "a.ods", known_titles=KNOWN)


# Round trip ---------------------------------------------------------------------------------------------

CELL = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.text(st.characters(codec="utf-8", exclude_categories=("C", "Z")), min_size=1, max_size=12).filter(
        lambda text: not text.startswith("=")  # openpyxl writes those as formulas, without a value
    ),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)),
)


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELL, min_size=4, max_size=4), min_size=1, max_size=30))
def test_random_tables_written_by_openpyxl_round_trip(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(TITLES)
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    _table, read = _read(buffer.getvalue())
    assert read == [
        [iso_text(cell) if not isinstance(cell, int) else str(cell) for cell in cells] for cells in rows
    ]


def test_an_encrypted_or_damaged_archive_gets_a_message():
    data = bytearray(WRITERS["Strict OOXML"]())
    directory = data.find(b"PK\x01\x02")
    data[directory + 8] |= 1  # the first part marked as encrypted
    with pytest.raises(UnreadableFile, match="ZIP-Archiv ist beschädigt"):
        open_table(bytes(data), "a.xlsx", known_titles=KNOWN)
    data = bytearray(WRITERS["Strict OOXML"]())
    end = data.rfind(b"PK\x05\x06")
    data[end + 16 : end + 20] = (len(data) * 3).to_bytes(4, "little")  # the directory's offset points nowhere
    with pytest.raises(UnreadableFile, match=r"beschädigt|keine lesbare"):
        open_table(bytes(data), "a.xlsx", known_titles=KNOWN)


def test_an_import_refuses_two_columns_for_one_field():
    """Which of two "Name" columns would count is a guess; the actor and offering imports refuse it."""
    from uebergang.lib import tabular

    table = open_table(b"Name;Art;Name der Organisation\nA;Schule;B\n", "a.csv", known_titles={"name", "art"})
    title_to_field = {"name": "name", "art": "kind", "namederorganisation": "name"}
    with pytest.raises(UnreadableFile, match="„Name“ und „Name der Organisation“ meinen dasselbe"):
        tabular.locate_header(table, title_to_field)


def test_a_reference_hidden_behind_a_quoted_bracket_is_still_measured():
    """`>` may stand unescaped in an attribute value; the far reference after it still counts."""
    far = row(1, *(inline(None, t) for t in TITLES)) + '<row><c foo=">" r="XFD1048576"><v>1</v></c></row>'
    with pytest.raises(UnreadableFile, match="Die Tabelle ist zu groß"):
        open_table(xlsx([Sheet("A", far)]), "a.xlsx", known_titles=KNOWN)
    cells = '<table:table-cell foo=">" table:number-columns-repeated="16384" office:value-type="float" office:value="1"/>'
    content = ods_row(*(ods_cell(t) for t in TITLES)) + ods_row(cells, repeat=1048575)
    with pytest.raises(UnreadableFile, match="Die Tabelle ist zu groß"):
        open_table(ods([("A", content)]), "a.ods", known_titles=KNOWN)
