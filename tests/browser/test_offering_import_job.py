"""A coordinator imports an office's offering list: the preview, the confirmation, and the job's page with
its progress bar and outcome (the worker writes it; the tests run tasks at once) — all axe-clean."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from uebergang.offerings.tests.test_imports import GOOD_ROWS, csv_bytes

from .conftest import assert_accessible, login

pytestmark = pytest.mark.browser
# Without the shared default category: it is seeded by a migration, which the live server's flush removes.
ROWS = [[cell.replace("Berufsorientierung, ", "") for cell in row] for row in GOOD_ROWS]


def test_an_offering_list_is_imported_through_its_job_page(page, live_server, cast, axe, settings, tmp_path):
    settings.SHARED_FILES_DIR = tmp_path / "var"
    login(page, live_server, cast.coordinator.email, cast.totp[cast.coordinator.email])
    page.goto(f"{live_server.url}/kreis-a/intern/angebote/import/")
    page.locator("input[type=file]").set_input_files(
        {"name": "angebote.csv", "mimeType": "text/csv", "buffer": csv_bytes(ROWS)}
    )
    page.get_by_role("button", name="Datei prüfen").click()
    expect(page.get_by_text("Es ist noch nichts gespeichert")).to_be_visible()
    page.get_by_role("button", name="Importieren").click()

    expect(page).to_have_url(re.compile(r"/kreis-a/intern/angebote/import/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Import von Angeboten")
    expect(page.get_by_role("status")).to_contain_text("Import abgeschlossen. Angebote neu angelegt: 3")
    expect(page.locator("#job-progress-bar")).to_have_attribute("value", "100")
    assert_accessible(axe, page)
    page.get_by_role("link", name="Zur Liste").click()
    expect(page.get_by_role("link", name="Berufsorientierung Süd")).to_be_visible()
