"""Reading and checking an offering upload: each row with the values it sets and the problems found,
and whether it creates an offering or updates one. Nothing is written here."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from uebergang.lib import tabular
from uebergang.lib.tabular import CellError, Problem, UnreadableFile, choice_lookup, normalise
from uebergang.network.imports import (
    FORMER_SPHERE_NAMES,
    funding_source_lookup,
    legal_sphere_lookup,
    name_key,
)
from uebergang.network.models import FundingSource, LegalSphere, Organisation
from uebergang.tenants.models import Region, Tenant

from ..models import (
    Category,
    Offering,
    OfferingLocation,
    OfferingVersion,
)
from .columns import (
    CODE_SET_FIELDS,
    COLUMNS,
    DATE_FORMATS,
    LOCATION_TEXT_FIELDS,
    MAX_PLACES,
    NUMBER_RANGES,
    OFFERING_FIELDS,
    ORDERED_PAIRS,
    TEXT_FIELDS,
    TITLE_TO_FIELD,
)


@dataclass
class ImportRow:
    number: int  # as in the file: the first line is 1
    raw: dict[str, str] = field(default_factory=dict)  # field key → cell text
    values: dict[str, Any] = field(default_factory=dict)  # only what the row sets
    problems: list[Problem] = field(default_factory=list)
    existing: Offering | None = None
    pending_review: bool = False  # the existing offering has a change waiting for review

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def updates_existing(self) -> bool:
        return self.existing is not None

    @property
    def provider_name(self) -> str:
        provider = self.values.get("provider")
        return provider.name if provider is not None else ""

    @property
    def place(self) -> str:
        location = self.values.get("location") or {}
        return location.get("city", "")


@dataclass
class ImportReport(tabular.ImportReport):
    rows: list[ImportRow] = field(default_factory=list)

    @property
    def creating(self) -> int:
        return sum(1 for row in self.valid_rows if not row.updates_existing)

    @property
    def updating(self) -> int:
        return sum(1 for row in self.valid_rows if row.updates_existing)


# Cell values -------------------------------------------------------------------------------------


def split_values(text: str) -> list[str]:
    """Several values in one cell: separated by ";" (then a "," may be part of a name) or by ","."""
    separators = r"[;\n]" if ";" in text else r"[,\n]"
    return [part.strip() for part in re.split(separators, text) if part.strip()]


def parse_date(text: str) -> date:
    """A German date (31.07.2026, 31.7.26) or an ISO date; a spreadsheet's date and time keeps the date."""
    text = text.strip().split(" ")[0]
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(_("Kein gültiges Datum. Bitte als TT.MM.JJJJ eintragen, z. B. 31.07.2026."))


def parse_amount(text: str, *, max_digits: int) -> Decimal:
    """A German amount: "12.500,50", "12500,5 €", "1 200 EUR"; a plain "12.5" from a spreadsheet too."""
    cleaned = re.sub(r"(?i)\s|€|eur(o)?", "", text.replace("\xa0", ""))
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")  # 12.500 is twelve thousand five hundred
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise CellError(_("Kein gültiger Betrag. Bitte z. B. 12.500,00 eintragen."))
    if amount < 0:
        raise CellError(_("Der Betrag darf nicht negativ sein."))
    if amount >= Decimal(10) ** (max_digits - 2):
        raise CellError(_("Der Betrag ist zu groß."))
    if amount != amount.quantize(Decimal("0.01")):
        raise CellError(_("Höchstens zwei Stellen nach dem Komma."))
    return amount.quantize(Decimal("0.01"))


def parse_whole_number(text: str, lowest: int, highest: int) -> int:
    cleaned = text.strip()
    if re.fullmatch(r"\d+,0+", cleaned):
        cleaned = cleaned.split(",")[0]
    if not cleaned.isdigit():
        raise CellError(_("Bitte eine ganze Zahl eintragen."))
    number = int(cleaned)
    if not lowest <= number <= highest:
        raise CellError(
            _("Bitte eine Zahl von %(lowest)d bis %(highest)d eintragen.")
            % {"lowest": lowest, "highest": highest}
        )
    return number


# Checking ----------------------------------------------------------------------------------------


def _max_length(model, name: str) -> int | None:
    return model._meta.get_field(name).max_length


class _Checker:
    """Checks one row after another against the tenant's organisations, categories and regions."""

    def __init__(self, tenant: Tenant, titles: dict[str, str]):
        self.tenant = tenant
        self.titles = titles
        self.today = timezone.localdate()
        self.providers = _provider_lookup(tenant)
        self.categories: dict[str, Category] = {}
        shared_first = sorted(Category.objects.for_tenant(tenant), key=lambda c: c.tenant_id is not None)
        for category in shared_first:  # a municipality's own category wins over a shared one of that name
            self.categories[normalise(category.code)] = category
            self.categories[normalise(category.name)] = category
        self.category_names = ", ".join(
            sorted({category.name for category in self.categories.values()}, key=str.casefold)
        )
        self.regions = {normalise(region.name): region for region in Region.objects.for_tenant(tenant)}
        self.region_names = ", ".join(region.name for region in self.regions.values()) or _("keine")
        self.code_lookups = {
            key: choice_lookup(vocabulary.choices, extra)
            for key, (vocabulary, extra) in CODE_SET_FIELDS.items()
        }
        self.legal_spheres = legal_sphere_lookup()
        self.funding_sources = funding_source_lookup()

    def check(self, number: int, raw: dict[str, str]) -> ImportRow:
        self.row, self.raw = ImportRow(number, raw), raw
        values = self.row.values
        raw["title"] = " ".join(raw.get("title", "").split())
        if not raw["title"]:
            self.problem("title", _("Der Titel fehlt."))
        values["provider"] = self.provider()
        for key in TEXT_FIELDS:
            self.text(key, Offering)
        for key in CODE_SET_FIELDS:
            self.code_set(key)
        self.category_list()
        for key, (lowest, highest) in NUMBER_RANGES.items():
            self.parsed(key, lambda text, lo=lowest, hi=highest: parse_whole_number(text, lo, hi))
        self.parsed("places_total", lambda text: parse_whole_number(text, 0, MAX_PLACES))
        self.parsed("places_free", lambda text: parse_whole_number(text, 0, MAX_PLACES))
        self.funding_source()
        self.legal_sphere()
        self.parsed("statutory", tabular.yes_no)
        for key in ("funding_start", "funding_end"):
            self.parsed(key, parse_date)
        self.parsed("last_checked", self.checked_on)
        max_digits = Offering._meta.get_field("funding_amount").max_digits
        self.parsed("funding_amount", lambda text: parse_amount(text, max_digits=max_digits))
        self.parsed("is_free", tabular.yes_no)
        self.cost()
        self.parsed("url", lambda text: tabular.web_address(text, _max_length(Offering, "url")))
        self.email()
        self.location()
        return self.row

    # One problem, one cell -----------------------------------------------------------------------

    def problem(self, key: str, reason: str, value: str | None = None) -> None:
        title = self.titles.get(key, COLUMNS[key][0])
        self.row.problems.append(
            Problem(self.row.number, title, self.raw.get(key, "") if value is None else value, reason)
        )

    def parsed(self, key: str, parse) -> None:
        """A non-empty cell parsed into `values[key]`, or a problem."""
        text = self.raw.get(key, "")
        if not text:
            return
        try:
            value = parse(text)
        except CellError as error:
            self.problem(key, str(error))
            return
        if value is not None:
            self.row.values[key] = value

    def text(self, key: str, model) -> None:
        text = self.raw.get(key, "")
        limit = _max_length(model, key)
        if limit and len(text) > limit:
            self.problem(key, _("Höchstens %(n)d Zeichen.") % {"n": limit})
        elif text:
            self.row.values[key] = text

    # Columns -------------------------------------------------------------------------------------

    def provider(self) -> Organisation | None:
        text = self.raw.get("provider", "")
        if not text:
            self.problem("provider", _("Der Anbieter fehlt."))
            return None
        provider = self.providers.get(name_key(text))
        if provider is None:
            self.problem(
                "provider",
                _(
                    "Diesen Anbieter gibt es nicht im Akteursverzeichnis der Kommune. Bitte den Namen "
                    "genau so schreiben wie dort oder den Akteur zuerst anlegen."
                ),
            )
        elif provider is AMBIGUOUS:
            self.problem(
                "provider",
                _("Mehrere Akteure heißen so. Bitte den vollständigen, eindeutigen Namen eintragen."),
            )
            return None
        return provider

    def code_set(self, key: str) -> None:
        vocabulary, _extra = CODE_SET_FIELDS[key]
        lookup = self.code_lookups[key]
        codes = []
        for part in split_values(self.raw.get(key, "")):
            code = lookup.get(normalise(part))
            if code is None:
                self.problem(
                    key,
                    _("Unbekannter Wert „%(value)s“. Möglich sind: %(choices)s.")
                    % {"value": part, "choices": ", ".join(str(label) for label in vocabulary.labels)},
                )
            elif code not in codes:
                codes.append(code)
        if codes:
            self.row.values[key] = frozenset(codes)

    def category_list(self) -> None:
        categories = []
        for part in split_values(self.raw.get("categories", "")):
            category = self.categories.get(normalise(part))
            if category is None:
                self.problem(
                    "categories",
                    _("Unbekannte Kategorie „%(value)s“. Möglich sind: %(choices)s.")
                    % {"value": part, "choices": self.category_names},
                )
            elif category not in categories:
                categories.append(category)
        if categories:
            self.row.values["categories"] = categories

    def funding_source(self) -> None:
        text = self.raw.get("funding_source", "")
        if not text:
            return
        code = self.funding_sources.get(normalise(text))
        if code is None:
            self.problem(
                "funding_source",
                _("Unbekannter Mittelgeber. Möglich ist einer von: %(choices)s.")
                % {"choices": ", ".join(str(label) for label in FundingSource.labels)},
            )
        else:
            self.row.values["funding_source"] = code

    def legal_sphere(self) -> None:
        """The Rechtskreis; a former funding-like one ("Landesprogramm") becomes the funding source."""
        text = self.raw.get("legal_sphere", "")
        if not text:
            return
        code = self.legal_spheres.get(normalise(text))
        if code is None and normalise(text) in FORMER_SPHERE_NAMES:
            self.row.values.setdefault("funding_source", self.funding_sources[normalise(text)])
        elif code is None:
            self.problem(
                "legal_sphere",
                _("Unbekannter Rechtskreis. Möglich ist einer von: %(choices)s.")
                % {"choices": ", ".join(str(label) for label in LegalSphere.labels)},
            )
        else:
            self.row.values["legal_sphere"] = code

    def cost(self) -> None:
        """An amount becomes the cost in euros; any other text the note on costs."""
        text = self.raw.get("cost", "")
        if not text:
            return
        max_digits = Offering._meta.get_field("cost_amount").max_digits
        try:
            amount = parse_amount(text, max_digits=max_digits)
        except CellError:
            limit = _max_length(Offering, "cost_description")
            if len(text) > limit:
                self.problem("cost", _("Höchstens %(n)d Zeichen.") % {"n": limit})
            else:
                self.row.values["cost_description"] = text
            return
        if amount == 0:
            self.row.values.setdefault("is_free", True)
        elif self.row.values.get("is_free") is True:
            self.problem("cost", _("Ein kostenfreies Angebot hat keinen Betrag. Bitte „Kostenfrei“ prüfen."))
        else:
            self.row.values["cost_amount"] = amount
            self.row.values["is_free"] = False

    def email(self) -> None:
        text = self.raw.get("contact_email", "")
        if not text:
            return
        try:
            validate_email(text)
        except ValidationError:
            self.problem("contact_email", _("Keine gültige E-Mail-Adresse."))
            return
        limit = _max_length(Offering, "contact_email")
        if len(text) > limit:
            self.problem("contact_email", _("Höchstens %(n)d Zeichen.") % {"n": limit})
            return
        self.row.values["contact_email"] = text.lower()

    def location(self) -> None:
        location: dict[str, Any] = {}
        for key in LOCATION_TEXT_FIELDS:
            text = self.raw.get(key, "")
            limit = _max_length(OfferingLocation, key)
            if len(text) > limit:
                self.problem(key, _("Höchstens %(n)d Zeichen.") % {"n": limit})
            elif text:
                location[key] = text
        try:
            postcode = tabular.postcode(self.raw.get("postcode", ""))
        except CellError as error:
            self.problem("postcode", str(error))
            postcode = ""
        if postcode:
            location["postcode"] = postcode
        has_address = bool(location) or bool(self.raw.get("postcode"))
        if has_address and not self.raw.get("city"):
            self.problem("city", _("Der Ort fehlt: ohne Ort lässt sich der Standort nicht anlegen."))
        region_text = self.raw.get("region", "")
        if region_text:
            region = self.regions.get(normalise(region_text))
            if region is None:
                self.problem(
                    "region",
                    _("Unbekannte Region. Vorhanden sind: %(names)s.") % {"names": self.region_names},
                )
            else:
                location["region"] = region
        try:
            confidential = tabular.yes_no(self.raw.get("is_confidential", ""))
        except CellError as error:
            self.problem("is_confidential", str(error))
            confidential = None
        if confidential is not None:
            location["is_confidential"] = confidential
        if location:
            self.row.values["location"] = location

    def checked_on(self, text: str) -> date:
        """The date of the last check: not in the future."""
        day = parse_date(text)
        if day > self.today:
            raise CellError(_("Das Datum liegt in der Zukunft."))
        return day


AMBIGUOUS: Any = object()  # marks a name that several organisations of the tenant share


def _provider_lookup(tenant: Tenant) -> dict[str, Organisation]:
    """Names (and unambiguous short names) of the tenant's organisations → organisation."""
    by_name: dict[str, Organisation] = {}
    by_short_name: dict[str, Organisation] = {}
    for organisation in Organisation.objects.for_tenant(tenant).only("id", "name", "short_name"):
        key = name_key(organisation.name)
        by_name[key] = AMBIGUOUS if key in by_name else organisation
        if organisation.short_name:
            short = name_key(organisation.short_name)
            by_short_name[short] = AMBIGUOUS if short in by_short_name else organisation
    return {**{k: v for k, v in by_short_name.items() if v is not AMBIGUOUS}, **by_name}


# What the checks need of the offerings already there (the writer fetches each one whole, locked).
MATCH_FIELDS = ["id", "tenant", "provider", "title", "status", "places_total", "places_free"] + [
    name for pair in ORDERED_PAIRS for name in pair[:2]
]


def _match_existing(report: ImportReport, tenant: Tenant) -> None:
    """Same provider and title: an update (or a duplicate row within the file)."""
    existing: dict[tuple[int, str], list[Offering]] = {}
    for offering in Offering.objects.for_tenant(tenant).only(*MATCH_FIELDS):
        existing.setdefault((offering.provider_id, name_key(offering.title)), []).append(offering)
    pending = set(OfferingVersion.objects.for_tenant(tenant).pending().values_list("offering_id", flat=True))
    title_column = report.columns.get("title", COLUMNS["title"][0])
    first_row: dict[tuple[int, str], ImportRow] = {}
    for row in report.rows:
        provider, title = row.values.get("provider"), row.values.get("title")
        if provider is None or not title:
            continue
        key = (provider.pk, name_key(title))
        if key in first_row:
            row.problems.append(
                Problem(
                    row.number,
                    title_column,
                    title,
                    _("Dieses Angebot desselben Anbieters steht schon in Zeile %(n)d.")
                    % {"n": first_row[key].number},
                )
            )
            continue
        first_row[key] = row
        matches = existing.get(key, [])
        if len(matches) > 1:
            row.problems.append(
                Problem(
                    row.number,
                    title_column,
                    title,
                    _(
                        "Dieser Anbieter hat schon %(n)d Angebote mit diesem Titel; welches gemeint ist, "
                        "ist unklar. Bitte die Titel im Arbeitsbereich unterscheidbar machen."
                    )
                    % {"n": len(matches)},
                )
            )
        elif matches:
            row.existing = matches[0]
            row.pending_review = row.existing.pk in pending


def _check_against_existing(report: ImportReport) -> None:
    """Required fields of new offerings, and ranges whose other end may be the stored value."""
    for row in report.rows:
        values = row.values

        def problem(key: str, reason: str, row=row) -> None:
            title = report.columns.get(key, COLUMNS[key][0])
            row.problems.append(Problem(row.number, title, row.raw.get(key, ""), reason))

        creates = row.existing is None and values.get("provider") is not None and values.get("title")
        if creates and not values.get("short_description"):
            problem("short_description", _("Die Kurzbeschreibung fehlt (für ein neues Angebot nötig)."))
        for lower, upper, reason in ORDERED_PAIRS:
            low = values.get(lower, getattr(row.existing, lower, None))
            high = values.get(upper, getattr(row.existing, upper, None))
            if low is not None and high is not None and low > high:
                problem(lower if lower in values else upper, str(reason))
        free = values.get("places_free", getattr(row.existing, "places_free", None))
        total = values.get("places_total", getattr(row.existing, "places_total", None))
        if free is not None and total is not None and free > total:
            problem(
                "places_free" if "places_free" in values else "places_total",
                _("Es gibt mehr freie Plätze als Plätze insgesamt."),
            )
        if row.is_valid:
            _check_fields(row, report)


def _check_fields(row: ImportRow, report: ImportReport) -> None:
    """The last net under the checks above: the model's own validation of the fields the row sets."""
    offering = copy.copy(row.existing) if row.existing is not None else Offering()
    names = [name for name in OFFERING_FIELDS if name in row.values]
    for name in names:
        setattr(offering, name, row.values[name])
    try:
        offering.clean_fields(exclude=[f.name for f in Offering._meta.fields if f.name not in names])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            key = "cost" if name in ("cost_amount", "cost_description") else name
            title = report.columns.get(key, COLUMNS[key][0]) if key in COLUMNS else name
            row.problems.append(Problem(row.number, title, row.raw.get(key, ""), " ".join(messages)))


def analyse(data: bytes, filename: str, tenant: Tenant) -> ImportReport:
    """Read and check an uploaded list of offerings; nothing is written."""
    report = ImportReport(filename=filename)
    try:
        table = tabular.read_table(
            data,
            filename,
            TITLE_TO_FIELD,
            _(
                "In den ersten %(n)d Zeilen steht keine Kopfzeile mit bekannten Spaltentiteln "
                "(z. B. Titel, Anbieter, Kurzbeschreibung). Ist es eine Angebotsliste als CSV-, XLSX- oder ODS-Datei?"
            )
            % {"n": tabular.HEADER_SEARCH_ROWS},
        )
        header = tabular.locate_header(table, TITLE_TO_FIELD)
        for key in ("title", "provider"):
            if key not in header.titles:
                raise UnreadableFile(
                    _("Die Spalte „%(title)s“ fehlt in der Kopfzeile.") % {"title": COLUMNS[key][0]}
                )
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
        report.file_problem = _("Unter der Kopfzeile stehen keine Zeilen mit Angeboten.")
        return report
    _match_existing(report, tenant)
    _check_against_existing(report)
    return report


# Writing -----------------------------------------------------------------------------------------
