"""Vega-Lite chart specifications built from suppressed tables.

INTERFACE (implemented by the charts work; dashboards call only these names):

    def bar(table: SuppressedTable, *, x: str, color: str | None = None, title: str,
            stacked_percent: bool = False) -> dict
    def trend(rows: list[dict], *, measures: list[str], title: str) -> dict   # headline rows over years
    def flow(table: SuppressedTable, *, title: str) -> dict                   # planned × actual

Each returns a Vega-Lite spec (a plain dict) whose data are the DISPLAYED figures only (suppressed
cells carry no number). Templates render a chart with
    {% include "monitoring/includes/chart.html" with spec=spec chart_id="..." %}
which embeds the spec as <script type="application/json"> (allowed by the CSP: it is not executed) and
a <figure> that static/js/charts.js turns into a chart with the vendored Vega-Embed, using the
CSP-safe expression interpreter. The data table under each chart is rendered by the page itself.
"""

from __future__ import annotations
