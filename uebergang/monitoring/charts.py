"""Vega-Lite chart specifications built from suppressed tables.

INTERFACE (implemented by the charts work; dashboards call only these names):

    def bar(table: SuppressedTable, *, x: str, color: str | None = None, title: str,
            stacked_percent: bool = False) -> dict
    def trend(rows: list[dict], *, measures: list[str], title: str) -> dict   # headline rows over years
    def flow(table: SuppressedTable, *, title: str) -> dict                   # planned × actual

Each returns a Vega-Lite spec (a plain dict) whose data are the DISPLAYED figures only (hidden cells
carry no number, their display is "."). No gap stays unexplained: stacked shares get a grey "geheim"
segment for what the hidden cells of a bar add up to, and every chart with a hidden figure carries a
caption (`usermeta.omitted`, rendered under the chart) saying what it leaves out. Templates render a chart with
    {% include "monitoring/includes/chart.html" with spec=spec chart_id="..." %}
which embeds the spec as <script type="application/json"> (allowed by the CSP: it is not executed) and
a <figure> that static/js/charts.js turns into a chart with the vendored Vega-Embed, using the
CSP-safe expression interpreter. The data table under each chart is rendered by the page itself.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from .models import TOP_LEVEL_DESTINATIONS

if TYPE_CHECKING:
    from .queries import Figure, SuppressedTable

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"

# Okabe–Ito's colour-blind-safe palette, darker tones first, then Tol's wine and two greys. Light
# tones (sky blue, yellow) only come from the sixth category on, and every mark gets a dark outline,
# so each shape keeps a 3:1 contrast against the white page (WCAG 1.4.11) whatever its fill.
PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#56B4E9",
    "#882255",
    "#F0E442",
    "#6E6E6E",
    "#BBBBBB",
]
OUTLINE = "#1A1A1A"
# Sequential, colour-blind-safe single-hue ramp for the flow heatmap (interpolated in RGB from zero):
# from 76 % of the largest count on, white labels reach 4.5:1 on it; below, black labels do.
HEATMAP_RANGE = ["#EFF3FF", "#08519C"]
DARK_CELL_FROM = 0.76
# Cells without a figure are light grey; so is the "geheim" segment of a stacked bar.
SUPPRESSED_FILL = "#E4E4E4"

# Whole percent on axes; static/js/charts.js sets the German number locale (decimal comma).
SHARE_FORMAT = ".0f"


def dimension_titles() -> dict[str, str]:
    """Axis and legend titles of the public dimensions (queries.DIMENSIONS)."""
    return {
        "year": _("Abgangsjahr"),
        "school": _("Schule"),
        "school_type": _("Schulart"),
        "qualification": _("Abschluss"),
        "gender": _("Geschlecht"),
        "region": _("Wohnregion"),
        "destination": _("Anschluss"),
        "planned": _("geplanter Anschluss"),
        "followup": _("Verbleib nach einem Jahr"),
    }


def measure_titles() -> dict[str, str]:
    """Names of the headline measures (queries.headline keys)."""
    titles = {code: str(label) for code, label, _sector in TOP_LEVEL_DESTINATIONS}
    titles["total"] = _("Schulabgänger/innen insgesamt")
    titles["dual"] = _("Duale Berufsausbildung")
    titles["transition"] = _("Übergangsbereich")
    titles["unknown"] = _("Verbleib unbekannt")
    return titles


def _figure_fields(figure: Figure) -> dict[str, Any]:
    """What a chart may know of a figure: its display text, and numbers only when it is shown."""
    if figure.count is None:
        return {"display": figure.display, "count": None, "share": None}
    return {"display": figure.display, "count": figure.count, "share": figure.share}


def omitted_caption() -> str:
    return _(
        "Verdeckte Werte („.“, Zahlenwert geheim zu halten) sind nicht als Zahl dargestellt; "
        "in gestapelten Balken steht ihr Anteil zusammen als grauer Abschnitt „geheim“."
    )


def _with_caption(spec: dict[str, Any], values: list[dict[str, Any]]) -> dict[str, Any]:
    if any(datum.get("count") is None and datum.get("display") for datum in values):
        spec["usermeta"] = {"omitted": omitted_caption()}
    return spec


def _secret_segments(table: SuppressedTable, x: str, color: str) -> list[dict[str, Any]]:
    """Per bar of shares: what its hidden cells add up to (100 − the shown shares), as "geheim"."""
    shown: dict[str, float] = {}
    hidden: set[str] = set()
    for row in table.rows:
        label = str(row[f"label:{x}"])
        share = row["figure"].share
        shown[label] = shown.get(label, 0.0) + (share or 0.0)
        if row["figure"].count is None:
            hidden.add(label)
    return [
        {
            x: label,
            color: _("geheim"),
            "display": _("geheim"),
            "count": None,
            "share": round(max(0.0, 100 - shown[label]), 1),
        }
        for label in shown
        if label in hidden
    ]


def _values(table: SuppressedTable) -> list[dict[str, Any]]:
    """One datum per cell: the labels of its dimensions (never ids) and the displayed figure."""
    values = []
    for row in table.rows:
        datum = {dimension: str(row[f"label:{dimension}"]) for dimension in table.dimensions}
        datum.update(_figure_fields(row["figure"]))
        values.append(datum)
    return values


def base(title: str, values: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "title": title,
        "description": title,
        "data": {"values": values},
        "config": {
            # The figure around the chart is the accessible image (role="img", labelled by the title)
            # and the page's table carries the figures; ARIA on every mark would only repeat them.
            "aria": False,
            "font": "system-ui, sans-serif",
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 240},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 240},
            "title": {"fontSize": 14, "anchor": "start"},
            "view": {"stroke": None},
        },
    }


def _check_dimension(table: SuppressedTable, dimension: str) -> None:
    if dimension not in table.dimensions:
        raise ValueError(f"{dimension!r} is not a dimension of this table ({table.dimensions})")


def bar(
    table: SuppressedTable,
    *,
    x: str,
    color: str | None = None,
    title: str,
    stacked_percent: bool = False,
) -> dict:
    """Bars of the counts by `x` (grouped by `color`), or, stacked, the shares of `color` within `x`.

    Years stand as columns; other categories (schools, destinations …) lie as rows, whose labels stay
    readable however long. Hidden cells draw no bar; single bars carry their display text ("." where
    hidden) as a label, so a hidden cell is visibly hidden rather than zero; stacked shares show the
    hidden part of each bar as one grey "geheim" segment.
    """
    _check_dimension(table, x)
    if color is not None:
        _check_dimension(table, color)
    if stacked_percent and color is None:
        raise ValueError("stacked_percent needs a colour dimension")
    titles = dimension_titles()
    vertical = x == "year"
    category_channel, value_channel = ("x", "y") if vertical else ("y", "x")
    offset_channel = "xOffset" if vertical else "yOffset"

    category = {
        "field": x,
        "type": "ordinal" if vertical else "nominal",
        "sort": None,
        "title": titles.get(x, x),
    }
    if vertical:
        category["axis"] = {"labelAngle": 0}
    measure_field = "share" if stacked_percent else "count"
    value: dict[str, Any] = {
        "field": measure_field,
        "type": "quantitative",
        "title": _("Anteil in %") if stacked_percent else _("Anzahl"),
    }
    if stacked_percent:
        # The shares as shown, not re-normalised: a suppressed cell stays a visible gap.
        value["stack"] = "zero"
        value["scale"] = {"domain": [0, 100]}
        value["axis"] = {"format": SHARE_FORMAT}
    else:
        value["stack"] = None

    tooltip = [{"field": x, "type": "nominal", "title": titles.get(x, x)}]
    encoding: dict[str, Any] = {category_channel: category, value_channel: value}
    if color is not None:
        tooltip.append({"field": color, "type": "nominal", "title": titles.get(color, color)})
        encoding["color"] = {
            "field": color,
            "type": "nominal",
            "sort": None,
            "title": titles.get(color, color),
            "scale": {"range": PALETTE},
            "legend": {"orient": "bottom", "columns": 2},
        }
        if not stacked_percent:
            encoding[offset_channel] = {"field": color, "type": "nominal", "sort": None}
    tooltip.append({"field": "display", "type": "nominal", "title": _("Anzahl")})
    if stacked_percent:
        tooltip.append(
            {"field": "share", "type": "quantitative", "title": _("Anteil in %"), "format": SHARE_FORMAT}
        )
    encoding["tooltip"] = tooltip

    bars: dict[str, Any] = {
        "mark": {"type": "bar", "stroke": OUTLINE, "strokeWidth": 0.5},
        "encoding": encoding,
    }
    if stacked_percent:
        # Stack in the order of the table (and the legend), first category at the baseline.
        order = [*dict.fromkeys(str(row[f"label:{color}"]) for row in table.rows), _("geheim")]
        palette = [PALETTE[i % len(PALETTE)] for i in range(len(order) - 1)]
        encoding["color"]["scale"] = {"domain": order, "range": [*palette, SUPPRESSED_FILL]}
        bars["transform"] = [
            {"calculate": f"indexof({json.dumps(order)}, datum.{color})", "as": "stack_order"}
        ]
        encoding["order"] = {"field": "stack_order", "type": "quantitative"}
    if color is None:
        bars["mark"]["color"] = PALETTE[0]
    layers: list[dict[str, Any]] = [bars]
    if not stacked_percent:
        label_encoding = {
            category_channel: category,
            value_channel: {"field": "label_position", "type": "quantitative", "stack": None},
            "text": {"field": "display", "type": "nominal"},
        }
        if color is not None:
            label_encoding[offset_channel] = encoding[offset_channel]
        layers.append(
            {
                # Hidden cells have no count: their "." stands at the baseline.
                "transform": [
                    {"calculate": "isValid(datum.count) ? datum.count : 0", "as": "label_position"}
                ],
                "mark": {
                    "type": "text",
                    "align": "center" if vertical else "left",
                    "baseline": "bottom" if vertical else "middle",
                    "dx": 0 if vertical else 4,
                    "dy": -3 if vertical else 0,
                    "fontSize": 11,
                    "color": OUTLINE,
                },
                "encoding": label_encoding,
            }
        )

    values = _values(table)
    if stacked_percent:
        values += _secret_segments(table, x, color)
    spec = _with_caption(base(title, values), values)
    spec["layer"] = layers
    spec["width"] = "container"
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    if vertical:
        spec["height"] = 280
    else:
        # A fixed band per category (a step height would clash with the container width).
        categories = len({str(row[f"label:{x}"]) for row in table.rows})
        grouped = len({str(row[f"label:{color}"]) for row in table.rows}) if offset_channel in encoding else 1
        spec["height"] = max(1, categories) * (24 if grouped == 1 else 6 + 14 * grouped)
    return spec


def trend(rows: list[dict], *, measures: list[str], title: str) -> dict:
    """Lines of the headline shares (percent of each year's leavers) over the years.

    A suppressed share is absent from the data: its line breaks there instead of being drawn to zero.
    """
    titles = measure_titles()
    values = []
    for row in rows:
        for measure in measures:
            figure = row[measure]
            datum = {"year": str(row["year"]), "measure": titles.get(measure, measure)}
            datum.update(_figure_fields(figure))
            values.append(datum)
    measure_order = [titles.get(measure, measure) for measure in measures]
    encoding = {
        "x": {
            "field": "year",
            "type": "ordinal",
            "sort": None,
            "title": _("Abgangsjahr"),
            "axis": {"labelAngle": 0},
        },
        "y": {
            "field": "share",
            "type": "quantitative",
            "title": _("Anteil in %"),
            "axis": {"format": SHARE_FORMAT},
        },
        "color": {
            "field": "measure",
            "type": "nominal",
            "sort": measure_order,
            "title": _("Kennzahl"),
            "scale": {"range": PALETTE},
            "legend": {"orient": "bottom", "columns": 1},
        },
        # Shapes beside colours: the lines stay apart without colour vision; one merged legend.
        "shape": {"field": "measure", "type": "nominal", "sort": measure_order, "title": _("Kennzahl")},
        "tooltip": [
            {"field": "year", "type": "nominal", "title": _("Abgangsjahr")},
            {"field": "measure", "type": "nominal", "title": _("Kennzahl")},
            {"field": "share", "type": "quantitative", "title": _("Anteil in %"), "format": ".1f"},
            {"field": "display", "type": "nominal", "title": _("Anzahl")},
        ],
    }
    spec = _with_caption(base(title, values), values)
    spec["mark"] = {
        "type": "line",
        "point": {"filled": True, "size": 60},
        "strokeWidth": 2.5,
        "invalid": "break-paths-show-domains",
    }
    spec["encoding"] = encoding
    spec["width"] = "container"
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    spec["height"] = 280
    return spec


def flow(table: SuppressedTable, *, title: str) -> dict:
    """Planned against actual destination as a heatmap: rows the first dimension, columns the second.

    Every cell is labelled with its display text; hidden cells stay light grey with ".".
    """
    if len(table.dimensions) != 2:
        raise ValueError("flow needs a table of two dimensions (planned × actual)")
    rows_dimension, columns_dimension = table.dimensions
    titles = dimension_titles()
    titles["destination"] = _("tatsächlicher Anschluss")
    position = {
        "x": {
            "field": columns_dimension,
            "type": "nominal",
            "sort": None,
            "title": titles.get(columns_dimension, columns_dimension),
            "axis": {"orient": "top", "labelAngle": -40, "labelAlign": "left"},
        },
        "y": {
            "field": rows_dimension,
            "type": "nominal",
            "sort": None,
            "title": titles.get(rows_dimension, rows_dimension),
        },
    }
    tooltip = [
        {"field": rows_dimension, "type": "nominal", "title": titles.get(rows_dimension)},
        {"field": columns_dimension, "type": "nominal", "title": titles.get(columns_dimension)},
        {"field": "display", "type": "nominal", "title": _("Anzahl")},
    ]
    values = _values(table)
    spec = _with_caption(base(title, values), values)
    spec["encoding"] = position
    spec["layer"] = [
        {
            "mark": {"type": "rect", "color": SUPPRESSED_FILL, "stroke": "#FFFFFF", "strokeWidth": 1},
        },
        {
            "mark": {"type": "rect", "stroke": "#FFFFFF", "strokeWidth": 1},
            "encoding": {
                "color": {
                    "field": "count",
                    "type": "quantitative",
                    "title": _("Anzahl"),
                    "scale": {"range": HEATMAP_RANGE, "interpolate": "rgb", "zero": True},
                    "legend": {"orient": "bottom"},
                },
                "tooltip": tooltip,
            },
        },
        {
            "transform": [
                {"joinaggregate": [{"op": "max", "field": "count", "as": "largest"}]},
                {
                    "calculate": f"isValid(datum.count) && datum.count >= {DARK_CELL_FROM} * datum.largest",
                    "as": "dark_cell",
                },
            ],
            "mark": {"type": "text", "fontSize": 12},
            "encoding": {
                "text": {"field": "display", "type": "nominal"},
                # Dark cells of the ramp take white text, all others black: 4.5:1 either way.
                "color": {
                    "condition": {"test": "datum.dark_cell", "value": "#FFFFFF"},
                    "value": "#000000",
                },
            },
        },
    ]
    spec["width"] = {"step": 64}
    spec["height"] = {"step": 30}
    return spec
