"""What a user notices when signing in, recovering access, switching tenant and switching language."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

from uebergang.test import PASSWORD, create_membership

from .conftest import LOGIN_PATH, SECOND_FACTOR_PATH, login

pytestmark = pytest.mark.browser


def acting_as(page):
    return page.get_by_role("region", name="Arbeitskontext")


def wrong_code(totp: pyotp.TOTP) -> str:
    """Six digits that no step the server accepts (previous, current, next) produces."""
    now = time.time()
    accepted = {totp.at(now, counter_offset=offset) for offset in (-1, 0, 1, 2)}
    for candidate in ("000000", "111111", "222222", "333333"):
        if candidate not in accepted:
            return candidate
    raise AssertionError("unreachable")


def test_login_with_second_factor(page, live_server, cast):
    email = cast.coordinator.email
    totp = cast.totp[email]

    page.goto(f"{live_server.url}{LOGIN_PATH}")
    page.get_by_label("E-Mail").fill(email)
    page.get_by_label("Passwort").fill("falsch-falsch-falsch")
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("alert").get_by_text("E-Mail oder Passwort ist nicht richtig.")).to_be_visible()

    expect(page).to_have_url(f"{live_server.url}{LOGIN_PATH}")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()

    expect(page).to_have_url(f"{live_server.url}{SECOND_FACTOR_PATH}")
    expect(page.get_by_role("heading", name="Zweiter Faktor")).to_be_visible()

    code_field = page.get_by_label("Code aus der Authenticator-App")
    code_field.fill(wrong_code(totp))
    page.get_by_role("button", name="Bestätigen").click()
    expect(page.get_by_text("Der Code ist nicht gültig.", exact=True)).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}{SECOND_FACTOR_PATH}")
    expect(page.get_by_role("heading", name="Zweiter Faktor")).to_be_visible()

    code_field.fill(totp.now())
    page.get_by_role("button", name="Bestätigen").click()

    expect(page).to_have_url(f"{live_server.url}/kreis-a/intern/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Arbeitsbereich Kreis Alpha")
    expect(acting_as(page)).to_contain_text("Sie handeln für Kreis Alpha als Koordination.")
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def test_second_factor_page_needs_the_password_first(page, live_server, cast):
    page.goto(f"{live_server.url}{SECOND_FACTOR_PATH}")
    expect(page).to_have_url(f"{live_server.url}{LOGIN_PATH}")
    expect(page.get_by_text("Bitte melden Sie sich erneut an.")).to_be_visible()


def test_enrol_second_factor_and_sign_in_with_recovery_code(page, live_server, cast):
    email = cast.partner.email
    login(page, live_server, email)
    expect(acting_as(page)).to_contain_text("Sie handeln für Kreis Alpha als Partner.")

    page.goto(f"{live_server.url}/konto/sicherheit/einrichten/")
    expect(page.get_by_role("heading", name="Zweiten Faktor einrichten")).to_be_visible()
    secret = "".join(page.get_by_test_id("totp-secret").inner_text().split())
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), secret
    page.get_by_label("Sechsstelliger Code aus der App").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Einrichten").click()

    expect(page.get_by_role("heading", name="Ihre Wiederherstellungscodes")).to_be_visible()
    expect(page.get_by_text("Die Anmeldung mit zweitem Faktor ist eingerichtet.")).to_be_visible()
    codes = page.get_by_test_id("recovery-codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    recovery_code = codes.first.inner_text().strip()
    assert recovery_code

    page.get_by_role("button", name="Abmelden").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_text("Sie sind abgemeldet.")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="Anmelden")).to_be_visible()

    # The password alone no longer signs this user in: the second factor is asked for.
    login(page, live_server, email, totp=recovery_code)
    expect(page).to_have_url(f"{live_server.url}/kreis-a/intern/")
    expect(page.get_by_text("Sie haben einen Wiederherstellungscode benutzt. Es bleiben 9.")).to_be_visible()
    expect(acting_as(page)).to_contain_text("Sie handeln für Kreis Alpha als Partner.")


def test_switch_tenant(page, live_server, cast):
    create_membership(cast.partner, cast.tenant_b, "partner")
    login(page, live_server, cast.partner.email)

    page.goto(f"{live_server.url}/kreis-a/intern/")
    expect(acting_as(page)).to_contain_text("Sie handeln für Kreis Alpha als Partner.")

    switcher = acting_as(page).locator("form")
    switcher.get_by_label("Wechseln zu").select_option("stadt-b")
    switcher.get_by_role("button", name="Wechseln").click()

    expect(page).to_have_url(f"{live_server.url}/stadt-b/intern/")
    expect(acting_as(page)).to_contain_text("Sie handeln für Stadt Beta als Partner.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Arbeitsbereich Stadt Beta")
    expect(switcher.get_by_label("Wechseln zu")).to_have_value("stadt-b")


def test_switch_language(page, live_server):
    page.goto(f"{live_server.url}/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "de")

    language_form = page.get_by_role("banner").locator("form", has=page.locator("#language-select"))
    language_form.locator("#language-select").select_option("en")
    language_form.get_by_role("button").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(html).to_have_attribute("lang", "en")

    # The choice sticks across pages, and the switch leads back to German.
    page.goto(f"{live_server.url}{LOGIN_PATH}")
    expect(html).to_have_attribute("lang", "en")
    language_form.locator("#language-select").select_option("de")
    language_form.get_by_role("button").click()
    expect(page).to_have_url(f"{live_server.url}{LOGIN_PATH}")
    expect(html).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmelden")
