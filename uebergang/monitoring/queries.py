"""Protected figures for dashboards, exports and the API — every one read from the cohort's protection.

Each output is a part of the cohort's linked set (suppression.py): a cell hidden there is hidden in
every table, filter, export and API answer that shows it. What the outputs may ask for:

    a table of one dimension                    one leaving year (the latest unless one is given)
    X × destination (either order)              one leaving year
    year × X (either order)                     one row per leaving year, never a total across years
    a school (school=…)                         only year and destination: the school's row of the
                                                school × destination table

Any other shape (e.g. gender × region, or several years summed) is not part of the set and is refused
with TableNotOffered, whose message says what is offered.

    Figure(count, display, share, cell)         count None and display "." when hidden
    SuppressedTable                             rows of cells, margins, total (None across years)
    table(tenant, dimensions, years=, school_id=), destinations_by_year, headline_rows, headline,
    still_in_training, years, completeness, association_comparison, association_years
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from uebergang.lib import laender
from uebergang.network.models import Organisation
from uebergang.tenants.models import Region, Tenant

from . import protected
from .comparison import association_comparison, association_years  # noqa: F401 - part of the interface
from .models import TOP_LEVEL_DESTINATIONS, Gender, Qualification
from .protected import MARK, ProtectedCohort
from .suppression import STATUSES, TRAINING

DIMENSIONS: dict[str, str] = {
    "year": "leaving_year",
    "school": "school",
    "school_type": "school_type",
    "qualification": "qualification",
    "gender": "gender",
    "region": "region",
    "destination": "destination",
    "planned": "planned",
    "followup": "followup",
}
HEADLINE_MEASURES = ("dual", "transition", "unknown")
SCHOOL_DIMENSIONS = {"year", "destination"}


class TableNotOffered(ValueError):
    """A table outside the protected set; the message (German) says what can be asked for."""


@dataclass(frozen=True)
class Figure:
    count: int | None
    display: str
    share: float | None
    cell: tuple | None = None  # (year, key in the cohort's linked set), for the audit

    @property
    def hidden(self) -> bool:
        return self.count is None

    def __str__(self) -> str:
        return self.display


@dataclass
class SuppressedTable:
    dimensions: list[str]
    rows: list[dict]
    total: Figure | None  # None where a total would add different leaving years
    threshold: int
    margins: dict[str, list[dict]] = field(default_factory=dict)
    incomplete_years: list[int] = field(default_factory=list)

    def values(self, dimension: str) -> list[tuple]:
        """The dimension's values with their labels, in display order."""
        seen: dict = {}
        for row in self.rows:
            seen.setdefault(row[dimension], row[f"label:{dimension}"])
        return list(seen.items())

    def columns(self) -> list[tuple]:
        return self.values(self.dimensions[1])

    def column_totals(self) -> list[Figure]:
        return [margin["figure"] for margin in self.margins.get(self.dimensions[1], [])]

    @property
    def has_row_totals(self) -> bool:
        return self.dimensions[0] in self.margins

    @property
    def has_hidden(self) -> bool:
        figures = [row["figure"] for row in self.rows]
        figures += [m["figure"] for margin in self.margins.values() for m in margin]
        return any(f.hidden for f in figures) or (self.total is not None and self.total.hidden)

    def grid(self) -> list[dict]:
        first, second = self.dimensions
        cells = {(row[first], row[second]): row["figure"] for row in self.rows}
        totals = {row[first]: row["figure"] for row in self.margins.get(first, [])}
        columns = [value for value, _label in self.values(second)]
        return [
            {
                "value": value,
                "label": label,
                "cells": [cells[(value, column)] for column in columns],
                "total": totals.get(value),
            }
            for value, label in self.values(first)
        ]


def figure(cohort: ProtectedCohort, key: tuple, base: tuple | None = None) -> Figure:
    """The cell as every output shows it; its share of `base` where both are shown."""
    count, hidden = cohort.count(key)
    if hidden:
        return Figure(None, MARK, None, (cohort.year, key))
    share = None
    if base is not None:
        denominator, base_hidden = cohort.count(base)
        if denominator and not base_hidden:
            share = round(100 * count / denominator, 1)
    return Figure(count, str(count), share, (cohort.year, key))


def sum_figure(cohort: ProtectedCohort, keys: list[tuple]) -> Figure:
    """A sum of cells, shown only where each of them is shown (then it tells nothing new)."""
    parts = [cohort.count(key) for key in keys]
    if any(hidden for _n, hidden in parts):
        return Figure(None, MARK, None)
    total = sum(n for n, _hidden in parts)
    return Figure(total, str(total), None)


# Labels and display order of each dimension's values.


def _choice_order(choices) -> dict:
    return {value: ((0, position), str(label)) for position, (value, label) in enumerate(choices)}


def _destination_order(kind: str) -> dict:
    order = _choice_order([(code, label) for code, label, _sector in TOP_LEVEL_DESTINATIONS])
    blank = {"planned": _("nicht erfasst"), "followup": _("nicht bekannt")}.get(kind, _("ohne Angabe"))
    order[""] = ((0, len(order)), blank)
    return order


@lru_cache(maxsize=64)
def _school_type_order(land: str, language: str | None) -> dict:
    """The school types in the common order, named as the Land names them (lib/laender.py)."""
    return _choice_order(
        [(code, laender.school_type_label(land, code)) for code, _label in Organisation.SchoolType.choices]
    )


@lru_cache(maxsize=32)
def _static_order(dimension: str, language: str | None) -> dict:
    """The order and labels of a dimension with fixed values, in one language."""
    if dimension in ("destination", "planned", "followup"):
        return _destination_order(dimension)
    if dimension == "qualification":
        return _choice_order(Qualification.choices)
    if dimension == "gender":
        return _choice_order(Gender.choices)
    if dimension == "status":
        return _choice_order(
            [
                ("in_training", _("noch in Ausbildung")),
                ("left_training", _("nicht mehr in Ausbildung")),
                ("followup_unknown", _("Verbleib nach einem Jahr unbekannt")),
            ]
        )
    raise ValueError(f"unknown dimension {dimension!r}")


def _labels(tenant: Tenant, dimension: str, values: set) -> dict:
    """value → (sort key, label) for the values present."""
    if dimension == "year":
        return {value: (value, str(value)) for value in values}
    if dimension == "school":
        schools = Organisation.objects.for_tenant(tenant).filter(pk__in=[v for v in values if v])
        order = {pk: ((0, name), name) for pk, name in schools.values_list("pk", "name")}
    elif dimension == "region":
        regions = Region.objects.for_tenant(tenant).filter(pk__in=[v for v in values if v])
        order = {r.pk: ((0, r.position, r.name), r.name) for r in regions.only("pk", "position", "name")}
    elif dimension == "school_type":
        order = _school_type_order(tenant.land, get_language())
    else:
        order = _static_order(dimension, get_language())
    unlabelled = _("ohne Angabe")
    return {value: order[value] if value in order else ((1, str(value)), unlabelled) for value in values}


def _ordered(tenant: Tenant, dimension: str, values) -> list[tuple]:
    labels = _labels(tenant, dimension, set(values))
    return [(value, labels[value][1]) for value in sorted(labels, key=lambda value: labels[value][0])]


def _present(cohorts: list[ProtectedCohort], dimension: str) -> list:
    """The values of a dimension in the cohorts' linked sets (destinations: every top-level code)."""
    found: dict = {}
    for cohort in cohorts:
        for key in cohort.values:
            if key[0] == dimension and len(key) == 2:
                found.setdefault(key[1])
    return list(found)


# Tables.


def _check(dimensions: list[str], years: list[int] | None, school_id: int | None) -> None:
    if not 1 <= len(dimensions) <= 2 or len(set(dimensions)) != len(dimensions):
        raise TableNotOffered(_("Bitte eine oder zwei verschiedene Dimensionen angeben."))
    unknown = [d for d in dimensions if d not in DIMENSIONS]
    if unknown:
        raise TableNotOffered(_("Unbekannte Dimension: %(d)s.") % {"d": ", ".join(unknown)})
    if len(dimensions) == 2 and not {"year", "destination"} & set(dimensions):
        raise TableNotOffered(
            _(
                "Zwei Dimensionen nur mit „destination“ oder „year“ als einer davon (z. B. gender,destination)."
            )
        )
    if "year" not in dimensions and years is not None and len(years) > 1:
        raise TableNotOffered(
            _(
                "Eine Tabelle ohne „year“ gilt für genau ein Abgangsjahr; verschiedene Jahre werden nie addiert."
            )
        )
    if school_id is not None and not set(dimensions) <= SCHOOL_DIMENSIONS:
        raise TableNotOffered(_("Für eine einzelne Schule gibt es nur „year“ und „destination“."))


Source = dict[int, ProtectedCohort]


def load(tenant: Tenant, years: list[int] | None = None) -> Source:
    """The tenant's protected cohorts (one query); pass them as `source` to build several tables."""
    return protected.cohorts(tenant, years)


def table(
    tenant: Tenant,
    dimensions: list[str],
    *,
    years: list[int] | None = None,
    school_id: int | None = None,
    source: Source | None = None,
) -> SuppressedTable:
    """A table of the cohort's linked set (see the module doc for the shapes offered)."""
    _check(dimensions, years, school_id)
    source = source if source is not None else load(tenant, years)
    if "year" in dimensions:
        chosen = [cohort for year, cohort in source.items() if years is None or year in years]
    else:
        year = years[0] if years else (max(source) if source else None)
        chosen = [source[year]] if year in source else []
    threshold = protected.effective_threshold(tenant)
    if dimensions[0] == "year" or dimensions[-1] == "year":
        result = _by_year(tenant, dimensions, chosen, school_id)
    elif len(dimensions) == 1:
        result = _one_dimension(tenant, dimensions[0], chosen, school_id)
    else:
        result = _with_destination(tenant, dimensions, chosen, school_id)
    result.threshold = threshold
    result.incomplete_years = [c.year for c in chosen if not c.complete]
    return result


def _row(dimension: str, value, label, fig: Figure) -> dict:
    return {dimension: value, f"label:{dimension}": label, "figure": fig}


def _total_key(school_id: int | None) -> tuple:
    return ("school", school_id) if school_id is not None else ("total",)


def _cell_key(dimension: str, value, code: str | None, school_id: int | None) -> tuple:
    """The linked-set key of (dimension value[, destination]) — a school narrows only destinations."""
    if dimension == "destination":
        return ("school", school_id, value) if school_id is not None else ("destination", value)
    return (dimension, value, code) if code is not None else (dimension, value)


def _one_dimension(tenant, dimension: str, chosen: list[ProtectedCohort], school_id) -> SuppressedTable:
    rows = []
    total = None
    for cohort in chosen:
        base = _total_key(school_id)
        for value, label in _ordered(tenant, dimension, _present([cohort], dimension)):
            rows.append(
                _row(
                    dimension,
                    value,
                    label,
                    figure(cohort, _cell_key(dimension, value, None, school_id), base),
                )
            )
        total = figure(cohort, base)
    return SuppressedTable([dimension], rows, total or Figure(0, "0", None), 0)


def _with_destination(
    tenant, dimensions: list[str], chosen: list[ProtectedCohort], school_id
) -> SuppressedTable:
    other = dimensions[0] if dimensions[1] == "destination" else dimensions[1]
    first, second = dimensions
    rows: list[dict] = []
    margins: dict[str, list[dict]] = {first: [], second: []}
    total = Figure(0, "0", None)
    for cohort in chosen:
        others = _ordered(tenant, other, _present([cohort], other))
        codes = _ordered(tenant, "destination", _present([cohort], "destination"))
        firsts, seconds = (others, codes) if first == other else (codes, others)
        for a, label_a in firsts:
            row_key = (other, a) if first == other else ("destination", a)
            for b, label_b in seconds:
                value, code = (a, b) if first == other else (b, a)
                fig = figure(cohort, (other, value, code), row_key)
                rows.append(
                    {
                        first: a,
                        f"label:{first}": label_a,
                        second: b,
                        f"label:{second}": label_b,
                        "figure": fig,
                    }
                )
            margins[first].append(_row(first, a, label_a, figure(cohort, row_key, ("total",))))
        for b, label_b in seconds:
            column_key = ("destination", b) if first == other else (other, b)
            margins[second].append(_row(second, b, label_b, figure(cohort, column_key, ("total",))))
        total = figure(cohort, ("total",))
    return SuppressedTable(list(dimensions), rows, total, 0, margins)


def _by_year(tenant, dimensions: list[str], chosen: list[ProtectedCohort], school_id) -> SuppressedTable:
    """Rows per leaving year (or columns, transposed); no total and no margin across years."""
    other = next((d for d in dimensions if d != "year"), None)
    rows: list[dict] = []
    year_margin: list[dict] = []
    values = _ordered(tenant, other, _present(chosen, other)) if other else []
    for cohort in chosen:
        base = _total_key(school_id)
        year_margin.append(_row("year", cohort.year, str(cohort.year), figure(cohort, base)))
        for value, label in values:
            fig = figure(cohort, _cell_key(other, value, None, school_id), base)
            cell = {
                "year": cohort.year,
                "label:year": str(cohort.year),
                other: value,
                f"label:{other}": label,
            }
            rows.append({**cell, "figure": fig})
    if other is None:
        return SuppressedTable(["year"], year_margin, None, 0)
    if dimensions[0] != "year":
        rows.sort(key=lambda row: [v for v, _l in values].index(row[other]))
    return SuppressedTable(list(dimensions), rows, None, 0, {"year": year_margin})


def years(tenant: Tenant) -> list[int]:
    from .models import CohortCount

    return sorted(
        set(CohortCount.objects.for_tenant(tenant).values_list("leaving_year", flat=True).distinct())
    )


def destinations_by_year(
    tenant: Tenant, *, school_id: int | None = None, source: Source | None = None
) -> SuppressedTable:
    """Years × every top-level destination (zeros included): the one source of the headline figures."""
    return table(tenant, ["year", "destination"], school_id=school_id, source=source)


def headline_rows(by_year: SuppressedTable) -> list[dict]:
    """The headline figures read off a destinations_by_year table (so both always agree)."""
    cells = {(row["year"], row["destination"]): row["figure"] for row in by_year.rows}
    return [
        {
            "year": line["value"],
            "total": line["total"],
            "complete": line["value"] not in by_year.incomplete_years,
            **{code: cells[(line["value"], code)] for code in HEADLINE_MEASURES},
        }
        for line in by_year.grid()
    ]


def headline(tenant: Tenant, *, school_id: int | None = None) -> list[dict]:
    rows = headline_rows(destinations_by_year(tenant, school_id=school_id))
    return rows if school_id is not None else with_clarifications(tenant, rows)


def with_clarifications(tenant: Tenant, rows: list[dict]) -> list[dict]:
    """Adds "unknown_before": the unknown count before the Verbleibsklärung cleared some (the "unknown"
    figure is after). Hidden ("."), like any cell, where the unknown count is hidden or where so few were
    cleared that the difference would show a small number; absent where nothing was cleared."""
    from .clarifications import unknown_before

    cleared = unknown_before(tenant)
    threshold = protected.effective_threshold(tenant)
    for row in rows:
        n = cleared.get(row["year"], 0)
        if not n:
            continue
        after = row["unknown"]
        if after.count is None or n < threshold:
            row["unknown_before"] = Figure(None, protected.MARK, None)
        else:
            before = after.count + n
            total = row["total"].count
            share = round(100 * before / total, 1) if total else None
            row["unknown_before"] = Figure(before, str(before), share)
    return rows


def still_in_training(tenant: Tenant, *, source: Source | None = None) -> SuppressedTable:
    """Per year, of those who went into dual or school-based training: still in training a year later,
    left it, or follow-up unknown (shown, not dropped); the row total (the denominator of the shares)
    is everyone who went into training."""
    chosen = list((source if source is not None else load(tenant)).values())
    rows, margin = [], []
    for cohort in chosen:
        base = sum_figure(cohort, [("destination", code) for code in TRAINING])
        margin.append(_row("year", cohort.year, str(cohort.year), base))
        for status, label in _ordered(tenant, "status", STATUSES):
            fig = figure(cohort, ("status", status))
            if fig.count is not None and base.count:
                fig = Figure(fig.count, fig.display, round(100 * fig.count / base.count, 1), fig.cell)
            rows.append(
                {
                    "year": cohort.year,
                    "label:year": str(cohort.year),
                    "status": status,
                    "label:status": label,
                    "figure": fig,
                }
            )
    result = SuppressedTable(
        ["year", "status"], rows, None, protected.effective_threshold(tenant), {"year": margin}
    )
    result.incomplete_years = [c.year for c in chosen if not c.complete]
    return result


def completeness_of(cohort: ProtectedCohort) -> dict:
    """Schools reported of schools expected (the tenant's active school organisations) for a cohort."""
    return {
        "year": cohort.year,
        "reported": cohort.reported,
        "expected": len(cohort.expected),
        "complete": cohort.complete,
    }


def completeness(tenant: Tenant, *, source: Source | None = None) -> list[dict]:
    """Per leaving year: schools reported of schools expected, and whether the cohort is complete."""
    return [completeness_of(c) for c in (source if source is not None else load(tenant)).values()]
