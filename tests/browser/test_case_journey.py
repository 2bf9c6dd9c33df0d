"""A young person from the school's Klärungsliste to a confirmed next step, in a real browser: the case
worker imports the list, logs a contact, records the consent and refers to an offering; the provider's
partner accepts the referral in a second browser; the case worker closes the case, and the leaver's
"unbekannt" in the monitoring becomes the destination found. Every page is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import TIMEOUT_MS, assert_accessible, login

pytestmark = pytest.mark.browser

YEAR = 2025
HEADER = "Vorname;Nachname;Geburtsdatum;Schule;Klasse;Abgangsjahr;Schüler-ID;E-Mail\n"


@pytest.fixture
def cohort(cast):
    """The school's report for 2025 in monitoring: 12 unknown (pupil ids u-0 … u-11), 30 in dual training."""
    from uebergang.cases.models import CaseSettings
    from uebergang.monitoring.codes import codes_for
    from uebergang.monitoring.models import Leaver
    from uebergang.monitoring.pseudonyms import pseudonym, tenant_key
    from uebergang.monitoring.summaries import refresh_cohort_counts
    from uebergang.test import create_organisation

    tenant = cast.tenant_a
    school = create_organisation(tenant, "Realschule am See", "school", school_type="realschule")
    codes = codes_for(tenant)
    Leaver.objects.bulk_create(
        Leaver(
            tenant=tenant,
            pseudonym=pseudonym(tenant_key(tenant), pupil_id),
            school=school,
            school_type="realschule",
            leaving_year=YEAR,
            qualification="intermediate",
            actual_destination=codes[destination],
        )
        for destination, prefix, n in (("unknown", "u", 12), ("dual", "d", 30))
        for pupil_id in (f"{prefix}-{i}" for i in range(n))
    )
    refresh_cohort_counts(tenant, [YEAR])
    CaseSettings.objects.update_or_create(
        tenant=tenant,
        defaults={
            "import_legal_reference": "§ 31a SGB III",
            "import_legal_text": "Übermittlung durch die Schulen.",
        },
    )
    return school


def unknown_count(tenant) -> int:
    from uebergang.monitoring.models import CohortCount

    rows = CohortCount.objects.for_tenant(tenant).filter(leaving_year=YEAR, destination="unknown")
    return sum(rows.values_list("count", flat=True))


def test_a_case_from_the_klaerungsliste_to_a_destination_changes_the_monitoring_figure(
    page, browser, live_server, cast, cohort, axe
):
    from uebergang.test import enrol_totp

    tenant = cast.tenant_a
    offering = cast.offerings_a.published
    provider = offering.provider
    assert unknown_count(tenant) == 12

    # The case worker imports the school's Klärungsliste.
    login(page, live_server, cast.case_worker.email, cast.totp[cast.case_worker.email])
    page.goto(f"{live_server.url}/kreis-a/intern/faelle/klaerungsliste/")
    expect(page.get_by_text("§ 31a SGB III")).to_be_visible()
    assert_accessible(axe, page)
    csv = HEADER + "Lena;Beispiel;03.04.2006;Realschule am See;10a;2025;u-0;lena@example.org\n"
    page.get_by_label("Klärungsliste (CSV, XLSX oder ODS)").set_input_files(
        files=[{"name": "klaerungsliste.csv", "mimeType": "text/csv", "buffer": csv.encode("utf-8")}]
    )
    page.get_by_role("button", name="Prüfen und importieren").click()
    expect(page.get_by_text("1 Fälle aus der Klärungsliste sind angelegt.")).to_be_visible()
    assert_accessible(axe, page)
    row = page.get_by_role("row").filter(has_text="Beispiel")
    row.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lena Beispiel")
    expect(page.get_by_text("mit dem Monitoring verknüpft")).to_be_visible()
    assert_accessible(axe, page)

    # A conversation at school.
    page.get_by_role("link", name="Kontakt erfassen").click()
    page.get_by_label("Art").select_option(label="Gespräch in der Schule")
    page.get_by_label("erreicht", exact=True).check()
    page.get_by_label("Vermerk").fill("Möchte eine Ausbildung beginnen.")
    page.get_by_role("button", name="Kontakt erfassen").click()
    expect(page.get_by_text("Der Kontakt ist erfasst.")).to_be_visible()

    # The consent, as a record: written, by the young person, for a referral to the provider.
    page.get_by_role("link", name="Einwilligung erfassen").click()
    page.get_by_label("Name", exact=True).check()
    page.get_by_label("Kontaktdaten (E-Mail, Telefon, Anschrift)").check()
    page.get_by_label(provider.name).check()
    page.get_by_label("junge Person").check()
    page.get_by_label("schriftlich").check()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Einwilligung erfassen").click()
    expect(page.get_by_text("Die Einwilligung ist erfasst.")).to_be_visible()

    # The referral to the provider's offering.
    page.get_by_role("link", name="Überleiten").click()
    page.get_by_label("Angebot").select_option(value=str(offering.pk))
    page.get_by_label("Name", exact=True).check()
    page.get_by_label("Kontaktdaten (E-Mail, Telefon, Anschrift)").check()
    page.get_by_role("button", name="Überleitung senden").click()
    expect(page.get_by_text(f"Die Überleitung an {provider.name} ist gesendet.")).to_be_visible()
    expect(page.get_by_role("table", name="Überleitungen")).to_contain_text("gesendet")

    # The provider's partner, in a browser of their own, accepts it and sees only the consented data.
    partner_totp = enrol_totp(cast.partner)
    context = browser.new_context(locale="de-DE", base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    partner = context.new_page()
    try:
        login(partner, live_server, cast.partner.email, partner_totp)
        partner.goto(f"{live_server.url}/kreis-a/intern/ueberleitungen/")
        assert_accessible(axe, partner)
        partner.get_by_role("row").filter(has_text=offering.title).get_by_role("link").first.click()
        expect(partner.get_by_text("Lena Beispiel")).to_be_visible()
        expect(partner.get_by_text("lena@example.org")).to_be_visible()
        expect(partner.get_by_text("03.04.2006")).to_have_count(0)  # the birth date was not shared
        assert_accessible(axe, partner)
        partner.get_by_label("angenommen").check()
        partner.get_by_role("button", name="Antwort speichern").click()
        expect(partner.get_by_text("Ihre Antwort ist gespeichert.")).to_be_visible()
    finally:
        context.close()

    # Back with the case worker: the referral is accepted; the case closes with the destination found.
    page.reload()
    expect(page.get_by_role("table", name="Überleitungen")).to_contain_text("angenommen")
    page.get_by_role("link", name="Fall abschließen").click()
    page.get_by_role("radio", name="Anschluss geklärt").check()
    page.get_by_label("Verbleib (bei „Anschluss geklärt“)").select_option(index=1)
    assert_accessible(axe, page)
    page.get_by_role("button", name="Fall abschließen").click()
    expect(page.get_by_text("Der Fall ist abgeschlossen.")).to_be_visible()
    assert unknown_count(tenant) == 11

    # The figures page of the Verbleibsklärung shows the clearing without naming anyone.
    page.goto(f"{live_server.url}/kreis-a/intern/verbleibsklaerung/zahlen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zahlen der Verbleibsklärung")
    expect(page.get_by_text("Lena")).to_have_count(0)
    assert_accessible(axe, page)
