"""Importing school leavers (microdata) and aggregate counts from CSV or XLSX files.

`import_file()` is the one entry point (upload page, background task, `manage.py import_leavers`,
benchmarks, demo data). It reads the file as a stream — memory does not grow with the file (XLSX through
`xlsx.rows`, a streaming reader of the sheet XML):

1. the header: the row among the first ten whose cells match the most known column titles (title
   rows above it are skipped); delimiter (semicolon, comma, tab) and encoding (UTF-8 with or without
   BOM, else Windows-1252) are detected from the first chunk; columns that look like names, birth
   dates or addresses refuse the whole file before anything else;
2. a check (dry run, in the background for uploads) reads every row once: the report, the row count
   and the cohorts (leaving year × school) the file replaces;
3. the import, one transaction and one pass: validate and write every row — on PostgreSQL straight
   into a binary `COPY … FROM STDIN`, elsewhere with `executemany` in big chunks. Re-imported cohorts
   are replaced: on PostgreSQL the cohorts of the check are deleted before the COPY and any others the
   pass met after it (sparing the new rows); elsewhere each cohort is deleted when its first row comes.
   Any invalid row rolls the whole transaction back (all or nothing) unless only the valid rows were
   asked for — and even then a stored cohort none of whose new rows is valid refuses the import instead
   of being emptied. A pupil id stored for the same year at a school the file does not bring is an
   invalid row (`_others`). The pass also counts the rows per count cell, so the cohorts' CohortCount
   rows (and YearSummary) are swapped without grouping the records again; an audit event is written.

Values are converted through small per-column caches (a file has few distinct years, schools, dates
and codes), so the hot loop is a dictionary look-up per cell. The pupil id of the source is turned
into a keyed pseudonym at once and never stored.
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record
from uebergang.network.models import Organisation
from uebergang.tenants.models import Region, Tenant

from . import summaries, xlsx
from .bulk import row_writer
from .codes import codes_for
from .models import CohortCount, Gender, ImportBatch, ImportMapping, Leaver, MonitoringSettings, Qualification
from .pseudonyms import hmac_states, tenant_key

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
    cohorts: list[list[int]] = field(default_factory=list)  # [leaving year, school id] the file replaces

    def restart(self) -> None:
        """Forget the rows' problems and counts before another pass over the same file."""
        self.problems.clear()
        self.total_rows = self.invalid_rows = self.problem_count = 0

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
            "cohorts": self.cohorts,
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
# Excel day numbers 18264–73050 are the years 1950–2099.
_EXCEL_DAY = re.compile(r"(1[89]\d{3}|[2-6]\d{4}|7[0-2]\d{3}|730[0-4]\d|73050)(\.0+)?")
EXCEL_EPOCH = date(1899, 12, 30)


class _Converters:
    """One function per field from a raw cell to a value or `_Invalid`; results are cached per text."""

    def __init__(self, tenant: Tenant, kind: str, mapping: ImportMapping | None):
        self.kind = kind
        self.iso_dates = connection.vendor != "postgresql"
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
        """A date from German, ISO or an Excel day number, as the bulk writer takes it fastest: a `date`
        for PostgreSQL's binary COPY, its ISO text for SQLite (no adapter call per value)."""
        value = self._parse_date(raw)
        return value.isoformat() if self.iso_dates and value.__class__ is date else value

    def _parse_date(self, raw: str):
        text = raw.strip()
        if not text:
            return None
        try:
            if "." in text and not _EXCEL_DAY.fullmatch(text):
                day, month, year = text.split(".")[:3]
                year = int(year.split()[0]) if year.strip() else 0
                if year < 100:
                    year += 2000
                return date(year, int(month), int(day))
            if _EXCEL_DAY.fullmatch(text):
                # A date cell without a date format arrives as the spreadsheet's day number.
                return EXCEL_EPOCH + timedelta(days=int(float(text)))
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

    def readers(self, names: tuple[str, ...], absent: dict[str, Any] | None = None) -> _Readers:
        """How to read `names` from a row padded by `_padded` (see _Readers).

        A field without a column reads the empty cell after the row, whose cached value is the
        field's entry in `absent` (None if not given).
        """
        by_field = {name: position for position, name in self.fields.items()}
        width = len(self.sheet.titles)
        positions, titles, caches, converters = [], [], [], []
        for name in names:
            position = by_field.get(name, width)
            positions.append(position)
            titles.append(self.sheet.titles[position] if position < width else FIELD_LABELS[name])
            caches.append({} if position < width else {"": (absent or {}).get(name)})
            converters.append(self.converters.function(name))
        return _Readers(width, positions, titles, caches, converters)

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


@dataclass
class _Readers:
    """The cells of one row to values, for a fixed list of fields (slots).

    Each slot has a column position (a field without a column reads the empty cell `_padded` adds
    after the row) and a cache of raw text → converted value. A file has few distinct texts per code
    column, so `values()` is one C-level `map(dict.get, …)` per row; only texts not yet seen go
    through the converter (`_fill`). Invalid texts are never cached: each of their rows reports.
    """

    width: int
    positions: list[int]
    titles: list[str]
    caches: list[dict]
    converters: list[Callable[[str], Any]]

    def __post_init__(self) -> None:
        self.pick = (
            itemgetter(*self.positions)
            if len(self.positions) > 1
            else lambda cells: (cells[self.positions[0]],)
        )
        self.misses = (_MISSING,) * len(self.positions)

    def values(self, cells: list) -> tuple[tuple, list]:
        raws = self.pick(cells)
        return raws, list(map(dict.get, self.caches, raws, self.misses))

    def fill(self, raws: tuple, values: list, number: int, report: Report) -> bool:
        """Convert the texts not cached yet; report the invalid ones (their slot becomes None)."""
        valid = True
        for slot, value in enumerate(values):
            if value is not _MISSING:
                continue
            raw = raws[slot]
            value = self.converters[slot](raw)
            if value.__class__ is _Invalid:
                report.add(number, self.titles[slot], raw, value.reason)
                valid = False
                value = None
            elif len(self.caches[slot]) < MAX_CACHE_ENTRIES:
                self.caches[slot][raw] = value
            values[slot] = value
        return valid


def _padded(cells: list, width: int) -> list:
    """The row cut or filled to the header's width, plus one empty cell (for fields without a column)."""
    if len(cells) == width:
        cells.append("")
        return cells
    return [*cells[:width], *[""] * (width - len(cells)), ""]


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


# Every leaver field but the source id, which only ever becomes the pseudonym.
LEAVER_SLOTS = tuple(field for field in FIELDS_OF_KIND[LEAVERS] if field != "source_id")


class _Retry(Exception):
    """A pass that did not know the file's cohorts found pseudonyms stored at another school: run again
    knowing them, so each such row is reported (and left out when only valid rows are imported)."""

    def __init__(self, cohorts: set[tuple[int, int]]):
        super().__init__()
        self.cohorts = cohorts


class _Pass(NamedTuple):
    written: int  # rows written
    years: set[int]  # leaving years written
    written_cohorts: set[tuple[int, int]]  # (leaving year, school id) of the rows written
    file_cohorts: set[tuple[int, int]]  # … of every row whose year and school are known, valid or not
    seen: set[int]  # hash((leaving year, pseudonym)) of every row with both


def _others(tenant: Tenant, cohorts: set[tuple[int, int]]) -> dict[int, tuple[int, str]]:
    """The tenant's stored leavers of the cohorts' years at schools whose cohort is not among `cohorts`.

    hash((leaving year, pseudonym)) → (school id, school name). A young person leaves one school per
    year: a pseudonym of the file already stored for the same year at another school (a cohort the file
    does not replace) is refused row by row. This is the uniqueness check of (tenant, year, pseudonym) —
    the table has no unique index for it, which would cost more than the rest of the write together
    (bench/README.md). Usually small: only the cohorts a file does not bring.
    """
    file_schools = summaries.cohorts_by_year(cohorts)
    if not file_schools:
        return {}
    names = dict(Organisation.objects.for_tenant(tenant).values_list("pk", "name"))
    condition = Q()
    for year, schools in file_schools.items():
        elsewhere = [school_id for school_id in names if school_id not in schools]
        if elsewhere:
            condition |= Q(leaving_year=year, school_id__in=elsewhere)
    if not condition:
        return {}
    rows = Leaver.objects.for_tenant(tenant).filter(condition).order_by()
    return {
        hash((year, pseudonym)): (school_id, names[school_id])
        for year, pseudonym, school_id in rows.values_list("leaving_year", "pseudonym", "school_id").iterator(
            chunk_size=20_000
        )
    }


def _leaver_pass(
    tenant: Tenant,
    plan: _Plan,
    batch: ImportBatch,
    *,
    write: Callable[[tuple], None] | None,
    only_valid: bool,
    on_progress: Callable[[int], None] | None,
    key: bytes,
    on_cohort: Callable[[tuple[int, int]], None] | None = None,
    tally: dict[tuple, int] | None = None,
    others: dict[int, tuple[int, str]] | None = None,
) -> _Pass:
    """Validate every row and write the valid ones.

    A cohort is (leaving year, school id) of any row whose year and school are known, valid or not.
    `on_cohort` is called once per cohort of the file before its first row is written; `tally` counts
    the written rows per count cell (school, year, codes: see summaries.replace_cohort_counts), with
    destination ids; a row whose pseudonym is among `others` (see `_others`) is invalid.

    No database query may run in here on PostgreSQL, where the connection is busy with the COPY.
    """
    report = plan.report
    readers = plan.readers(LEAVER_SLOTS, absent={"gender": Gender.UNKNOWN.value})
    width = readers.width
    fill, pick, caches, misses, dict_get = (
        readers.fill,
        readers.pick,
        readers.caches,
        readers.misses,
        dict.get,
    )
    id_position = plan.position("source_id")
    id_title = plan.title("source_id")
    school_title = (
        plan.title("school_number") if plan.position("school_number") is not None else plan.title("school")
    )
    inner_copy, outer_copy = (state.copy for state in hmac_states(key))
    tenant_id, batch_id = tenant.pk, batch.pk
    seen: set[int] = set()
    years: set[int] = set()
    written_cohorts: set[tuple[int, int]] = set()
    file_cohorts: set[tuple[int, int]] = set()
    tally_get = tally.get if tally is not None else None
    others_get = others.get if others else None
    written = 0
    processed = 0
    for number, cells in plan.sheet.rows():
        processed += 1
        if on_progress is not None and processed % PROGRESS_EVERY == 0:
            on_progress(processed)
        if len(cells) == width:
            cells.append("")  # the empty cell that fields without a column read
        else:
            cells = _padded(cells, width)
        raws = pick(cells)
        values = list(map(dict_get, caches, raws, misses))
        valid = True
        if _MISSING in values:
            valid = fill(raws, values, number, report)
        school = values[0] or values[1]
        year = values[2]
        if school is None:
            if valid:
                report.add(
                    number, school_title, "", _("Die Schule fehlt (Schulnummer oder Name der Schule).")
                )
                valid = False
        elif year is not None:
            cohort = (year, school[0])
            if cohort not in file_cohorts:
                file_cohorts.add(cohort)
                if on_cohort is not None:
                    on_cohort(cohort)
        source_id = cells[id_position]
        normalized = " ".join(source_id.split()).casefold()
        if not normalized:
            report.add(number, id_title, "", _("Die Schüler-ID fehlt."))
            valid = False
            pseudonym = ""
        else:
            # pseudonyms.pseudonym(key, source_id) from the prepared HMAC states.
            inner = inner_copy()
            inner.update(normalized.encode())
            outer = outer_copy()
            outer.update(inner.digest())
            pseudonym = outer.hexdigest()
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
                    stored = others_get(seen_key) if others_get is not None else None
                    if stored is not None and school is not None and stored[0] != school[0]:
                        report.add(
                            number,
                            id_title,
                            source_id,
                            _(
                                "Diese Schüler-ID ist im Abgangsjahr %(year)d schon bei einer anderen Schule "
                                "gespeichert (%(school)s)."
                            )
                            % {"year": year, "school": stored[1]},
                        )
                        valid = False
        if not valid:
            report.invalid_rows += 1
            continue
        if write is None or (report.invalid_rows and not only_valid):
            continue
        write((tenant_id, pseudonym, school[0], school[1], *values[2:], batch_id))
        written += 1
        if cohort not in written_cohorts:
            written_cohorts.add(cohort)
            years.add(year)
        if tally_get is not None:
            # (year, school, school type, qualification, gender, region, actual, planned, follow-up)
            cell = (year, *school, values[3], values[4], values[6], values[11], values[9], values[13])
            tally[cell] = tally_get(cell, 0) + 1
    report.total_rows = processed
    return _Pass(written, years, written_cohorts, file_cohorts, seen)


COUNT_SLOTS = ("school_number", "school", "leaving_year", "qualification", "gender", "actual", "count")


def _count_pass(tenant: Tenant, plan: _Plan, sheet: Sheet) -> dict[tuple, int]:
    """Validate every row of an aggregate table; returns cell → count (repeated cells add up)."""
    report = plan.report
    readers = plan.readers(COUNT_SLOTS)
    school_title = (
        plan.title("school_number") if plan.position("school_number") is not None else plan.title("school")
    )
    cells_by_key: dict[tuple, int] = {}
    processed = 0
    for number, cells in sheet.rows():
        processed += 1
        raws, values = readers.values(_padded(cells, readers.width))
        valid = readers.fill(raws, values, number, report) if _MISSING in values else True
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
    checked = Report.of(batch)
    report = Report(started_at=checked.started_at)
    plan: _Plan | None = None
    try:
        plan = _plan(tenant, path, kind, mapping, report)
        if report.missing:
            raise _Refused
        if kind == COUNTS:
            _run_counts(tenant, plan, batch, user=user, dry_run=dry_run, only_valid=only_valid)
        else:
            if on_progress is not None:
                if not batch.total_rows:
                    batch.total_rows = estimate_rows(path) or None
                    batch.save(update_fields=["total_rows"])
                on_progress(0)
            # A checked batch knows its cohorts (and its exact row count) from the check.
            known = {tuple(cohort) for cohort in checked.cohorts} if checked.total_rows else None
            _run_leavers(
                tenant,
                plan,
                batch,
                known,
                user=user,
                dry_run=dry_run,
                only_valid=only_valid,
                on_progress=on_progress,
            )
    except UnreadableFile as error:
        report.file_problem = str(error)
    except _Refused:
        pass
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


def _no_data_rows() -> UnreadableFile:
    return UnreadableFile(_("Die Datei enthält unter der Kopfzeile keine Datenzeilen."))


def _run_leavers(tenant, plan, batch, known, *, user, dry_run, only_valid, on_progress) -> None:
    """Check (dry run) or import the leaver rows: one pass over the file.

    Re-importing a cohort (leaving year × school) replaces it. On SQLite each cohort's stored records
    are deleted when the pass meets its first row. On PostgreSQL the COPY occupies the connection for
    the whole pass: the cohorts the batch's check found (`known`) are deleted before it, any others the
    pass meets after it (all of them for an unchecked file), sparing the rows just written.

    Knowing the cohorts also gives the pseudonyms stored at other schools for the same years (`_others`),
    which the pass refuses. A pass without them (a check, an unchecked import) looks afterwards and, only
    if one of its pseudonyms is there, runs once more knowing them.
    """
    report = plan.report
    key = tenant_key(tenant)
    passing = {"only_valid": only_valid, "on_progress": on_progress, "key": key}
    if dry_run:
        result = _leaver_pass(tenant, plan, batch, write=None, **passing)
        others = _others(tenant, result.file_cohorts)
        if not others.keys().isdisjoint(result.seen):
            report.restart()
            result = _leaver_pass(tenant, plan, batch, write=None, others=others, **passing)
        if report.total_rows == 0:
            raise _no_data_rows()
        report.cohorts = [list(cohort) for cohort in sorted(result.file_cohorts)]
        return
    try:
        _import_leavers(tenant, plan, batch, known, user=user, passing=passing)
    except _Retry as retry:
        report.restart()
        _import_leavers(tenant, plan, batch, retry.cohorts, user=user, passing=passing)


def _import_leavers(tenant, plan, batch, known, *, user, passing) -> None:
    report = plan.report
    only_valid = passing["only_valid"]
    copying = connection.vendor == "postgresql"
    with _import_pragmas(), transaction.atomic():
        _take_turns(tenant)  # the check against other schools' stored pseudonyms sees what others wrote
        leavers = Leaver.objects.for_tenant(tenant)
        stored = stored_cohorts(tenant)
        checked = known or set()  # the cohorts of the batch's check, if it had one
        replaced = 0
        on_cohort = None
        if copying:
            replaced = _delete_cohorts(leavers, stored & checked)
        else:

            def on_cohort(cohort: tuple[int, int]) -> None:
                nonlocal replaced
                if cohort in stored:
                    replaced += _delete_cohorts(leavers, {cohort})

        others = _others(tenant, known) if known is not None else None
        tally: dict[tuple, int] = {}
        with row_writer(Leaver, LEAVER_COLUMNS) as write:
            result = _leaver_pass(
                tenant, plan, batch, write=write, on_cohort=on_cohort, tally=tally, others=others, **passing
            )
        written, years, written_cohorts, file_cohorts, seen = result
        if report.total_rows == 0:
            raise _no_data_rows()
        if (report.invalid_rows and not only_valid) or not written:
            raise _Refused
        if others is None and not _others(tenant, file_cohorts).keys().isdisjoint(seen):
            raise _Retry(file_cohorts)
        if copying:
            # Stored cohorts the pass met besides those of the check, sparing the rows just written.
            late = (file_cohorts - checked) & stored
            replaced += _delete_cohorts(leavers.exclude(batch_id=batch.pk), late)
            file_cohorts |= checked  # every cohort deleted gets its counts swapped too
        emptied = sorted((file_cohorts - written_cohorts) & stored)
        if emptied:
            raise UnreadableFile(_emptied_message(emptied))
        summaries.replace_cohort_counts(tenant, file_cohorts, _count_cells(tally, plan.converters))
        all_years = years | {year for year, _school in file_cohorts}
        _done(batch, report, user=user, imported=written, replaced=replaced, years=all_years)


def _take_turns(tenant: Tenant) -> None:
    """One import per municipality writes at a time, until the surrounding transaction ends.

    A row lock on the municipality's monitoring settings on PostgreSQL; SQLite lets one transaction write
    at a time anyway.
    """
    MonitoringSettings.objects.get_or_create(tenant=tenant)  # the row to lock (usually there already)
    list(MonitoringSettings.objects.select_for_update().filter(tenant=tenant).values_list("pk"))


@contextmanager
def _import_pragmas() -> Iterator[None]:
    """SQLite: a 64 MB page cache for this connection while the import runs (index pages stay in memory).

    Durability is left as configured (WAL, synchronous=NORMAL): a crash never leaves half an import.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -65536")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


STORED_COHORTS_SQL = f"""
WITH RECURSIVE cohort (school_id, leaving_year) AS (
    SELECT s.id, (SELECT min(l.leaving_year) FROM {Leaver._meta.db_table} l WHERE l.school_id = s.id)
    FROM {Organisation._meta.db_table} s
    WHERE s.tenant_id = %s
  UNION ALL
    SELECT c.school_id, (
        SELECT min(l.leaving_year) FROM {Leaver._meta.db_table} l
        WHERE l.school_id = c.school_id AND l.leaving_year > c.leaving_year
    )
    FROM cohort c
    WHERE c.leaving_year IS NOT NULL
)
SELECT leaving_year, school_id FROM cohort WHERE leaving_year IS NOT NULL
"""  # noqa: S608 - table names only


def stored_cohorts(tenant: Tenant) -> set[tuple[int, int]]:
    """The cohorts (leaving year, school id) of which the tenant has stored leavers.

    A skip scan of the (school, year) index: one probe per school and stored year, a few milliseconds
    however many records there are (DISTINCT over the records would read all of them). A school's id
    belongs to its tenant, so the tenant's schools find only the tenant's records.
    """
    with connection.cursor() as cursor:
        cursor.execute(STORED_COHORTS_SQL, [tenant.pk])
        return set(cursor.fetchall())


def _emptied_message(cohorts: list[tuple[int, int]]) -> str:
    names = dict(
        Organisation.objects.filter(pk__in={school for _year, school in cohorts}).values_list("pk", "name")
    )
    listed = "; ".join(
        _("%(school)s, Abgangsjahr %(year)d") % {"school": names.get(school, "?"), "year": year}
        for year, school in cohorts
    )
    return _(
        "Für diese Jahrgänge ist keine Zeile der Datei gültig: %(cohorts)s. Nur die gültigen Zeilen zu "
        "importieren würde ihre gespeicherten Datensätze löschen, ohne sie zu ersetzen. Bitte korrigieren Sie "
        "diese Zeilen (siehe Prüfbericht) und laden Sie die Datei erneut hoch. Es wurde nichts gespeichert."
    ) % {"cohorts": listed}


def _count_cells(tally: dict[tuple, int], converters: _Converters) -> dict[tuple, int]:
    """The import's tally (destination ids) as CohortCount cells (top-level codes), as REFRESH_SQL groups."""
    top = {destination.pk: destination.top_level_code for destination in converters.codes.values()}
    cells: dict[tuple, int] = {}
    for (*facts, actual, planned, followup), count in tally.items():
        cell = (*facts, top.get(actual, "unknown"), top.get(planned, ""), top.get(followup, ""))
        cells[cell] = cells.get(cell, 0) + count
    return cells


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
        _take_turns(tenant)  # two imports replacing the same cohorts would add up their counts
        replaced = _delete_cohorts(
            CohortCount.objects.for_tenant(tenant).filter(origin=CohortCount.Origin.TABLE),
            cohorts,
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
        summaries.refresh_years(tenant, years)
        _done(batch, report, user=user, imported=report.valid_rows, replaced=replaced, years=years)


def _delete_cohorts(queryset, cohorts: set[tuple[int, int]]) -> int:
    """Delete the rows (leavers or counts) of `cohorts`; returns how many."""
    deleted = 0
    for year, school_ids in sorted(summaries.cohorts_by_year(cohorts).items()):
        _total, per_model = queryset.filter(leaving_year=year, school_id__in=school_ids).delete()
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
