"""Checking the tables German offices keep (CSV or spreadsheets), shared by the imports of actors and offerings.

The file is read by `tablereader` (the one reader of all imports: encodings, delimiters, title rows,
sheets, hostile files); `read_table()`, `locate_header()` and `data_rows()` give an import its known
columns as field keys and each row as a dictionary. Each import keeps its own column titles and checks.

Also here: parsers for the cell values both imports know (ja/nein, postcode, web address), label
look-ups for fixed vocabularies, and `UploadKeeper`, which keeps an uploaded file between the
preview and the confirmation.
"""

from __future__ import annotations

import base64
import re
import secrets
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from . import tablereader
from .tablereader import Table

HEADER_SEARCH_ROWS = tablereader.HEADER_SEARCH_ROWS
YES = {"ja", "j", "x", "1", "wahr", "true", "yes", "aktiv", "öffentlich"}
NO = {"nein", "n", "0", "falsch", "false", "no", "inaktiv", "intern"}
POSTCODE = re.compile(r"^\d{5}$")

REQUIRED_TITLES = 2

UnreadableFile = tablereader.UnreadableFile
normalise = tablereader.normalise


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

    def allows(self, *, only_valid: bool) -> bool:
        """Whether the chosen import may write: no file problem, a valid row, and no invalid one unless
        only the valid rows are wanted."""
        return not self.file_problem and bool(self.valid_rows) and (only_valid or not self.invalid_rows)

    def refusal(self) -> str:
        """Why a checked file may not be imported as chosen, for the preview and the job's page."""
        if self.valid_rows and not self.file_problem:
            return _(
                "Nichts wurde importiert: Die Datei enthält fehlerhafte Zeilen. Korrigieren Sie sie oder "
                "importieren Sie nur die gültigen Zeilen."
            )
        return _("Nichts wurde importiert: Die Datei enthält keine gültige Zeile.")


# Reading -----------------------------------------------------------------------------------------


def read_table(data: bytes, filename: str, title_to_field: Mapping[str, str], no_header: str) -> Table:
    """The table in an uploaded CSV or spreadsheet (see `tablereader.open_table`), cells as German text.

    `title_to_field` maps normalised column titles to field keys; `no_header` is the message when no row
    among the first ones has `REQUIRED_TITLES` known titles (both imports need two columns: name and kind,
    title and provider — a sheet of hints that lists one title per row is no header). A workbook in which several sheets have such a header is
    refused: these imports have no step to choose one.
    """
    try:
        return tablereader.open_table(
            data, filename, known_titles=title_to_field.keys(), minimum=REQUIRED_TITLES, no_header=no_header
        )
    except tablereader.SheetChoiceNeeded as error:
        raise UnreadableFile(
            _(
                "Mehrere Tabellenblätter der Datei haben eine passende Kopfzeile (%(sheets)s). Bitte laden Sie "
                "eine Datei mit nur dem gewünschten Blatt hoch (oder speichern Sie es als CSV)."
            )
            % {"sheets": ", ".join(f"„{name}“" for name in error.candidates)}
        ) from error


@dataclass
class Header:
    positions: dict[int, str]  # column position → field key
    titles: dict[str, str]  # field key → title as in the file


def locate_header(table: Table, title_to_field: Mapping[str, str]) -> Header:
    """The known columns of the table's header; a field named by two columns is refused (which one
    would count is a guess)."""
    positions: dict[int, str] = {}
    titles: dict[str, str] = {}
    for position, title in enumerate(table.titles):
        key = title_to_field.get(normalise(title))
        if key is None:
            continue
        if key in titles:
            raise UnreadableFile(
                _(
                    "Die Spalten „%(first)s“ und „%(second)s“ meinen dasselbe. Bitte lassen Sie nur eine davon stehen."
                )
                % {"first": titles[key], "second": title}
            )
        positions[position] = key
        titles[key] = title
    return Header(positions, titles)


def data_rows(table: Table, header: Header) -> Iterable[tuple[int, dict[str, str]]]:
    """The non-empty rows below the header as (row number, field key → cell text)."""
    for number, cells in table.rows():
        width = len(cells)
        yield (
            number,
            {
                key: cells[position].strip() if position < width else ""
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
    return Path(settings.SHARED_FILES_DIR) / "imports"


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
