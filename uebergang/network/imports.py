"""Reading and checking actor lists (CSV or XLSX) as coordination offices keep them.

`analyse()` turns the uploaded bytes into an `ImportReport`: every row with its values and the
problems found (row number as in the file, column title, value, reason in German). Nothing is
written here; `actions.actors.import_organisations` writes the valid rows of a report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from uebergang.lib import laender, spreadsheets, tabular
from uebergang.lib.tabular import CellError, Problem, UnreadableFile, choice_lookup, normalise
from uebergang.tenants.models import Region, Tenant

from .models import FundingSource, LegalSphere, Organisation

MAX_IMPORT_BYTES = 5 * 1024 * 1024
SESSION_LIMIT_BYTES = 2 * 1024 * 1024
HEADER_SEARCH_ROWS = tabular.HEADER_SEARCH_ROWS
SESSION_KEY = "network_actor_import"

# Field key → column title in the template, then further titles offices use for the same column.
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("Name", "Name der Organisation", "Organisation", "Einrichtung"),
    "short_name": ("Kurzname", "Kurzbezeichnung", "Kürzel"),
    "kind": ("Art", "Typ", "Organisationsart"),
    "school_type": ("Schulart", "Schultyp"),
    "legal_spheres": ("Rechtskreise", "Rechtskreis"),
    "funding_sources": ("Mittelgeber", "Finanzierung", "Finanziert durch"),
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


def name_key(name: str) -> str:
    """Organisation names match regardless of case and repeated spaces."""
    return " ".join(str(name).casefold().split())


TITLE_TO_FIELD = {normalise(title): key for key, titles in COLUMNS.items() for title in titles}


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


ImportReport = tabular.ImportReport

# Reading -----------------------------------------------------------------------------------------


def read_table(data: bytes, filename: str) -> tabular.Table:
    """The actor list in a CSV file or spreadsheet (see `tabular.read_table`)."""
    return tabular.read_table(
        data,
        filename,
        TITLE_TO_FIELD,
        _(
            "In den ersten %(n)d Zeilen steht keine Kopfzeile mit bekannten Spaltentiteln "
            "(z. B. Name, Art, Ort). Ist es eine Akteursliste als CSV-, XLSX- oder ODS-Datei?"
        )
        % {"n": HEADER_SEARCH_ROWS},
    )


def find_header(table: tabular.Table) -> tabular.Header:
    """The known columns of the header (see `tabular.locate_header`); Name and Art are required."""
    header = tabular.locate_header(table, TITLE_TO_FIELD)
    if "name" not in header.titles:
        raise UnreadableFile(_("Die Spalte „Name“ fehlt in der Kopfzeile."))
    if "kind" not in header.titles:
        raise UnreadableFile(_("Die Spalte „Art“ fehlt in der Kopfzeile."))
    return header


# Checking ----------------------------------------------------------------------------------------


def kind_lookup() -> dict[str, str]:
    return choice_lookup(
        Organisation.Kind.choices, {"Sonstiges": "other", "Arbeitsagentur": "employment_agency"}
    )


def school_type_lookup(land: str) -> dict[str, str]:
    """The stored categories by any name a file may use: the Land's names first (lib/laender.py)."""
    return choice_lookup(Organisation.SchoolType.choices, laender.school_type_aliases(land))


def legal_sphere_lookup() -> dict[str, str]:
    return choice_lookup(
        LegalSphere.choices,
        {"SGB 2": "sgb2", "SGB 3": "sgb3", "SGB 8": "sgb8", "SGB 9": "sgb9", "Integrationskurs": "aufenthg"},
    )


# The former funding-like Rechtskreise, as a spreadsheet may still name them in the Rechtskreis column.
FORMER_SPHERE_NAMES = frozenset(
    normalise(name) for name in ("Landesprogramm", "kommunal", "Bund/ESF", "ESF", "Stiftung")
)


def funding_source_lookup() -> dict[str, str]:
    """Funding sources by label, with the names offices use and the former funding-like Rechtskreise
    ("Landesprogramm", "kommunal", "Bund/ESF", "Stiftung"), which a spreadsheet may still carry."""
    return choice_lookup(
        FundingSource.choices,
        {
            "Landesprogramm": "state",
            "kommunal": "municipal",
            "Bund/ESF": "esf_plus",
            "ESF": "esf_plus",
            "Agentur für Arbeit": "employment_agency",
            "Arbeitsagentur": "employment_agency",
            "Jobcenter": "employment_agency",
            "IHK": "business",
            "HWK": "business",
            "Kammer": "business",
        },
    )


class _Checker:
    def __init__(self, tenant: Tenant, titles: dict[str, str]):
        self.titles = titles
        self.kinds = kind_lookup()
        self.school_types = school_type_lookup(tenant.land)
        self.school_type_names = ", ".join(str(label) for _code, label in laender.school_types(tenant.land))
        self.legal_spheres = legal_sphere_lookup()
        self.funding_sources = funding_source_lookup()
        self.regions = {normalise(r.name): r for r in Region.objects.for_tenant(tenant)}
        self.region_names = ", ".join(r.name for r in self.regions.values()) or _("keine")

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
        row.values["legal_spheres"], row.values["funding_sources"] = self.legal_sphere_and_funding_codes()
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
                _("Unbekannte Schulart. Möglich sind: %(choices)s.") % {"choices": self.school_type_names},
            )
        elif school_type and kind and kind != Organisation.Kind.SCHOOL:
            self.problem("school_type", _("Eine Schulart gibt es nur bei der Art „Schule“."))
        return kind, school_type

    def legal_sphere_and_funding_codes(self) -> tuple[list[str], list[str]]:
        """Rechtskreise and Mittelgeber; a former funding-like Rechtskreis ("Landesprogramm") in the
        Rechtskreis column counts as a funding source."""
        codes, sources = [], []
        for part in re.split(r"[,;\n]", self.raw.get("funding_sources", "")):
            if not part.strip():
                continue
            source = self.funding_sources.get(normalise(part))
            if source is None:
                self.problem(
                    "funding_sources",
                    _("Unbekannter Mittelgeber „%(value)s“. Möglich sind: %(choices)s.")
                    % {
                        "value": part.strip(),
                        "choices": ", ".join(str(label) for label in FundingSource.labels),
                    },
                )
            elif source not in sources:
                sources.append(source)
        for part in re.split(r"[,;\n]", self.raw.get("legal_spheres", "")):
            if not part.strip():
                continue
            code = self.legal_spheres.get(normalise(part))
            if code is None and normalise(part) in FORMER_SPHERE_NAMES:
                source = self.funding_sources[normalise(part)]
                if source not in sources:
                    sources.append(source)
            elif code is None:
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
        return codes, sources

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

    def parsed(self, key: str, parse, fallback):
        """The cell parsed by a `tabular` parser, or the fallback with a problem noted."""
        try:
            return parse(self.raw.get(key, ""))
        except CellError as error:
            self.problem(key, str(error))
            return fallback

    def postcode(self) -> str:
        return self.parsed("postcode", tabular.postcode, self.raw.get("postcode", ""))

    def website(self) -> str:
        return self.parsed("website", tabular.web_address, self.raw.get("website", ""))

    def email(self, key: str) -> str:
        text = self.raw.get(key, "")
        if text:
            try:
                validate_email(text)
            except ValidationError:
                self.problem(key, _("Keine gültige E-Mail-Adresse."))
        return text.lower()

    def yes_no(self, key: str, default: bool | None) -> bool | None:
        value = self.parsed(key, tabular.yes_no, default)
        return default if value is None else value


def analyse(data: bytes, filename: str, tenant: Tenant) -> ImportReport:
    """Read and check an uploaded actor list; nothing is written."""
    report = ImportReport(filename=filename)
    try:
        table = read_table(data, filename)
        header = find_header(table)
    except UnreadableFile as error:
        report.file_problem = str(error)
        return report
    report.columns = header.titles
    checker = _Checker(tenant, report.columns)
    try:
        for number, raw in tabular.data_rows(table, header):
            report.rows.append(checker.check(number, raw))
    except UnreadableFile as error:
        report.rows.clear()
        report.file_problem = str(error)
        return report
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


_keeper = tabular.UploadKeeper(SESSION_KEY)


def stash_upload(session, tenant: Tenant, filename: str, data: bytes) -> None:
    """Keep the uploaded bytes for the confirmation (see `tabular.UploadKeeper`)."""
    _keeper.keep(session, tenant, filename, data, session_limit=SESSION_LIMIT_BYTES)


def load_upload(session, tenant: Tenant) -> tuple[str, bytes] | None:
    return _keeper.load(session, tenant)


def discard_upload(session) -> None:
    _keeper.discard(session)


# Template -------------------------------------------------------------------------------------------

TEMPLATE_COLUMNS = [COLUMNS[key][0] for key in COLUMNS]
TEMPLATE_EXAMPLE = [
    "Beispielschule Musterstadt",
    "BSM",
    "Schule",
    "Werkrealschule/Hauptschule",
    "Schulrecht",
    "Land, Kommune",
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
    header, *examples = template_rows(tenant)
    return spreadsheets.csv_bytes(header, examples)


def template_xlsx(tenant: Tenant) -> bytes:
    """The template with a sheet of hints; the example row is typed text so identifiers and postcodes
    keep their leading zeros."""
    header, *examples = template_rows(tenant)
    regions = ", ".join(r.name for r in Region.objects.for_tenant(tenant)) or _("keine")
    hints = [
        ["Art", ", ".join(str(label) for label in Organisation.Kind.labels)],
        ["Schulart", ", ".join(str(label) for _code, label in laender.school_types(tenant.land))],
        ["Rechtskreise", _("mehrere durch Komma getrennt: ") + ", ".join(str(v) for v in LegalSphere.labels)],
        [
            "Mittelgeber",
            _("mehrere durch Komma getrennt: ") + ", ".join(str(v) for v in FundingSource.labels),
        ],
        ["Region", regions],
        ["aktiv, Kontakt öffentlich", _("ja oder nein")],
    ]
    return spreadsheets.xlsx_bytes(
        [
            spreadsheets.Sheet(_("Akteure"), header, examples, text_columns=frozenset(range(len(header)))),
            spreadsheets.Sheet(_("Hinweise"), [_("Spalte"), _("mögliche Werte")], hints),
        ]
    )
