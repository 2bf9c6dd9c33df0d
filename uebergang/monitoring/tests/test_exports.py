"""Exports show exactly the page's figures: "." for hidden cells with the legend, never the hidden number;
formulas neutralised; partners only their own school."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from uebergang.monitoring.tests.test_dashboards import count, create_schools_with_counts
from uebergang.monitoring.views.dashboards import TABLE_NAMES, table_specs
from uebergang.network.models import Organisation
from uebergang.test import create_organisation

BASE = "/kreis-a/intern/monitoring/export/"


@pytest.fixture
def schools(cast):
    return create_schools_with_counts(cast)


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_every_table_name_has_a_spec():
    assert sorted(TABLE_NAMES) == sorted(table_specs())


def test_csv_shows_the_mark_and_the_legend_never_the_hidden_number(client, cast, schools):
    client.force_login(cast.coordinator)
    response = client.get(BASE + "schule.csv", {"jahr": "2025"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="schule-2025.csv"'
    rows = read_csv(response)
    assert rows[0][0] == "Schule / Anschluss" and rows[0][-1] == "Insgesamt"
    by_school = {row[0]: row for row in rows[1:] if row}
    assert "." in by_school["Realschule Nord"]
    assert "<5" not in str(rows)
    assert "2" not in by_school["Realschule Nord"]
    assert "3" not in by_school["Gymnasium Süd"]
    assert by_school["Insgesamt"][-1] == "153"
    assert rows[-1][0].startswith("„.“ = Zahlenwert geheim zu halten")  # the legend as a note line


def test_a_table_by_year_has_no_total_across_years(client, cast, schools):
    client.force_login(cast.coordinator)
    rows = read_csv(client.get(BASE + "verbleib-nach-jahr.csv"))
    assert [row[0] for row in rows[1:3]] == ["2024", "2025"]
    assert "Insgesamt" not in [row[0] for row in rows if row]
    assert any("Unvollständig: Für 2024" in row[0] for row in rows if row)


def test_xlsx_shows_the_mark_as_text_and_the_legend(client, cast, schools):
    client.force_login(cast.steering)
    response = client.get(BASE + "geschlecht.xlsx", {"jahr": "2025"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "." in values
    assert any(isinstance(v, str) and v.startswith("„.“ = Zahlenwert geheim zu halten") for v in values)
    assert 2 not in values and 3 not in values
    assert 153 in values  # shown counts stay numbers


def test_a_partner_exports_its_own_school_but_not_the_by_school_table(client, cast, schools):
    own, other = schools
    client.force_login(cast.partner)
    rows = read_csv(client.get(BASE + "verbleib-nach-jahr.csv", {"schule": own.pk}))
    assert [row[-1] for row in rows if row and row[0] == "2025"] == ["60"]  # own leavers: 41 + 17 + 2
    # A school narrows only the destinations by year (its row of the table by school).
    assert client.get(BASE + "geschlecht.csv", {"schule": own.pk}).status_code == 404
    assert client.get(BASE + "verbleib-nach-jahr.csv", {"schule": other.pk}).status_code == 404
    assert client.get(BASE + "schule.csv").status_code == 404
    assert client.get(BASE + "schule.xlsx").status_code == 404
    assert client.get(BASE + "geschlecht.csv").status_code == 200


def test_a_school_of_another_tenant_is_not_found(client, cast, schools):
    client.force_login(cast.coordinator)
    assert client.get(BASE + "schulart.csv", {"schule": cast.network_b.organisation.pk}).status_code == 404


@pytest.mark.parametrize("who", ["case_worker", "coordinator_b", "outsider", "association"])
def test_others_cannot_export(client, cast, schools, who):
    user = cast.members_a[who] if who == "case_worker" else getattr(cast, who)
    client.force_login(user)
    response = client.get(BASE + "schulart.csv")
    assert response.status_code in (403, 404)
    assert "Realschule" not in response.content.decode(errors="replace")


def test_still_in_training_shows_its_base_and_the_unknown_follow_ups(client, cast, schools):
    client.force_login(cast.coordinator)
    rows = read_csv(client.get(BASE + "ausbildung-nach-einem-jahr.csv"))
    assert rows[0][1:] == [
        "noch in Ausbildung",
        "nicht mehr in Ausbildung",
        "Verbleib nach einem Jahr unbekannt",
        "Basis: in Ausbildung gegangen",
    ]
    by_year = {row[0]: row for row in rows[1:] if row}
    assert by_year["2025"][-1] == "64"  # 41 + 23 went into dual training, follow-ups unknown
    assert by_year["2025"][3] == "64"


def test_a_school_named_like_a_formula_stays_text(client, cast, schools):
    evil = create_organisation(
        cast.tenant_a,
        '=HYPERLINK("http://evil.example","x")',
        Organisation.Kind.SCHOOL,
        school_type="realschule",
    )
    count(cast.tenant_a, evil, "dual", 20)
    client.force_login(cast.coordinator)
    rows = read_csv(client.get(BASE + "schule.csv", {"jahr": "2025"}))
    assert '\'=HYPERLINK("http://evil.example","x")' in [row[0] for row in rows if row]
    sheet = load_workbook(io.BytesIO(client.get(BASE + "schule.xlsx", {"jahr": "2025"}).content)).active
    cells = [
        cell
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "HYPERLINK" in cell.value
    ]
    assert cells and all(cell.data_type == "s" and not cell.value.startswith("=") for cell in cells)
