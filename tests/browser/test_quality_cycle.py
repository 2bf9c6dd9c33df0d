"""Quality and effectiveness in a real browser: a partner files its half-year report for an offering
(a sum that does not add up is refused with an announced summary first), the coordinator sees the period
complete and the effectiveness page with its comparison; every page is checked with axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from uebergang.monitoring.models import CohortCount
from uebergang.network.models import Organisation
from uebergang.offerings.models import Offering
from uebergang.quality.models import ReportingPeriod
from uebergang.test import create_school_review

from .conftest import assert_accessible, login

pytestmark = pytest.mark.browser

FIGURES = {
    "Teilnehmende im Zeitraum": "24",
    "regulär beendet": "9",
    "vorzeitig beendet": "3",
    "Duale Berufsausbildung": "6",
    "Übergangsbereich": "5",
    "Verbleib unbekannt": "1",
    "Erster Schulabschluss/Hauptschulabschluss": "8",
    "Mittlerer Schulabschluss": "4",
}


@pytest.fixture
def period_with_two_offerings(cast):
    period = ReportingPeriod.objects.get(tenant=cast.tenant_a)
    offering = Offering.objects.create(
        tenant=cast.tenant_a,
        provider=cast.network_a.organisation,
        title="Bewerbungswerkstatt",
        short_description="Bewerbungen schreiben",
        status=Offering.Status.PUBLISHED,
    )
    period.offerings.add(offering)
    create_school_review(cast.tenant_a)
    for school in Organisation.objects.filter(tenant=cast.tenant_a, kind="school"):
        for qualification, destination, count in (
            ("first", "dual", 12),
            ("first", "work", 18),
            ("intermediate", "dual", 20),
            ("intermediate", "transition", 10),
        ):
            CohortCount.objects.create(
                tenant_id=cast.tenant_a.pk,
                origin="microdata",
                leaving_year=2025,
                school_id=school.pk,
                school_type="realschule",
                qualification=qualification,
                gender="f",
                destination=destination,
                count=count,
            )
    return period, offering


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}\W*$", re.IGNORECASE))


def test_a_partner_reports_and_the_coordinator_sees_completeness_and_effect(
    page, live_server, cast, axe, period_with_two_offerings
):
    _period, offering = period_with_two_offerings
    login(page, live_server, cast.partner.email)
    page.goto(f"{live_server.url}/kreis-a/intern/")
    page.get_by_role("link", name=f"Bericht 1. Halbjahr 2026: {offering.title}").click()
    assert_accessible(axe, page)
    for label, value in FIGURES.items():
        field(page, label).fill(value)
    field(page, "Verbleib unbekannt").fill("0")  # 11 of 12 leavers: refused
    page.get_by_role("button", name="Einreichen").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Der Verbleib ist für 11 Personen angegeben, beendet haben 12.")
    expect(summary).to_be_focused()
    assert_accessible(axe, page)
    field(page, "Verbleib unbekannt").fill("1")
    page.get_by_role("button", name="Einreichen").click()
    expect(page.get_by_text(f"Der Bericht für „{offering.title}“ ist eingereicht.")).to_be_visible()
    expect(page.get_by_text("2 von 2 Berichten eingereicht")).to_be_visible()
    assert_accessible(axe, page)

    page.context.clear_cookies()
    login(page, live_server, cast.coordinator.email, cast.totp[cast.coordinator.email])
    page.goto(f"{live_server.url}/kreis-a/intern/qualitaet/")
    expect(page.get_by_text("1. Halbjahr 2026: 2 von 2 eingereicht")).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_role("link", name="Berichte der Träger").first.click()
    expect(page.get_by_role("cell", name="2 von 2")).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_role("navigation", name="Qualität und Wirkung").get_by_role("link", name="Wirkung").click()
    expect(page.get_by_role("heading", name=offering.title)).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Übergang in Ausbildung, 2026")).first).to_be_visible()
    expect(page.get_by_text(re.compile(r"Vergleichsgruppe \(Abgangsjahr 2025\)")).first).to_be_visible()
    assert_accessible(axe, page)
