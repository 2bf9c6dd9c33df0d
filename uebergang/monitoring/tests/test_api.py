"""The monitoring API answers with the same suppressed figures as the dashboards, and only to the tenant's own."""

from __future__ import annotations

import pytest

from uebergang.accounts.models import Membership
from uebergang.monitoring import queries
from uebergang.monitoring.models import CohortCount
from uebergang.network.models import Organisation
from uebergang.test import create_organisation

pytestmark = pytest.mark.django_db

HEADLINE = "/api/v1/{slug}/monitoring/headline"
TABLE = "/api/v1/{slug}/monitoring/table"
# Small counts that appear nowhere else, so their absence from an answer proves the suppression.
HIDDEN = 3


def school_of(tenant, name: str) -> Organisation:
    return create_organisation(
        tenant, name, kind=Organisation.Kind.SCHOOL, school_type=Organisation.SchoolType.values[0]
    )


@pytest.fixture
def counts(cast):
    """Two schools of A over two years; one small cell (3) in 2025."""
    north, south = school_of(cast.tenant_a, "Schule Nord"), school_of(cast.tenant_a, "Schule Süd")
    cells = {
        (2024, north, "dual"): 41,
        (2024, north, "transition"): 22,
        (2024, south, "dual"): 37,
        (2024, south, "unknown"): 18,
        (2025, north, "dual"): 45,
        (2025, north, "transition"): HIDDEN,
        (2025, south, "dual"): 39,
        (2025, south, "unknown"): 26,
        (2025, south, "transition"): 29,
    }
    CohortCount.objects.bulk_create(
        CohortCount(
            tenant=cast.tenant_a,
            origin=CohortCount.Origin.TABLE,
            leaving_year=year,
            school=school,
            destination=destination,
            count=count,
        )
        for (year, school, destination), count in cells.items()
    )
    return {"north": north, "south": south}


def as_json(figure: queries.Figure | None) -> dict | None:
    if figure is None:
        return None
    return {
        "suppressed": figure.hidden,
        "display": figure.display,
        "count": figure.count,
        "share": figure.share,
    }


def test_table_equals_the_suppressed_figures_of_queries(client, cast, counts):
    client.force_login(cast.steering)

    response = client.get(TABLE.format(slug="kreis-a"), {"dimensions": "year,destination", "year": 2025})

    assert response.status_code == 200
    body = response.json()
    expected = queries.table(cast.tenant_a, ["year", "destination"], years=[2025])
    assert body["dimensions"] == ["year", "destination"]
    assert body["threshold"] == 5
    assert body["years"] == [2025]
    assert body["total"] == as_json(expected.total)
    assert body["cells"] == [
        {
            "keys": {"year": row["year"], "destination": row["destination"]},
            "labels": {"year": str(row["label:year"]), "destination": str(row["label:destination"])},
            "figure": as_json(row["figure"]),
        }
        for row in expected.rows
    ]
    transition = next(c for c in body["cells"] if c["keys"]["destination"] == "transition")
    # 3 + 29 = 32 is shown per destination; the 3 of school north hides only per school (next test).
    assert transition["figure"]["count"] == 32


def test_hidden_cells_are_suppressed_without_a_value_and_the_count_never_appears(client, cast, counts):
    client.force_login(cast.coordinator)

    response = client.get(
        TABLE.format(slug="kreis-a"),
        {"dimensions": "school,destination", "year": 2025},
    )

    assert response.status_code == 200
    cells = response.json()["cells"]
    small = [c for c in cells if c["keys"] == {"school": counts["north"].pk, "destination": "transition"}]
    assert small and small[0]["figure"] == {"suppressed": True, "display": ".", "count": None, "share": None}
    suppressed = [c for c in cells if c["figure"]["suppressed"]]
    assert len(suppressed) >= 2, "secondary suppression hides a second cell of the school"
    assert all(c["figure"]["count"] is None and c["figure"]["share"] is None for c in suppressed)
    assert all(c["figure"]["count"] != HIDDEN for c in cells)


def test_a_school_filter_narrows_to_that_school(client, cast, counts):
    client.force_login(cast.coordinator)

    response = client.get(
        TABLE.format(slug="kreis-a"), {"dimensions": "destination", "school": counts["south"].pk}
    )

    assert response.status_code == 200
    assert response.json()["school"] == counts["south"].pk
    expected = queries.table(cast.tenant_a, ["destination"], school_id=counts["south"].pk)
    assert response.json()["total"] == as_json(expected.total)
    # Another breakdown of one school is not part of the protected set: a structured 422.
    response = client.get(
        TABLE.format(slug="kreis-a"), {"dimensions": "gender,destination", "school": counts["south"].pk}
    )
    assert response.status_code == 422
    assert "nur „year“ und „destination“" in str(response.json())


def test_several_years_are_never_added(client, cast, counts):
    client.force_login(cast.coordinator)
    response = client.get(TABLE.format(slug="kreis-a"), {"dimensions": "destination", "year": [2024, 2025]})
    assert response.status_code == 422
    body = client.get(TABLE.format(slug="kreis-a"), {"dimensions": "year"}).json()
    assert body["total"] is None and [c["keys"]["year"] for c in body["cells"]] == [2024, 2025]


def test_headline_per_year(client, cast, counts):
    client.force_login(cast.partner)

    response = client.get(HEADLINE.format(slug="kreis-a"))

    assert response.status_code == 200
    body = response.json()
    expected = queries.headline(cast.tenant_a)
    assert [row["year"] for row in body["years"]] == [row["year"] for row in expected] == [2024, 2025]
    for got, want in zip(body["years"], expected, strict=True):
        for key in ("total", "dual", "transition", "unknown"):
            assert got[key] == as_json(want[key])
    assert body["years"][0]["total"]["count"] == 118


@pytest.mark.parametrize(
    "dimensions, problem",
    [
        ("year,schulform", "unknown_dimension"),
        ("year,destination,gender", "dimension_count"),
        ("destination,destination", "dimension_count"),
        ("", "dimension_count"),
        ("gender,region", "table_not_offered"),
    ],
)
def test_bad_dimensions_get_a_structured_german_error(client, cast, dimensions, problem):
    client.force_login(cast.coordinator)

    response = client.get(TABLE.format(slug="kreis-a"), {"dimensions": dimensions})

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [issue["type"] for issue in detail] == [problem]
    assert detail[0]["loc"] == ["query", "dimensions"]
    if problem == "unknown_dimension":
        assert detail[0]["msg"].startswith("Unbekannte Dimension: schulform. Möglich sind: year, school")
    elif problem == "table_not_offered":
        assert detail[0]["msg"].startswith("Zwei Dimensionen nur mit „destination“ oder „year“")
    else:
        assert detail[0]["msg"] == "Bitte eine oder zwei verschiedene Dimensionen angeben."


def test_partner_sees_the_tenant_and_only_its_own_school(client, cast, counts):
    own = counts["north"]
    Membership.objects.filter(user=cast.partner, tenant=cast.tenant_a).update(organisation=own)
    client.force_login(cast.partner)
    url = TABLE.format(slug="kreis-a")

    assert client.get(url, {"dimensions": "destination"}).status_code == 200
    assert client.get(url, {"dimensions": "destination", "school": own.pk}).status_code == 200
    other = client.get(url, {"dimensions": "destination", "school": counts["south"].pk})
    assert other.status_code == 403
    assert "eigenen Schule" in other.json()["detail"]
    assert client.get(HEADLINE.format(slug="kreis-a"), {"school": counts["south"].pk}).status_code == 403
    by_school = client.get(url, {"dimensions": "school"})
    assert by_school.status_code == 403
    assert "Schule Süd" not in by_school.content.decode()


def test_a_school_of_another_tenant_is_not_found(client, cast, counts):
    school_b = school_of(cast.tenant_b, "Schule in B")
    client.force_login(cast.coordinator)

    response = client.get(TABLE.format(slug="kreis-a"), {"dimensions": "destination", "school": school_b.pk})

    assert response.status_code == 404


@pytest.mark.parametrize("path", [HEADLINE, TABLE])
def test_other_tenants_outsiders_and_anonymous_are_refused(client, cast, counts, path):
    url = path.format(slug="kreis-a")
    assert client.get(url).status_code == 401
    for user in (cast.coordinator_b, cast.outsider, cast.association, cast.case_worker):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 403, user
        assert "Schule Nord" not in response.content.decode()
        client.logout()
    client.force_login(cast.coordinator)
    assert client.get(path.format(slug="gibt-es-nicht")).status_code == 404


def test_openapi_documents_the_paths_and_the_suppressed_figure(client, db):
    document = client.get("/api/v1/openapi.json").json()

    assert {"/api/v1/{tenant}/monitoring/headline", "/api/v1/{tenant}/monitoring/table"} <= set(
        document["paths"]
    )
    table = document["paths"]["/api/v1/{tenant}/monitoring/table"]["get"]
    assert {"200", "401", "403", "404", "422"} <= set(table["responses"])
    parameters = {p["name"] for p in table["parameters"]}
    assert {"tenant", "dimensions", "year", "school"} <= parameters
    figure = document["components"]["schemas"]["FigureOut"]
    assert set(figure["properties"]) == {"suppressed", "display", "count", "share"}
    assert "Zahlenwert geheim zu halten" in figure["properties"]["suppressed"]["description"]
    assert "Zahlenwert geheim zu halten" in table["description"]


def test_the_openapi_document_stays_consistent(client, db):
    """Every schema reference resolves; a table's total may be null (tables by year)."""
    import json
    import re

    document = client.get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    references = set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(document)))
    assert references and references <= set(schemas)
    total = schemas["TableOut"]["properties"]["total"]
    assert {"type": "null"} in total["anyOf"]
