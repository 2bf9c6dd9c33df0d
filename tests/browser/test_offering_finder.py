"""A young person answers the finder's questions with the keyboard and sees explained matches;
the pages stay accessible, and the English version asks in English."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .test_accessibility import blocking_violations, describe

pytestmark = pytest.mark.browser

FINDER = "/kreis-a/angebotsfinder/"


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture
def offering(cast):
    """A published application training near the postcode 12347, with a free place."""
    from django.utils import timezone

    from uebergang.offerings import geo
    from uebergang.offerings.models import Category, Offering, OfferingLocation

    category, _ = Category.objects.get_or_create(
        tenant=None, code="application_training", defaults={"name": "Bewerbungstraining"}
    )
    offering = Offering.objects.create(
        tenant=cast.tenant_a,
        provider=cast.network_a.organisation,
        status=Offering.Status.PUBLISHED,
        published_at=timezone.now(),
        title="Bewerbung leicht gemacht",
        short_description="Wir üben Bewerbungen mit dir.",
        min_age=14,
        max_age=20,
        places_free=1,
    )
    offering.categories.add(category)
    home = geo.place_for("12347")
    OfferingLocation.objects.create(
        offering=offering,
        street="Hafenstraße 2",
        postcode="12347",
        city="Musterstadt",
        latitude=home.latitude + 3 / 111.195,
        longitude=home.longitude,
    )
    return offering


def assert_accessible(axe, page, where: str) -> None:
    violations = blocking_violations(axe, page)
    assert not violations, f"axe violations on {where}:\n{describe(violations)}"


def test_a_young_person_finds_explained_matches_with_the_keyboard(page, live_server, cast, offering, axe):
    page.goto(f"{live_server.url}{FINDER}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wie alt bist du?")
    expect(page.get_by_text("Frage 1 von 5")).to_be_visible()
    assert_accessible(axe, page, "question 1")

    # A typo first: the same question comes back with a message, and stays accessible.
    page.get_by_label("Dein Alter in Jahren").focus()
    page.keyboard.type("fünfzehn")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Bitte gib dein Alter als Zahl an")
    assert_accessible(axe, page, "question 1 with an error")
    page.get_by_label("Dein Alter in Jahren").fill("")
    page.get_by_label("Dein Alter in Jahren").focus()
    page.keyboard.type("15")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Frage 2 von 5")).to_be_visible()
    page.get_by_label("Ja, ich gehe noch zur Schule").focus()
    page.keyboard.press("Space")
    expect(page.get_by_label("Ja, ich gehe noch zur Schule")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("In welche Klasse gehst du?")).to_be_focused()
    page.keyboard.type("Klasse 9")
    expect(page.get_by_label("In welche Klasse gehst du?")).to_have_value("9")
    page.get_by_role("button", name="Weiter").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_text("Frage 3 von 5")).to_be_visible()
    page.get_by_label("Hilfe bei der Bewerbung").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Weiter").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_text("Frage 4 von 5")).to_be_visible()
    page.get_by_label("Deine Postleitzahl").focus()
    page.keyboard.type("12347")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Frage 5 von 5")).to_be_visible()
    page.get_by_role("button", name="Weiß ich nicht / möchte ich nicht sagen").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Diese Angebote passen zu dir")
    result = page.get_by_role("listitem").filter(has_text="Bewerbung leicht gemacht")
    expect(result).to_contain_text(
        "Passt, weil: für dein Alter (14–20 Jahre) · Hilfe bei der Bewerbung · 3 km von 12347 · kostenlos"
    )
    expect(page.get_by_role("region", name="Deine Antworten")).to_contain_text("in der Schule, Klasse 9")
    expect(page.get_by_text(cast.offerings_a.confidential_street)).to_have_count(0)
    assert "schritt=ergebnis" in page.url  # the result can be bookmarked and shared
    assert_accessible(axe, page, "the result")

    page.get_by_role("link", name="Bewerbung leicht gemacht").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/kreis-a/angebote/{offering.pk}/")


def test_back_keeps_the_answers(page, live_server, cast):
    page.goto(f"{live_server.url}{FINDER}?alter=16&schritt=2")
    page.get_by_role("link", name="Zurück").click()
    expect(page.get_by_label("Dein Alter in Jahren")).to_have_value("16")


def test_the_english_finder_asks_in_english(browser, live_server, cast, axe):
    """Passes once the English catalogue holds the finder's strings (translations-finder.json)."""
    context = browser.new_context(locale="en-GB", base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}{FINDER}")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", level=1)).to_have_text("How old are you?")
        expect(page.get_by_text("Question 1 of 5")).to_be_visible()
        assert_accessible(axe, page, "the English question 1")
    finally:
        context.close()
