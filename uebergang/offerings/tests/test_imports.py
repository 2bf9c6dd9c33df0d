"""Importing offerings from CSV and XLSX: preview without writing, all or nothing or only the valid rows,
updates instead of doubles, templates that import as downloaded, and who may import."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from uebergang.audit.models import AuditEvent
from uebergang.lib.tabular import CellError
from uebergang.offerings import imports
from uebergang.offerings.models import Offering, OfferingVersion
from uebergang.test import create_organisation

IMPORT = "/kreis-a/intern/angebote/import/"
CONFIRM = IMPORT + "bestaetigen/"
HEADER = imports.TEMPLATE_COLUMNS
PROVIDER = "Bildungswerk a"  # cast.network_a.organisation


def row(**values) -> list[str]:
    defaults = {"Titel": "Praktikumsbörse", "Anbieter": PROVIDER, "Kurzbeschreibung": "Praktika finden"}
    defaults.update(values)
    return [defaults.get(column, "") for column in HEADER]


GOOD_ROWS = [
    row(
        Titel="Berufsorientierung Süd",
        Kurzbeschreibung="Stärken entdecken, Berufe kennenlernen",
        Beschreibung="Ein Jahr lang Werkstatttage und Betriebsbesuche.",
        Phasen="Berufsorientierung Sek I; sek i–ausbildung",
        Kategorien="Berufsorientierung, Eigene Kategorie a",
        Zielgruppen="jugendliche; NEWLY_ARRIVED",
        **{"Alter von": "13", "Alter bis": "17", "Klasse von": "7", "Klasse bis": "9"},
        Schularten="Realschule; Werkrealschule",
        Rechtskreis="SGB III",
        Rechtsgrundlage="§ 48 SGB III",
        Förderer="Agentur für Arbeit",
        **{"Förderung von": "01.09.2025", "Förderung bis": "31.07.2027", "Fördersumme": "12.500,50"},
        Plätze="20",
        **{"freie Plätze": "5"},
        Kostenfrei="ja",
        Sprachen="Deutsch, Türkisch",
        Weblink="www.bo-sued.example.org",
        **{"E-Mail": "BO@Example.org"},
        Straße="Schulstraße 3",
        PLZ="1067",
        Ort="Musterstadt",
        Region="West",
        **{"Adresse vertraulich": "nein", "Zuletzt geprüft": "15.01.2026"},
    ),
    row(Titel="Elterncafé", Kurzbeschreibung="Treffpunkt für Eltern", Kosten="2,50 €", Ort="Musterdorf"),
    row(
        Titel="Schutzraum",
        Kurzbeschreibung="Beratung",
        Straße="Geheime Gasse 1",
        PLZ="12345",
        Ort="Musterstadt",
        **{"Adresse vertraulich": "ja"},
    ),
]
GOOD_TITLES = {"Berufsorientierung Süd", "Elterncafé", "Schutzraum"}


def csv_bytes(rows, *, delimiter=";", encoding="utf-8-sig", title: str | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    if title:
        writer.writerow([title])
        writer.writerow([])
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, *, title: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(HEADER)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, data: bytes, name: str = "angebote.csv"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def coordinator(client, cast):
    client.force_login(cast.coordinator)
    return client


def imported(cast):
    return Offering.objects.for_tenant(cast.tenant_a).exclude(
        pk__in=[cast.offerings_a.published.pk, cast.offerings_a.draft.pk]
    )


def assert_nothing_written(cast):
    assert not imported(cast).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.IMPORTED).exists()
    assert OfferingVersion.objects.count() == 2  # the cast's pending changes


# A good file ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, data",
    [
        ("utf8-bom-semikolon.csv", csv_bytes(GOOD_ROWS)),
        ("windows.csv", csv_bytes(GOOD_ROWS, encoding="cp1252")),
        ("komma.csv", csv_bytes(GOOD_ROWS, delimiter=",", encoding="utf-8")),
        ("titelzeile.csv", csv_bytes(GOOD_ROWS, title="Angebote im Kreis Alpha, Stand Januar")),
        ("angebote.xlsx", xlsx_bytes(GOOD_ROWS, title="Angebote im Kreis Alpha")),
    ],
)
def test_a_good_file_is_previewed_without_writing_and_then_imported(coordinator, cast, name, data):
    response = upload(coordinator, data, name)
    assert response.status_code == 200
    report = response.context["report"]
    assert report.file_problem == "" and report.problems == [], report.problems
    assert {row.values["title"] for row in report.valid_rows} == GOOD_TITLES
    assert "Es ist noch nichts gespeichert" in response.content.decode()
    assert not imported(cast).exists()

    response = coordinator.post(CONFIRM, {"umfang": "alles"})
    assert response.status_code == 302
    assert {o.title for o in imported(cast)} == GOOD_TITLES
    assert_good_offerings(cast)
    page = coordinator.get(response.url).content.decode()
    assert "Import abgeschlossen. Angebote neu angelegt: 3, aktualisiert: 0" in page


def assert_good_offerings(cast):
    offering = imported(cast).get(title="Berufsorientierung Süd")
    assert offering.status == Offering.Status.DRAFT
    assert offering.provider == cast.network_a.organisation
    assert offering.phases == {"orientation", "school_to_training"}
    assert offering.target_groups == {"young_people", "newly_arrived"}
    assert offering.school_types == {"realschule", "werkrealschule"}
    assert offering.languages == {"de", "tr"}
    assert {c.name for c in offering.categories.all()} == {"Berufsorientierung", "Eigene Kategorie a"}
    assert (offering.min_age, offering.max_age, offering.min_grade, offering.max_grade) == (13, 17, 7, 9)
    assert offering.legal_sphere == "sgb3" and offering.legal_basis == "§ 48 SGB III"
    assert offering.funding_start == date(2025, 9, 1) and offering.funding_end == date(2027, 7, 31)
    assert offering.funding_amount == Decimal("12500.50")
    assert (offering.places_total, offering.places_free) == (20, 5)
    assert offering.places_updated_at is not None
    assert offering.url == "https://www.bo-sued.example.org" and offering.contact_email == "bo@example.org"
    assert offering.last_checked == date(2026, 1, 15)
    (location,) = offering.locations.all()
    assert (location.street, location.postcode, location.city) == ("Schulstraße 3", "01067", "Musterstadt")
    assert location.region == cast.region_a and not location.is_confidential
    assert location.latitude is not None  # the postcode's centre, for the radius search
    assert "musterstadt" in offering.search_text.casefold()  # the search finds it by its town
    assert "bildungswerk a" in offering.search_text.casefold()
    version = offering.versions.get()
    assert version.status == OfferingVersion.Status.SAVED and version.author == cast.coordinator
    assert version.data["title"] == "Berufsorientierung Süd"

    cafe = imported(cast).get(title="Elterncafé")
    assert not cafe.is_free and cafe.cost_amount == Decimal("2.50")
    shelter = imported(cast).get(title="Schutzraum").locations.get()
    assert shelter.is_confidential and shelter.street == "Geheime Gasse 1"

    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORTED, tenant=cast.tenant_a)
    assert event.data["created"] == 3 and event.data["updated"] == 0 and not event.data["only_valid"]


def test_spreadsheet_dates_and_numbers_are_read_as_typed(coordinator, cast):
    values = row(Titel="Sommerschule", Fördersumme="", Plätze="")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(values)
    for column, value in (
        ("Förderung von", datetime(2025, 9, 1)),
        ("Förderung bis", date(2026, 7, 31)),
        ("Fördersumme", 9999.5),
        ("Plätze", 12),
        ("PLZ", 1067),
        ("Ort", "Musterstadt"),
    ):
        sheet.cell(row=2, column=HEADER.index(column) + 1, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = upload(coordinator, buffer.getvalue(), "zahlen.xlsx").context["report"]
    assert report.problems == []
    values = report.rows[0].values
    assert values["funding_start"] == date(2025, 9, 1) and values["funding_end"] == date(2026, 7, 31)
    assert values["funding_amount"] == Decimal("9999.50") and values["places_total"] == 12
    assert values["location"]["postcode"] == "01067"


def test_publishing_at_once(coordinator, cast, client):
    upload(coordinator, csv_bytes(GOOD_ROWS))
    coordinator.post(CONFIRM, {"umfang": "alles", "veroeffentlichen": "1"})
    offerings = imported(cast)
    assert {o.status for o in offerings} == {Offering.Status.PUBLISHED}
    assert all(o.published_at for o in offerings)
    assert AuditEvent.objects.get(action=AuditEvent.Action.IMPORTED).data["published"] == 3


# Broken rows ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values, column, value, reason",
    [
        (
            {"Anbieter": "Gibt es nicht e. V."},
            "Anbieter",
            "Gibt es nicht e. V.",
            "nicht im Akteursverzeichnis",
        ),
        ({"Anbieter": "Bildungswerk b"}, "Anbieter", "Bildungswerk b", "nicht im Akteursverzeichnis"),
        (
            {"Phasen": "Oberstufe"},
            "Phasen",
            "Oberstufe",
            "Unbekannter Wert „Oberstufe“. Möglich sind: Familie–KiTa",
        ),
        ({"Kategorien": "Zirkus"}, "Kategorien", "Zirkus", "Unbekannte Kategorie „Zirkus“"),
        ({"Förderung bis": "31.13.2026"}, "Förderung bis", "31.13.2026", "Kein gültiges Datum"),
        (
            {"Alter von": "18", "Alter bis": "16"},
            "Alter von",
            "18",
            "Das Alter von ist größer als das Alter bis.",
        ),
        ({"Alter von": "vierzehn"}, "Alter von", "vierzehn", "Bitte eine ganze Zahl eintragen."),
        ({"PLZ": "1234x", "Ort": "Musterstadt"}, "PLZ", "1234x", "Die PLZ besteht aus fünf Ziffern."),
        ({"Straße": "Hauptstraße 1"}, "Ort", "", "Der Ort fehlt"),
        ({"Fördersumme": "viel Geld"}, "Fördersumme", "viel Geld", "Kein gültiger Betrag"),
        ({"Kurzbeschreibung": ""}, "Kurzbeschreibung", "", "Die Kurzbeschreibung fehlt"),
        ({"Titel": ""}, "Titel", "", "Der Titel fehlt."),
        ({"Kostenfrei": "vielleicht"}, "Kostenfrei", "vielleicht", "Bitte „ja“ oder „nein“ eintragen."),
        ({"Kostenfrei": "ja", "Kosten": "15"}, "Kosten", "15", "Ein kostenfreies Angebot hat keinen Betrag"),
        ({"Plätze": "5", "freie Plätze": "8"}, "freie Plätze", "8", "mehr freie Plätze"),
        ({"E-Mail": "kein-at-zeichen"}, "E-Mail", "kein-at-zeichen", "Keine gültige E-Mail-Adresse."),
        ({"Region": "Atlantis"}, "Region", "Atlantis", "Unbekannte Region. Vorhanden sind: West."),
        (
            {"Zuletzt geprüft": "01.01.2999"},
            "Zuletzt geprüft",
            "01.01.2999",
            "Das Datum liegt in der Zukunft.",
        ),
    ],
)
def test_a_broken_row_is_reported_and_nothing_is_written(coordinator, cast, values, column, value, reason):
    response = upload(coordinator, csv_bytes([*GOOD_ROWS, row(**values)]))
    report = response.context["report"]
    assert len(report.valid_rows) == 3
    (problem,) = report.problems
    assert (problem.row, problem.column, problem.value) == (5, column, value)
    assert reason in problem.reason
    page = response.content.decode()
    assert "Fehler Zeile für Zeile" in page and "Alles oder nichts" in page

    response = coordinator.post(CONFIRM, {"umfang": "alles"})
    assert response.status_code == 200
    assert "Nichts wurde importiert" in response.content.decode()
    assert_nothing_written(cast)


def test_only_the_valid_rows_by_choice(coordinator, cast):
    rows = [*GOOD_ROWS, row(Titel="Kaputt", Phasen="Oberstufe"), row(Titel="Auch kaputt", PLZ="abc", Ort="X")]
    report = upload(coordinator, csv_bytes(rows)).context["report"]
    assert [r.number for r in report.invalid_rows] == [5, 6]
    response = coordinator.post(CONFIRM, {"umfang": "gueltige"})
    assert response.status_code == 302
    assert {o.title for o in imported(cast)} == GOOD_TITLES
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORTED)
    assert event.data["created"] == 3 and event.data["skipped_rows"] == 2 and event.data["only_valid"]


def test_a_file_without_any_valid_row_writes_nothing_in_either_mode(coordinator, cast):
    upload(coordinator, csv_bytes([row(Anbieter="Unbekannt")]))
    response = coordinator.post(CONFIRM, {"umfang": "gueltige"})
    assert "keine gültige Zeile" in response.content.decode()
    assert_nothing_written(cast)


def test_the_same_offering_twice_in_a_file_names_the_first_row(coordinator, cast):
    rows = [row(Titel="Elterncafé"), row(Titel="  elterncafé ")]
    report = upload(coordinator, csv_bytes(rows)).context["report"]
    (problem,) = report.problems
    assert problem.row == 3 and "schon in Zeile 2" in problem.reason


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"Spalte A;Spalte B\n1;2\n", "liste.csv", "keine Kopfzeile mit bekannten Spaltentiteln"),
        (csv_bytes([]).replace(b"Anbieter", b"Foo"), "liste.csv", "Die Spalte „Anbieter“ fehlt"),
        (b"Titel;Anbieter\n", "liste.csv", "keine Zeilen mit Angeboten"),
        (b"PK\x03\x04kaputt", "liste.xlsx", "keine lesbare Excel-Datei"),
    ],
)
def test_an_unreadable_file_is_refused_as_a_whole(coordinator, cast, data, name, message):
    response = upload(coordinator, data, name)
    assert message in response.context["report"].file_problem
    assert message in response.content.decode()
    assert coordinator.post(CONFIRM, {"umfang": "alles"}).status_code == 302  # nothing kept
    assert_nothing_written(cast)


def test_a_too_large_file_is_refused_in_german(coordinator, cast, monkeypatch):
    monkeypatch.setattr(imports, "MAX_IMPORT_BYTES", 100)
    response = upload(coordinator, csv_bytes(GOOD_ROWS))
    assert "Die Datei ist zu groß" in response.context["form"].errors["file"][0]


def test_the_file_is_checked_again_on_confirmation(coordinator, cast):
    upload(coordinator, csv_bytes([row(Ort="Musterstadt", Region="West")]))
    cast.region_a.delete()
    response = coordinator.post(CONFIRM, {"umfang": "alles"})
    assert response.status_code == 200 and "Unbekannte Region" in response.content.decode()
    assert_nothing_written(cast)


# Updates ---------------------------------------------------------------------------------------------


def test_a_reimport_updates_instead_of_doubling(coordinator, cast):
    upload(coordinator, csv_bytes(GOOD_ROWS))
    coordinator.post(CONFIRM, {"umfang": "alles"})
    changed = row(
        Titel="BERUFSORIENTIERUNG  SÜD",
        Kurzbeschreibung="Neu beschrieben",
        Plätze="25",
        Straße="Schulstraße 3",
        PLZ="01067",
        Ort="Musterstadt",
        **{"Adresse vertraulich": "ja"},
    )
    response = upload(coordinator, csv_bytes([changed]))
    assert response.context["report"].updating == 1 and response.context["report"].creating == 0
    assert "vorhandenes Angebot aktualisieren" in response.content.decode()
    coordinator.post(CONFIRM, {"umfang": "alles"})
    assert imported(cast).count() == 3
    offering = imported(cast).get(title="BERUFSORIENTIERUNG SÜD")  # the file's spelling wins
    assert offering.short_description == "Neu beschrieben" and offering.places_total == 25
    assert offering.funding_amount == Decimal("12500.50")  # empty cells keep what was there
    assert offering.phases == {"orientation", "school_to_training"}
    (location,) = offering.locations.all()  # the same address: updated, not doubled
    assert location.is_confidential and location.region == cast.region_a
    assert list(offering.versions.values_list("number", flat=True)) == [2, 1]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORTED).first().data["updated"] == 1  # newest


def test_an_update_of_a_published_offering_keeps_it_published_and_its_other_locations(coordinator, cast):
    published = cast.offerings_a.published
    values = row(
        Titel=published.title.upper(),
        Kurzbeschreibung="",
        Straße="Neue Straße 9",
        PLZ="12345",
        Ort="Musterstadt",
        Zielgruppen="Eltern",
    )
    report = upload(coordinator, csv_bytes([values])).context["report"]
    (valid,) = report.valid_rows
    assert valid.existing == published and valid.pending_review
    coordinator.post(CONFIRM, {"umfang": "alles"})
    published.refresh_from_db()
    assert published.status == Offering.Status.PUBLISHED
    assert published.short_description == "Fit für die Bewerbung a"
    assert published.target_groups == {"parents"}
    streets = sorted(published.locations.values_list("street", flat=True))
    assert streets == sorted(["Marktplatz 1", cast.offerings_a.confidential_street, "Neue Straße 9"])
    assert published.locations.get(street=cast.offerings_a.confidential_street).is_confidential


def test_a_single_location_moves_with_its_address(coordinator, cast):
    upload(
        coordinator,
        csv_bytes([row(Titel="Lernhilfe", Straße="Alte Straße 1", PLZ="12345", Ort="Musterstadt")]),
    )
    coordinator.post(CONFIRM, {"umfang": "alles"})
    upload(
        coordinator,
        csv_bytes([row(Titel="Lernhilfe", Straße="Neue Straße 2", PLZ="12345", Ort="Musterstadt")]),
    )
    coordinator.post(CONFIRM, {"umfang": "alles"})
    assert list(imported(cast).get().locations.values_list("street", flat=True)) == ["Neue Straße 2"]


def test_confidential_without_an_address_hides_every_location(coordinator, cast):
    published = cast.offerings_a.published
    upload(coordinator, csv_bytes([row(Titel=published.title, **{"Adresse vertraulich": "ja"})]))
    coordinator.post(CONFIRM, {"umfang": "alles"})
    assert set(published.locations.values_list("is_confidential", flat=True)) == {True}
    assert published.locations.count() == 2


def test_a_range_is_checked_against_the_stored_other_end(coordinator, cast):
    values = row(Titel=cast.offerings_a.published.title, **{"Alter von": "25"})  # stored: 14 to 20
    (problem,) = upload(coordinator, csv_bytes([values])).context["report"].problems
    assert problem.column == "Alter von" and "größer als das Alter bis" in problem.reason


def test_the_same_title_of_another_provider_is_a_new_offering(coordinator, cast):
    create_organisation(cast.tenant_a, "Jugendwerk Süd", short_name="JWS")
    values = row(Titel=cast.offerings_a.published.title, Anbieter="jws", Kurzbeschreibung="Auch gut")
    report = upload(coordinator, csv_bytes([values])).context["report"]
    assert report.creating == 1 and report.problems == []


def test_a_name_two_organisations_share_is_refused(coordinator, cast):
    create_organisation(cast.tenant_a, "Bildungswerk A")
    (problem,) = upload(coordinator, csv_bytes([row()])).context["report"].problems
    assert problem.column == "Anbieter" and "Mehrere Akteure heißen so" in problem.reason


def test_the_offering_of_another_tenant_is_never_touched(coordinator, cast):
    other = cast.offerings_b.published
    upload(coordinator, csv_bytes([row(Titel=other.title, Kurzbeschreibung="Übernommen?")]))
    coordinator.post(CONFIRM, {"umfang": "alles"})
    other.refresh_from_db()
    assert other.short_description == "Fit für die Bewerbung b"
    assert imported(cast).get().title == other.title  # a new offering of tenant A


# Templates -------------------------------------------------------------------------------------------


def test_the_csv_template_round_trips(coordinator, cast):
    response = coordinator.get(IMPORT + "vorlage.csv")
    assert response["Content-Disposition"] == 'attachment; filename="angebote-vorlage.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    header, example = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert header == HEADER and example[HEADER.index("Anbieter")] == PROVIDER
    filled = list(example)
    filled[HEADER.index("Titel")] = "Mein neues Angebot"
    filled[HEADER.index("Kategorien")] = "Eigene Kategorie a; Beratung"
    report = upload(coordinator, csv_bytes([example, filled]), "vorlage.csv").context["report"]
    assert report.problems == [] and report.creating == 2
    coordinator.post(CONFIRM, {"umfang": "alles"})
    assert {o.title for o in imported(cast)} == {"Beispiel: Bewerbungstraining kompakt", "Mein neues Angebot"}


def test_the_xlsx_template_has_hints_and_round_trips(coordinator, cast):
    response = coordinator.get(IMPORT + "vorlage.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet, notes = workbook.worksheets
    assert [cell.value for cell in sheet[1]] == HEADER and sheet["A1"].font.b
    hints = {row[0]: row[1] for row in notes.iter_rows(min_row=2, values_only=True)}
    assert "Eigene Kategorie a" in hints["Kategorien"] and "Berufsorientierung" in hints["Kategorien"]
    assert "Eigene Kategorie b" not in hints["Kategorien"]
    assert "Sek I–Ausbildung" in hints["Phasen"] and "Neu zugewanderte junge Menschen" in hints["Zielgruppen"]
    assert "Türkisch" in hints["Sprachen"] and "Gymnasium" in hints["Schularten"]
    assert "SGB II (Grundsicherung/Jobcenter)" in hints["Rechtskreis"] and hints["Region"] == "West"
    assert "ESF Plus" in hints["Mittelgeber"] and "Landesprogramm" not in hints["Rechtskreis"]
    sheet.append(["Zweites Angebot", PROVIDER, "Kurz und gut", *[""] * (len(HEADER) - 3)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = upload(coordinator, buffer.getvalue(), "vorlage.xlsx").context["report"]
    assert report.problems == [] and report.creating == 2


def test_the_upload_page_offers_templates_and_hints(coordinator, cast):
    page = coordinator.get(IMPORT).content.decode()
    assert "/kreis-a/intern/angebote/import/vorlage.xlsx" in page and "vorlage.csv" in page
    assert "Eigene Kategorie a" in page and "Eigene Kategorie b" not in page


# Who may import ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["partner", "case_worker", "steering", "coordinator_b", "association", "outsider"]
)
@pytest.mark.parametrize("url", [IMPORT, IMPORT + "vorlage.csv", IMPORT + "vorlage.xlsx"])
def test_others_may_not_import(client, cast, who, url):
    client.force_login(getattr(cast, who))
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": SimpleUploadedFile("a.csv", csv_bytes(GOOD_ROWS))}).status_code == 403
    assert client.post(CONFIRM, {"umfang": "alles"}).status_code == 403
    assert_nothing_written(cast)


def test_the_other_tenants_coordinator_gets_only_their_own_import(client, cast):
    client.force_login(cast.coordinator_b)
    response = client.get("/stadt-b/intern/angebote/import/")
    assert response.status_code == 200
    assert "Eigene Kategorie b" in response.content.decode()
    assert "Eigene Kategorie a" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_login(client, cast):
    for url in (IMPORT, IMPORT + "vorlage.csv"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/konto/anmelden/")
    assert client.post(CONFIRM).url.startswith("/konto/anmelden/")


def test_a_file_kept_for_another_tenant_is_not_imported_here(client, cast):
    from uebergang.accounts.models import Membership

    Membership.objects.create(user=cast.coordinator, tenant=cast.tenant_b, role=Membership.Role.COORDINATOR)
    client.force_login(cast.coordinator)
    upload(client, csv_bytes(GOOD_ROWS))
    response = client.post("/stadt-b/intern/angebote/import/bestaetigen/", {"umfang": "alles"})
    assert response.status_code == 302 and response.url == "/stadt-b/intern/angebote/import/"
    assert (
        not Offering.objects.for_tenant(cast.tenant_b)
        .exclude(pk__in=[cast.offerings_b.published.pk, cast.offerings_b.draft.pk])
        .exists()
    )


def test_confirming_needs_post(coordinator, cast):
    assert coordinator.get(CONFIRM).status_code == 405


# Cell values ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, amount",
    [
        ("12.500,50", "12500.50"),
        ("12500,5 €", "12500.50"),
        ("1 200 EUR", "1200.00"),
        ("12.500", "12500.00"),
        ("99.5", "99.50"),
        ("0", "0.00"),
    ],
)
def test_german_amounts(text, amount):
    assert imports.parse_amount(text, max_digits=12) == Decimal(amount)


@pytest.mark.parametrize("text", ["-5", "1,234", "abc", "NaN", "1e99"])
def test_amounts_that_are_refused(text):
    with pytest.raises(CellError):
        imports.parse_amount(text, max_digits=12)


@pytest.mark.parametrize(
    "text, day",
    [("31.07.2026", date(2026, 7, 31)), ("1.8.26", date(2026, 8, 1)), ("2026-07-31", date(2026, 7, 31))],
)
def test_dates(text, day):
    assert imports.parse_date(text) == day


def test_several_values_in_a_cell():
    assert imports.split_values("Deutsch; Englisch") == ["Deutsch", "Englisch"]
    assert imports.split_values("Deutsch,Englisch") == ["Deutsch", "Englisch"]
    assert imports.split_values("Mentoring, Paten; Beratung") == ["Mentoring, Paten", "Beratung"]


def test_free_places_are_checked_against_the_stored_total(coordinator, cast):
    upload(coordinator, csv_bytes([row(Titel="Lernhilfe", Plätze="10")]))
    coordinator.post(CONFIRM, {"umfang": "alles"})
    (problem,) = (
        upload(coordinator, csv_bytes([row(Titel="Lernhilfe", **{"freie Plätze": "12"})]))
        .context["report"]
        .problems
    )
    assert (problem.column, problem.value) == ("freie Plätze", "12") and "mehr freie Plätze" in problem.reason
