"""The steering cycle in a real browser: the coordinator creates a work plan with a priority, draws an
interim review, publishes the annual report (made in the worker, with a progress page) and downloads the
published PDF; the public page of the municipality lists it. Every page is checked with axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, login

pytestmark = pytest.mark.browser


def test_from_a_work_plan_to_the_published_report(page, live_server, cast, axe):
    login(page, live_server, cast.coordinator.email, cast.totp[cast.coordinator.email])
    page.goto(f"{live_server.url}/kreis-a/intern/arbeitsplaene/")
    assert_accessible(axe, page)
    page.get_by_role("link", name="Arbeitsplan anlegen").click()
    page.get_by_label(re.compile(r"^Jahr")).fill("2027")
    page.get_by_label(re.compile(r"^Titel")).fill("Arbeitsplan 2027: Kein Abschluss ohne Anschluss")
    page.get_by_role("button", name="Speichern").click()
    expect(
        page.get_by_text("Der Arbeitsplan „Arbeitsplan 2027: Kein Abschluss ohne Anschluss“ ist angelegt.")
    ).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_role("link", name="Schwerpunkt anlegen").click()
    page.get_by_label(re.compile(r"^Titel")).fill("Verbleib klären")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Der Schwerpunkt ist angelegt.")).to_be_visible()

    # An interim review of the steering group from the data.
    page.goto(f"{live_server.url}/kreis-a/intern/zwischenbilanzen/neu/")
    page.get_by_label(re.compile(r"^Gremium")).select_option(label=cast.network_a.body.name)
    assert_accessible(axe, page)
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Die Zwischenbilanz ist aus den Daten erstellt.")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Anwesenheit je Mitgliedsorganisation"))).to_be_visible()
    assert_accessible(axe, page)

    # The annual report: published in the worker, then the frozen PDF.
    page.goto(f"{live_server.url}/kreis-a/intern/jahresbericht/?jahr=2026")
    page.get_by_role("button", name="Jahresbericht 2026 veröffentlichen (Fassung einfrieren)").click()
    expect(page.get_by_text("Der Jahresbericht 2026 ist als Fassung 1 veröffentlicht.")).to_be_visible()
    expect(page.get_by_label("Fortschritt")).to_have_attribute("value", "100")
    assert_accessible(axe, page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Jahresbericht 2026, Fassung 1 (PDF)").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.value.suggested_filename == "jahresbericht-2026-fassung-1.pdf"

    # Everyone finds it on the municipality's page.
    page.goto(f"{live_server.url}/kreis-a/")
    expect(page.get_by_role("link", name=re.compile("Jahresbericht 2026, Fassung 1"))).to_be_visible()
    assert_accessible(axe, page)
