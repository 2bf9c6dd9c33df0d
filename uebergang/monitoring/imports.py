"""Importing school leavers (microdata) and aggregate counts from CSV or XLSX files.

`import_file()` is the one entry point (upload page, background task, `manage.py import_leavers`,
benchmarks, demo data). It reads the file as a stream — memory does not grow with the file:

1. the header: the row among the first ten whose cells match the most known column titles (title
   rows above it are skipped); delimiter (semicolon, comma, tab) and encoding (UTF-8 with or without
   BOM, else Windows-1252) are detected from the first chunk; columns that look like names, birth
   dates or addresses refuse the whole file before anything else;
2. a cheap first pass counts the rows and collects the cohorts (leaving year × school) the file
   replaces; an XLSX file is spooled to a temporary CSV on the way, so the spreadsheet is parsed once;
3. one transaction: delete the replaced cohorts, then validate and write every row in the same pass —
   on PostgreSQL straight into `COPY … FROM STDIN`, elsewhere with `executemany` in chunks. Any invalid
   row rolls the whole transaction back (all or nothing) unless only the valid rows were asked for.
   Then the pre-computed counts of the touched years are refreshed and an audit event is written.

Values are converted through small per-column caches (a file has few distinct years, schools, dates
and codes), so the hot loop is a dictionary look-up per cell. The pupil id of the source is turned
into a keyed pseudonym at once and never stored.
"""

from __future__ import annotations

import codecs
import csv
import hmac
import secrets
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record
from uebergang.network.models import Organisation
from uebergang.tenants.models import Region, Tenant

from . import summaries
from .codes import codes_for
from .models import CohortCount, Gender, ImportBatch, ImportMapping, Leaver, Qualification
from .pseudonyms import tenant_key

HEADER_SEARCH_ROWS = 10
FIRST_CHUNK_BYTES = 64 * 1024
MAX_REPORTED_PROBLEMS = 200
MAX_UNMAPPED_VALUES = 100
PROGRESS_EVERY = 10_000
SQLITE_CHUNK = 5_000
# Caches stop growing here: a column with more distinct values than this is not a code column.
MAX_CACHE_ENTRIES = 100_000
MIN_YEAR, MAX_YEAR = 1990, 2100

LEAVERS, COUNTS = ImportBatch.Kind.LEAVERS, ImportBatch.Kind.COUNTS

# Field → German label, then the titles offices use for that column (compared loosely).
FIELD_LABELS: dict[str, str] = {
    "source_id": "Schüler-ID",
    "school_number": "Schulnummer",
    "school": "Schule",
    "leaving_year": "Abgangsjahr",
    "qualification": "Abschluss",
    "gender": "Geschlecht",
    "age": "Alter",
    "region": "Wohnort/Region",
    "special_needs": "Förderbedarf",
    "citizenship": "Staatsangehörigkeit",
    "planned": "geplanter Anschluss",
    "planned_on": "geplant am",
    "actual": "Anschluss/Verbleib",
    "actual_as_of": "Stand",
    "followup": "Verbleib nach 1 Jahr",
    "followup_as_of": "Stand Folgejahr",
    "count": "Anzahl",
}
ALIASES: dict[str, tuple[str, ...]] = {
    "source_id": (
        "Schüler-ID",
        "Schueler-ID",
        "ID",
        "Schüler-Nr",
        "Schülernummer",
        "Schüler-Kennung",
        "Pers-ID",
    ),
    "school_number": ("Schulnummer", "Schul-Nr", "Schulkennung", "Dienststellennummer"),
    "school": ("Schule", "Schulname", "Name der Schule"),
    "leaving_year": ("Abgangsjahr", "Entlassjahr", "Abgangsjahrgang", "Jahr"),
    "qualification": ("Abschluss", "Schulabschluss", "erreichter Abschluss"),
    "gender": ("Geschlecht",),
    "age": ("Alter", "Alter beim Abgang"),
    "region": ("Wohnort", "Region", "Wohnregion", "Sozialraum", "Wohnort/Region"),
    "special_needs": ("Förderbedarf", "sonderpädagogischer Förderbedarf", "SPF"),
    "citizenship": ("Staatsangehörigkeit", "Nationalität"),
    "planned": ("geplanter Anschluss", "Anschlussplanung", "geplanter Verbleib", "Plan"),
    "planned_on": ("geplant am", "Stand Planung", "Datum Planung"),
    "actual": ("Anschluss", "Verbleib", "Anschluss/Verbleib", "tatsächlicher Anschluss"),
    "actual_as_of": ("Stand", "Stand Anschluss", "Stand des Anschlusses"),
    "followup": ("Verbleib nach 1 Jahr", "Verbleib nach einem Jahr", "Folgeverbleib"),
    "followup_as_of": ("Stand Folgejahr", "Stand Verbleib", "Stand des Verbleibs"),
    "count": ("Anzahl", "Fälle", "Zahl"),
}
FIELDS_OF_KIND: dict[str, tuple[str, ...]] = {
    LEAVERS: (
        "source_id",
        "school_number",
        "school",
        "leaving_year",
        "qualification",
        "gender",
        "age",
        "region",
        "special_needs",
        "citizenship",
        "planned",
        "planned_on",
        "actual",
        "actual_as_of",
        "followup",
        "followup_as_of",
    ),
    COUNTS: ("school_number", "school", "leaving_year", "qualification", "gender", "actual", "count"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    LEAVERS: ("source_id", "leaving_year", "qualification"),
    COUNTS: ("leaving_year", "actual", "count"),
}
# Fields whose values map onto codes; the three destination fields share one value list.
VALUE_GROUP = {
    "qualification": "qualification",
    "gender": "gender",
    "region": "region",
    "planned": "destination",
    "actual": "destination",
    "followup": "destination",
}
GROUP_LABELS = {
    "qualification": "Abschluss",
    "gender": "Geschlecht",
    "region": "Wohnort/Region",
    "destination": "Anschluss/Verbleib",
}

# Column titles that hold personal data a pseudonymised monitoring must not receive.
PERSONAL_TITLES = {
    "name",
    "namen",
    "vorname",
    "vornamen",
    "nachname",
    "familienname",
    "rufname",
    "geburtsname",
    "geb",
    "gebam",
    "gebdat",
    "gebdatum",
    "geboren",
    "geboren am",
    "adresse",
    "anschrift",
    "strasse",
    "strasseundhausnummer",
    "hausnummer",
    "telefon",
    "email",
    "emailadresse",
}
PERSONAL_PARTS = ("vorname", "nachname", "familienname", "geburt", "strasse", "adresse", "anschrift")

QUALIFICATION_ALIASES = {
    "ohne": "none",
    "oA": "none",
    "kein Abschluss": "none",
    "ohne HSA": "none",
    "HSA": "first",
    "HS": "first",
    "Hauptschulabschluss": "first",
    "ESA": "first",
    "BBR": "first",
    "eBBR": "first",
    "Berufsbildungsreife": "first",
    "Erster Schulabschluss": "first",
    "MSA": "intermediate",
    "RSA": "intermediate",
    "RS": "intermediate",
    "Realschulabschluss": "intermediate",
    "Mittlere Reife": "intermediate",
    "FOR": "intermediate",
    "FHR": "advanced_technical",
    "Fachabitur": "advanced_technical",
    "Abi": "abitur",
    "AHR": "abitur",
    "allgemeine Hochschulreife": "abitur",
    "Hochschulreife": "abitur",
}
GENDER_ALIASES = {
    "w": "f",
    "weiblich": "f",
    "female": "f",
    "m": "m",
    "männlich": "m",
    "male": "m",
    "d": "d",
    "divers": "d",
    "x": "x",
    "o": "x",
    "ohne Angabe": "x",
    "unbekannt": "x",
    "keine Angabe": "x",
}
DESTINATION_ALIASES = {
    "Ausbildung": "dual",
    "duale Ausbildung": "dual",
    "betriebliche Ausbildung": "dual",
    "Ausbildung dual": "dual",
    "schulische Ausbildung": "school_vet",
    "vollqualifizierende Berufsfachschule": "school_vet",
    "Übergang": "transition",
    "Übergangssystem": "transition",
    "BvB": "transition",
    "BVJ": "transition",
    "BEJ": "transition",
    "EQ": "transition",
    "AV": "transition",
    "AV dual": "transition",
    "VABO": "transition",
    "Berufseinstiegsklasse": "transition",
    "Oberstufe": "upper_secondary",
    "gymnasiale Oberstufe": "upper_secondary",
    "weiterführende Schule": "upper_secondary",
    "Schule": "upper_secondary",
    "Studium": "higher_ed",
    "Hochschule": "higher_ed",
    "FSJ": "service",
    "FÖJ": "service",
    "BFD": "service",
    "Bundesfreiwilligendienst": "service",
    "Freiwilligendienst": "service",
    "Wehrdienst": "service",
    "Bundeswehr": "service",
    "Arbeit": "work",
    "Job": "work",
    "Erwerbstätigkeit": "work",
    "arbeitslos": "neet",
    "NEET": "neet",
    "sonstiges": "other",
    "anderweitig": "other",
    "unbekannt": "unknown",
    "?": "unknown",
}
YES = {"ja", "j", "x", "1", "wahr", "true", "yes", "y"}
NO = {"nein", "n", "0", "falsch", "false", "no", "-"}
GERMAN = {"deutsch", "de", "d", "deu", "deutschland", "german", "germany"}


class UnreadableFile(Exception):
    """The file as a whole cannot be imported; the message says why, in German."""


class _Refused(Exception):
    """Leave the import transaction without keeping anything."""


def normalise(text: Any) -> str:
    """Titles and values compare loosely: case, umlauts, ß, spaces and punctuation do not matter."""
    text = str(text).casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return "".join(char for char in text if char.isalnum())


def value_key(text: Any) -> str:
    """Values keep their punctuation ("?", "-"), but not case or repeated spaces."""
    return " ".join(str(text).casefold().split())


TITLE_TO_FIELD = {normalise(title): key for key, titles in ALIASES.items() for title in titles}


# The report ----------------------------------------------------------------------------------------


@dataclass
class Report:
    """What an import found: problems (the first 200) with row, column, value and reason, and counts."""

    problems: list[dict] = field(default_factory=list)
    file_problem: str = ""
    total_rows: int = 0
    invalid_rows: int = 0
    problem_count: int = 0
    columns: list[dict] = field(default_factory=list)  # [{"title": …, "field": …}] in file order
    missing: list[str] = field(default_factory=list)  # required fields without a column
    unmapped: dict[str, list[str]] = field(default_factory=dict)  # value group → file values
    started_at: str = ""

    def add(self, row: int, column: str, value: Any, reason: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_REPORTED_PROBLEMS:
            self.problems.append(
                {"row": row, "column": column, "value": str(value).strip(), "reason": reason}
            )

    @property
    def valid_rows(self) -> int:
        return self.total_rows - self.invalid_rows

    @property
    def needs_mapping(self) -> bool:
        return bool(self.missing or any(self.unmapped.values()))

    def as_json(self) -> dict:
        return {
            "problems": self.problems,
            "file_problem": self.file_problem,
            "total_rows": self.total_rows,
            "invalid_rows": self.invalid_rows,
            "problem_count": self.problem_count,
            "columns": self.columns,
            "missing": self.missing,
            "unmapped": self.unmapped,
            "started_at": self.started_at,
        }

    @classmethod
    def of(cls, batch: ImportBatch) -> Report:
        data = batch.report if isinstance(batch.report, dict) else {}
        return cls(**{key: value for key, value in data.items() if key in cls.__dataclass_fields__})


# Reading ---------------------------------------------------------------------------------------------


@dataclass
class Sheet:
    """A table in a file: where its header is and how to read the rows under it."""

    path: Path
    format: str  # "csv", "xlsx" or "spool" (our own CSV with the row number first)
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
                if self.format == "spool":
                    for cells in reader:
                        yield int(cells[0]), cells[1:]
                    return
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
        workbook = _open_workbook(self.path)
        try:
            rows = workbook.worksheets[0].iter_rows(values_only=True)
            for number, values in enumerate(rows, start=1):
                if number > self.header_number and any(value is not None for value in values):
                    yield number, [_cell_text(value) for value in values]
        finally:
            workbook.close()


def _open_workbook(path: Path):
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise UnreadableFile(_("Die Datei ist keine lesbare Excel-Datei (XLSX).")) from error


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def open_sheet(path: str | Path, kind: str = LEAVERS, known_titles: set[str] | None = None) -> Sheet:
    """Find format, encoding, delimiter and header of a file; refuse files with personal columns."""
    path = Path(path)
    with open(path, "rb") as file:
        chunk = file.read(FIRST_CHUNK_BYTES)
    if not chunk.strip():
        raise UnreadableFile(_("Die Datei ist leer."))
    known = {normalise(title) for title in known_titles or ()} | set(TITLE_TO_FIELD)
    if chunk.startswith(b"PK\x03\x04"):
        workbook = _open_workbook(path)
        try:
            first_rows = []
            for values in workbook.worksheets[0].iter_rows(values_only=True, max_row=HEADER_SEARCH_ROWS):
                first_rows.append([_cell_text(value) for value in values])
        finally:
            workbook.close()
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


def personal_column(titles: list[str]) -> str | None:
    """The first column title that looks like a name, a birth date or an address."""
    for title in titles:
        key = normalise(title)
        if key in PERSONAL_TITLES or any(part in key for part in PERSONAL_PARTS):
            return title
    return None


def refuse_personal_columns(titles: list[str]) -> None:
    title = personal_column(titles)
    if title is not None:
        raise UnreadableFile(
            _(
                "Die Spalte „%(title)s“ sieht nach personenbezogenen Daten aus (Namen, Geburtsdaten oder "
                "Anschriften). Solche Daten gehören nicht ins Monitoring: Entfernen Sie die Spalte und laden "
                "Sie die Datei erneut hoch. Es wurde nichts gespeichert."
            )
            % {"title": title}
        )


# Columns and values ----------------------------------------------------------------------------------


def column_fields(titles: list[str], kind: str, mapping: ImportMapping | None) -> dict[int, str]:
    """Column position → field: the saved mapping of the source first, then the known titles."""
    saved = {normalise(title): target for title, target in (mapping.columns if mapping else {}).items()}
    allowed = set(FIELDS_OF_KIND[kind])
    positions: dict[int, str] = {}
    for position, title in enumerate(titles):
        key = normalise(title)
        target = saved[key] if key in saved else TITLE_TO_FIELD.get(key)
        if target in allowed and target not in positions.values():
            positions[position] = target
    return positions


def _table(pairs: dict[str, str], *more: dict[str, str]) -> dict[str, str]:
    table: dict[str, str] = {}
    for source in (pairs, *more):
        for text, code in source.items():
            table[value_key(text)] = code
            table.setdefault(normalise(text), code)
    return table


def _choice_table(choices, aliases: dict[str, str]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for code, label in choices:
        pairs[code] = code
        pairs[str(label)] = code
        for part in str(label).split("/"):
            pairs.setdefault(part.strip(), code)
    return _table(pairs, aliases)


def value_tables(tenant: Tenant, mapping: ImportMapping | None) -> dict[str, dict[str, str]]:
    """Value group → {file value (loosely compared) → our code}: known labels, then the saved mapping."""
    codes = codes_for(tenant)
    destinations: dict[str, str] = {}
    for code, destination in sorted(codes.items(), key=lambda item: item[1].tenant_id is not None):
        destinations[code] = code
        destinations[destination.label] = code
    regions = {region.name: region.name for region in Region.objects.for_tenant(tenant)}
    saved = mapping.values if mapping else {}
    return {
        "qualification": _choice_table(
            Qualification.choices, {**QUALIFICATION_ALIASES, **saved.get("qualification", {})}
        ),
        "gender": _choice_table(Gender.choices, {**GENDER_ALIASES, **saved.get("gender", {})}),
        "destination": _table(DESTINATION_ALIASES, destinations, saved.get("destination", {})),
        "region": _table(regions, saved.get("region", {})),
    }


def _lookup(table: dict[str, str], raw: str) -> str | None:
    code = table.get(value_key(raw))
    if code is None:
        code = table.get(normalise(raw)) if normalise(raw) else None
    return code


class _Invalid:
    __slots__ = ("reason",)

    def __init__(self, reason: str):
        self.reason = reason


_MISSING = object()


class _Converters:
    """One function per field from a raw cell to a value or `_Invalid`; results are cached per text."""

    def __init__(self, tenant: Tenant, kind: str, mapping: ImportMapping | None):
        self.kind = kind
        self.tables = value_tables(tenant, mapping)
        self.codes = codes_for(tenant)
        self.regions = {region.name: region.pk for region in Region.objects.for_tenant(tenant)}
        self.unmapped: dict[str, set[str]] = {group: set() for group in GROUP_LABELS}
        schools = Organisation.objects.for_tenant(tenant).filter(kind=Organisation.Kind.SCHOOL)
        self.schools_by_number: dict[str, tuple[int, str]] = {}
        self.schools_by_name: dict[str, tuple[int, str]] = {}
        for pk, name, identifier, school_type in schools.values_list(
            "pk", "name", "identifier", "school_type"
        ):
            self.schools_by_name[normalise(name)] = (pk, school_type)
            if identifier:
                self.schools_by_number[normalise(identifier)] = (pk, school_type)

    def function(self, name: str) -> Callable[[str], Any]:
        return getattr(self, name)

    def school_number(self, raw: str):
        if not raw.strip():
            return None
        return self.schools_by_number.get(normalise(raw)) or _Invalid(
            _("Keine Schule der Kommune hat diese Schulnummer (Kennung im Akteursverzeichnis).")
        )

    def school(self, raw: str):
        if not raw.strip():
            return None
        return self.schools_by_name.get(normalise(raw)) or _Invalid(
            _("Keine Schule dieses Namens im Akteursverzeichnis der Kommune.")
        )

    def leaving_year(self, raw: str):
        text = raw.strip()
        if not text:
            return _Invalid(_("Das Abgangsjahr fehlt."))
        if text.isdigit() and MIN_YEAR <= int(text) <= MAX_YEAR:
            return int(text)
        return _Invalid(_("Kein gültiges Abgangsjahr: eine vierstellige Jahreszahl wie 2025."))

    def _code(self, group: str, raw: str, empty, missing_reason: str | None = None):
        text = raw.strip()
        if not text:
            return _Invalid(missing_reason) if missing_reason else empty
        code = _lookup(self.tables[group], text)
        if code is None:
            if len(self.unmapped[group]) < MAX_UNMAPPED_VALUES:
                self.unmapped[group].add(text)
            return _Invalid(
                _("Der Wert ist keinem Code für „%(field)s“ zugeordnet. Bitte ordnen Sie ihn zu.")
                % {"field": GROUP_LABELS[group]}
            )
        return code

    def qualification(self, raw: str):
        return self._code("qualification", raw, None, _("Der Abschluss fehlt."))

    def gender(self, raw: str):
        return self._code("gender", raw, Gender.UNKNOWN.value)

    def region(self, raw: str):
        name = self._code("region", raw, None)
        if name is None or isinstance(name, _Invalid):
            return name
        return self.regions.get(name) or _Invalid(_("Diese Region gibt es in der Kommune nicht mehr."))

    def _destination(self, raw: str, missing_reason: str | None = None):
        code = self._code("destination", raw, None, missing_reason)
        if code is None or isinstance(code, _Invalid):
            return code
        destination = self.codes.get(code)
        if destination is None:
            return _Invalid(_("Diesen Verbleibscode gibt es nicht (mehr)."))
        if self.kind == COUNTS:
            return destination.top_level_code
        return destination.pk

    def planned(self, raw: str):
        return self._destination(raw)

    def actual(self, raw: str):
        if self.kind == COUNTS:
            return self._destination(raw, _("Der Anschluss fehlt."))
        return self._destination(raw)

    def followup(self, raw: str):
        return self._destination(raw)

    def _date(self, raw: str):
        text = raw.strip()
        if not text:
            return None
        try:
            if "." in text:
                day, month, year = text.split(".")[:3]
                year = int(year.split()[0]) if year.strip() else 0
                if year < 100:
                    year += 2000
                return date(year, int(month), int(day))
            return date.fromisoformat(text[:10])
        except ValueError:
            return _Invalid(_("Kein gültiges Datum: bitte TT.MM.JJJJ, z. B. 31.07.2025."))

    planned_on = actual_as_of = followup_as_of = _date

    def age(self, raw: str):
        text = raw.strip()
        if not text:
            return None
        if text.isdigit() and 10 <= int(text) <= 40:
            return int(text)
        return _Invalid(_("Kein gültiges Alter: eine ganze Zahl zwischen 10 und 40."))

    def special_needs(self, raw: str):
        key = value_key(raw)
        if not key:
            return None
        if key in YES:
            return True
        if key in NO:
            return False
        return _Invalid(_("Bitte „ja“ oder „nein“."))

    def citizenship(self, raw: str):
        key = normalise(raw)
        if not key:
            return None
        return key not in GERMAN

    def count(self, raw: str):
        text = raw.strip()
        if text.isdigit():
            return int(text)
        return _Invalid(_("Keine gültige Anzahl: eine ganze Zahl ab 0."))


@dataclass
class _Plan:
    """Which column feeds which field, with its converter and cache, for one file and tenant."""

    sheet: Sheet
    kind: str
    fields: dict[int, str]
    converters: _Converters
    report: Report

    def specs(self, names: tuple[str, ...]) -> list[tuple[int, int, str, dict, Callable]]:
        """(slot in `names`, column position, column title, cache, converter) for the present fields."""
        by_field = {name: position for position, name in self.fields.items()}
        return [
            (slot, by_field[name], self.sheet.titles[by_field[name]], {}, self.converters.function(name))
            for slot, name in enumerate(names)
            if name in by_field
        ]

    def title(self, name: str) -> str:
        for position, target in self.fields.items():
            if target == name:
                return self.sheet.titles[position]
        return FIELD_LABELS[name]

    def position(self, name: str) -> int | None:
        return next((position for position, target in self.fields.items() if target == name), None)


def _plan(tenant: Tenant, path: Path, kind: str, mapping: ImportMapping | None, report: Report) -> _Plan:
    sheet = open_sheet(path, kind, set(mapping.columns) if mapping else None)
    fields = column_fields(sheet.titles, kind, mapping)
    report.columns = [{"title": title, "field": fields.get(i, "")} for i, title in enumerate(sheet.titles)]
    present = set(fields.values())
    report.missing = [name for name in REQUIRED[kind] if name not in present]
    if not present & {"school", "school_number"}:
        report.missing.append("school")
    return _Plan(sheet, kind, fields, _Converters(tenant, kind, mapping), report)


def _convert(cells: list, width: int, specs, values: list, number: int, report: Report) -> bool:
    """Fill `values` from the cells of one row; report problems; True if the row is valid."""
    if len(cells) < width:
        cells = cells + [""] * (width - len(cells))
    valid = True
    for slot, position, title, cache, convert in specs:
        raw = cells[position]
        value = cache.get(raw, _MISSING)
        if value is _MISSING:
            value = convert(raw)
            if len(cache) < MAX_CACHE_ENTRIES:
                cache[raw] = value
        if value.__class__ is _Invalid:
            report.add(number, title, raw, value.reason)
            valid = False
            value = None
        values[slot] = value
    return valid


# Writing ---------------------------------------------------------------------------------------------

LEAVER_COLUMNS = (
    "tenant",
    "pseudonym",
    "school",
    "school_type",
    "leaving_year",
    "qualification",
    "gender",
    "age_at_leaving",
    "region",
    "special_needs",
    "non_german",
    "planned_destination",
    "planned_on",
    "actual_destination",
    "actual_as_of",
    "followup_destination",
    "followup_as_of",
    "batch",
)


@contextmanager
def _leaver_writer() -> Iterator[Callable[[tuple], None]]:
    """A function that writes one row tuple (LEAVER_COLUMNS order): COPY on PostgreSQL, else executemany."""
    table = connection.ops.quote_name(Leaver._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(Leaver._meta.get_field(name).column) for name in LEAVER_COLUMNS
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Django's wrapper turns psycopg's errors (a unique violation at the end of COPY) into its own.
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                yield copy.write_row
            return
        placeholders = ", ".join(["%s"] * len(LEAVER_COLUMNS))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        chunk: list[tuple] = []

        def write(row: tuple) -> None:
            chunk.append(row)
            if len(chunk) >= SQLITE_CHUNK:
                cursor.executemany(sql, chunk)
                chunk.clear()

        yield write
        if chunk:
            cursor.executemany(sql, chunk)


def _spool_and_scan(plan: _Plan, keys: tuple[str, ...]) -> tuple[Sheet, int, set[tuple]]:
    """First pass: count rows and collect the distinct raw values of `keys`; spool XLSX to CSV."""
    positions = [plan.position(name) for name in keys]
    width = len(plan.sheet.titles)
    seen: set[tuple] = set()
    total = 0
    spool = None
    writer = None
    sheet = plan.sheet
    if sheet.format == "xlsx":
        spool_path = sheet.path.with_name(f"{sheet.path.name}.{secrets.token_hex(4)}.spool.csv")
        spool = open(spool_path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        writer = csv.writer(spool)
    try:
        for number, cells in sheet.rows():
            total += 1
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            seen.add(tuple(cells[p] if p is not None else "" for p in positions))
            if writer is not None:
                writer.writerow([number, *cells])
    except BaseException:
        if spool is not None:
            spool.close()
            Path(spool.name).unlink(missing_ok=True)
        raise
    if spool is not None:
        spool.close()
        sheet = Sheet(Path(spool.name), "spool", sheet.titles, sheet.header_number)
    return sheet, total, seen


def _cohorts(plan: _Plan, raw_keys: set[tuple]) -> set[tuple[int, int]]:
    """(leaving year, school id) of every cohort the file holds, from raw (year, number, name) cells."""
    convert = plan.converters
    cohorts = set()
    for year_text, number_text, name_text in raw_keys:
        year = convert.leaving_year(year_text)
        school = convert.school_number(number_text) or convert.school(name_text)
        if isinstance(year, int) and isinstance(school, tuple):
            cohorts.add((year, school[0]))
    return cohorts


# Every leaver field but the source id, which only ever becomes the pseudonym.
LEAVER_SLOTS = tuple(field for field in FIELDS_OF_KIND[LEAVERS] if field != "source_id")


def _leaver_pass(
    tenant: Tenant,
    plan: _Plan,
    sheet: Sheet,
    batch: ImportBatch,
    *,
    write: Callable[[tuple], None] | None,
    only_valid: bool,
    on_progress: Callable[[int], None] | None,
    key: bytes,
) -> tuple[int, set[int]]:
    """Validate every row and write the valid ones; returns (rows written, leaving years).

    No database query may run in here: on PostgreSQL the connection is busy with the COPY.
    """
    report = plan.report
    specs = plan.specs(LEAVER_SLOTS)
    defaults = [None] * len(LEAVER_SLOTS)
    defaults[LEAVER_SLOTS.index("gender")] = Gender.UNKNOWN.value
    id_position = plan.position("source_id")
    id_title = plan.title("source_id")
    school_title = (
        plan.title("school_number") if plan.position("school_number") is not None else plan.title("school")
    )
    width = len(sheet.titles)
    digest = hmac.digest
    tenant_id, batch_id = tenant.pk, batch.pk
    seen: set[int] = set()
    years: set[int] = set()
    written = 0
    processed = 0
    for number, cells in sheet.rows():
        processed += 1
        if on_progress is not None and processed % PROGRESS_EVERY == 0:
            on_progress(processed)
        values = defaults.copy()
        valid = _convert(cells, width, specs, values, number, report)
        (
            by_number,
            by_name,
            year,
            qualification,
            gender,
            age,
            region,
            special_needs,
            non_german,
            planned,
            planned_on,
            actual,
            actual_as_of,
            followup,
            followup_as_of,
        ) = values
        school = by_number or by_name
        if school is None and valid:
            report.add(number, school_title, "", _("Die Schule fehlt (Schulnummer oder Name der Schule)."))
            valid = False
        source_id = cells[id_position] if id_position < len(cells) else ""
        normalized = " ".join(source_id.split()).casefold()
        if not normalized:
            report.add(number, id_title, "", _("Die Schüler-ID fehlt."))
            valid = False
            pseudonym = ""
        else:
            # Equal to pseudonyms.pseudonym(key, source_id), in one C call.
            pseudonym = digest(key, normalized.encode(), "sha256").hex()
            if year is not None:
                # A hash of (year, pseudonym) keeps this set small; a clash (p ≈ n²/2⁶⁴) is negligible.
                seen_key = hash((year, pseudonym))
                if seen_key in seen:
                    report.add(
                        number,
                        id_title,
                        source_id,
                        _("Diese Schüler-ID kommt im Abgangsjahr %(year)d mehrfach vor.") % {"year": year},
                    )
                    valid = False
                else:
                    seen.add(seen_key)
        if not valid:
            report.invalid_rows += 1
            continue
        if write is None or (report.invalid_rows and not only_valid):
            continue
        years.add(year)
        write(
            (
                tenant_id,
                pseudonym,
                school[0],
                school[1],
                year,
                qualification,
                gender,
                age,
                region,
                special_needs,
                non_german,
                planned,
                planned_on,
                actual,
                actual_as_of,
                followup,
                followup_as_of,
                batch_id,
            )
        )
        written += 1
    report.total_rows = processed
    return written, years


COUNT_SLOTS = ("school_number", "school", "leaving_year", "qualification", "gender", "actual", "count")


def _count_pass(tenant: Tenant, plan: _Plan, sheet: Sheet) -> dict[tuple, int]:
    """Validate every row of an aggregate table; returns cell → count (repeated cells add up)."""
    report = plan.report
    specs = plan.specs(COUNT_SLOTS)
    school_title = (
        plan.title("school_number") if plan.position("school_number") is not None else plan.title("school")
    )
    width = len(sheet.titles)
    cells_by_key: dict[tuple, int] = {}
    processed = 0
    for number, cells in sheet.rows():
        processed += 1
        values = [None] * len(COUNT_SLOTS)
        valid = _convert(cells, width, specs, values, number, report)
        by_number, by_name, year, qualification, gender, destination, count = values
        school = by_number or by_name
        if school is None and valid:
            report.add(number, school_title, "", _("Die Schule fehlt (Schulnummer oder Name der Schule)."))
            valid = False
        if not valid:
            report.invalid_rows += 1
            continue
        cell = (year, school[0], school[1], qualification or "", gender or "", destination)
        cells_by_key[cell] = cells_by_key.get(cell, 0) + count
    report.total_rows = processed
    return cells_by_key


# The entry point ---------------------------------------------------------------------------------------


def import_file(
    *,
    tenant: Tenant,
    path: str | Path,
    source: str,
    user=None,
    kind: str = LEAVERS,
    mapping: ImportMapping | None = None,
    batch: ImportBatch | None = None,
    on_progress: Callable[[int], None] | None = None,
    only_valid: bool = False,
    dry_run: bool = False,
) -> ImportBatch:
    """Check a file and, unless `dry_run`, import it; the batch tells the outcome and carries the report.

    Without `only_valid` nothing is written if any row is invalid (status FAILED). `on_progress` is
    called every 10,000 rows from inside the import; on PostgreSQL it must not use the default database
    connection then (it is busy with the COPY). A dry run writes
    no records: the batch ends PENDING (ready to import), MAPPING (columns or values to assign first)
    or FAILED (the file cannot be read at all).
    """
    path = Path(path)
    if batch is None:
        batch = ImportBatch.objects.create(
            tenant=tenant,
            created_by=user,
            kind=kind,
            source=source,
            file_name=path.name,
            status=ImportBatch.Status.PENDING if dry_run else ImportBatch.Status.RUNNING,
        )
    kind = batch.kind
    if mapping is None:
        mapping = ImportMapping.objects.for_tenant(tenant).filter(source=batch.source, kind=kind).first()
    report = Report(started_at=Report.of(batch).started_at)
    plan: _Plan | None = None
    spool: Path | None = None
    try:
        plan = _plan(tenant, path, kind, mapping, report)
        if report.missing:
            raise _Refused
        if kind == COUNTS:
            _run_counts(tenant, plan, batch, user=user, dry_run=dry_run, only_valid=only_valid)
        else:
            keys = ("leaving_year", "school_number", "school")
            sheet, total, raw_keys = _spool_and_scan(plan, keys)
            if plan.sheet.format == "xlsx":
                spool = sheet.path
            if total == 0:
                raise UnreadableFile(_("Die Datei enthält unter der Kopfzeile keine Datenzeilen."))
            batch.total_rows = total
            batch.save(update_fields=["total_rows"])
            if on_progress is not None:
                on_progress(0)
            _run_leavers(
                tenant,
                plan,
                sheet,
                batch,
                _cohorts(plan, raw_keys),
                user=user,
                dry_run=dry_run,
                only_valid=only_valid,
                on_progress=on_progress,
            )
    except UnreadableFile as error:
        report.file_problem = str(error)
    except IntegrityError:
        report.file_problem = _(
            "Einige Schüler-IDs sind im selben Abgangsjahr schon bei einer anderen Schule gespeichert. "
            "Bitte importieren Sie alle Schulen des Jahrgangs gemeinsam oder korrigieren Sie die IDs."
        )
    except _Refused:
        pass
    finally:
        if spool is not None:
            spool.unlink(missing_ok=True)
    if plan is not None:
        report.unmapped = {
            group: sorted(values) for group, values in plan.converters.unmapped.items() if values
        }
    _finish(batch, report, dry_run=dry_run)
    if on_progress is not None and batch.status == ImportBatch.Status.DONE:
        on_progress(batch.total_rows or 0)
    return batch


def _finish(batch: ImportBatch, report: Report, *, dry_run: bool) -> None:
    Status = ImportBatch.Status
    if batch.status == Status.DONE:
        pass
    elif report.file_problem:
        batch.status = Status.FAILED
    elif dry_run:
        batch.status = Status.MAPPING if report.needs_mapping else Status.PENDING
    else:
        batch.status = Status.FAILED
    batch.report = report.as_json()
    if report.total_rows:
        batch.total_rows = report.total_rows
    if batch.status in (Status.DONE, Status.FAILED):
        batch.finished_at = timezone.now()
    if batch.status == Status.DONE:
        batch.processed_rows = batch.total_rows or 0
    batch.save()


def _run_leavers(tenant, plan, sheet, batch, cohorts, *, user, dry_run, only_valid, on_progress) -> None:
    report = plan.report
    key = tenant_key(tenant)
    if dry_run:
        _leaver_pass(
            tenant, plan, sheet, batch, write=None, only_valid=only_valid, on_progress=on_progress, key=key
        )
        return
    with transaction.atomic():
        replaced = _delete_cohorts(
            Leaver.objects.for_tenant(tenant), cohorts, year_field="leaving_year", school_field="school_id"
        )
        with _leaver_writer() as write:
            written, years = _leaver_pass(
                tenant,
                plan,
                sheet,
                batch,
                write=write,
                only_valid=only_valid,
                on_progress=on_progress,
                key=key,
            )
        if (report.invalid_rows and not only_valid) or not written:
            raise _Refused
        summaries.refresh_cohort_counts(tenant, years | {year for year, _school in cohorts})
        _done(batch, report, user=user, imported=written, replaced=replaced, years=years)


def _run_counts(tenant, plan, batch, *, user, dry_run, only_valid) -> None:
    report = plan.report
    cells = _count_pass(tenant, plan, plan.sheet)
    if report.total_rows == 0:
        raise UnreadableFile(_("Die Datei enthält unter der Kopfzeile keine Datenzeilen."))
    if dry_run:
        return
    if (report.invalid_rows and not only_valid) or not cells:
        raise _Refused
    cohorts = {(year, school_id) for year, school_id, *_rest in cells}
    with transaction.atomic():
        replaced = _delete_cohorts(
            CohortCount.objects.for_tenant(tenant).filter(origin=CohortCount.Origin.TABLE),
            cohorts,
            year_field="leaving_year",
            school_field="school_id",
        )
        CohortCount.objects.bulk_create(
            (
                CohortCount(
                    tenant=tenant,
                    origin=CohortCount.Origin.TABLE,
                    leaving_year=year,
                    school_id=school_id,
                    school_type=school_type,
                    qualification=qualification,
                    gender=gender,
                    destination=destination,
                    count=count,
                )
                for (year, school_id, school_type, qualification, gender, destination), count in cells.items()
            ),
            batch_size=SQLITE_CHUNK,
        )
        years = {year for year, _school in cohorts}
        _done(batch, report, user=user, imported=report.valid_rows, replaced=replaced, years=years)


def _delete_cohorts(queryset, cohorts: set[tuple[int, int]], *, year_field: str, school_field: str) -> int:
    schools_by_year: dict[int, list[int]] = {}
    for year, school_id in cohorts:
        schools_by_year.setdefault(year, []).append(school_id)
    deleted = 0
    for year, school_ids in sorted(schools_by_year.items()):
        _total, per_model = queryset.filter(**{year_field: year, f"{school_field}__in": school_ids}).delete()
        deleted += per_model.get(queryset.model._meta.label, 0)
    return deleted


def _done(batch: ImportBatch, report: Report, *, user, imported: int, replaced: int, years: set[int]) -> None:
    batch.status = ImportBatch.Status.DONE
    batch.imported_rows = imported
    batch.replaced_rows = replaced
    record(
        AuditEvent.Action.IMPORTED,
        actor=user,
        tenant=batch.tenant,
        obj=batch,
        data={
            "kind": batch.kind,
            "source": batch.source,
            "rows": report.total_rows,
            "imported": imported,
            "replaced": replaced,
            "skipped": report.invalid_rows,
            "years": sorted(years),
        },
    )
    _finish(batch, report, dry_run=False)
