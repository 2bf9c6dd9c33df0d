"""Legal pages: public for everyone, kept by the tenant's coordinators (the installation's by superusers),
linked in every footer; a tenant without its own text shows the installation's, marked as such."""

from __future__ import annotations

import datetime

import pytest

from uebergang.audit.models import AuditEvent
from uebergang.legal.models import AccessibilityStatement, LegalText
from uebergang.test import create_user, enrol_totp

STATEMENT = {
    "conformity": "partial",
    "non_accessible": "Die Karte der Angebote ist mit der Tastatur nur eingeschränkt bedienbar.",
    "prepared_on": "2026-11-30",
    "reviewed_on": "",
    "method": "self",
    "feedback_email": "barrierefrei@kreis-a.example.org",
    "feedback_phone": "0621 123 456",
    "feedback_address": "",
    "enforcement_body": "Schlichtungsstelle nach § 16 BGG",
    "enforcement_url": "https://www.schlichtungsstelle-bgg.de",
    "enforcement_contact": "",
}


def test_a_coordinator_writes_the_imprint_and_everyone_reads_it(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(
        "/kreis-a/intern/rechtliches/impressum/", {"body": "# Anbieter\n\nKreis Alpha, Amt 40"}
    )
    assert response.status_code == 302 and response.url == "/kreis-a/rechtliches/impressum/"
    text = LegalText.objects.get(tenant=cast.tenant_a, kind="impressum")
    assert text.updated_by == cast.coordinator
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATED, tenant=cast.tenant_a)
    assert event.data["page"] == "impressum"

    client.logout()
    page = client.get("/kreis-a/rechtliches/impressum/").content.decode()
    assert "<h2>Anbieter</h2>" in page and "Kreis Alpha, Amt 40" in page
    # Tenant B shows its own (none yet), never A's.
    assert "Amt 40" not in client.get("/stadt-b/rechtliches/impressum/").content.decode()


def test_without_its_own_text_a_tenant_shows_the_installations_marked(client, cast):
    LegalText.objects.create(tenant=None, kind="datenschutz", body="Betreiber der Plattform: Verbund e. V.")
    page = client.get("/stadt-b/rechtliches/datenschutz/").content.decode()
    assert "Verbund e. V." in page and "keinen eigenen Text hinterlegt" in page
    assert "keinen eigenen Text" not in client.get("/rechtliches/datenschutz/").content.decode()


def test_the_accessibility_statement_has_every_part_of_the_model_statement(client, cast):
    client.force_login(cast.coordinator)
    assert client.post("/kreis-a/intern/rechtliches/barrierefreiheit/", STATEMENT).status_code == 302
    client.logout()
    page = client.get("/kreis-a/rechtliches/barrierefreiheit/").content.decode()
    for part in (
        "Stand der Vereinbarkeit mit den Anforderungen",
        "teilweise vereinbar",
        "Nicht barrierefreie Inhalte",
        "Karte der Angebote",
        "Erstellung dieser Erklärung",
        "30. November 2026",
        "Feedback und Kontaktangaben",
        'href="mailto:barrierefrei@kreis-a.example.org"',
        'href="tel:0621123456"',
        "Durchsetzungsverfahren",
        "Schlichtungsstelle nach § 16 BGG",
    ):
        assert part in page, part


def test_a_statement_without_feedback_contact_or_enforcement_body_is_refused(client, cast):
    client.force_login(cast.coordinator)
    data = {**STATEMENT, "feedback_email": "", "enforcement_body": ""}
    response = client.post("/kreis-a/intern/rechtliches/barrierefreiheit/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error-summary"' in page and 'href="#id_feedback_email"' in page
    assert not AccessibilityStatement.objects.exists()


def test_every_footer_links_the_legal_pages_of_where_you_are(client, cast):
    landing = client.get("/").content.decode()
    assert 'href="/rechtliches/impressum/"' in landing and 'href="/rechtliches/barrierefreiheit/"' in landing
    tenant_page = client.get("/kreis-a/").content.decode()
    for kind in ("impressum", "datenschutz", "barrierefreiheit"):
        assert f'href="/kreis-a/rechtliches/{kind}/"' in tenant_page


@pytest.mark.parametrize("who", ["coordinator_b", "outsider", "partner", "steering"])
def test_only_the_tenants_coordinators_edit_its_pages(client, cast, who):
    user = getattr(cast, who) if who in ("coordinator_b", "outsider") else cast.members_a[who]
    client.force_login(user)
    assert client.get("/kreis-a/intern/rechtliches/impressum/").status_code == 403
    assert client.post("/kreis-a/intern/rechtliches/impressum/", {"body": "fremd"}).status_code == 403
    assert not LegalText.objects.exists()


def test_the_installations_pages_are_kept_by_superusers_only(client, cast):
    client.force_login(cast.coordinator)
    assert client.post("/rechtliches/impressum/bearbeiten/", {"body": "x"}).status_code == 403
    admin = create_user("admin@example.org", is_superuser=True, is_staff=True)
    enrol_totp(admin)
    client.force_login(admin)
    response = client.post("/rechtliches/impressum/bearbeiten/", {"body": "Verbund e. V., Musterstraße 1"})
    assert response.status_code == 302
    assert LegalText.objects.get(tenant=None, kind="impressum").body.startswith("Verbund e. V.")


def test_unknown_kinds_are_not_found(client, cast):
    assert client.get("/kreis-a/rechtliches/agb/").status_code == 404
    client.force_login(cast.coordinator)
    assert client.get("/kreis-a/intern/rechtliches/agb/").status_code == 404


def test_saving_the_form_unchanged_changes_nothing(client, cast):
    statement = AccessibilityStatement.objects.create(
        tenant=cast.tenant_a,
        prepared_on=datetime.date(2026, 11, 30),
        feedback_email="a@example.org",
        enforcement_body="Schlichtungsstelle nach § 16 BGG",
        non_accessible="Zeile 1\nZeile 2",
    )
    client.force_login(cast.coordinator)
    form = client.get("/kreis-a/intern/rechtliches/barrierefreiheit/").context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["prepared_on"] = "2026-11-30"
    assert client.post("/kreis-a/intern/rechtliches/barrierefreiheit/", data).status_code == 302
    statement.refresh_from_db()
    assert statement.non_accessible == "Zeile 1\nZeile 2" and statement.conformity == "partial"
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.UPDATED).exists()
    assert statement.updated_by is None  # not even the editor is rewritten


def test_the_installations_statement_saved_unchanged_by_a_superuser_changes_nothing(client, cast):
    from uebergang.test import create_filled

    create_filled(cast)
    admin = create_user("admin@example.org", is_superuser=True, is_staff=True)
    enrol_totp(admin)
    client.force_login(admin)
    url = "/rechtliches/barrierefreiheit/bearbeiten/"
    before = AccessibilityStatement.objects.get(tenant=None)
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(prepared_on="2026-11-30", reviewed_on="2026-12-01")
    assert client.post(url, data).status_code == 302
    after = AccessibilityStatement.objects.get(tenant=None)
    assert [getattr(after, f.attname) for f in after._meta.concrete_fields] == [
        getattr(before, f.attname) for f in before._meta.concrete_fields
    ]


def test_the_demo_has_the_installations_pages_and_musterkreis_own_and_beispielstadt_falls_back(client, db):
    from uebergang.demo import foundation
    from uebergang.demo import legal as legal_demo

    foundation.load()
    legal_demo.load()
    legal_demo.load()  # a second run changes nothing
    assert LegalText.objects.count() == 3 and AccessibilityStatement.objects.count() == 2
    assert "Landratsamt Musterkreis" in client.get("/musterkreis/rechtliches/impressum/").content.decode()
    page = client.get("/beispielstadt/rechtliches/barrierefreiheit/").content.decode()
    assert "es gilt die Erklärung der Plattform" in page and "barrierefrei@verbund-uebergang" in page
