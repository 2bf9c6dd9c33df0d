"""Documents in a real browser: the coordinator adds a PDF to a meeting, finds it listed and downloads it
as an attachment; a refused file gets its message. The page is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from uebergang.test import blank_pdf

from .conftest import assert_accessible, login

pytestmark = pytest.mark.browser


def test_the_coordinator_adds_minutes_material_to_a_meeting(page, live_server, cast, axe, tmp_path):
    meeting = cast.network_a.meeting
    login(page, live_server, cast.coordinator.email, cast.totp[cast.coordinator.email])
    page.goto(f"{live_server.url}/kreis-a/intern/sitzungen/{meeting.pk}/")
    section = page.get_by_role("region", name="Unterlagen der Sitzung")
    expect(section.get_by_role("link", name="Sitzungsunterlage-kreis-a.pdf")).to_be_visible()
    assert_accessible(axe, page)
    agenda = tmp_path / "Tagesordnung März.pdf"
    agenda.write_bytes(blank_pdf())
    section.get_by_label("Datei hinzufügen").set_input_files(agenda)
    section.get_by_role("button", name="Hochladen").click()
    expect(page.get_by_text("„Tagesordnung März.pdf“ ist hinzugefügt.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tagesordnung März.pdf").click()
    assert download.value.suggested_filename == "Tagesordnung März.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    fake = tmp_path / "programm.pdf"
    fake.write_bytes(b"MZ kein PDF")
    page.get_by_role("region", name="Unterlagen der Sitzung").get_by_label(
        "Datei hinzufügen"
    ).set_input_files(fake)
    page.get_by_role("region", name="Unterlagen der Sitzung").get_by_role("button", name="Hochladen").click()
    expect(page.get_by_text("Diese Datei nimmt die Plattform nicht an")).to_be_visible()
    assert_accessible(axe, page)
