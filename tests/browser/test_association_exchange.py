"""The association in a real browser: a member publishes a practice; another member of a similar
structure finds it from the fair comparison, where the first does better once the mix is taken into
account. Every page is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from uebergang.monitoring.models import CohortCount
from uebergang.monitoring.summaries import refresh_years

from .conftest import assert_accessible, login

pytestmark = pytest.mark.browser


def cohort(tenant, cells, year=2025):
    for (qualification, destination), n in cells.items():
        CohortCount.objects.create(
            tenant=tenant,
            origin=CohortCount.Origin.TABLE,
            leaving_year=year,
            qualification=qualification,
            destination=destination,
            count=n,
        )
    refresh_years(tenant, [year])


def test_a_member_finds_a_practice_of_a_similar_member_that_does_better(page, live_server, cast, axe):
    cast.tenant_b.kind, cast.tenant_b.population = cast.tenant_a.kind, 150_000
    cast.tenant_b.save()
    cohort(
        cast.tenant_a,
        {
            ("first", "dual"): 30,
            ("first", "transition"): 30,
            ("abitur", "dual"): 10,
            ("abitur", "higher_ed"): 50,
        },
    )
    cohort(
        cast.tenant_b,
        {
            ("first", "dual"): 20,
            ("first", "transition"): 20,
            ("abitur", "dual"): 20,
            ("abitur", "higher_ed"): 140,
        },
    )

    # Kreis Alpha publishes how its Ausbildungslotsen work, for the members.
    login(page, live_server, cast.coordinator.email, cast.totp[cast.coordinator.email])
    page.goto(f"{live_server.url}/kreis-a/intern/praxisbeispiele/neu/")
    page.get_by_label("Titel").fill("Lotsinnen in jeder Abschlussklasse")
    page.get_by_label("Kurzfassung").fill("Zwei feste Tage pro Woche in der Schule")
    page.get_by_label("Ausgangslage und Problem").fill("Viele Abgänge ohne Anschluss")
    page.get_by_label("Vorgehen").fill("Lotsinnen begleiten die Klassen 8 bis 10 bis in den Betrieb")
    page.get_by_label("Stand").select_option("published")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", name="Lotsinnen in jeder Abschlussklasse")).to_be_visible()
    assert_accessible(axe, page)
    page.context.clear_cookies()

    # Stadt Beta compares itself and follows the way to the practices of Kreis Alpha.
    login(page, live_server, cast.coordinator_b.email, cast.totp[cast.coordinator_b.email])
    page.goto(f"{live_server.url}/stadt-b/intern/verbund/vergleich/")
    expect(page.get_by_role("heading", name="Vergleich im Verbund")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("26,2 %")
    assert_accessible(axe, page)
    better = page.get_by_role("region", name="Ähnliche Kommunen, die besser abschneiden")
    better.get_by_role("link", name="Praxisbeispiele aus Kreis Alpha").click()
    page.get_by_role("link", name="Lotsinnen in jeder Abschlussklasse").click()
    expect(page.get_by_text("Lotsinnen begleiten die Klassen 8 bis 10 bis in den Betrieb")).to_be_visible()
    assert_accessible(axe, page)
