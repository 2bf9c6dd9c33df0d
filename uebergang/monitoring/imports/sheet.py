"""Reading a leaver or count file: the one table reader of all imports, with the monitoring's titles.

`uebergang.lib.tablereader` finds format, sheet, encoding, delimiter and header (CSV as a stream,
spreadsheets through python-calamine after the hostile-file check); here it gets the monitoring's known
titles (at least two in the header), cells as the converters expect them (ISO dates, whole numbers
without ".0"), and its errors become the import's `UnreadableFile`. Files with personal columns are
refused as soon as the header is known. A workbook in which several sheets have a header raises
`SheetChoiceNeeded` (with `.sheets` and `.candidates`) until the coordinator names one (`sheet=`).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from uebergang.lib import tablereader

from .report import UnreadableFile
from .vocabulary import LEAVERS, TITLE_TO_FIELD, normalise, refuse_personal_columns

HEADER_SEARCH_ROWS = tablereader.HEADER_SEARCH_ROWS
MINIMUM_KNOWN_TITLES = 2
ESTIMATE_BYTES = 1024 * 1024


class SheetChoiceNeeded(UnreadableFile):
    """Several sheets of a workbook have a header: the coordinator chooses one."""

    def __init__(self, message: str, sheets: list[str], candidates: list[str]):
        super().__init__(message)
        self.sheets = sheets
        self.candidates = candidates


class Sheet:
    """A table in a file: the sheet read, where its header is, and the rows under it."""

    def __init__(self, path: Path, table: tablereader.Table):
        self.path = path
        self.table = table
        self.format = table.format  # "csv", "xlsx", "xls" or "ods"
        self.name = table.name  # the sheet read ("" for CSV)
        self.sheet_names = table.sheet_names
        self.titles = table.titles
        self.header_number = table.header_number
        self.duplicate_titles = table.duplicate_titles

    @property
    def skipped(self) -> list[dict]:
        """Every row not read as data, with why: above the header, or empty (those below the header
        once `rows()` has passed them)."""
        return [{"row": skip.number, "reason": skip.reason} for skip in self.table.skipped]

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """The data rows under the header as (row number in the file, cells); empty rows skipped."""
        try:
            yield from self.table.rows()
        except tablereader.UnreadableFile as error:
            raise UnreadableFile(str(error)) from error


def open_sheet(
    path: str | Path, kind: str = LEAVERS, known_titles: set[str] | None = None, sheet: str | None = None
) -> Sheet:
    """Find format, sheet, encoding, delimiter and header of a file; refuse files with personal columns."""
    path = Path(path)
    known = {normalise(title) for title in known_titles or ()} | set(TITLE_TO_FIELD)
    try:
        table = tablereader.open_table(
            path,
            known_titles=known,
            minimum=MINIMUM_KNOWN_TITLES,
            sheet=sheet,
            cell_text=tablereader.iso_text,
            no_header=_(
                "In den ersten %(n)d Zeilen steht keine Kopfzeile mit bekannten Spaltentiteln "
                "(z. B. Schüler-ID, Schule, Abgangsjahr, Abschluss). Ist es eine Tabelle als CSV- oder XLSX-Datei?"
            )
            % {"n": HEADER_SEARCH_ROWS},
        )
    except tablereader.SheetChoiceNeeded as error:
        raise SheetChoiceNeeded(str(error), error.sheets, error.candidates) from error
    except tablereader.UnreadableFile as error:
        raise UnreadableFile(str(error)) from error
    refuse_personal_columns(table.titles)
    return Sheet(path, table)


def estimate_rows(path: Path) -> int:
    """About how many rows a file has, from its size and the rows in its first megabyte (for progress)."""
    path = Path(path)
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
                member, marker = (
                    ("content.xml", b"</table:table-row>")
                    if "content.xml" in names
                    else (
                        next((name for name in names if name.startswith("xl/worksheets/")), None),
                        b"</row>",
                    )
                )
                if member is None:
                    return 0
                size = archive.getinfo(member).file_size
                with archive.open(member) as file:
                    head = file.read(ESTIMATE_BYTES)
        else:
            size = path.stat().st_size
            with open(path, "rb") as file:
                head = file.read(ESTIMATE_BYTES)
            marker = b"\n"
    except (OSError, zipfile.BadZipFile):
        return 0
    rows = head.count(marker)
    if len(head) >= size or not rows:
        return rows
    return round(rows * size / len(head))
