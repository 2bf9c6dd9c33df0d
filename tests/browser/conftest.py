"""Browser tests: Debian's Chromium, driven by Playwright's sync API, against pytest-django's live server.

No browser download: Playwright launches the system `chromium`. Outside CI a missing browser skips
the browser tests; in CI (CI=true) it fails the run.
"""

from __future__ import annotations

import os
import re
import shutil

import pyotp
import pytest
from playwright.sync_api import Page, expect, sync_playwright

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Milliseconds a page action or assertion may wait: a local server answers in far less.
TIMEOUT_MS = 10_000

LOGIN_PATH = "/konto/anmelden/"
SECOND_FACTOR_PATH = "/konto/anmelden/zweiter-faktor/"


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all browser tests, started once, stopped when the last of them is done.

    Package scope rather than session scope on purpose: while Playwright runs, its event loop counts
    as running in this thread, so the variable below has to stay set; stopping the browser with the
    package keeps both away from the tests that run after this folder (a `manage.py check --deploy`
    subprocess, for one, inherits the variable and reports async.E001).
    """
    executable = shutil.which("chromium")
    if executable is None:
        if IN_CI:
            pytest.fail("chromium not installed, but CI requires the browser tests: apt-get install chromium")
        pytest.skip("chromium not installed: apt-get install chromium")
    # Playwright's sync API keeps an asyncio event loop running in this thread; Django refuses ORM
    # calls from such a thread (fixtures, database flushes) unless told that it is safe here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, transactional_db, live_server):
    """A new page in a fresh browser context (no cookies), German like most users."""
    context = browser.new_context(locale="de-DE", base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def cast(browser, transactional_db, live_server):
    """The shared cast, committed so the live server thread sees it."""
    from uebergang.test import build_cast, remove_document_files

    yield build_cast()
    remove_document_files()


def login(page: Page, live_server, email: str, totp: pyotp.TOTP | str | None = None) -> Page:
    """Sign in through the login form; `totp` is an authenticator (its current code is used) or a code.

    Returns once the browser has left the login pages.
    """
    from uebergang.test import PASSWORD

    page.goto(f"{live_server.url}{LOGIN_PATH}")
    page.get_by_label("E-Mail").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    if totp is not None:
        expect(page).to_have_url(f"{live_server.url}{SECOND_FACTOR_PATH}")
        code = totp.now() if isinstance(totp, pyotp.TOTP) else totp
        page.get_by_label("Code aus der Authenticator-App").fill(code)
        page.get_by_role("button", name="Bestätigen").click()
    expect(page).not_to_have_url(re.compile(re.escape(LOGIN_PATH)))
    return page


BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def assert_accessible(axe, page: Page) -> None:
    """No serious or critical axe-core violation on the page as it is now."""
    violations = [v for v in axe.run(page).response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    assert not violations, "\n".join(
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']]}" for v in violations
    )
