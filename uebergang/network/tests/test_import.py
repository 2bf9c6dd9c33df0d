"""Importing actors from CSV and XLSX: preview without writing, all or only valid rows, templates."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from uebergang.audit.models import AuditEvent
from uebergang.network import imports
from uebergang.network.models import Contact, Organisation

IMPORT = "/kreis-a/intern/akteure/import/"
CONFIRM = IMPORT + "bestaetigen/"
HEADER = [
    "Name",
    "Kurzname",
    "Art",
    "Schulart",
    "Rechtskreise",
    "Region",
    "Straße",
    "PLZ",
    "Ort",
    "Website",
    "E-Mail",
    "Telefon",
    "Kennung/Schulnummer",
    "übergeordnete Organisation",
    "aktiv",
    "Ansprechperson",
    "Funktion",
    "Kontakt-E-Mail",
    "Kontakt-Telefon",
    "Kontakt öffentlich",
]


def row(**values) -> list[str]:
    defaults = {"Name": "Werkrealschule Süd", "Art": "Schule", "Ort": "Musterstadt"}
    defaults.update(values)
    return [defaults.get(column, "") for column in HEADER]


GOOD_ROWS = [
    row(
        Name="Werkrealschule Süd",
        Art="Schule",
        Schulart="Werkrealschule",
        Rechtskreise="Schulrecht, Landesprogramm",
        Region="West",
        PLZ="12345",
        **{"Kennung/Schulnummer": "04111222", "E-Mail": "info@wrs.example.org"},
        Ansprechperson="Frau Öztürk",
        Funktion="Berufsorientierung",
        **{"Kontakt-E-Mail": "bo@wrs.example.org", "Kontakt öffentlich": "ja"},
    ),
    row(
        Name="Jugendberufshilfe Süd",
        Art="Jugendberufshilfe",
        Rechtskreise="SGB VIII; sgb2",
        Website="www.jbh.example.org",
        aktiv="nein",
        **{"übergeordnete Organisation": "Diakonie Kreisverband"},
        Ansprechperson="Herr Weiß",
    ),
    row(Name="Diakonie Kreisverband", Art="Wohlfahrtsverband", Straße="Kirchplatz 1"),
]


def csv_bytes(rows, *, delimiter=";", encoding="utf-8-sig", title: str | None = None) -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    if title is not None:
        writer.writerow([title])
        writer.writerow([])
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, *, title: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title is not None:
        sheet.append([title])
    sheet.append(HEADER)
    for values in rows:
        sheet.append([int(v) if v.isdigit() and not v.startswith("0") else (v or None) for v in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, data: bytes, name: str = "akteure.csv"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def coordinator(client, cast):
    client.force_login(cast.coordinator)
    return client


def imported_names(cast) -> set[str]:
    return set(
        Organisation.objects.for_tenant(cast.tenant_a)
        .exclude(pk=cast.network_a.organisation.pk)
        .values_list("name", flat=True)
    )


def assert_good_import(cast):
    school = Organisation.objects.get(tenant=cast.tenant_a, name="Werkrealschule Süd")
    assert school.kind == "school" and school.school_type == "werkrealschule"
    # "Landesprogramm" is no Rechtskreis any more: it names who pays, the Land.
    assert sorted(school.legal_sphere_codes) == ["school"] and school.funding_sources == {"state"}
    assert school.region == cast.region_a and school.postcode == "12345" and school.identifier == "04111222"
    contact = Contact.objects.get(organisation=school)
    assert contact.name == "Frau Öztürk" and contact.is_public and contact.email == "bo@wrs.example.org"
    youth = Organisation.objects.get(tenant=cast.tenant_a, name="Jugendberufshilfe Süd")
    assert youth.parent.name == "Diakonie Kreisverband" and not youth.is_active
    assert youth.website == "https://www.jbh.example.org"
    assert sorted(youth.legal_sphere_codes) == ["sgb2", "sgb8"]
    assert not Contact.objects.get(organisation=youth).is_public
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORTED)
    assert event.tenant == cast.tenant_a and event.actor == cast.coordinator
    assert (
        event.data["created"] == 3 and event.data["contacts_created"] == 2 and event.data["skipped_rows"] == 0
    )


# Good files -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, data",
    [
        ("utf8-bom.csv", csv_bytes(GOOD_ROWS)),
        ("utf8.csv", csv_bytes(GOOD_ROWS, encoding="utf-8")),
        ("windows.csv", csv_bytes(GOOD_ROWS, encoding="cp1252")),
        ("titel.csv", csv_bytes(GOOD_ROWS, title="Akteursliste Kreis Alpha, Stand März 2026")),
        ("komma.csv", csv_bytes(GOOD_ROWS, delimiter=",")),
        ("liste.xlsx", xlsx_bytes(GOOD_ROWS)),
        ("titel.xlsx", xlsx_bytes(GOOD_ROWS, title="Akteursliste")),
    ],
)
def test_a_good_file_is_previewed_without_writing_and_then_imported(coordinator, cast, name, data):
    response = upload(coordinator, data, name)
    assert response.status_code == 200
    page = response.content.decode()
    assert "3 gültig, 0 fehlerhaft." in page and "Alle importieren" in page
    assert "Werkrealschule Süd" in page
    assert imported_names(cast) == set()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.IMPORTED).exists()

    response = coordinator.post(CONFIRM, {"mode": "all"})
    # The worker wrote it (at once in the tests); the job's page says what happened.
    assert response.status_code == 302 and response.url.startswith("/kreis-a/intern/akteure/import/")
    job_page = coordinator.get(response.url).content.decode()
    assert "Import abgeschlossen. Akteure neu angelegt: 3, aktualisiert: 0" in job_page
    assert 'href="/kreis-a/intern/akteure/"' in job_page
    assert imported_names(cast) == {"Werkrealschule Süd", "Jugendberufshilfe Süd", "Diakonie Kreisverband"}
    assert_good_import(cast)
    # The kept file is gone: confirming again imports nothing twice.
    assert coordinator.post(CONFIRM, {"mode": "all"}).status_code == 302
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORTED).count() == 1


def test_rows_are_numbered_as_in_the_file_below_a_title_row(cast):
    data = csv_bytes([row(Art="Raumschiff")], title="Liste")
    report = imports.analyse(data, "liste.csv", cast.tenant_a)
    # Line 1 title, line 2 empty, line 3 header, line 4 the row.
    assert [(p.row, p.column, p.value) for p in report.problems] == [(4, "Art", "Raumschiff")]


def test_an_existing_organisation_of_the_same_name_is_updated_not_duplicated(coordinator, cast):
    existing = cast.network_a.organisation
    data = csv_bytes(
        [
            row(
                Name="BILDUNGSWERK A",
                Art="Bildungsträger",
                Ort="Neustadt",
                Ansprechperson=cast.network_a.contact.name,
                Funktion="Leitung",
            )
        ]
    )
    assert "vorhandenen Akteur aktualisieren" in upload(coordinator, data).content.decode()
    coordinator.post(CONFIRM, {"mode": "all"})
    existing.refresh_from_db()
    assert existing.city == "Neustadt" and existing.email == "info@bildungswerk-a.example.org"
    assert Organisation.objects.for_tenant(cast.tenant_a).count() == 1
    contact = Contact.objects.get(pk=cast.network_a.contact.pk)
    assert contact.function == "Leitung" and contact.is_public  # empty cell: unchanged
    assert existing.contacts.count() == 2
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORTED)
    assert event.data["updated"] == 1 and event.data["created"] == 0 and event.data["contacts_updated"] == 1


def test_the_same_name_in_another_tenant_is_not_touched(coordinator, cast):
    upload(coordinator, csv_bytes([row(Name=cast.network_b.organisation.name, Art="Stiftung")]))
    coordinator.post(CONFIRM, {"mode": "all"})
    cast.network_b.organisation.refresh_from_db()
    assert cast.network_b.organisation.kind == "training_provider"
    assert Organisation.objects.for_tenant(cast.tenant_a).filter(name="Bildungswerk b").exists()


# Broken files ---------------------------------------------------------------------------------------

BROKEN_ROWS = [
    (row(Art="Raumschiff"), "Art", "Raumschiff", "Unbekannte Art"),
    (row(**{"E-Mail": "info(at)schule"}), "E-Mail", "info(at)schule", "Keine gültige E-Mail-Adresse."),
    (row(PLZ="1234X"), "PLZ", "1234X", "Die PLZ besteht aus fünf Ziffern."),
    (row(Region="Atlantis"), "Region", "Atlantis", "Unbekannte Region. Vorhanden sind: West."),
    (row(Art="Jobcenter", Schulart="Realschule"), "Schulart", "Realschule", "nur bei der Art „Schule“"),
    (row(Name=""), "Name", "", "Der Name fehlt."),
    (row(Rechtskreise="SGB XII"), "Rechtskreise", "SGB XII", "Unbekannter Rechtskreis „SGB XII“"),
    (row(**{"Kontakt-E-Mail": "x@example.org"}), "Ansprechperson", "", "ohne Ansprechperson"),
    (row(aktiv="vielleicht"), "aktiv", "vielleicht", "„ja“ oder „nein“"),
    (
        row(**{"übergeordnete Organisation": "Gibt es nicht"}),
        "übergeordnete Organisation",
        "Gibt es nicht",
        "weder in der Datei",
    ),
]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("broken, column, value, reason", BROKEN_ROWS, ids=[b[1] for b in BROKEN_ROWS])
def test_a_broken_row_is_reported_and_nothing_is_written(
    coordinator, cast, kind, broken, column, value, reason
):
    rows = [GOOD_ROWS[2], broken]
    data = csv_bytes(rows) if kind == "csv" else xlsx_bytes(rows)
    response = upload(coordinator, data, f"akteure.{kind}")
    report = response.context["report"]
    problems = [(p.row, p.column, p.value) for p in report.problems]
    assert problems == [(3, column, value)]
    assert reason in report.problems[0].reason
    page = response.content.decode()
    assert "1 gültig, 1 fehlerhaft." in page and "Alle importieren" not in page
    assert "Nur die gültige Zeile importieren" in page
    # "all" is refused while a row is broken.
    response = coordinator.post(CONFIRM, {"mode": "all"})
    assert response.status_code == 200 and "fehlerhafte Zeilen" in response.content.decode()
    assert imported_names(cast) == set()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.IMPORTED).exists()


def test_a_duplicate_name_within_the_file_names_the_first_row(coordinator, cast):
    data = csv_bytes([row(Name="Schule X"), row(Name="schule x", Art="Stiftung")])
    report = upload(coordinator, data).context["report"]
    assert [(p.row, p.column, p.reason) for p in report.problems] == [
        (3, "Name", "Der Name steht schon in Zeile 2.")
    ]
    assert imported_names(cast) == set()


def test_a_circle_of_parents_is_refused(cast):
    data = csv_bytes(
        [
            row(Name="A-Verein", **{"übergeordnete Organisation": "B-Verein"}),
            row(Name="B-Verein", **{"übergeordnete Organisation": "A-Verein"}),
        ]
    )
    report = imports.analyse(data, "kreis.csv", cast.tenant_a)
    assert {p.row for p in report.problems} == {2, 3}
    assert all("Kreis" in p.reason for p in report.problems)


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("bild.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "weder eine CSV- noch eine XLSX-Datei"),
        ("kaputt.xlsx", b"PK\x03\x04kaputt", "keine lesbare Excel-Datei"),
        ("text.csv", b"Liebe Kolleginnen,\nanbei die Liste.\n", "keine Kopfzeile"),
        ("ohne-name.csv", b"Kurzname;Art;Ort\nWRS;Schule;Musterstadt\n", "Die Spalte „Name“ fehlt"),
        ("nur-kopf.csv", csv_bytes([]), "keine Zeilen mit Akteuren"),
    ],
)
def test_an_unreadable_file_is_refused_as_a_whole(coordinator, cast, name, data, message):
    response = upload(coordinator, data, name)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Die Datei kann nicht importiert werden" in page and message in page
    assert "importieren</button>" not in page
    assert coordinator.post(CONFIRM, {"mode": "valid"}).status_code == 302
    assert imported_names(cast) == set()


def test_an_empty_file_gets_a_form_error(coordinator, cast):
    response = upload(coordinator, b"")
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert imported_names(cast) == set()


def test_a_too_large_file_is_refused_in_german(coordinator, cast, monkeypatch):
    monkeypatch.setattr(imports, "MAX_IMPORT_BYTES", 100)
    response = upload(coordinator, csv_bytes(GOOD_ROWS))
    assert "Die Datei ist zu groß" in response.context["form"].errors["file"][0]


# Only the valid rows --------------------------------------------------------------------------------


def test_importing_only_the_valid_rows(coordinator, cast):
    rows = [
        *GOOD_ROWS,
        row(Name="Kaputte Schule", PLZ="abc"),
        row(
            Name="Kind der Kaputten",
            Art="Verein/Ehrenamt",
            **{"übergeordnete Organisation": "Kaputte Schule"},
        ),
    ]
    report = upload(coordinator, csv_bytes(rows)).context["report"]
    assert len(report.valid_rows) == 3 and [r.number for r in report.invalid_rows] == [5, 6]
    assert "(Zeile 5) ist fehlerhaft" in report.invalid_rows[1].problems[0].reason
    response = coordinator.post(CONFIRM, {"mode": "valid"})
    assert response.status_code == 302
    assert imported_names(cast) == {"Werkrealschule Süd", "Jugendberufshilfe Süd", "Diakonie Kreisverband"}
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORTED)
    assert event.data["created"] == 3 and event.data["skipped_rows"] == 2 and event.data["only_valid"]


def test_the_file_is_checked_again_on_confirmation(coordinator, cast):
    upload(coordinator, csv_bytes([row(Name="Neue Schule", Region="West")]))
    cast.region_a.delete()
    response = coordinator.post(CONFIRM, {"mode": "all"})
    assert response.status_code == 200 and "Unbekannte Region" in response.content.decode()
    assert imported_names(cast) == set()


def test_a_large_upload_is_kept_in_a_file_of_the_session(coordinator, cast, monkeypatch, settings, tmp_path):
    settings.SHARED_FILES_DIR = tmp_path / "var"
    monkeypatch.setattr(imports, "SESSION_LIMIT_BYTES", 10)
    upload(coordinator, csv_bytes(GOOD_ROWS))
    kept = list((tmp_path / "var" / "imports").glob("*.upload"))
    assert len(kept) == 1 and "data" not in coordinator.session[imports.SESSION_KEY]
    assert coordinator.post(CONFIRM, {"mode": "all"}).status_code == 302
    assert_good_import(cast)
    assert not kept[0].exists()


# Who may import -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["partner", "case_worker", "steering", "coordinator_b", "association", "outsider"]
)
def test_others_may_not_import(client, cast, who):
    user = cast.members_a.get(who) or getattr(cast, who)
    client.force_login(user)
    assert upload(client, csv_bytes(GOOD_ROWS)).status_code == 403
    assert client.post(CONFIRM, {"mode": "all"}).status_code == 403
    assert client.get(IMPORT + "vorlage.csv").status_code == 403
    assert imported_names(cast) == set()


def test_a_file_kept_for_another_tenant_is_not_imported_here(client, cast):
    from uebergang.accounts.models import Membership

    Membership.objects.create(user=cast.coordinator_b, tenant=cast.tenant_a, role="coordinator")
    client.force_login(cast.coordinator_b)
    assert (
        client.post(
            "/stadt-b/intern/akteure/import/", {"file": SimpleUploadedFile("a.csv", csv_bytes(GOOD_ROWS))}
        ).status_code
        == 200
    )
    response = client.post(CONFIRM, {"mode": "all"})
    assert response.status_code == 302 and response.url == IMPORT
    assert imported_names(cast) == set()


def test_anonymous_visitors_are_sent_to_login(client, cast):
    response = client.post(CONFIRM, {"mode": "all"})
    assert response.status_code == 302 and response.url.startswith("/konto/anmelden/")


# Templates ------------------------------------------------------------------------------------------


def test_the_csv_template_has_german_headers_and_imports_cleanly(coordinator, cast):
    response = coordinator.get(IMPORT + "vorlage.csv")
    assert response["Content-Disposition"] == 'attachment; filename="akteure-vorlage.csv"'
    data = response.content
    text = data.decode("utf-8-sig").splitlines()
    assert text[0].startswith("Name;Kurzname;Art;Schulart;Rechtskreise;Mittelgeber;Region;Straße;PLZ;Ort")
    assert len(text) == 2
    report = imports.analyse(data, "vorlage.csv", cast.tenant_a)
    assert report.all_valid, report.problems


def test_the_xlsx_template_has_german_headers_and_imports_cleanly(coordinator, cast):
    response = coordinator.get(IMPORT + "vorlage.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Name", "Kurzname", "Art") and len(rows) == 2
    report = imports.analyse(response.content, "vorlage.xlsx", cast.tenant_a)
    assert report.all_valid, report.problems
    assert report.rows[0].values["region"] == cast.region_a


def test_the_upload_page_offers_the_templates(coordinator, cast):
    page = coordinator.get(IMPORT).content.decode()
    assert "vorlage.xlsx" in page and "vorlage.csv" in page and "Kontakt öffentlich" in page
