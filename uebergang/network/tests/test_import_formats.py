"""Actor lists in the formats offices send besides CSV with BOM and openpyxl's XLSX: ODS (LibreOffice),
UTF-16 CSV, workbooks with prefixed namespaces (.NET Open XML SDK) and Strict OOXML all import the same
three actors; a workbook with two sheets of actors is refused instead of guessed."""

from __future__ import annotations

import pytest

from uebergang.lib.tests.workbooks import Sheet, inline, ods, ods_cell, ods_row, row, xlsx

from .test_import import CONFIRM, GOOD_ROWS, HEADER, csv_bytes, imported_names, upload
from .test_import import coordinator as coordinator  # the fixture

NAMES = {"Werkrealschule Süd", "Jugendberufshilfe Süd", "Diakonie Kreisverband"}


def sheet_data(rows) -> str:
    return "".join(
        row(number, *(inline(None, cell) for cell in cells))
        for number, cells in enumerate([HEADER, *rows], 1)
    )


def ods_bytes(rows) -> bytes:
    return ods(
        [
            (
                "Akteure",
                "".join(ods_row(*(ods_cell(cell or None) for cell in cells)) for cells in [HEADER, *rows]),
            )
        ]
    )


@pytest.mark.parametrize(
    "name, build",
    [
        ("akteure.ods", lambda: ods_bytes(GOOD_ROWS)),
        ("utf16.csv", lambda: csv_bytes(GOOD_ROWS, encoding="utf-16", delimiter="\t")),
        ("dotnet.xlsx", lambda: xlsx([Sheet("Akteure", sheet_data(GOOD_ROWS))], prefix="x")),
        ("strict.xlsx", lambda: xlsx([Sheet("Akteure", sheet_data(GOOD_ROWS))], strict=True)),
    ],
)
def test_other_formats_import_the_same_actors(coordinator, cast, name, build):
    response = upload(coordinator, build(), name)
    assert response.status_code == 200
    assert "3 gültig, 0 fehlerhaft." in response.content.decode()
    assert coordinator.post(CONFIRM, {"mode": "all"}).status_code == 302
    assert imported_names(cast) == NAMES


def test_a_workbook_with_two_sheets_of_actors_is_refused(coordinator, cast):
    data = xlsx(
        [Sheet("Akteure 2025", sheet_data(GOOD_ROWS)), Sheet("Akteure 2026", sheet_data(GOOD_ROWS[:1]))]
    )
    page = upload(coordinator, data, "zwei.xlsx").content.decode()
    assert "Mehrere Tabellenblätter" in page and "Akteure 2025" in page and "Akteure 2026" in page
    assert coordinator.post(CONFIRM, {"mode": "all"}).status_code == 302
    assert imported_names(cast) == set()


@pytest.mark.parametrize("who", ["coordinator_b", "outsider"])
def test_others_cannot_upload_an_ods_list_here(client, cast, who):
    client.force_login(getattr(cast, who))
    assert upload(client, ods_bytes(GOOD_ROWS), "akteure.ods").status_code == 403
    assert imported_names(cast) == set()
