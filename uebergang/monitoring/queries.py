"""Suppressed figures for dashboards, exports and the API — read from CohortCount only.

INTERFACE (implemented by the dashboards work; other parts call only these names):

    DIMENSIONS: dict[str, str]
        public dimension name → CohortCount field: "year", "school", "school_type", "qualification",
        "gender", "region", "destination", "planned", "followup".

    @dataclass(frozen=True) class Figure:
        count: int | None        # None when suppressed
        display: str             # "12", "<5" (threshold of the tenant) — what every page, export, API shows
        share: float | None      # share of the row/table total in percent, None when suppressed

    @dataclass class SuppressedTable:
        dimensions: list[str]
        rows: list[dict]         # one dict per cell: {<dimension>: value, ..., "label:<dimension>": label,
                                 #  "figure": Figure}
        total: Figure
        threshold: int

    def table(tenant, dimensions: list[str], *, years: list[int] | None = None,
              school_id: int | None = None) -> SuppressedTable
        Counts by one or two dimensions (plus "year" allowed as one of them), primary and secondary
        suppression applied (uebergang.monitoring.suppression).

    def headline(tenant, *, school_id: int | None = None) -> list[dict]
        Per year: {"year": y, "total": Figure, "dual": Figure, "transition": Figure, "unknown": Figure}
        (shares in percent of the year's total; suppressed where the numerator is below threshold).

    def association_comparison(year: int) -> list[dict]
        Per active tenant: {"tenant": Tenant, "headline": <that tenant's headline row for year>} built only
        from suppressed figures.
"""

from __future__ import annotations
