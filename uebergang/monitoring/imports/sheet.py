"""Reading a file: format, encoding, delimiter, the header row and the data rows under it.

CSV is read as a stream with the csv module; XLSX through `xlsx.rows`, a streaming reader of the sheet
XML. Files with personal columns are refused as soon as the header is known.
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from .. import xlsx
from .report import UnreadableFile
from .vocabulary import LEAVERS, TITLE_TO_FIELD, normalise, refuse_personal_columns

HEADER_SEARCH_ROWS = 10
FIRST_CHUNK_BYTES = 64 * 1024


@dataclass
class Sheet:
    """A table in a file: where its header is and how to read the rows under it."""

    path: Path
    format: str  # "csv" or "xlsx"
    titles: list[str]
    header_number: int
    encoding: str = "utf-8"
    delimiter: str = ","

    def rows(self) -> Iterator[tuple[int, list]]:
        """The data rows under the header as (row number in the file, cells); empty rows skipped."""
        if self.format == "xlsx":
            yield from self._xlsx_rows()
            return
        try:
            with open(self.path, encoding=self.encoding, newline="") as file:
                reader = csv.reader(file, delimiter=self.delimiter)
                last = 0
                for cells in reader:
                    number, last = last + 1, reader.line_num
                    if number > self.header_number and any(cells):
                        yield number, cells
        except UnicodeDecodeError as error:
            raise UnreadableFile(
                _(
                    "Die Datei ist weder durchgehend in UTF-8 noch in Windows-1252 kodiert. "
                    "Bitte speichern Sie sie als „CSV UTF-8“."
                )
            ) from error
        except csv.Error as error:
            raise UnreadableFile(_("Die CSV-Datei ist beschädigt: %(error)s") % {"error": error}) from error

    def _xlsx_rows(self) -> Iterator[tuple[int, list]]:
        try:
            for number, cells in xlsx.rows(self.path):
                if number > self.header_number:
                    yield number, cells
        except xlsx.NotASpreadsheet as error:
            raise UnreadableFile(_("Die Datei ist keine lesbare Excel-Datei (XLSX).")) from error


def estimate_rows(path: Path) -> int:
    """About how many rows a file has, from its size and the rows in its first megabyte (for progress)."""
    path = Path(path)
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                member = next(
                    (i for i in archive.infolist() if i.filename.startswith("xl/worksheets/")), None
                )
                if member is None:
                    return 0
                with archive.open(member) as file:
                    head = file.read(FIRST_CHUNK_BYTES * 16)
                size, marker = member.file_size, b"</row>"
        else:
            size = path.stat().st_size
            with open(path, "rb") as file:
                head = file.read(FIRST_CHUNK_BYTES * 16)
            marker = b"\n"
    except (OSError, zipfile.BadZipFile):
        return 0
    rows = head.count(marker)
    if len(head) >= size or not rows:
        return rows
    return round(rows * size / len(head))


def open_sheet(path: str | Path, kind: str = LEAVERS, known_titles: set[str] | None = None) -> Sheet:
    """Find format, encoding, delimiter and header of a file; refuse files with personal columns."""
    path = Path(path)
    with open(path, "rb") as file:
        chunk = file.read(FIRST_CHUNK_BYTES)
    if not chunk.strip():
        raise UnreadableFile(_("Die Datei ist leer."))
    known = {normalise(title) for title in known_titles or ()} | set(TITLE_TO_FIELD)
    if chunk.startswith(b"PK\x03\x04"):
        try:
            by_number = dict(xlsx.rows(path, max_row=HEADER_SEARCH_ROWS))
        except xlsx.NotASpreadsheet as error:
            raise UnreadableFile(_("Die Datei ist keine lesbare Excel-Datei (XLSX).")) from error
        first_rows = [by_number.get(number, []) for number in range(1, HEADER_SEARCH_ROWS + 1)]
        number, titles = _find_header(first_rows, known)
        sheet = Sheet(path, "xlsx", titles, number)
    else:
        if b"\x00" in chunk:
            raise UnreadableFile(_("Die Datei ist weder eine CSV- noch eine XLSX-Datei."))
        try:
            text = codecs.getincrementaldecoder("utf-8-sig")().decode(chunk, final=False)
            encoding = "utf-8-sig"
        except UnicodeDecodeError:
            text, encoding = chunk.decode("cp1252", errors="replace"), "cp1252"
        lines = text.splitlines()[:HEADER_SEARCH_ROWS]
        candidates = []
        for delimiter in ";,\t":
            rows = list(csv.reader(lines, delimiter=delimiter))
            score = max((_header_score(cells, known) for cells in rows), default=0)
            candidates.append((score, delimiter, rows))
        _score, delimiter, rows = max(candidates, key=lambda candidate: candidate[0])
        number, titles = _find_header(rows, known)
        sheet = Sheet(path, "csv", titles, number, encoding, delimiter)
    refuse_personal_columns(sheet.titles)
    return sheet


def _header_score(cells: list[str], known: set[str]) -> int:
    return len({normalise(cell) for cell in cells if cell} & known)


def _find_header(rows: list[list[str]], known: set[str]) -> tuple[int, list[str]]:
    best = max(range(len(rows)), key=lambda i: _header_score(rows[i], known), default=None)
    if best is None or _header_score(rows[best], known) < 2:
        raise UnreadableFile(
            _(
                "In den ersten %(n)d Zeilen steht keine Kopfzeile mit bekannten Spaltentiteln "
                "(z. B. Schüler-ID, Schule, Abgangsjahr, Abschluss). Ist es eine Tabelle als CSV- oder XLSX-Datei?"
            )
            % {"n": HEADER_SEARCH_ROWS}
        )
    return best + 1, [str(cell).strip() for cell in rows[best]]
