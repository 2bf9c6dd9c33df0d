"""From cells to values: which column feeds which field, and one cached converter per field.

Values are converted through small per-column caches (a file has few distinct years, schools, dates
and codes), so the hot loop of a pass is a dictionary look-up per cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import itemgetter
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from uebergang.network.models import Organisation
from uebergang.tenants.models import Municipality, Region, Tenant

from ..codes import codes_for
from ..models import DUAL_PLACES, NOT_COLLECTED, Gender, ImportMapping, Qualification
from .columns import filled_untitled, plan_columns
from .report import MAX_VALUE_CHARS, SUGGESTED, Report
from .sheet import Sheet, open_sheet
from .vocabulary import (
    COUNTS,
    DESTINATION_ALIASES,
    FIELD_LABELS,
    GENDER_ALIASES,
    GERMAN,
    GROUP_LABELS,
    LEAVERS,
    NO,
    QUALIFICATION_ALIASES,
    REQUIRED,
    YES,
    normalise,
    value_key,
)

MAX_UNMAPPED_VALUES = 100
# Caches stop growing here: a column with more distinct values than this is not a code column.
MAX_CACHE_ENTRIES = 100_000
MIN_YEAR, MAX_YEAR = 1990, 2100


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
        if destination.land:  # a Land's programme is also written by its short name ("InteA")
            destinations.setdefault(destination.label.split(" – ")[0], code)
    regions = {region.name: region.name for region in Region.objects.for_tenant(tenant)}
    # A place of residence names its region through the region's Gemeinden (name or official key).
    for name, key, region in Municipality.objects.for_tenant(tenant).values_list(
        "name", "key", "region__name"
    ):
        regions.setdefault(name, region)
        if key:
            regions.setdefault(key, region)
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
            # A value longer than a report excerpt is no code: reported, not offered for mapping.
            if len(self.unmapped[group]) < MAX_UNMAPPED_VALUES and len(text) <= MAX_VALUE_CHARS:
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
        if self.kind == COUNTS:  # tables count top-level codes, and where dual training takes place
            return destination.code if destination.code in DUAL_PLACES else destination.top_level_code
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
    absent: dict[str, Any] = field(default_factory=dict)  # the value of a field the file has no column for
    complete: bool = True  # every required field has a column to read

    def readers(self, names: tuple[str, ...], absent: dict[str, Any] | None = None) -> _Readers:
        """How to read `names` from a row padded by `_padded` (see _Readers).

        A field without a column reads the empty cell after the row, whose cached value is the
        field's entry in `absent`, else the plan's (None if neither has it).
        """
        absent = {**self.absent, **(absent or {})}
        by_field = {name: position for position, name in self.fields.items()}
        width = len(self.sheet.titles)
        positions, titles, caches, converters = [], [], [], []
        for name in names:
            position = by_field.get(name, width)
            positions.append(position)
            titles.append(self.sheet.titles[position] if position < width else FIELD_LABELS[name])
            caches.append({} if position < width else {"": absent.get(name)})
            converters.append(self.converters.function(name))
        return _Readers(width, positions, titles, caches, converters)

    def title(self, name: str) -> str:
        for position, target in self.fields.items():
            if target == name:
                return self.sheet.titles[position]
        return FIELD_LABELS[name]

    def position(self, name: str) -> int | None:
        return next((position for position, target in self.fields.items() if target == name), None)


def _missing(kind: str, present: set[str]) -> list[str]:
    missing = [name for name in REQUIRED[kind] if name not in present]
    if not present & {"school", "school_number"}:
        missing.append("school")
    return missing


def _plan(
    tenant: Tenant,
    path: Path,
    kind: str,
    mapping: ImportMapping | None,
    report: Report,
    *,
    sheet_name: str = "",
    not_collected: bool = False,
    provisional: bool = False,
) -> _Plan:
    """Open the file and decide every column; a leaver file without a destination column may say that
    the destination has not been collected yet (`not_collected`): each row then gets that code.

    `provisional` (a check only): the suggested columns are read too, so the mapping page can offer
    their values for mapping at the same time as it asks to confirm the suggestions. The report's
    columns and missing fields stay those of the confirmed mapping, and the check still ends on the
    mapping step; an import never reads a suggestion.
    """
    known = set(mapping.columns) if mapping else None
    sheet = open_sheet(path, kind, known, sheet=sheet_name or None)
    report.sheet = sheet.name
    columns = plan_columns(sheet.titles, kind, mapping, filled_untitled(sheet))
    report.columns = columns.columns
    fields = dict(columns.fields)
    if provisional:
        fields.update(
            (position, column["suggested"])
            for position, column in enumerate(columns.columns)
            if column["status"] == SUGGESTED
        )
    report.missing = _missing(kind, set(columns.fields.values()))
    missing = _missing(kind, set(fields.values()))
    converters = _Converters(tenant, kind, mapping)
    absent: dict[str, Any] = {}
    if kind == LEAVERS and "actual" in report.missing and not_collected and "actual" in missing:
        report.missing.remove("actual")
        missing.remove("actual")
        report.not_collected = True
        absent["actual"] = converters.codes[NOT_COLLECTED].pk
    return _Plan(sheet, kind, fields, converters, report, absent, complete=not missing)


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
