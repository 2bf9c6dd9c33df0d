"""Exports show exactly the page's figures: "<5" as text, never the hidden number; partners only their own."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from uebergang.monitoring.tests.test_dashboards import create_schools_with_counts
from uebergang.monitoring.views.dashboards import TABLE_NAMES, table_specs

BASE = "/kreis-a/intern/monitoring/export/"


@pytest.fixture
def schools(cast):
    return create_schools_with_counts(cast)


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_every_table_name_has_a_spec():
    assert sorted(TABLE_NAMES) == sorted(table_specs())


def test_csv_shows_less_than_five_and_never_the_hidden_number(client, cast, schools):
    client.force_login(cast.coordinator)
    response = client.get(BASE + "schule.csv", {"jahr": "2025"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="schule-2025.csv"'
    rows = read_csv(response)
    assert rows[0][0] == "Schule / Anschluss" and rows[0][-1] == "Insgesamt"
    by_school = {row[0]: row for row in rows[1:]}
    assert "<5" in by_school["Realschule Nord"]
    assert "2" not in by_school["Realschule Nord"]
    assert "3" not in by_school["Gymnasium Süd"]
    assert by_school["Insgesamt"][-1] == "153"


def test_xlsx_shows_less_than_five_as_text(client, cast, schools):
    client.force_login(cast.steering)
    response = client.get(BASE + "geschlecht.xlsx", {"jahr": "2025"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "<5" in values
    assert 2 not in values and 3 not in values
    assert 153 in values  # shown counts stay numbers


def test_a_partner_exports_its_own_school_but_not_the_by_school_table(client, cast, schools):
    own, other = schools
    client.force_login(cast.partner)
    rows = read_csv(client.get(BASE + "verbleib-nach-jahr.csv", {"schule": own.pk}))
    assert rows[-1][-1] == "60"  # the own school's leavers: 41 + 17 + 2
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
