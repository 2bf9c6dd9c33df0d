"""A refused form in a real browser: the error summary is focused, announced and leads to the field."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import LOGIN_PATH

pytestmark = pytest.mark.browser


def test_a_refused_form_moves_focus_to_its_summary_whose_link_leads_to_the_field(page, live_server, cast):
    page.goto(f"{live_server.url}{LOGIN_PATH}")
    page.get_by_label("Passwort").fill("irgendetwas")
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_title(re.compile(r"^Fehler:"))  # waits for the answer to the post
    summary = page.get_by_role("alert").filter(has_text="Bitte prüfen Sie Ihre Angaben.")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="E-Mail").click()
    expect(page.get_by_label("E-Mail")).to_be_focused()
    expect(page.get_by_label("E-Mail")).to_have_attribute("aria-invalid", "true")
    violations = [
        v for v in Axe().run(page).response["violations"] if v.get("impact") in {"serious", "critical"}
    ]
    assert not violations, violations
