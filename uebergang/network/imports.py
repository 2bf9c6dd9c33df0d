"""Reading and checking actor lists (CSV or XLSX) as coordination offices keep them.

`analyse()` turns the uploaded bytes into an `ImportReport`: every row with its values and the
problems found (row number as in the file, column title, value, reason in German). Nothing is
written here; `actions.actors.import_organisations` writes the valid rows of a report.
"""

from __future__ import annotations

import base64
import csv
import io
import re
import secrets
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from uebergang.tenants.models import Region, Tenant

from .models import LegalSphere, Organisation

MAX_IMPORT_BYTES = 5 * 1024 * 1024
SESSION_LIMIT_BYTES = 2 * 1024 * 1024
HEADER_SEARCH_ROWS = 5
SESSION_KEY = "network_actor_import"
STALE_UPLOAD_SECONDS = 24 * 60 * 60

# Field key → column title in the template, then further titles offices use for the same column.
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("Name", "Name der Organisation", "Organisation", "Einrichtung"),
    "short_name": ("Kurzname", "Kurzbezeichnung", "Kürzel"),
    "kind": ("Art", "Typ", "Organisationsart"),
    "school_type": ("Schulart", "Schultyp"),
    "legal_spheres": ("Rechtskreise", "Rechtskreis"),
    "region": ("Region", "Sozialraum", "Region/Sozialraum"),
    "street": ("Straße", "Straße und Hausnummer", "Adresse", "Anschrift"),
    "postcode": ("PLZ", "Postleitzahl"),
    "city": ("Ort", "Stadt", "Gemeinde"),
    "website": ("Website", "Webseite", "Internet", "Homepage"),
    "email": ("E-Mail", "E-Mail-Adresse", "Mail"),
    "phone": ("Telefon", "Tel.", "Telefonnummer"),
    "identifier": ("Kennung/Schulnummer", "Kennung", "Schulnummer", "Dienststellennummer"),
    "parent": ("übergeordnete Organisation", "Übergeordnet", "Dachorganisation"),
    "is_active": ("aktiv", "Status"),
    "contact_name": ("Ansprechperson", "Ansprechpartner", "Ansprechpartner/in", "Kontaktperson"),
    "contact_function": ("Funktion", "Funktion der Ansprechperson"),
    "contact_email": ("Kontakt-E-Mail", "E-Mail Ansprechperson"),
    "contact_phone": ("Kontakt-Telefon", "Telefon Ansprechperson"),
    "contact_public": ("Kontakt öffentlich", "öffentlich"),
}
CONTACT_FIELDS = ("contact_name", "contact_function", "contact_email", "contact_phone", "contact_public")
MAX_LENGTHS = {
    "name": 200,
    "short_name": 50,
    "street": 200,
    "city": 100,
    "phone": 50,
    "identifier": 50,
    "contact_name": 200,
    "contact_function": 200,
    "contact_phone": 50,
}
YES = {"ja", "j", "x", "1", "wahr", "true", "yes", "aktiv", "öffentlich"}
NO = {"nein", "n", "0", "falsch", "false", "no", "inaktiv", "intern"}
POSTCODE = re.compile(r"^\d{5}$")


def normalise(text: str) -> str:
    """Compare titles and labels loosely: case, umlauts, ß, spaces and punctuation do not matter."""
    text = str(text).casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return "".join(char for char in text if char.isalnum())


def name_key(name: str) -> str:
    """Organisation names match regardless of case and repeated spaces."""
    return " ".join(str(name).casefold().split())


TITLE_TO_FIELD = {normalise(title): key for key, titles in COLUMNS.items() for title in titles}


class UnreadableFile(Exception):
    """The file as a whole cannot be read as a table; the message says why, in German."""


@dataclass
class Problem:
    row: int
    column: str
    value: str
    reason: str


@dataclass
class ImportRow:
    number: int  # as in the file: the first line is 1
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    updates_existing: bool = False

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def kind_label(self) -> str:
        kind = self.values.get("kind")
        label = Organisation.Kind(kind).label if kind else ""
        school_type = self.values.get("school_type")
        return f"{label}: {Organisation.SchoolType(school_type).label}" if school_type else str(label)

    @property
    def has_contact(self) -> bool:
        return bool(self.values.get("contact_name"))


@dataclass
class ImportReport:
    filename: str
    columns: dict[str, str] = field(default_factory=dict)  # field key → title as in the file
    rows: list[ImportRow] = field(default_factory=list)
    file_problem: str = ""

    @property
    def valid_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.is_valid]

    @property
    def invalid_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if not row.is_valid]

    @property
    def problems(self) -> list[Problem]:
        return [problem for row in self.rows for problem in row.problems]

    @property
    def all_valid(self) -> bool:
        return not self.file_problem and bool(self.rows) and not self.invalid_rows


# Reading -----------------------------------------------------------------------------------------


def read_table(data: bytes, filename: str) -> list[tuple[int, list[str]]]:
    """The rows of a CSV or XLSX file as text cells, each with its row number in the file."""
    if not data:
        raise UnreadableFile(_("Die Datei ist leer."))
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise UnreadableFile(_("Die Datei ist keine lesbare Excel-Datei (XLSX)."))
    return _read_csv(data)


def _read_xlsx(data: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFile(_("Die Datei ist keine lesbare Excel-Datei (XLSX).")) from error
    try:
        sheet = workbook.worksheets[0]
        return [
            (number, [_cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(data: bytes) -> list[tuple[int, list[str]]]:
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
    # The delimiter is the one under which a header row with known column titles appears.
    tables = [_split_csv(text, delimiter) for delimiter in ";,\t"]
    return max(tables, key=_header_score)


def _split_csv(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, last_line = [], 0
    try:
        for cells in reader:
            rows.append((last_line + 1, [cell.strip() for cell in cells]))
            last_line = reader.line_num
    except csv.Error as error:
        raise UnreadableFile(_("Die CSV-Datei ist beschädigt: %(error)s") % {"error": error}) from error
    return rows


def _header_score(rows: list[tuple[int, list[str]]]) -> int:
    return max(
        (
            len({TITLE_TO_FIELD.get(normalise(cell)) for cell in cells} - {None})
            for _n, cells in rows[:HEADER_SEARCH_ROWS]
        ),
        default=0,
    )


def find_header(rows: list[tuple[int, list[str]]]) -> tuple[int, dict[int, str], dict[str, str]]:
    """The header row among the first rows: the one with the most known column titles.

    Returns its index in `rows`, column position → field key, and field key → title as in the file.
    """
    best_index, best_positions = -1, {}
    for index, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        positions = {}
        for position, cell in enumerate(cells):
            key = TITLE_TO_FIELD.get(normalise(cell))
            if key is not None and key not in positions.values():
                positions[position] = key
        if len(positions) > len(best_positions):
            best_index, best_positions = index, positions
    if not best_positions:
        raise UnreadableFile(
            _(
                "In den ersten %(n)d Zeilen steht keine Kopfzeile mit bekannten Spaltentiteln "
                "(z. B. Name, Art, Ort). Ist es eine Akteursliste als CSV- oder XLSX-Datei?"
            )
            % {"n": HEADER_SEARCH_ROWS}
        )
    if "name" not in best_positions.values():
        raise UnreadableFile(_("Die Spalte „Name“ fehlt in der Kopfzeile."))
    if "kind" not in best_positions.values():
        raise UnreadableFile(_("Die Spalte „Art“ fehlt in der Kopfzeile."))
    cells = rows[best_index][1]
    titles = {key: cells[position] for position, key in best_positions.items()}
    return best_index, best_positions, titles


# Checking ----------------------------------------------------------------------------------------


def _lookup(choices, extra: dict[str, str] | None = None) -> dict[str, str]:
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


def kind_lookup() -> dict[str, str]:
    return _lookup(Organisation.Kind.choices, {"Sonstiges": "other", "Arbeitsagentur": "employment_agency"})


def school_type_lookup() -> dict[str, str]:
    return _lookup(Organisation.SchoolType.choices, {"Förderschule": "sbbz", "Berufsschule": "vocational"})


def legal_sphere_lookup() -> dict[str, str]:
    return _lookup(
        LegalSphere.choices, {"SGB 2": "sgb2", "SGB 3": "sgb3", "SGB 8": "sgb8", "ESF": "federal_esf"}
    )


class _Checker:
    def __init__(self, tenant: Tenant, titles: dict[str, str]):
        self.titles = titles
        self.kinds = kind_lookup()
        self.school_types = school_type_lookup()
        self.legal_spheres = legal_sphere_lookup()
        self.regions = {normalise(r.name): r for r in Region.objects.for_tenant(tenant)}
        self.region_names = ", ".join(r.name for r in self.regions.values()) or _("keine")
        self.url_validator = URLValidator()

    def check(self, number: int, raw: dict[str, str]) -> ImportRow:
        row = ImportRow(number)
        self.row, self.raw = row, raw

        name = raw.get("name", "")
        if not name:
            self.problem("name", _("Der Name fehlt."))
        for key, limit in MAX_LENGTHS.items():
            if len(raw.get(key, "")) > limit:
                self.problem(key, _("Höchstens %(n)d Zeichen.") % {"n": limit})
        for key in ("name", "short_name", "street", "city", "phone", "identifier", "parent"):
            row.values[key] = raw.get(key, "")

        kind, school_type = self.kind_and_school_type()
        row.values["kind"], row.values["school_type"] = kind, school_type
        row.values["legal_spheres"] = self.legal_sphere_codes()
        row.values["region"] = self.region()
        row.values["postcode"] = self.postcode()
        row.values["website"] = self.website()
        row.values["email"] = self.email("email")
        row.values["is_active"] = self.yes_no("is_active", default=None)

        for key in ("contact_name", "contact_function", "contact_phone"):
            row.values[key] = raw.get(key, "")
        row.values["contact_email"] = self.email("contact_email")
        row.values["contact_public"] = self.yes_no("contact_public", default=None)
        if not raw.get("contact_name") and any(raw.get(key) for key in CONTACT_FIELDS):
            self.problem("contact_name", _("Kontaktangaben ohne Ansprechperson: bitte den Namen eintragen."))
        return row

    def problem(self, key: str, reason: str) -> None:
        title = self.titles.get(key, COLUMNS[key][0])
        self.row.problems.append(Problem(self.row.number, title, self.raw.get(key, ""), reason))

    def kind_and_school_type(self) -> tuple[str, str]:
        kind_text, school_text = self.raw.get("kind", ""), self.raw.get("school_type", "")
        kind = self.kinds.get(normalise(kind_text), "")
        school_type = self.school_types.get(normalise(school_text), "") if school_text else ""
        if not kind_text:
            self.problem("kind", _("Die Art fehlt."))
        elif not kind and normalise(kind_text) in self.school_types and not school_text:
            # "Realschule" under "Art" means a school of that type.
            kind, school_type = Organisation.Kind.SCHOOL, self.school_types[normalise(kind_text)]
        elif not kind:
            self.problem(
                "kind",
                _("Unbekannte Art. Möglich sind: %(choices)s.")
                % {"choices": ", ".join(str(label) for label in Organisation.Kind.labels)},
            )
        if school_text and not school_type:
            self.problem(
                "school_type",
                _("Unbekannte Schulart. Möglich sind: %(choices)s.")
                % {"choices": ", ".join(str(label) for label in Organisation.SchoolType.labels)},
            )
        elif school_type and kind and kind != Organisation.Kind.SCHOOL:
            self.problem("school_type", _("Eine Schulart gibt es nur bei der Art „Schule“."))
        return kind, school_type

    def legal_sphere_codes(self) -> list[str]:
        codes = []
        for part in re.split(r"[,;\n]", self.raw.get("legal_spheres", "")):
            if not part.strip():
                continue
            code = self.legal_spheres.get(normalise(part))
            if code is None:
                self.problem(
                    "legal_spheres",
                    _("Unbekannter Rechtskreis „%(value)s“. Möglich sind: %(choices)s.")
                    % {
                        "value": part.strip(),
                        "choices": ", ".join(str(label) for label in LegalSphere.labels),
                    },
                )
            elif code not in codes:
                codes.append(code)
        return codes

    def region(self) -> Region | None:
        text = self.raw.get("region", "")
        if not text:
            return None
        region = self.regions.get(normalise(text))
        if region is None:
            self.problem(
                "region", _("Unbekannte Region. Vorhanden sind: %(names)s.") % {"names": self.region_names}
            )
        return region

    def postcode(self) -> str:
        text = self.raw.get("postcode", "").replace(" ", "")
        if text.isdigit() and len(text) == 4:
            text = "0" + text  # a spreadsheet drops the leading zero of 0xxxx postcodes
        if text and not POSTCODE.match(text):
            self.problem("postcode", _("Die PLZ besteht aus fünf Ziffern."))
        return text

    def website(self) -> str:
        text = self.raw.get("website", "")
        if not text:
            return ""
        if "://" not in text:
            text = "https://" + text
        try:
            self.url_validator(text)
        except ValidationError:
            self.problem("website", _("Keine gültige Internetadresse."))
        if len(text) > 200:
            self.problem("website", _("Höchstens %(n)d Zeichen.") % {"n": 200})
        return text

    def email(self, key: str) -> str:
        text = self.raw.get(key, "")
        if text:
            try:
                validate_email(text)
            except ValidationError:
                self.problem(key, _("Keine gültige E-Mail-Adresse."))
        return text.lower()

    def yes_no(self, key: str, default: bool | None) -> bool | None:
        text = self.raw.get(key, "")
        if not text:
            return default
        if text.casefold() in YES:
            return True
        if text.casefold() in NO:
            return False
        self.problem(key, _("Bitte „ja“ oder „nein“ eintragen."))
        return default


def analyse(data: bytes, filename: str, tenant: Tenant) -> ImportReport:
    """Read and check an uploaded actor list; nothing is written."""
    report = ImportReport(filename=filename)
    try:
        table = read_table(data, filename)
        header_index, positions, report.columns = find_header(table)
    except UnreadableFile as error:
        report.file_problem = str(error)
        return report
    checker = _Checker(tenant, report.columns)
    for number, cells in table[header_index + 1 :]:
        if not any(cells):
            continue
        raw = {key: cells[position] if position < len(cells) else "" for position, key in positions.items()}
        report.rows.append(checker.check(number, raw))
    if not report.rows:
        report.file_problem = _("Unter der Kopfzeile stehen keine Zeilen mit Akteuren.")
        return report
    _check_names_and_parents(report, tenant)
    return report


def _check_names_and_parents(report: ImportReport, tenant: Tenant) -> None:
    """Names unique within the file; parents known, not broken themselves and without a circle."""
    name_title = report.columns["name"]
    parent_title = report.columns.get("parent", COLUMNS["parent"][0])
    first_row: dict[str, ImportRow] = {}
    for row in report.rows:
        key = name_key(row.values["name"])
        if not key:
            continue
        if key in first_row:
            row.problems.append(
                Problem(
                    row.number,
                    name_title,
                    row.values["name"],
                    _("Der Name steht schon in Zeile %(n)d.") % {"n": first_row[key].number},
                )
            )
        else:
            first_row[key] = row

    existing = {
        name_key(name): (name_key(parent) if parent else "")
        for name, parent in Organisation.objects.for_tenant(tenant).values_list("name", "parent__name")
    }
    parent_of = dict(existing)
    for row in report.rows:
        row.updates_existing = name_key(row.values["name"]) in existing
    for key, row in first_row.items():
        parent_of[key] = name_key(row.values["parent"]) if row.values["parent"] else existing.get(key, "")

    for row in report.rows:
        parent = row.values["parent"]
        if not parent:
            continue
        parent_key = name_key(parent)
        if parent_key == name_key(row.values["name"]):
            reason = _("Eine Organisation kann nicht sich selbst übergeordnet sein.")
        elif parent_key not in existing and parent_key not in first_row:
            reason = _("Diese Organisation gibt es weder in der Datei noch im Akteursverzeichnis.")
        elif _closes_circle(name_key(row.values["name"]), parent_of):
            reason = _("Die Angaben zur übergeordneten Organisation ergeben einen Kreis.")
        else:
            continue
        row.problems.append(Problem(row.number, parent_title, parent, reason))

    # A row whose parent is a broken row of the file cannot be imported alone.
    changed = True
    while changed:
        changed = False
        for row in report.valid_rows:
            parent_row = first_row.get(name_key(row.values["parent"])) if row.values["parent"] else None
            if (
                parent_row is not None
                and not parent_row.is_valid
                and name_key(row.values["parent"]) not in existing
            ):
                row.problems.append(
                    Problem(
                        row.number,
                        parent_title,
                        row.values["parent"],
                        _("Die übergeordnete Organisation (Zeile %(n)d) ist fehlerhaft.")
                        % {"n": parent_row.number},
                    )
                )
                changed = True


def _closes_circle(start: str, parent_of: dict[str, str]) -> bool:
    seen = {start}
    current = parent_of.get(start, "")
    while current:
        if current in seen:
            return True
        seen.add(current)
        current = parent_of.get(current, "")
    return False


# Keeping the upload between preview and confirmation ------------------------------------------------


def upload_folder() -> Path:
    return Path(settings.BASE_DIR) / "var" / "imports"


def stash_upload(session, tenant: Tenant, filename: str, data: bytes) -> None:
    """Keep the uploaded bytes for the confirmation: small files in the session, larger ones in a
    file with a random name that only this session knows."""
    discard_upload(session)
    entry = {"tenant": tenant.slug, "filename": filename}
    if len(data) < SESSION_LIMIT_BYTES:
        entry["data"] = base64.b64encode(data).decode("ascii")
    else:
        folder = upload_folder()
        folder.mkdir(parents=True, exist_ok=True)
        _sweep_stale_uploads(folder)
        token = secrets.token_urlsafe(24)
        (folder / f"{token}.upload").write_bytes(data)
        entry["token"] = token
    session[SESSION_KEY] = entry


def load_upload(session, tenant: Tenant) -> tuple[str, bytes] | None:
    entry = session.get(SESSION_KEY)
    if not entry or entry.get("tenant") != tenant.slug:
        return None
    if "data" in entry:
        return entry["filename"], base64.b64decode(entry["data"])
    path = upload_folder() / f"{entry.get('token', '')}.upload"
    if not re.fullmatch(r"[\w-]+", entry.get("token", "")) or not path.is_file():
        return None
    return entry["filename"], path.read_bytes()


def discard_upload(session) -> None:
    entry = session.pop(SESSION_KEY, None)
    if entry and re.fullmatch(r"[\w-]+", entry.get("token", "")):
        (upload_folder() / f"{entry['token']}.upload").unlink(missing_ok=True)


def _sweep_stale_uploads(folder: Path) -> None:
    """Uploads whose preview was never confirmed are removed after a day."""
    limit = time.time() - STALE_UPLOAD_SECONDS
    for path in folder.glob("*.upload"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


# Template -------------------------------------------------------------------------------------------

TEMPLATE_COLUMNS = [COLUMNS[key][0] for key in COLUMNS]
TEMPLATE_EXAMPLE = [
    "Beispielschule Musterstadt",
    "BSM",
    "Schule",
    "Werkrealschule/Hauptschule",
    "Schulrecht",
    "",
    "Schulstraße 1",
    "12345",
    "Musterstadt",
    "https://schule.example.org",
    "info@schule.example.org",
    "01234 56789-0",
    "04123456",
    "",
    "ja",
    "Erika Beispiel",
    "Berufsorientierung",
    "bo@schule.example.org",
    "01234 56789-12",
    "nein",
]


def template_rows(tenant: Tenant) -> list[list[str]]:
    example = list(TEMPLATE_EXAMPLE)
    first_region = Region.objects.for_tenant(tenant).first()
    example[TEMPLATE_COLUMNS.index("Region")] = first_region.name if first_region else ""
    return [TEMPLATE_COLUMNS, example]


def template_csv(tenant: Tenant) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(template_rows(tenant))
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(tenant: Tenant) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Akteure")
    for row in template_rows(tenant):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # Text cells: identifiers and postcodes keep their leading zeros.
    for cell in sheet[2]:
        cell.number_format = "@"
    notes = workbook.create_sheet(_("Hinweise"))
    notes.append([_("Spalte"), _("mögliche Werte")])
    notes.append(["Art", ", ".join(str(label) for label in Organisation.Kind.labels)])
    notes.append(["Schulart", ", ".join(str(label) for label in Organisation.SchoolType.labels)])
    notes.append(
        ["Rechtskreise", _("mehrere durch Komma getrennt: ") + ", ".join(str(v) for v in LegalSphere.labels)]
    )
    notes.append(["Region", ", ".join(r.name for r in Region.objects.for_tenant(tenant)) or _("keine")])
    notes.append(["aktiv, Kontakt öffentlich", _("ja oder nein")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
