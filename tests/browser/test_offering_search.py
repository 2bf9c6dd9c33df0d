"""The public offering search in a browser: search words, a ticked facet updates counts and results in
place (and the address bar), the map's markers work with the keyboard, the detail page opens; axe-core
finds no serious or critical violation on search and detail; and the same search works without
JavaScript."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .test_accessibility import blocking_violations, describe

pytestmark = pytest.mark.browser

WEINHEIM = (49.5418, 8.6746)


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture
def catalogue(cast):
    """Three searchable offerings of A about training: two in the phase "Ausbildung", two in Turkish."""
    from django.utils import timezone

    from uebergang.offerings.models import Offering, OfferingLocation
    from uebergang.offerings.search import refresh_search_text

    def publish(title, phases, languages, latitude, longitude):
        offering = Offering.objects.create(
            tenant=cast.tenant_a,
            provider=cast.network_a.organisation,
            title=title,
            short_description=f"{title}: Unterstützung rund um die Ausbildung",
            status=Offering.Status.PUBLISHED,
            published_at=timezone.now(),
            phases=phases,
            languages=languages,
        )
        OfferingLocation.objects.create(
            offering=offering, name=f"Haus {title}", city="Weinheim", latitude=latitude, longitude=longitude
        )
        refresh_search_text(offering)
        return offering

    return [
        publish("Azubi-Treff", ["training"], ["de"], WEINHEIM[0], WEINHEIM[1]),
        publish(
            "Ausbildungslotsen",
            ["training", "school_to_training"],
            ["de", "tr"],
            WEINHEIM[0] + 0.01,
            WEINHEIM[1],
        ),
        publish(
            "Bewerbungswerkstatt Ausbildung", ["school_to_training"], ["tr"], WEINHEIM[0], WEINHEIM[1] + 0.01
        ),
    ]


def assert_accessible(axe, page, where: str) -> None:
    violations = blocking_violations(axe, page)
    assert not violations, f"axe violations on {where}:\n{describe(violations)}"


def test_search_tick_a_facet_use_the_map_and_open_an_offering(page, live_server, cast, catalogue, axe):
    csp_errors, script_errors = [], []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{live_server.url}/kreis-a/angebote/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Angebote in Kreis Alpha")
    assert_accessible(axe, page, "/kreis-a/angebote/")

    page.get_by_role("searchbox", name="Suchbegriffe").fill("Ausbildung")
    page.get_by_role("searchbox", name="Suchbegriffe").press("Enter")
    count = page.locator("#result-count")
    expect(count).to_have_text("3 Angebote")
    training = page.get_by_role("checkbox", name=re.compile(r"^Während der Ausbildung \(\d+\)$"))
    expect(training).to_have_accessible_name("Während der Ausbildung (2)")
    turkish = page.get_by_role("checkbox", name=re.compile(r"^Türkisch \("))
    expect(turkish).to_have_accessible_name("Türkisch (2)")

    training.check()  # htmx: the results change without a page load, the address follows
    expect(count).to_have_text("2 Angebote")
    expect(page).to_have_url(re.compile(r"[?&]phases=training"))
    expect(page).to_have_url(re.compile(r"[?&]q=Ausbildung"))
    expect(page).not_to_have_url(re.compile(r"plz="))  # empty fields stay out of the address
    expect(turkish).to_have_accessible_name("Türkisch (1)")  # the other facets count within the choice
    expect(page.get_by_role("checkbox", name=re.compile(r"^Während der Ausbildung \("))).to_be_checked()
    expect(page.get_by_role("checkbox", name=re.compile(r"^Während der Ausbildung \("))).to_be_focused()
    expect(page.locator("#search-status")).to_have_text("2 Angebote")
    results = page.get_by_role("list", name="2 Angebote")
    expect(results.get_by_role("link", name="Bewerbungswerkstatt Ausbildung")).to_have_count(0)
    expect(results.get_by_role("link", name="Azubi-Treff")).to_be_visible()

    # The places as a list first; the switch shows the map instead: one marker per public place, usable
    # with the keyboard. No operator message reaches the public.
    places = page.get_by_role("region", name="Orte der Angebote auf dieser Seite")
    expect(places).to_be_visible()
    switch = page.get_by_role("group", name="Ansicht der Orte")
    switch.get_by_role("button", name="Karte").click()
    expect(switch.get_by_role("button", name="Karte")).to_have_attribute("aria-pressed", "true")
    expect(places).to_be_hidden()
    markers = page.locator(".offering-map .leaflet-marker-icon")
    expect(markers).to_have_count(2)
    expect(page.get_by_text("Kartenhintergrund nicht konfiguriert", exact=False)).to_have_count(0)
    marker = page.get_by_role("button", name="Azubi-Treff, Haus Azubi-Treff")
    marker.focus()
    marker.press("Enter")
    popup_link = page.locator(".leaflet-popup").get_by_role("link", name="Zum Angebot")
    expect(popup_link).to_be_focused()
    popup_link.press("Escape")
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    expect(marker).to_be_focused()
    marker.press("Enter")
    expect(popup_link).to_be_focused()
    assert_accessible(axe, page, "/kreis-a/angebote/ with a facet and the map")

    results.get_by_role("link", name="Azubi-Treff").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Azubi-Treff")
    expect(page).to_have_url(f"{live_server.url}/kreis-a/angebote/{catalogue[0].pk}/")
    expect(page.get_by_text("Haus Azubi-Treff")).to_be_visible()
    assert_accessible(axe, page, "the detail page")
    page.get_by_role("link", name="Druckansicht").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Azubi-Treff")
    expect(page.get_by_role("button", name="Drucken")).to_be_visible()
    assert_accessible(axe, page, "the print view")
    assert csp_errors == [] and script_errors == []


def test_the_search_works_without_javascript(browser, live_server, cast, catalogue):
    context = browser.new_context(locale="de-DE", base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/kreis-a/angebote/?q=Ausbildung")
        expect(page.locator("#result-count")).to_have_text("3 Angebote")
        expect(page.locator(".offering-map")).to_be_hidden()
        expect(page.get_by_role("table", name="Orte der Angebote auf dieser Seite")).to_contain_text(
            "Haus Azubi-Treff"
        )
        page.get_by_role("checkbox", name=re.compile(r"^Während der Ausbildung \(")).check()
        expect(page.locator("#result-count")).to_have_text("3 Angebote")  # nothing happens before submitting
        page.get_by_role("button", name="Filter anwenden").click()
        expect(page.locator("#result-count")).to_have_text("2 Angebote")
        expect(page).to_have_url(re.compile(r"phases=training"))
    finally:
        context.close()


def test_a_radius_search_draws_the_circle_and_the_markers(page, live_server, cast, catalogue):
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    page.goto(f"{live_server.url}/kreis-a/angebote/?q=Ausbildung&plz=69469&umkreis=10&sortierung=distance")
    expect(page.locator("#result-count")).to_have_text("3 Angebote")
    expect(page.get_by_role("list", name="3 Angebote").get_by_role("listitem").first).to_contain_text(
        "ca. 0,0 km entfernt"
    )
    page.get_by_role("group", name="Ansicht der Orte").get_by_role("button", name="Karte").click()
    markers = page.locator(".offering-map .leaflet-marker-icon")
    expect(markers).to_have_count(3)
    expect(page.locator(".offering-map svg path")).to_have_count(1)  # the 10 km circle
    box = page.locator(".offering-map").bounding_box()
    for marker in markers.all():  # the view fits the places: every marker lies inside the map
        spot = marker.bounding_box()
        assert (
            box["x"] <= spot["x"] <= box["x"] + box["width"]
            and box["y"] <= spot["y"] <= box["y"] + box["height"]
        )
    assert script_errors == []
