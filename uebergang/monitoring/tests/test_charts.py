"""Chart specs carry only displayed figures; the include renders them without inline script or style."""

from __future__ import annotations

import json
import re

import pytest
from django.template.loader import render_to_string

from uebergang.monitoring import charts, queries
from uebergang.monitoring.models import CohortCount
from uebergang.network.models import Organisation
from uebergang.test import create_organisation

# Counts that appear nowhere else in the data: if any of them reaches a spec, a hidden cell leaked.
HIDDEN = [3, 4]


def figure(count: int | None, share: float | None = None) -> queries.Figure:
    if count is None:
        return queries.Figure(count=None, display=".", share=None)
    return queries.Figure(count=count, display=str(count), share=share)


def destination_table() -> queries.SuppressedTable:
    cells = [("dual", "Duale Berufsausbildung", 120), ("transition", "Übergangsbereich", None)]
    cells += [("unknown", "Verbleib unbekannt", None), ("higher_ed", "Studium", 40)]
    rows = [
        {"destination": code, "label:destination": label, "figure": figure(count, 10.0 if count else None)}
        for code, label, count in cells
    ]
    return queries.SuppressedTable(dimensions=["destination"], rows=rows, total=figure(167), threshold=5)


def suppressed_data(spec: dict) -> list[dict]:
    return [datum for datum in spec["data"]["values"] if datum["display"] == "."]


def test_bar_spec_is_vega_lite_json_with_labels_and_displayed_figures_only():
    spec = charts.bar(destination_table(), x="destination", title="Verbleib 2025")

    assert json.loads(json.dumps(spec)) == spec
    assert spec["$schema"].endswith("/vega-lite/v6.json")
    assert spec["title"] == "Verbleib 2025"
    assert spec["data"]["values"][0] == {
        "destination": "Duale Berufsausbildung",
        "display": "120",
        "count": 120,
        "share": 10.0,
    }
    hidden = suppressed_data(spec)
    assert [d["destination"] for d in hidden] == ["Übergangsbereich", "Verbleib unbekannt"]
    assert all(d["count"] is None and d["share"] is None for d in hidden)
    # The "<5" is drawn as a label, so a hidden cell reads as hidden, not as zero.
    text_layer = spec["layer"][1]
    assert text_layer["mark"]["type"] == "text"
    assert text_layer["encoding"]["text"]["field"] == "display"


def test_stacked_percent_stacks_the_shown_shares_in_table_order():
    rows = []
    for year in (2024, 2025):
        for code, label, count in [("dual", "Dual", 60), ("work", "Arbeit", None), ("other", "Sonst", 30)]:
            rows.append(
                {
                    "year": year,
                    "label:year": str(year),
                    "destination": code,
                    "label:destination": label,
                    "figure": figure(count, count / 1.0 if count else None),
                }
            )
    table = queries.SuppressedTable(["year", "destination"], rows, figure(200), 5)

    spec = charts.bar(table, x="year", color="destination", title="Anteile", stacked_percent=True)

    bars = spec["layer"][0]
    assert bars["encoding"]["y"]["field"] == "share"
    assert bars["encoding"]["y"]["stack"] == "zero"  # not re-normalised: the hidden part stays a gap
    order = 'indexof(["Dual", "Arbeit", "Sonst", "geheim"], datum.destination)'
    assert bars["transform"][0]["calculate"] == order
    assert {d["year"] for d in spec["data"]["values"]} == {"2024", "2025"}
    assert all(d["share"] is None for d in suppressed_data(spec))
    # No unexplained gap: the hidden part of each bar is a grey "geheim" segment, and a caption says so.
    secret = [d for d in spec["data"]["values"] if d["destination"] == "geheim"]
    assert [(d["year"], d["share"], d["count"]) for d in secret] == [
        ("2024", 10.0, None),
        ("2025", 10.0, None),
    ]
    assert bars["encoding"]["color"]["scale"]["range"][-1] == charts.SUPPRESSED_FILL
    assert "geheim" in spec["usermeta"]["omitted"]


def test_bar_refuses_a_dimension_the_table_does_not_have():
    with pytest.raises(ValueError):
        charts.bar(destination_table(), x="school", title="Schulen")


def test_trend_breaks_the_line_where_a_share_is_suppressed():
    rows = [
        {"year": 2024, "total": figure(200), "dual": figure(80, 40.0), "transition": figure(None)},
        {"year": 2025, "total": figure(210), "dual": figure(84, 40.0), "transition": figure(21, 10.0)},
    ]
    spec = charts.trend(rows, measures=["dual", "transition"], title="Kennzahlen")

    assert spec["mark"]["invalid"] == "break-paths-show-domains"
    assert spec["data"]["values"][1] == {
        "year": "2024",
        "measure": "Übergangsbereich",
        "display": ".",
        "count": None,
        "share": None,
    }
    assert "Verdeckte Werte" in spec["usermeta"]["omitted"]
    assert json.loads(json.dumps(spec)) == spec


def test_flow_labels_every_cell_and_leaves_suppressed_ones_grey():
    rows = [
        {
            "planned": planned,
            "label:planned": planned.title(),
            "destination": actual,
            "label:destination": actual.title(),
            "figure": figure(count),
        }
        for planned, actual, count in [
            ("dual", "dual", 50),
            ("dual", "unknown", None),
            ("transition", "dual", None),
            ("transition", "unknown", 9),
        ]
    ]
    spec = charts.flow(queries.SuppressedTable(["planned", "destination"], rows, figure(63), 5), title="F")

    background, cells, labels = spec["layer"]
    assert background["mark"]["color"] == charts.SUPPRESSED_FILL
    assert cells["encoding"]["color"]["field"] == "count"
    assert labels["encoding"]["text"]["field"] == "display"
    assert spec["encoding"]["x"]["title"] == "tatsächlicher Anschluss"
    assert [d["display"] for d in spec["data"]["values"]] == ["50", ".", ".", "9"]


@pytest.mark.django_db
def test_specs_from_real_tables_never_carry_a_hidden_count(cast):
    """Built from CohortCount rows through queries.table: the small cells and their partners are gone."""
    tenant = cast.tenant_a
    school = create_organisation(
        tenant,
        "Gesamtschule Nord",
        kind=Organisation.Kind.SCHOOL,
        school_type=Organisation.SchoolType.values[0],
    )
    counts = {
        (2024, "dual"): 121,
        (2024, "transition"): HIDDEN[0],
        (2024, "unknown"): 57,
        (2025, "dual"): 133,
        (2025, "transition"): 64,
        (2025, "unknown"): HIDDEN[1],
    }
    CohortCount.objects.bulk_create(
        CohortCount(
            tenant=tenant,
            origin=CohortCount.Origin.TABLE,
            leaving_year=year,
            school=school,
            destination=destination,
            planned="dual",
            count=count,
        )
        for (year, destination), count in counts.items()
    )
    by_year = queries.table(tenant, ["year", "destination"])
    by_destination = queries.table(tenant, ["destination"], years=[2024])
    flow_table = queries.table(tenant, ["planned", "destination"], years=[2024])
    shown = {row["figure"].count for t in (by_year, by_destination, flow_table) for row in t.rows}

    specs = [
        charts.bar(by_year, x="year", color="destination", title="Jahre"),
        charts.bar(by_year, x="year", color="destination", title="Anteile", stacked_percent=True),
        charts.bar(by_destination, x="destination", title="2024"),
        charts.trend(queries.headline(tenant), measures=["dual", "transition", "unknown"], title="Trend"),
        charts.flow(flow_table, title="Fluss"),
    ]

    for spec in specs:
        data = spec["data"]["values"]
        assert json.loads(json.dumps(spec)) == spec
        assert suppressed_data(spec), f"{spec['title']}: the small cells must show as '.'"
        assert spec["usermeta"]["omitted"]
        for datum in suppressed_data(spec):
            assert datum["count"] is None and datum["share"] is None, datum
        counts_shown = {d["count"] for d in data if d["count"] is not None}
        assert not counts_shown & set(HIDDEN), f"{spec['title']} leaks a hidden count"
        # No other numbers ride along: labels are text, ids never enter a chart.
        for datum in data:
            assert all(isinstance(v, str) for k, v in datum.items() if k not in {"count", "share"}), datum
    assert not shown & set(HIDDEN)


def test_include_renders_the_spec_as_data_and_a_labelled_figure():
    spec = charts.bar(destination_table(), x="destination", title="Verbleib 2025")

    html = render_to_string("monitoring/includes/chart.html", {"spec": spec, "chart_id": "verbleib-2025"})

    data = re.search(r'<script id="verbleib-2025" type="application/json">(.*?)</script>', html, re.S)
    assert data and json.loads(data.group(1)) == spec
    assert '<figure class="chart" data-spec-id="verbleib-2025" role="img"' in html
    assert 'aria-label="Diagramm: Verbleib 2025.' in html
    # No inline script or style: every script is either a file or JSON data.
    for tag in re.findall(r"<script[^>]*>", html):
        assert " src=" in tag or 'type="application/json"' in tag, tag
        if " src=" in tag:
            assert "defer" in tag and "/static/" in tag
    assert "style=" not in html and "<style" not in html
    assert "http://" not in html and "https://" not in html.replace(charts.SCHEMA, "")
    assert '<p class="meta chart-caption">Verdeckte Werte' in html
