"""Reading the tables German offices keep (CSV or XLSX), shared by the imports of actors and offerings.

Office files differ in ways no user should have to fix first: UTF-8 with or without a byte-order
mark or Windows-1252, ";" or "," as delimiter, a title row or two above the header, column titles
written with other case, umlauts as "ae" or extra punctuation, spreadsheet cells that are numbers or
dates instead of text. `read_table()` and `locate_header()` absorb those differences; each import
keeps its own column titles and checks.

Also here: parsers for the cell values both imports know (ja/nein, postcode, web address), label
look-ups for fixed vocabularies, and `UploadKeeper`, which keeps an uploaded file between the
preview and the confirmation.
"""

from __future__ import annotations

import base64
import csv
import io
import re
import secrets
import time
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

HEADER_SEARCH_ROWS = 5
YES = {"ja", "j", "x", "1", "wahr", "true", "yes", "aktiv", "öffentlich"}
NO = {"nein", "n", "0", "falsch", "false", "no", "inaktiv", "intern"}
POSTCODE = re.compile(r"^\d{5}$")

Table = list[tuple[int, list[str]]]  # (row number as in the file, counting from 1; text cells)


class UnreadableFile(Exception):
    """The file as a whole cannot be read as a table; the message says why, in German."""


class CellError(ValueError):
    """A cell value that cannot be used; the message says why, in German."""


@dataclass
class Problem:
    """One reason a row cannot be imported, as the report shows it."""

    row: int  # as in the file
    column: str  # title as in the file
    value: str
    reason: str


@dataclass
class ImportReport:
    """What an upload's check found: the rows (each with `is_valid` and `problems`) and a file-level problem."""

    filename: str
    columns: dict[str, str] = field(default_factory=dict)  # field key → title as in the file
    rows: list = field(default_factory=list)
    file_problem: str = ""

    @property
    def valid_rows(self) -> list:
        return [row for row in self.rows if row.is_valid]

    @property
    def invalid_rows(self) -> list:
        return [row for row in self.rows if not row.is_valid]

    @property
    def problems(self) -> list[Problem]:
        return [problem for row in self.rows for problem in row.problems]

    @property
    def all_valid(self) -> bool:
        return not self.file_problem and bool(self.rows) and not self.invalid_rows


def normalise(text: str) -> str:
    """Compare titles and labels loosely: case, umlauts, ß, spaces and punctuation do not matter."""
    text = str(text).casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return "".join(char for char in text if char.isalnum())


# Reading -----------------------------------------------------------------------------------------


def read_table(data: bytes, filename: str, known_titles: Iterable[str]) -> Table:
    """The rows of a CSV or XLSX file as text cells, each with its row number in the file.

    `known_titles` (normalised column titles) decide the CSV delimiter: the one under which a header
    row with the most known titles appears.
    """
    if not data:
        raise UnreadableFile(_("Die Datei ist leer."))
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise UnreadableFile(_("Die Datei ist keine lesbare Excel-Datei (XLSX)."))
    return _read_csv(data, set(known_titles))


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFile(_("Die Datei ist keine lesbare Excel-Datei (XLSX).")) from error
    try:
        sheet = workbook.worksheets[0]
        return [
            (number, [cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a German office would have typed into a CSV file."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.strftime("%d.%m.%Y")
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    return str(value).strip()


def _read_csv(data: bytes, known_titles: set[str]) -> Table:
    if b"\x00" in data:
        raise UnreadableFile(_("Die Datei ist weder eine CSV- noch eine XLSX-Datei."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise UnreadableFile(
                _("Die Datei ist weder in UTF-8 noch in Windows-1252 kodiert und kann nicht gelesen werden.")
            ) from error
    tables = [_split_csv(text, delimiter) for delimiter in ";,\t"]
    return max(tables, key=lambda rows: _header_score(rows, known_titles))


def _split_csv(text: str, delimiter: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, last_line = [], 0
    try:
        for cells in reader:
            rows.append((last_line + 1, [cell.strip() for cell in cells]))
            last_line = reader.line_num
    except csv.Error as error:
        raise UnreadableFile(_("Die CSV-Datei ist beschädigt: %(error)s") % {"error": error}) from error
    return rows


def _header_score(rows: Table, known_titles: set[str]) -> int:
    return max(
        (len({normalise(cell) for cell in cells} & known_titles) for _n, cells in rows[:HEADER_SEARCH_ROWS]),
        default=0,
    )


@dataclass
class Header:
    index: int  # of the header row in the table
    positions: dict[int, str]  # column position → field key
    titles: dict[str, str]  # field key → title as in the file


def locate_header(rows: Table, title_to_field: Mapping[str, str]) -> Header | None:
    """The header row among the first rows: the one with the most known column titles (None if none).

    `title_to_field` maps normalised titles to field keys; a key's first column wins.
    """
    best: Header | None = None
    for index, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        positions: dict[int, str] = {}
        for position, cell in enumerate(cells):
            key = title_to_field.get(normalise(cell))
            if key is not None and key not in positions.values():
                positions[position] = key
        if positions and (best is None or len(positions) > len(best.positions)):
            titles = {key: cells[position] for position, key in positions.items()}
            best = Header(index, positions, titles)
    return best


def data_rows(rows: Table, header: Header) -> Iterable[tuple[int, dict[str, str]]]:
    """The non-empty rows below the header as (row number, field key → cell text)."""
    for number, cells in rows[header.index + 1 :]:
        if any(cells):
            yield (
                number,
                {
                    key: cells[position] if position < len(cells) else ""
                    for position, key in header.positions.items()
                },
            )


# Cell values -------------------------------------------------------------------------------------


def yes_no(text: str) -> bool | None:
    """ja/nein (and the usual variants) → True/False; an empty cell → None."""
    if not text:
        return None
    if text.casefold() in YES:
        return True
    if text.casefold() in NO:
        return False
    raise CellError(_("Bitte „ja“ oder „nein“ eintragen."))


def postcode(text: str) -> str:
    """A German postcode; a spreadsheet's lost leading zero (1234 for 01234) is put back."""
    text = text.replace(" ", "")
    if text.isdigit() and len(text) == 4:
        text = "0" + text
    if text and not POSTCODE.match(text):
        raise CellError(_("Die PLZ besteht aus fünf Ziffern."))
    return text


def web_address(text: str, max_length: int = 200) -> str:
    """A web address; "www.example.org" gets its https:// ."""
    if not text:
        return ""
    if "://" not in text:
        text = "https://" + text
    try:
        URLValidator()(text)
    except ValidationError as error:
        raise CellError(_("Keine gültige Internetadresse.")) from error
    if len(text) > max_length:
        raise CellError(_("Höchstens %(n)d Zeichen.") % {"n": max_length})
    return text


def choice_lookup(choices, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Normalised code, label and label parts (split at "/" and before "(") → code."""
    table = {}
    for code, label in choices:
        label = str(label)
        table[normalise(code)] = code
        table[normalise(label)] = code
        table[normalise(label.split("(")[0])] = code
        for part in label.split("/"):
            table.setdefault(normalise(part), code)
    for alias, code in (extra or {}).items():
        table[normalise(alias)] = code
    return table


# Keeping the upload between preview and confirmation ------------------------------------------------


STALE_UPLOAD_SECONDS = 24 * 60 * 60


def upload_folder() -> Path:
    return Path(settings.BASE_DIR) / "var" / "imports"


class UploadKeeper:
    """Keeps the uploaded bytes for the confirmation: small files in the session, larger ones in a
    file with a random name that only this session knows. One keeper per import (session key)."""

    def __init__(self, session_key: str):
        self.session_key = session_key

    def keep(self, session, tenant, filename: str, data: bytes, *, session_limit: int) -> None:
        self.discard(session)
        entry = {"tenant": tenant.slug, "filename": filename}
        if len(data) < session_limit:
            entry["data"] = base64.b64encode(data).decode("ascii")
        else:
            folder = upload_folder()
            folder.mkdir(parents=True, exist_ok=True)
            _sweep_stale_uploads(folder)
            token = secrets.token_urlsafe(24)
            (folder / f"{token}.upload").write_bytes(data)
            entry["token"] = token
        session[self.session_key] = entry

    def load(self, session, tenant) -> tuple[str, bytes] | None:
        """(file name, bytes) kept for this tenant, or None."""
        entry = session.get(self.session_key)
        if not entry or entry.get("tenant") != tenant.slug:
            return None
        if "data" in entry:
            return entry["filename"], base64.b64decode(entry["data"])
        path = upload_folder() / f"{entry.get('token', '')}.upload"
        if not re.fullmatch(r"[\w-]+", entry.get("token", "")) or not path.is_file():
            return None
        return entry["filename"], path.read_bytes()

    def discard(self, session) -> None:
        entry = session.pop(self.session_key, None)
        if entry and re.fullmatch(r"[\w-]+", entry.get("token", "")):
            (upload_folder() / f"{entry['token']}.upload").unlink(missing_ok=True)


def _sweep_stale_uploads(folder: Path) -> None:
    """Uploads whose preview was never confirmed are removed after a day."""
    limit = time.time() - STALE_UPLOAD_SECONDS
    for path in folder.glob("*.upload"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
