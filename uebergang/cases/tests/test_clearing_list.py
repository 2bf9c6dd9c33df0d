"""The Klärungsliste import: only with a recorded legal basis, all rows or none, each problem named."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from uebergang.audit.models import AuditEvent
from uebergang.cases.models import Case, CaseSettings
from uebergang.monitoring.pseudonyms import pseudonym, tenant_key
from uebergang.test import create_organisation

URL = "/kreis-a/intern/faelle/klaerungsliste/"
HEADER = "Vorname;Nachname;Geburtsdatum;Sorgeberechtigte;Schule;Klasse;Abgangsjahr;Schüler-ID;E-Mail\n"


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("klaerungsliste.csv", text.encode("utf-8"), content_type="text/csv")


def allow(cast) -> None:
    CaseSettings.objects.update_or_create(
        tenant=cast.tenant_a,
        defaults={
            "import_legal_reference": "§ 31a SGB III",
            "import_legal_text": "Übermittlung durch die Schulen.",
        },
    )


def test_without_a_recorded_legal_basis_the_import_is_refused(worker, cast):
    page = worker.get(URL).content.decode()
    assert "keine Rechtsgrundlage" in page and 'enctype="multipart/form-data"' not in page
    worker.post(URL, {"file": upload(HEADER + "Ali;Beispiel;;;;;2026;;\n")})
    assert not Case.objects.filter(last_name="Beispiel").exists()


def test_a_clean_list_becomes_cases_with_pseudonyms_only(worker, cast):
    allow(cast)
    school = create_organisation(cast.tenant_a, "Realschule am See", kind="school")
    rows = (
        "Ali;Beispiel;01.02.2005;;Realschule am See;10a;2026;RS-1;ali@example.org\n"
        "Bea;Muster;2011-03-04;Frau Muster;;9b;2026;RS-2;\n"
    )
    page = worker.get(URL).content.decode()
    assert "§ 31a SGB III" in page and "Übermittlung durch die Schulen." in page
    response = worker.post(URL, {"file": upload(HEADER + rows)})
    assert response.status_code == 302
    ali = Case.objects.get(last_name="Beispiel")
    assert (ali.school, ali.school_class, ali.source, ali.lead_worker) == (
        school,
        "10a",
        "clearing_list",
        None,
    )
    assert ali.pupil_pseudonym == pseudonym(tenant_key(cast.tenant_a), "RS-1")
    assert "RS-1" not in str(Case.objects.filter(pk=ali.pk).values().get())
    assert AuditEvent.objects.get(action="cases.imported").data["cases"] == 2


def test_one_bad_row_stores_nothing_and_the_report_names_each_problem(worker, cast):
    allow(cast)
    rows = (
        "Ali;Beispiel;01.02.2005;;;;2026;RS-1;\n"
        "Bea;Muster;04.03.2012;;Unbekannte Schule;;2026;RS-1;keine-adresse\n"
        ";Ohne;;;;;1999;;\n"
    )
    page = worker.post(URL, {"file": upload(HEADER + rows)}).content.decode()
    assert not Case.objects.filter(last_name__in=["Beispiel", "Muster", "Ohne"]).exists()
    for reason in (
        "Bei Minderjährigen bitte die sorgeberechtigte Person angeben.",
        "Keine Schule dieses Namens im Akteursverzeichnis.",
        "Dieselbe Schüler-ID steht schon in Zeile 2.",
        "Keine gültige E-Mail-Adresse.",
        "Pflichtangabe fehlt.",
        "Bitte ein Jahr zwischen 2000 und dem nächsten Jahr.",
    ):
        assert reason in page, reason
    assert "2 Zeilen haben Fehler" in page


def test_an_unreadable_file_and_a_missing_column_get_a_clear_message(worker, cast):
    allow(cast)
    page = worker.post(URL, {"file": upload("Vorname;Nachname\nAli;Beispiel\n")}).content.decode()
    assert "Es fehlen die Spalten: Abgangsjahr." in page
    page = worker.post(URL, {"file": upload("irgendwas\n1;2\n")}).content.decode()
    assert "Keine Kopfzeile" in page
