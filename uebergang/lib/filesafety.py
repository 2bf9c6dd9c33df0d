"""Refusing hostile table files before a parser spends memory or time on them.

Why: a spreadsheet is a ZIP archive of XML parts, and a parser trusts what it finds there. A 1 MB file
whose shared strings inflate to 525 MB drove a worker to 2.9 GB; two cells at A1 and XFD1048576 make
python-calamine allocate the whole rectangle between them (17 billion cells: the process aborts); an
entity declaration in an XML part made the imports answer 500. Every upload form refuses files over
`settings.UPLOAD_MAX_BYTES` (50 MB, env `UPLOAD_MAX_MB`); then, before any parser sees a spreadsheet,
`check_archive()` refuses within `CHECK_SECONDS` (30 s), with a German message:

- for ZIP-based files (XLSX, XLSM, ODS): more than `MAX_MEMBERS` parts, part names that are absolute or
  climb out (".."), a declared uncompressed size over `MAX_MEMBER_BYTES` (1 GB) for a part or over
  `MAX_TOTAL_BYTES` (1.5 GB) for all, and parts over `RATIO_FLOOR_BYTES` (1 MB) compressed more than
  `MAX_RATIO` (100:1). Why these: office XML compresses 5–30:1, a bomb thousands to one; openpyxl's
  750,000-row benchmark workbook (51 MB) holds a 677 MB sheet part at 13:1, so a part may be large —
  what the parser allocates is bounded by the row and cell limits below, not by the part's size;
- then every part is inflated once as a stream, 1 MB at a time and nothing kept: its real size must stay
  within the limits (the directory can lie; zipfile also stops at the declared size and checks the
  CRC), no part may hold a DTD or an entity declaration (`<!DOCTYPE`, `<!ENTITY`, in UTF-8 or UTF-16),
  and the extent of every sheet — the rectangle from its first to its last cell, which the parser
  allocates whole — is measured from the row and cell references (for ODS from the repeated rows and
  cells that carry values): at most `settings.TABULAR_MAX_ROWS` rows (1.5 M) and
  `settings.TABULAR_MAX_CELLS` cells (30 M).

Legacy XLS (one binary stream, no archive) is bounded by its format to 65,536 × 256 cells and gets the
upload limit only; CSV is read as a stream and counts its rows as it goes (`tablereader`).
"""

from __future__ import annotations

import functools
import re
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 1024 * 1024 * 1024
MAX_TOTAL_BYTES = 1536 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR_BYTES = 1024 * 1024
CHECK_SECONDS = 30
CHUNK = 1 << 20

_NAME = rb"(?:[A-Za-z_][\w.\-]*:)?"
_ATTRIBUTES = rb"(?:[^>\"']|\"[^\"]*\"|'[^']*')*?"  # a quoted value may hold ">"
# Declarations of a DTD or of entities, in UTF-8 (compared lower-cased) and in UTF-16 either way round.
_DECLARATIONS = tuple(
    marker.encode(encoding)
    for marker in ("<!doctype", "<!entity")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
# XLSX: a row start with its r (if any), a cell start, a cell start with its reference (if any).
_ROW = re.compile(
    rb"<" + _NAME + rb"row(?=[\s/>])(?:" + _ATTRIBUTES + rb"\s" + _NAME + rb"r\s*=\s*[\"'](\d+))?"
)
_CELL = re.compile(rb"<" + _NAME + rb"c(?=[\s/>])")
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")
_FIRST_ROW_REF = re.compile(rb'<row r="(\d+)"')
_FIRST_CELL_REF = re.compile(rb'<c r="([A-Z]+)(\d+)"')
_CELL_REF = re.compile(
    rb"<" + _NAME + rb"c\s" + _ATTRIBUTES + rb"(?<=\s)" + _NAME + rb"r\s*=\s*[\"']\$?([A-Za-z]+)\$?(\d+)"
)
# ODS: row and cell starts with their repetitions and whether the cell carries a value.
_ODS_ELEMENT = re.compile(
    rb"<table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])(" + _ATTRIBUTES + rb")(/?)>"
)
_ODS_REPEAT = re.compile(rb"number-(?:rows|columns)-repeated\s*=\s*[\"'](\d+)")


class HostileFile(Exception):
    """The file is refused before it is parsed; the message says why, in German."""


@dataclass(frozen=True)
class Limits:
    rows: int
    cells: int
    seconds: float = CHECK_SECONDS


def limits() -> Limits:
    return Limits(settings.TABULAR_MAX_ROWS, settings.TABULAR_MAX_CELLS)


def check_archive(source, limit: Limits | None = None) -> None:
    """Refuse a ZIP-based spreadsheet (path or binary file object) whose parts are hostile; see above."""
    limit = limit or limits()
    started = time.monotonic()
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
            _check_directory(members)
            total = 0
            for member in members:
                if not member.is_dir():
                    total += _inflate(archive, member, limit, started, total)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,  # an unknown compression method
        RuntimeError,  # an encrypted part
        ValueError,  # a damaged directory: negative offsets, names that are no UTF-8
        EOFError,
        zlib.error,
        OSError,
    ) as error:
        raise HostileFile(
            _(
                "Die Datei ist keine lesbare Excel-Datei (XLSX) und keine ODS-Datei: das ZIP-Archiv ist beschädigt."
            )
        ) from error


def _check_directory(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise HostileFile(
            _(
                "Die Datei besteht aus %(n)d Teilen (höchstens %(max)d) und ist keine gewöhnliche Tabellendatei."
            )
            % {"n": len(members), "max": MAX_MEMBERS}
        )
    total = 0
    for member in members:
        name = member.filename.replace("\\", "/")
        if name.startswith("/") or ".." in PurePosixPath(name).parts or ":" in name.split("/")[0]:
            raise HostileFile(
                _("Die Datei enthält einen ungültigen Pfad („%(name)s“) und wird nicht gelesen.")
                % {"name": name[:80]}
            )
        total += member.file_size
        _check_expansion(member.filename, member.file_size, total)
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise HostileFile(
                _(
                    "Ein Teil der Datei („%(name)s“) ist %(ratio)d:1 komprimiert – so stark wie keine gewöhnliche "
                    "Tabelle; die Datei wird aus Sicherheitsgründen nicht gelesen. Speichern Sie die Tabelle bitte "
                    "neu oder als CSV."
                )
                % {"name": member.filename[:80], "ratio": member.file_size // max(member.compress_size, 1)}
            )


def _check_expansion(name: str, size: int, total: int) -> None:
    if size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
        raise HostileFile(
            _(
                "Die Datei würde entpackt mehr als %(mb)d MB groß (Teil „%(name)s“) und wird aus "
                "Sicherheitsgründen nicht gelesen. Teilen Sie die Tabelle auf oder speichern Sie sie als CSV."
            )
            % {
                "mb": (MAX_MEMBER_BYTES if size > MAX_MEMBER_BYTES else MAX_TOTAL_BYTES) // (1024 * 1024),
                "name": name[:80],
            }
        )


def _inflate(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: Limits, started: float, before: int
) -> int:
    """Inflate one part as a stream; refuse declarations, lies about its size and oversized sheets."""
    extent = _OdsExtent() if member.filename == "content.xml" else _SheetExtent()
    size, tail, overlap = 0, b"", b""
    with archive.open(member) as stream:
        while piece := stream.read(CHUNK):
            size += len(piece)
            _check_expansion(member.filename, size, before + size)
            window = overlap + piece
            if b"!" in window and any(marker in window.lower() for marker in _DECLARATIONS):
                raise HostileFile(
                    _(
                        "Die Datei enthält XML-Entitäten oder eine Dokumenttyp-Definition (DTD) und wird aus "
                        "Sicherheitsgründen nicht gelesen. Öffnen Sie sie in Excel oder LibreOffice und "
                        "speichern Sie sie neu (oder als CSV)."
                    )
                )
            overlap = piece[-32:]
            text = tail + piece
            cut = text.rfind(b"<")  # feed whole tags only
            if cut < 0:
                cut = len(text)
            extent.feed(text[:cut])
            extent.check(limit)
            tail = text[cut:]
            if len(tail) > CHUNK:  # a tag longer than a megabyte belongs to no table
                raise HostileFile(_("Die Datei ist beschädigt oder keine Tabellendatei."))
            if time.monotonic() - started > limit.seconds:
                raise HostileFile(
                    _(
                        "Die Prüfung der Datei dauerte länger als %(s)d Sekunden; sie wird nicht gelesen. "
                        "Teilen Sie die Tabelle auf oder speichern Sie sie als CSV."
                    )
                    % {"s": limit.seconds}
                )
    extent.feed(tail)
    extent.check(limit)
    return size


def _column(letters: bytes) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + letter - 64
    return index


class _SheetExtent:
    """Rows and columns of the rectangle a worksheet part spans (any other part spans nothing).

    Rows: the highest row or cell reference, plus one for each row without a reference (the parser
    counts on from the row before). Columns: the highest cell reference, plus the most cells in one row
    when some cell has no reference (it follows the cell before it).

    Exactly, but at C speed for what Excel, LibreOffice and openpyxl write — every `<row` and `<c`
    opening with its `r="…"`: a piece's highest references are taken from its last row and cell, and
    one search (`_suspect`) for an element without its reference first or with a higher row or column
    proves them; only a piece where it hits, or with prefixed elements, is read element by element.
    """

    def __init__(self) -> None:
        self.max_row = self.unnumbered_rows = self.max_column = self.widest_row = self.open_row_cells = 0
        self.all_referenced = True

    def feed(self, text: bytes) -> None:
        prefixed = b":" in text and _PREFIXED.search(text)
        if prefixed or not self._fast(text):
            self._exact(text)

    def _fast(self, text: bytes) -> bool:
        row, column = self.max_row, self.max_column
        last_row = _FIRST_ROW_REF.match(text, max(text.rfind(b'<row r="'), 0))
        if last_row:
            row = max(row, int(last_row.group(1)))
        last_cell = _FIRST_CELL_REF.match(text, max(text.rfind(b'<c r="'), 0))
        if last_cell:
            row, column = max(row, int(last_cell.group(2))), max(column, _column(last_cell.group(1)))
        if _suspect(row, column).search(text):
            return False
        self.max_row, self.max_column = row, column
        return True

    def _exact(self, text: bytes) -> None:
        rows = _ROW.findall(text)
        refs = _CELL_REF.findall(text)
        cells = len(_CELL.findall(text))
        numbered = [int(number) for number in rows if number]
        self.unnumbered_rows += len(rows) - len(numbered)
        if numbered:
            self.max_row = max(self.max_row, *numbered)
        if refs:
            self.max_row = max(self.max_row, max(int(digits) for _letters, digits in refs))
            self.max_column = max(
                self.max_column, max(_column(letters) for letters in {ref[0] for ref in refs})
            )
        if cells != len(refs):
            self.all_referenced = False
        if not self.all_referenced and cells:
            self._widest(text)

    def _widest(self, text: bytes) -> None:
        """The most cells in one row (counting across the pieces a row is split into)."""
        starts = [match.start() for match in _ROW.finditer(text)]
        if not starts:
            self.open_row_cells += len(_CELL.findall(text))
        else:
            self.open_row_cells += len(_CELL.findall(text, 0, starts[0]))
            self.widest_row = max(self.widest_row, self.open_row_cells)
            for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
                self.open_row_cells = len(_CELL.findall(text, start, end))
                self.widest_row = max(self.widest_row, self.open_row_cells)
        self.widest_row = max(self.widest_row, self.open_row_cells)

    def check(self, limit: Limits) -> None:
        rows = self.max_row + self.unnumbered_rows
        columns = self.max_column if self.all_referenced else self.max_column + self.widest_row
        _check_extent(rows, columns, limit)


@functools.lru_cache(maxsize=256)
def _suspect(row: int, column: int) -> re.Pattern[bytes]:
    """One pattern for what the fast path cannot vouch for: a row or cell start without its reference
    first, a row reference beyond `row`, a cell reference beyond `row` or `column`."""
    rows = _greater(str(row), "0123456789")
    columns = _greater(_letters(column), "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return re.compile(
        rb'<(?:c(?! r=")[\s/>]|row(?! r=")[\s/>]|c r="(?:(?:'
        + columns
        + rb")\d|[A-Z]{1,3}0*(?:"
        + rows
        + rb'")")|row r="0*(?:'
        + rows
        + rb')")'
    )


def _greater(text: str, alphabet: str) -> bytes:
    """A pattern for the strings over `alphabet` (no leading zero digit) greater than `text`."""
    first = "1" if alphabet[0] == "0" else alphabet[0]
    longer = f"[{first}-{alphabet[-1]}][{alphabet[0]}-{alphabet[-1]}]{{{len(text)},}}"
    options = [longer]
    for position, char in enumerate(text):
        index = alphabet.index(char)
        if index + 1 < len(alphabet):
            rest = len(text) - position - 1
            tail = f"[{alphabet[0]}-{alphabet[-1]}]{{{rest}}}" if rest else ""
            options.append(f"{text[:position]}[{alphabet[index + 1]}-{alphabet[-1]}]{tail}")
    return "|".join(options).encode("ascii")


def _letters(column: int) -> str:
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters or "A"


class _OdsExtent:
    """Rows and columns an ODS content part spans per table: repetitions count up to the last value."""

    def __init__(self) -> None:
        self.position = self.last_row = self.width = 0  # of the current table
        self.repeat = self.row_width = self.pending = 0  # of the current row
        self.widest_table = (0, 0)

    def feed(self, text: bytes) -> None:
        for match in _ODS_ELEMENT.finditer(text):
            kind, attributes = match.group(1), match.group(2)
            repeated = _ODS_REPEAT.search(attributes)
            count = int(repeated.group(1)) if repeated else 1
            if kind == b"table":
                self._close_row()
                self._close_table()
            elif kind == b"table-row":
                self._close_row()
                self.repeat = count
            else:
                self.pending += count
                if b"value-type" in attributes or not match.group(3):  # a value, or content inside
                    self.row_width += self.pending
                    self.pending = 0

    def _close_row(self) -> None:
        if self.row_width:
            self.last_row = self.position + self.repeat
            self.width = max(self.width, self.row_width)
        self.position += self.repeat
        self.repeat = self.row_width = self.pending = 0

    def _close_table(self) -> None:
        rows, width = self.extent()
        if rows * width > self.widest_table[0] * self.widest_table[1]:
            self.widest_table = (rows, width)
        self.position = self.last_row = self.width = 0

    def extent(self) -> tuple[int, int]:
        if self.row_width:
            return self.position + self.repeat, max(self.width, self.row_width)
        return self.last_row, self.width

    def check(self, limit: Limits) -> None:
        _check_extent(*self.extent(), limit)
        _check_extent(*self.widest_table, limit)


def _check_extent(rows: int, columns: float, limit: Limits) -> None:
    if rows > limit.rows:
        raise HostileFile(
            _(
                "Die Tabelle ist zu groß: mehr als %(max)s Zeilen. Teilen Sie sie bitte auf (z. B. nach Jahren)."
            )
            % {"max": f"{limit.rows:,}".replace(",", ".")}
        )
    if rows * columns > limit.cells:
        raise HostileFile(
            _(
                "Die Tabelle ist zu groß: sie reicht über %(cells)s Zellen (höchstens %(max)s). Leere Zeilen "
                "oder Spalten weit außerhalb der Daten? Löschen Sie sie oder teilen Sie die Tabelle auf."
            )
            % {
                "cells": f"{int(rows * columns):,}".replace(",", "."),
                "max": f"{limit.cells:,}".replace(",", "."),
            }
        )
