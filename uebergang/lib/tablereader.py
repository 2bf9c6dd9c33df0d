"""One reader for the tables offices send: CSV, and spreadsheets through python-calamine.

The actor, offering and leaver imports all read through `open_table()`; each keeps its own column
titles and checks. What differs between office files is absorbed here, once:

- CSV with the standard library, as a stream: UTF-8 with or without byte-order mark, UTF-16 with one,
  else Windows-1252; ";", "," or tab, whichever shows the header with the most known titles.
- Spreadsheets (XLSX and XLSM, also Strict OOXML and prefixed XML as the .NET Open XML SDK writes it;
  XLS; ODS) with python-calamine, a maintained parser in Rust — after `filesafety.check_archive` has
  refused hostile archives, because the parser trusts what it is given. A sheet is loaded once and kept
  for `rows()`.
- The header: among the first `HEADER_SEARCH_ROWS` non-empty rows, the one with the most known column
  titles (title rows and empty rows above it are skipped and listed); duplicate titles are reported.
- The sheet: an explicit name is honoured; otherwise a workbook's sheet is chosen only when exactly one
  visible worksheet has a recognisable header, else `SheetChoiceNeeded` names the sheets and the
  candidates, so the page (or `--sheet`) can ask instead of guessing.
- Cells become text the way the import expects: `german_text` (31.12.2026, decimal commas; actors and
  offerings) or `iso_text` (2026-12-31, decimal points; the monitoring import). Whole numbers lose
  their ".0" in both; booleans become ja/nein.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import python_calamine
from django.utils.translation import gettext as _

from . import filesafety

HEADER_SEARCH_ROWS = 10
HEADER_SEARCH_LINES = 200  # physical rows looked at, empty ones included
FIRST_CHUNK_BYTES = 64 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
DELIMITERS = ";,\t"

Source = Path | bytes
CellText = Callable[[Any], str]


class UnreadableFile(Exception):
    """The file as a whole cannot be read as a table; the message says why, in German."""


class SheetChoiceNeeded(UnreadableFile):
    """Several sheets (or none) could be the table: the user names one (`sheet=`)."""

    def __init__(self, message: str, sheets: list[str], candidates: list[str]):
        super().__init__(message)
        self.sheets = sheets
        self.candidates = candidates


@dataclass
class Skipped:
    """A row of the file that was not read as data, and why (in German)."""

    number: int
    reason: str


def normalise(text: Any) -> str:
    """Compare titles loosely: case, umlauts, ß, spaces and punctuation do not matter."""
    text = str(text).casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return "".join(char for char in text if char.isalnum())


# Cells as text ---------------------------------------------------------------------------------------


def german_text(value: Any) -> str:
    """A spreadsheet cell as a German office would have typed it into a CSV file."""
    if value.__class__ is str:
        return value.strip()
    if value.__class__ is float:
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.strftime("%d.%m.%Y")
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return _other_text(value)


def iso_text(value: Any) -> str:
    """A spreadsheet cell for the monitoring import: dates as ISO dates (a time of day is dropped)."""
    if value.__class__ is str:
        return value.strip()
    if value.__class__ is float:
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return _other_text(value)


def _other_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, timedelta):
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    return str(value).strip()


# The table ------------------------------------------------------------------------------------------


@dataclass
class Table:
    """A table in a file: the sheet read, its header and the rows under it."""

    format: str  # "csv", "xlsx", "xls" or "ods"
    name: str  # the sheet read ("" for CSV)
    sheet_names: list[str]
    titles: list[str]
    header_number: int  # as in the file, counting from 1
    skipped: list[Skipped] = field(default_factory=list)
    duplicate_titles: list[str] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    _source: Source = b""
    _sheet: Any = None  # the loaded calamine sheet
    _cell_text: CellText = german_text
    _limits: filesafety.Limits | None = None

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """The data rows under the header as (row number in the file, cells); empty rows are skipped
        (and added to `skipped`). CSV cells come as written, spreadsheet cells as stripped text."""
        limit = self._limits or filesafety.limits()
        first = self.header_number + 1
        self.skipped = [skip for skip in self.skipped if skip.number < first]
        rows = self._csv_rows() if self.format == "csv" else self._sheet_rows()
        cells_read = 0
        for number, cells in rows:
            if number < first:
                continue
            if number > limit.rows:
                raise UnreadableFile(_row_limit_message(limit))
            if not any(cells):
                self.skipped.append(Skipped(number, _("leere Zeile")))
                continue
            cells_read += len(cells)
            if cells_read > limit.cells:
                raise UnreadableFile(_cell_limit_message(limit))
            yield number, cells

    def _sheet_rows(self) -> Iterator[tuple[int, list[str]]]:
        start = self._sheet.start
        if start is None:
            return
        # python-calamine 0.9 yields every row from the sheet's first (empty ones too), but each from the
        # first used column on: rows count from 1, columns are padded on the left.
        pad = [""] * start[1]
        text = self._cell_text
        for index, values in enumerate(self._sheet.iter_rows(), start=1):
            yield index, pad + [value.strip() if value.__class__ is str else text(value) for value in values]

    def _csv_rows(self) -> Iterator[tuple[int, list[str]]]:
        try:
            with _text_stream(self._source, self.encoding) as stream:
                reader = csv.reader(stream, delimiter=self.delimiter)
                last = 0
                for cells in reader:
                    number, last = last + 1, reader.line_num
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


def _text_stream(source: Source, encoding: str):
    if isinstance(source, bytes):
        return io.TextIOWrapper(io.BytesIO(source), encoding=encoding, newline="")
    return open(source, encoding=encoding, newline="")  # closed by the caller's with


def _row_limit_message(limit: filesafety.Limits) -> str:
    return _(
        "Die Tabelle ist zu groß: mehr als %(max)s Zeilen. Teilen Sie sie bitte auf (z. B. nach Jahren)."
    ) % {"max": f"{limit.rows:,}".replace(",", ".")}


def _cell_limit_message(limit: filesafety.Limits) -> str:
    return _("Die Tabelle ist zu groß: mehr als %(max)s Zellen. Teilen Sie sie bitte auf.") % {
        "max": f"{limit.cells:,}".replace(",", ".")
    }


# Opening ----------------------------------------------------------------------------------------------


def open_table(
    source: Source | str,
    filename: str = "",
    *,
    known_titles: Collection[str],
    minimum: int = 1,
    sheet: str | None = None,
    cell_text: CellText = german_text,
    limits: filesafety.Limits | None = None,
    no_header: str = "",
) -> Table:
    """Find format, sheet, encoding, delimiter and header of a file (a path or its bytes).

    `known_titles` are normalised column titles; the header is the row with the most of them, at least
    `minimum`. `no_header` is the message when no row has enough (each import names its own examples).
    """
    if isinstance(source, str):
        source = Path(source)
    filename = filename or (source.name if isinstance(source, Path) else "")
    known = {normalise(title) for title in known_titles}
    head = _head(source)
    if not head.strip():
        raise UnreadableFile(_("Die Datei ist leer."))
    no_header = no_header or _(
        "In den ersten %(n)d Zeilen steht keine Kopfzeile mit bekannten Spaltentiteln. Ist es eine Tabelle "
        "als CSV-, XLSX- oder ODS-Datei?"
    ) % {"n": HEADER_SEARCH_ROWS}
    if head.startswith((b"PK\x03\x04", OLE_MAGIC)):
        return _open_spreadsheet(source, head, known, minimum, sheet, cell_text, limits, no_header)
    if filename.lower().endswith(SPREADSHEET_SUFFIXES):
        raise UnreadableFile(
            _("Die Datei heißt „%(name)s“, ist aber keine lesbare Tabellendatei (XLSX, XLS oder ODS).")
            % {"name": filename}
        )
    return _open_csv(source, head, known, minimum, limits, no_header)


def _head(source: Source) -> bytes:
    if isinstance(source, bytes):
        return source[:FIRST_CHUNK_BYTES]
    try:
        with open(source, "rb") as file:
            return file.read(FIRST_CHUNK_BYTES)
    except OSError as error:
        raise UnreadableFile(_("Die Datei kann nicht gelesen werden.")) from error


def _open_csv(source: Source, head: bytes, known: set[str], minimum: int, limits, no_header: str) -> Table:
    whole = len(head) < FIRST_CHUNK_BYTES
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
        text = head.decode("utf-16", errors="replace") if whole else _decode_part(head, "utf-16")
    else:
        if b"\x00" in head:
            raise UnreadableFile(
                _("Die Datei ist weder eine CSV- noch eine XLSX-Datei (auch keine XLS- oder ODS-Datei).")
            )
        try:
            text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=whole)
            encoding = "utf-8-sig"
        except UnicodeDecodeError:
            text, encoding = head.decode("cp1252", errors="replace"), "cp1252"
    best: tuple[int, str, list[tuple[int, list[str]]]] | None = None
    for delimiter in DELIMITERS:
        rows = _csv_head_rows(text, delimiter, whole)
        score = max((_score(cells, known) for _number, cells in rows[:HEADER_SEARCH_LINES]), default=0)
        if best is None or score > best[0]:
            best = (score, delimiter, rows)
    _best_score, delimiter, rows = best
    table = Table(
        "csv", "", [], [], 0, encoding=encoding, delimiter=delimiter, _source=source, _limits=limits
    )
    _place_header(table, rows, known, minimum, no_header)
    return table


def _decode_part(head: bytes, encoding: str) -> str:
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=False)


def _csv_head_rows(text: str, delimiter: str, whole: bool) -> list[tuple[int, list[str]]]:
    """The rows in the first chunk, numbered by their first line; a row the chunk cuts off is left out."""
    if not whole:
        text = text[: text.rfind("\n") + 1]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, last = [], 0
    try:
        for cells in reader:
            rows.append((last + 1, cells))
            last = reader.line_num
            if len(rows) >= HEADER_SEARCH_LINES:
                break
    except csv.Error:
        pass  # a damaged row further down is reported by `rows()`, with its number
    return rows


def _score(cells: list[str], known: set[str]) -> int:
    return len({normalise(cell) for cell in cells if cell} & known)


def _place_header(
    table: Table, rows: list[tuple[int, list[str]]], known: set[str], minimum: int, no_header
) -> None:
    """Set the header (the first row with the most known titles among the first non-empty rows),
    the rows skipped above it and the duplicate titles; refuse a table without a header."""
    filled = [(number, cells) for number, cells in rows if any(str(cell).strip() for cell in cells)]
    candidates = filled[:HEADER_SEARCH_ROWS]
    best = max(candidates, key=lambda row: _score(row[1], known), default=None)
    if best is None or _score(best[1], known) < minimum:
        raise UnreadableFile(no_header)
    number, cells = best
    table.header_number = number
    table.titles = [str(cell).strip() for cell in cells]
    table.skipped = [
        Skipped(
            row_number,
            _("über der Kopfzeile") if any(str(c).strip() for c in row_cells) else _("leere Zeile"),
        )
        for row_number, row_cells in rows
        if row_number < number
    ]
    seen: dict[str, str] = {}
    for title in table.titles:
        key = normalise(title)
        if key and key in seen and seen[key] not in table.duplicate_titles:
            table.duplicate_titles.append(seen[key])
        seen.setdefault(key, title)


# Spreadsheets -------------------------------------------------------------------------------------------


def _open_spreadsheet(
    source: Source, head: bytes, known, minimum, sheet, cell_text, limits, no_header
) -> Table:
    is_zip = head.startswith(b"PK\x03\x04")
    if is_zip:
        try:
            filesafety.check_archive(io.BytesIO(source) if isinstance(source, bytes) else source, limits)
        except filesafety.HostileFile as error:
            raise UnreadableFile(str(error)) from error
    try:
        workbook = (
            python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(source))
            if isinstance(source, bytes)
            else python_calamine.CalamineWorkbook.from_path(str(source))
        )
        names = [
            meta.name
            for meta in workbook.sheets_metadata
            if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
        ]
        visible = [
            meta.name
            for meta in workbook.sheets_metadata
            if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
            and meta.visible == python_calamine.SheetVisibleEnum.Visible
        ]
        format_ = "ods" if is_zip and _is_ods(source) else "xlsx" if is_zip else "xls"
        if sheet is not None:
            if sheet not in names:
                raise UnreadableFile(
                    _("Die Datei hat kein Tabellenblatt „%(sheet)s“, sondern: %(sheets)s.")
                    % {"sheet": sheet, "sheets": _quoted(names)}
                )
            return _table_of(workbook, sheet, format_, names, known, minimum, cell_text, limits, no_header)
        tables, problems = [], []
        for name in visible or names:
            try:
                tables.append(
                    _table_of(workbook, name, format_, names, known, minimum, cell_text, limits, no_header)
                )
            except UnreadableFile as error:
                problems.append(error)
    except python_calamine.PasswordError as error:
        raise UnreadableFile(
            _("Die Datei ist mit einem Kennwort geschützt. Bitte speichern Sie sie ohne Kennwort.")
        ) from error
    except (python_calamine.CalamineError, ValueError, OSError, RuntimeError) as error:
        raise UnreadableFile(
            _("Die Datei ist keine lesbare Excel-Datei (XLSX, XLS) und keine ODS-Datei.")
        ) from error
    if len(tables) == 1:
        return tables[0]
    if not tables:
        hostile = [error for error in problems if str(error) != no_header]
        if hostile:
            raise hostile[0]
        if len(names) > 1:
            raise UnreadableFile(
                _(
                    "Auf keinem der Tabellenblätter (%(sheets)s) steht eine Kopfzeile mit bekannten Spaltentiteln."
                )
                % {"sheets": _quoted(names)}
            )
        raise UnreadableFile(no_header)
    candidates = [table.name for table in tables]
    raise SheetChoiceNeeded(
        _(
            "Mehrere Tabellenblätter kommen in Frage (%(sheets)s). Bitte wählen Sie das Blatt, das eingelesen werden soll."
        )
        % {"sheets": _quoted(candidates)},
        names,
        candidates,
    )


def _is_ods(source: Source) -> bool:
    with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as archive:
        try:
            return archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument.spreadsheet")
        except KeyError:
            return False


def _quoted(names: list[str]) -> str:
    return ", ".join(f"„{name}“" for name in names)


def _table_of(workbook, name, format_, names, known, minimum, cell_text, limits, no_header) -> Table:
    loaded = workbook.get_sheet_by_name(name)
    limit = limits or filesafety.limits()
    if loaded.height > limit.rows or loaded.height * loaded.width > limit.cells:
        raise UnreadableFile(
            _row_limit_message(limit) if loaded.height > limit.rows else _cell_limit_message(limit)
        )
    table = Table(format_, name, names, [], 0, _sheet=loaded, _cell_text=cell_text, _limits=limits)
    rows = []
    for number, cells in table._sheet_rows():
        rows.append((number, cells))
        if len(rows) >= HEADER_SEARCH_LINES or sum(1 for _n, c in rows if any(c)) >= HEADER_SEARCH_ROWS:
            break
    _place_header(table, rows, known, minimum, no_header)
    return table
