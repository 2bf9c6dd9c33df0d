"""Suppressed figures for dashboards, exports and the API — read from CohortCount only.

INTERFACE (implemented by the dashboards work; other parts call only these names):

    DIMENSIONS: dict[str, str]
        public dimension name → CohortCount field: "year", "school", "school_type", "qualification",
        "gender", "region", "destination", "planned", "followup".

    @dataclass(frozen=True) class Figure:
        count: int | None        # None when suppressed
        display: str             # "12", "<5" (threshold of the tenant) — what every page, export, API shows
        share: float | None      # share of the row/table total in percent, None when suppressed
                                 # (also None when the total it refers to is suppressed)

    @dataclass class SuppressedTable:
        dimensions: list[str]
        rows: list[dict]         # one dict per cell: {<dimension>: value, ..., "label:<dimension>": label,
                                 #  "figure": Figure}; a 2-D table lists every combination (0 included)
        total: Figure
        threshold: int
        margins: dict[str, list[dict]]   # per dimension of a 2-D table its totals, same dict shape
                                         # (1-D tables: empty — the rows are the margin)
        def values(dimension) -> list[tuple[value, label]]   # the dimension's values in display order
        def columns() -> list[tuple]; def column_totals() -> list[Figure]   # 2-D: second dimension
        def grid() -> list[dict]  # 2-D: per value of dimensions[0]: {"value", "label", "cells":
                                  #  [Figure per value of dimensions[1]], "total": Figure}
        share: 1-D — of the table total; 2-D — of the row total (the dimensions[0] value's total);
        margins of dimensions[1] — of the table total.

    def table(tenant, dimensions: list[str], *, years: list[int] | None = None,
              school_id: int | None = None) -> SuppressedTable
        Counts by one or two dimensions (plus "year" allowed as one of them), primary and secondary
        suppression applied (uebergang.monitoring.suppression). One grouped query, plus one for the
        labels of schools or regions.

    def headline(tenant, *, school_id: int | None = None) -> list[dict]
        Per year: {"year": y, "total": Figure, "dual": Figure, "transition": Figure, "unknown": Figure}
        (shares in percent of the year's total; suppressed where the numerator is below threshold,
        or hidden by secondary suppression). One query: headline_rows(destinations_by_year(...)).

    def destinations_by_year(tenant, *, school_id=None) -> SuppressedTable
        ["year", "destination"] with every top-level destination as a column (zeros included).
    def headline_rows(by_year: SuppressedTable) -> list[dict]
        The headline rows read off that table, so a page showing both shows the same suppression.

    def still_in_training(tenant, *, school_id: int | None = None) -> SuppressedTable
        dimensions ["year", "status"]: of those whose destination was dual or school_vet and whose
        follow-up is known, status "in_training" (follow-up dual or school_vet) or "left_training".
        Row shares are the percentage still in training. One query.

    def years(tenant) -> list[int]
        Leaving years with counts, ascending. One query.

    def association_comparison(year: int) -> list[dict]
        Per active tenant: {"tenant": Tenant, "headline": <that tenant's headline row for year, or None>}
        built only from each tenant's suppressed figures (own threshold; the year's row suppressed on
        its own). One query on YearSummary (pre-computed per tenant, year and destination by every import),
        split by tenant before any figure is formed.

    def association_years() -> list[int]
        Leaving years with counts in any active tenant.

Not protected: tables of the same page that share margins are suppressed one by one (see
uebergang.monitoring.suppression).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from uebergang.network.models import Organisation
from uebergang.tenants.models import Region, Tenant

from . import suppression
from .models import TOP_LEVEL_CODES, TOP_LEVEL_DESTINATIONS, CohortCount, Gender, Qualification, YearSummary

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
TRAINING = ("dual", "school_vet")
STATUSES = ("in_training", "left_training")


@dataclass(frozen=True)
class Figure:
    count: int | None
    display: str
    share: float | None

    def __str__(self) -> str:
        return self.display


@dataclass
class SuppressedTable:
    dimensions: list[str]
    rows: list[dict]
    total: Figure
    threshold: int
    margins: dict[str, list[dict]] = field(default_factory=dict)

    def values(self, dimension: str) -> list[tuple]:
        """The dimension's values with their labels, in display order."""
        seen: dict = {}
        for row in self.rows:
            seen.setdefault(row[dimension], row[f"label:{dimension}"])
        return list(seen.items())

    def columns(self) -> list[tuple]:
        """2-D: the values of the second dimension, as the table's columns."""
        return self.values(self.dimensions[1])

    def column_totals(self) -> list[Figure]:
        return [margin["figure"] for margin in self.margins[self.dimensions[1]]]

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
                "total": totals[value],
            }
            for value, label in self.values(first)
        ]


def figure(
    count: int, hidden: bool, threshold: int, denominator: int | None = None, base_hidden=False
) -> Figure:
    """What may be shown of a count; its share only where the count and its denominator are shown."""
    if hidden:
        return Figure(None, f"<{threshold}", None)
    share = None
    if denominator and not base_hidden:
        share = round(100 * count / denominator, 1)
    return Figure(count, str(count), share)


# Labels and display order of each dimension's values.


def _choice_order(choices) -> dict:
    return {value: ((0, position), str(label)) for position, (value, label) in enumerate(choices)}


def _destination_order(kind: str) -> dict:
    order = _choice_order([(code, label) for code, label, _sector in TOP_LEVEL_DESTINATIONS])
    blank = {"planned": _("nicht erfasst"), "followup": _("nicht bekannt")}.get(kind, _("ohne Angabe"))
    order[""] = ((0, len(order)), blank)
    return order


@lru_cache(maxsize=32)
def _static_order(dimension: str, language: str | None) -> dict:
    """The order and labels of a dimension with fixed values, in one language (built once, not per table:
    the association's comparison builds a table for each of 400 tenants)."""
    if dimension in ("destination", "planned", "followup"):
        return _destination_order(dimension)
    if dimension == "school_type":
        return _choice_order(Organisation.SchoolType.choices)
    if dimension == "qualification":
        return _choice_order(Qualification.choices)
    if dimension == "gender":
        return _choice_order(Gender.choices)
    if dimension == "status":
        return _choice_order(
            [("in_training", _("noch in Ausbildung")), ("left_training", _("nicht mehr in Ausbildung"))]
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
    else:
        order = _static_order(dimension, get_language())
    # Values without a label (no school, no region, an unexpected code) come last.
    unlabelled = _("ohne Angabe")
    return {value: order[value] if value in order else ((1, str(value)), unlabelled) for value in values}


def _sorted_values(labels: dict) -> list:
    return sorted(labels, key=lambda value: labels[value][0])


# Suppressed tables from grouped counts.


def build_1d(tenant: Tenant, dimension: str, counts: dict) -> SuppressedTable:
    threshold = tenant.suppression_threshold
    labels = _labels(tenant, dimension, set(counts))
    values = _sorted_values(labels)
    cells = [counts[value] for value in values]
    result = suppression.suppress_1d(cells, threshold)
    total = sum(cells)
    rows = [
        {
            dimension: value,
            f"label:{dimension}": labels[value][1],
            "figure": figure(count, hidden, threshold, total, result.total_hidden),
        }
        for value, count, hidden in zip(values, cells, result.hidden, strict=True)
    ]
    return SuppressedTable(
        dimensions=[dimension],
        rows=rows,
        total=figure(total, result.total_hidden, threshold),
        threshold=threshold,
    )


def build_2d(tenant: Tenant, dimensions: list[str], counts: dict) -> SuppressedTable:
    threshold = tenant.suppression_threshold
    first, second = dimensions
    first_labels = _labels(tenant, first, {a for a, _b in counts})
    second_labels = _labels(tenant, second, {b for _a, b in counts})
    first_values, second_values = _sorted_values(first_labels), _sorted_values(second_labels)
    matrix = [[counts.get((a, b), 0) for b in second_values] for a in first_values]
    result = suppression.suppress_2d(matrix, threshold)
    row_totals = [sum(row) for row in matrix]
    column_totals = [sum(row[j] for row in matrix) for j in range(len(second_values))]
    total = sum(row_totals)
    rows = [
        {
            first: a,
            f"label:{first}": first_labels[a][1],
            second: b,
            f"label:{second}": second_labels[b][1],
            "figure": figure(
                matrix[i][j], result.hidden[i][j], threshold, row_totals[i], result.row_totals_hidden[i]
            ),
        }
        for i, a in enumerate(first_values)
        for j, b in enumerate(second_values)
    ]

    def margin(dimension, labels, values, totals, hidden):
        return [
            {
                dimension: value,
                f"label:{dimension}": labels[value][1],
                "figure": figure(n, h, threshold, total, result.total_hidden),
            }
            for value, n, h in zip(values, totals, hidden, strict=True)
        ]

    return SuppressedTable(
        dimensions=list(dimensions),
        rows=rows,
        total=figure(total, result.total_hidden, threshold),
        threshold=threshold,
        margins={
            first: margin(first, first_labels, first_values, row_totals, result.row_totals_hidden),
            second: margin(second, second_labels, second_values, column_totals, result.column_totals_hidden),
        },
    )


def _counts(tenant: Tenant, *, years=None, school_id=None):
    counts = CohortCount.objects.for_tenant(tenant)
    if years is not None:
        counts = counts.filter(leaving_year__in=years)
    if school_id is not None:
        counts = counts.filter(school_id=school_id)
    return counts


def table(
    tenant: Tenant, dimensions: list[str], *, years: list[int] | None = None, school_id: int | None = None
) -> SuppressedTable:
    if not 1 <= len(dimensions) <= 2 or len(set(dimensions)) != len(dimensions):
        raise ValueError("a table has one or two different dimensions")
    fields = [DIMENSIONS[d] for d in dimensions]  # KeyError for an unknown dimension
    grouped = (
        _counts(tenant, years=years, school_id=school_id).values(*fields).annotate(n=Sum("count")).order_by()
    )
    if len(dimensions) == 1:
        return build_1d(tenant, dimensions[0], {row[fields[0]]: row["n"] for row in grouped})
    return build_2d(tenant, dimensions, {(row[fields[0]], row[fields[1]]): row["n"] for row in grouped})


def years(tenant: Tenant) -> list[int]:
    return sorted(
        set(CohortCount.objects.for_tenant(tenant).values_list("leaving_year", flat=True).distinct())
    )


def _with_every_destination(counts: dict) -> dict:
    for year in {year for year, _code in counts}:
        for code in TOP_LEVEL_CODES:
            counts.setdefault((year, code), 0)
    return counts


def destinations_by_year(tenant: Tenant, *, school_id: int | None = None) -> SuppressedTable:
    """Years × every top-level destination (zeros included): the one source of the headline figures."""
    grouped = (
        _counts(tenant, school_id=school_id)
        .values("leaving_year", "destination")
        .annotate(n=Sum("count"))
        .order_by()
    )
    counts = {(row["leaving_year"], row["destination"]): row["n"] for row in grouped}
    return build_2d(tenant, ["year", "destination"], _with_every_destination(counts))


def headline_rows(by_year: SuppressedTable) -> list[dict]:
    """The headline figures read off a destinations_by_year table (so both always agree)."""
    cells = {(row["year"], row["destination"]): row["figure"] for row in by_year.rows}
    return [
        {
            "year": line["value"],
            "total": line["total"],
            **{code: cells[(line["value"], code)] for code in HEADLINE_MEASURES},
        }
        for line in by_year.grid()
    ]


def headline(tenant: Tenant, *, school_id: int | None = None) -> list[dict]:
    return headline_rows(destinations_by_year(tenant, school_id=school_id))


def still_in_training(tenant: Tenant, *, school_id: int | None = None) -> SuppressedTable:
    grouped = (
        _counts(tenant, school_id=school_id)
        .filter(destination__in=TRAINING)
        .exclude(followup="")
        .values("leaving_year", "followup")
        .annotate(n=Sum("count"))
        .order_by()
    )
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for row in grouped:
        status = "in_training" if row["followup"] in TRAINING else "left_training"
        counts[(row["leaving_year"], status)] += row["n"]
    for year in {year for year, _status in counts}:
        for status in STATUSES:
            counts.setdefault((year, status), 0)
    return build_2d(tenant, ["year", "status"], dict(counts))


def association_comparison(year: int) -> list[dict]:
    """Read from YearSummary (tenant × year × destination), which every import keeps current.

    The same figures as grouping every CohortCount cell of the year, in a read of ~10 rows per tenant.
    """
    tenants = list(Tenant.objects.active())
    by_tenant: dict[int, dict] = defaultdict(dict)
    summaries = YearSummary.objects.filter(tenant__in=[t.pk for t in tenants], leaving_year=year)
    for tenant_id, destination, n in summaries.values_list("tenant_id", "destination", "count"):
        by_tenant[tenant_id][(year, destination)] = n
    order = _static_order("destination", get_language())
    comparison = []
    for tenant in tenants:
        row = None
        if tenant.pk in by_tenant:
            row = _headline_of_one_year(tenant, year, by_tenant[tenant.pk], order)
        comparison.append({"tenant": tenant, "headline": row})
    return comparison


def _headline_of_one_year(tenant: Tenant, year: int, counts: dict, order: dict) -> dict:
    """headline_rows(build_2d(…))[0] for a table of one year, without its labels and margins.

    The same cells in the same order, the same suppression, the same figures (a test compares both);
    only what the headline needs is formed — 400 tenants make the difference between ~100 and ~40 ms.
    """
    codes = sorted(
        {code for _year, code in _with_every_destination(dict(counts))},
        key=lambda code: order[code][0] if code in order else (1, str(code)),
    )
    cells = [counts.get((year, code), 0) for code in codes]
    threshold = tenant.suppression_threshold
    result = suppression.suppress_2d([cells], threshold)
    total, total_hidden = sum(cells), result.row_totals_hidden[0]
    row = {"year": year, "total": figure(total, total_hidden, threshold, total, result.total_hidden)}
    for code in HEADLINE_MEASURES:
        j = codes.index(code)
        row[code] = figure(cells[j], result.hidden[0][j], threshold, total, total_hidden)
    return row


def association_years() -> list[int]:
    """Leaving years with counts in any active tenant (for the association's year selector)."""
    return sorted(
        set(
            YearSummary.objects.filter(tenant__is_active=True)
            .values_list("leaving_year", flat=True)
            .distinct()
        )
    )
