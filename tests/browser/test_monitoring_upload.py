"""A coordinator uploads a school office's file whose destination column has a date in its title and whose
values need a mapping: the mapping page lists every column, suggests the destination for confirmation;
the preview shows the figures; the progress bar reaches 100 % and the dashboard follows."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.browser

CSV = (
    "Abgangsstatistik Schulamt 2025\n"
    "Schüler-ID;Schulnummer;Abgangsjahr;Abschluss;Geschlecht;Verbleib zum 01.10.;Stand\n"
    + "".join(
        f"S{n};04123;2025;{'Realschulabschl.' if n % 2 else 'MSA'};w;Lehre;31.07.2025\n" for n in range(40)
    )
)


@pytest.fixture
def school(cast):
    from uebergang.network.models import Organisation
    from uebergang.test import create_organisation

    return create_organisation(
        cast.tenant_a,
        "Realschule Musterstadt",
        kind=Organisation.Kind.SCHOOL,
        school_type=Organisation.SchoolType.REALSCHULE,
        identifier="04123",
    )


def test_upload_with_mapping_and_progress(page, live_server, cast, school, settings, tmp_path):
    settings.SHARED_FILES_DIR = tmp_path / "var"
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    login(page, live_server, cast.coordinator.email, cast.totp[cast.coordinator.email])
    page.goto(f"{live_server.url}/kreis-a/intern/monitoring/import/")
    page.get_by_label("Datei (CSV, Excel oder OpenDocument)").set_input_files(
        {"name": "abgaenge-2025.csv", "mimeType": "text/csv", "buffer": CSV.encode("utf-8")}
    )
    page.get_by_label("Quelle").fill("Schulamt Musterkreis")
    page.get_by_role("button", name="Datei prüfen").click()

    # The check runs in a background thread; the page polls every second and then moves on.
    expect(page.get_by_role("heading", level=1)).to_have_text("Spalten und Werte zuordnen", timeout=20_000)
    columns = page.get_by_role("table", name=re.compile("Alle 7 Spalten der Datei"))
    suggested = columns.get_by_role("row", name=re.compile("Verbleib zum 01.10."))
    expect(suggested).to_contain_text("Vorschlag — bitte bestätigen")
    expect(page.get_by_label("Verbleib zum 01.10.")).to_have_value("actual")
    page.get_by_label("Realschulabschl.").select_option("intermediate")
    page.get_by_label("Lehre").select_option("dual")
    page.get_by_role("button", name="Zuordnung speichern und prüfen").click()

    expect(page.get_by_text("40 Zeilen: 40 gültig, 0 fehlerhaft.")).to_be_visible(timeout=20_000)
    figures = page.get_by_role("table", name="Nach tatsächlichem Anschluss/Verbleib")
    expect(figures.get_by_role("row", name=re.compile("Duale Berufsausbildung"))).to_contain_text("40")
    page.get_by_role("button", name="Alles importieren").click()

    progress = page.locator("progress#import-progress")
    expect(progress).to_have_attribute("value", "100", timeout=20_000)
    expect(page.get_by_text(re.compile(r"100 % – 40 von 40 Zeilen"))).to_be_visible()
    expect(page.get_by_text("Import fertig: 40 Datensätze importiert")).to_be_visible()
    page.get_by_role("link", name="Zum Dashboard").click()
    expect(page).to_have_url(f"{live_server.url}/kreis-a/intern/monitoring/")
    assert csp_errors == []

    from uebergang.monitoring.models import Leaver

    assert Leaver.objects.filter(qualification="intermediate", actual_destination__code="dual").count() == 40
