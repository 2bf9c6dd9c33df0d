"""Exports of offerings (CSV for German Excel, XLSX) and the public export of a search."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import timezone
from openpyxl import load_workbook

from uebergang.lib import spreadsheets
from uebergang.offerings import exports
from uebergang.offerings.models import Offering, OfferingLocation
from uebergang.offerings.search import refresh_search_text
from uebergang.offerings.views import imports as views
from uebergang.test import mentions

PUBLIC_CSV = "/kreis-a/angebote/export.csv"
PUBLIC_XLSX = "/kreis-a/angebote/export.xlsx"


def csv_table(response) -> list[dict[str, str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: German Excel reads UTF-8
    text = response.content.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def xlsx_table(response) -> list[dict[str, object]]:
    assert response["Content-Type"] == spreadsheets.XLSX_CONTENT_TYPE
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    return [
        dict(zip(header, values, strict=False)) for values in sheet.iter_rows(min_row=2, values_only=True)
    ]


def table(response) -> list[dict]:
    return csv_table(response) if response["Content-Type"].startswith("text/csv") else xlsx_table(response)


@pytest.fixture
def rich(cast):
    """The cast's published offering of A with everything filled in."""
    offering = cast.offerings_a.published
    offering.phases = {"orientation", "school_to_training"}
    offering.target_groups = {"young_people", "newly_arrived"}
    offering.languages = {"de", "tr"}
    offering.legal_sphere = "sgb3"
    offering.funding_amount = Decimal("12500.50")
    offering.funding_end = date(2027, 7, 31)
    offering.places_total, offering.places_free = 20, 5
    offering.contact_name = "Erika Beispiel"
    offering.save()
    location = offering.locations.get(is_confidential=False)
    location.region = cast.region_a
    location.save()
    return offering


def export(offerings, fmt, *, public, request=None):
    return exports.export_response(offerings, fmt, public=public, filename="angebote", request=request)


# What a user finds in the file -------------------------------------------------------------------------


def test_the_csv_has_german_titles_and_labels(cast, rich, settings):
    settings.ALLOWED_HOSTS = ["uebergang.example.org"]
    request = RequestFactory().get("/", HTTP_HOST="uebergang.example.org")
    response = export(Offering.objects.filter(pk=rich.pk), "csv", public=False, request=request)
    assert response["Content-Disposition"] == 'attachment; filename="angebote.csv"'
    (line,) = csv_table(response)
    assert line["Titel"] == "Bewerbungstraining a" and line["Anbieter"] == "Bildungswerk a"
    assert line["Status"] == "veröffentlicht"
    assert line["Phasen"] == "Berufsorientierung Sek I; Sek I–Ausbildung"
    assert line["Zielgruppen"] == "Jugendliche; Neu zugewanderte junge Menschen"
    assert line["Sprachen"] == "Deutsch; Türkisch"
    assert line["Kategorien"] == "Eigene Kategorie a"
    assert line["Rechtskreis"] == "SGB III (Arbeitsförderung)"
    assert line["Fördersumme (EUR)"] == "12500,50" and line["Förderung bis"] == "31.07.2027"
    assert (line["Alter von"], line["Alter bis"], line["Plätze"], line["freie Plätze"]) == (
        "14",
        "20",
        "20",
        "5",
    )
    assert line["Kostenfrei"] == "ja" and line["Ansprechperson"] == "Erika Beispiel"
    assert line["Orte"] == "Marktplatz 1, 12345 Musterstadt; Musterstadt"
    assert line["Regionen"] == "West"
    assert line["Zuletzt geprüft"] == timezone.localdate().strftime("%d.%m.%Y")
    assert line["Link zur Angebotsseite"] == f"http://uebergang.example.org/kreis-a/angebote/{rich.pk}/"


def test_the_xlsx_is_a_proper_spreadsheet(cast, rich):
    response = export(Offering.objects.filter(pk=rich.pk), "xlsx", public=False)
    assert response["Content-Disposition"] == 'attachment; filename="angebote.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert sheet.title == "Angebote" and sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    (line,) = xlsx_table(response)
    assert line["Phasen"] == "Berufsorientierung Sek I; Sek I–Ausbildung"
    assert line["Förderung bis"].date() == date(2027, 7, 31)  # a date cell, not text
    assert line["Fördersumme (EUR)"] == 12500.5 and line["Plätze"] == 20
    assert line["Link zur Angebotsseite"] == f"/kreis-a/angebote/{rich.pk}/"


def test_the_public_export_leaves_out_internal_fields(cast, rich):
    (line,) = csv_table(export([rich], "csv", public=True))
    for internal in ("Status", "Fördersumme (EUR)", "Erinnerung gesendet", "Geändert am", "ID"):
        assert internal not in line
    assert not mentions(";".join(line.values()), "12500")
    assert line["Ansprechperson"] == "Erika Beispiel"  # the contact the public detail page shows


def test_a_public_export_drops_anything_unpublished_it_is_given(cast):
    offerings = [cast.offerings_a.published, cast.offerings_a.draft]
    assert [line["Titel"] for line in csv_table(export(offerings, "csv", public=True))] == [
        "Bewerbungstraining a"
    ]
    internal = csv_table(export(offerings, "csv", public=False))
    assert {line["Titel"] for line in internal} == {"Bewerbungstraining a", "Entwurf a"}
    assert {line["Link zur Angebotsseite"] for line in internal if line["Titel"] == "Entwurf a"} == {""}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("public", [True, False])
def test_a_confidential_address_is_in_no_export(cast, fmt, public):
    offering = cast.offerings_a.published
    response = export(Offering.objects.filter(pk=offering.pk), fmt, public=public)
    cells = " ".join(str(value) for line in table(response) for value in line.values() if value is not None)
    assert cast.offerings_a.confidential_street not in cells and not mentions(cells, "12347")
    assert "Marktplatz 1, 12345 Musterstadt" in cells  # the public location is there
    if fmt == "csv":
        assert cast.offerings_a.confidential_street.encode() not in response.content


def test_coordinates_are_in_no_export(cast):
    location = cast.offerings_a.published.locations.get(is_confidential=True)
    location.latitude, location.longitude = 49.123456, 8.654321
    location.save()
    for fmt in spreadsheets.FORMATS:
        response = export([cast.offerings_a.published], fmt, public=False)
        cells = " ".join(str(v) for line in table(response) for v in line.values())
        assert "49.123456" not in cells and "49,123456" not in cells and "8.654321" not in cells


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_injection_is_neutralised(cast, fmt):
    offering = cast.offerings_a.published
    offering.title = '=HYPERLINK("http://evil.example.org","Klick")'
    offering.short_description = "+1+1"
    offering.contact_phone = "-2+3"
    offering.contact_name = "@SUM(A1:A2)"
    offering.save()
    (line,) = table(export([offering], fmt, public=True))
    assert line["Titel"] == "'" + offering.title
    assert line["Kurzbeschreibung"] == "'+1+1" and line["Telefon"] == "'-2+3"
    assert line["Ansprechperson"] == "'@SUM(A1:A2)"
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(export([offering], fmt, public=True).content)).worksheets[0]
        assert {cell.data_type for cell in sheet[2]} <= {"s", "n", "d"}  # no formula cell


def test_the_export_reads_in_batches_not_per_offering(cast, django_assert_max_num_queries):
    provider = cast.network_a.organisation
    for number in range(30):
        offering = Offering.objects.create(
            tenant=cast.tenant_a, provider=provider, title=f"Angebot {number}", short_description="kurz"
        )
        OfferingLocation.objects.create(offering=offering, city="Musterstadt", region=cast.region_a)
        offering.categories.add(cast.offerings_a.category)
    with django_assert_max_num_queries(8):
        response = export(Offering.objects.for_tenant(cast.tenant_a), "xlsx", public=False)
    assert len(xlsx_table(response)) == 32


def test_an_unknown_format_is_a_programming_error(cast):
    with pytest.raises(ValueError, match="Unknown export format"):
        export([], "pdf", public=True)


# The public export of a search ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", [PUBLIC_CSV, PUBLIC_XLSX])
def test_the_public_export_has_published_offerings_of_this_municipality_only(client, cast, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="angebote-kreis-a-')
    titles = [line["Titel"] for line in table(response)]
    assert titles == ["Bewerbungstraining a"]
    for secret in (
        cast.offerings_a.draft.title,
        cast.offerings_b.published.title,
        cast.offerings_a.confidential_street,
    ):
        assert secret.encode() not in response.content
    assert "Status" not in table(response)[0]


def test_the_public_export_takes_the_search_parameters_and_all_hits(client, cast):
    provider = cast.network_a.organisation
    for number in range(25):  # more than one page of the search
        Offering.objects.create(
            tenant=cast.tenant_a,
            provider=provider,
            status=Offering.Status.PUBLISHED,
            published_at=timezone.now(),
            title=f"Lernwerkstatt {number}",
            short_description="Lernen mit Freude",
            phases={"training"},
        )
    for offering in Offering.objects.for_tenant(cast.tenant_a):
        refresh_search_text(offering)
    assert len(table(client.get(PUBLIC_CSV))) == 26
    assert len(table(client.get(PUBLIC_CSV, {"phases": "training"}))) == 25
    assert [line["Titel"] for line in table(client.get(PUBLIC_CSV, {"q": "Bewerbungstraining"}))] == [
        "Bewerbungstraining a"
    ]


def test_a_cut_off_export_says_so(client, cast, monkeypatch):
    provider = cast.network_a.organisation
    second = Offering.objects.create(
        tenant=cast.tenant_a, provider=provider, status="published", title="Zweites", short_description="x"
    )
    refresh_search_text(second)
    monkeypatch.setattr(views, "MAX_EXPORT_ROWS", 1)
    text = client.get(PUBLIC_CSV).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(lines) == 4 and lines[2] == []  # header, one offering, an empty line, the note
    assert lines[3] == [
        "Die Suche ergab mehr als 1 Angebote; exportiert sind die ersten 1. "
        "Grenzen Sie die Suche ein, um alle zu erhalten."
    ]
    assert "Zweites" in client.get(PUBLIC_CSV, {"q": "Zweites"}).content.decode("utf-8-sig")
    workbook = load_workbook(io.BytesIO(client.get(PUBLIC_XLSX).content))
    assert workbook.sheetnames == ["Angebote", "Hinweis"]


def test_the_other_municipality_exports_its_own(client, cast):
    titles = [line["Titel"] for line in table(client.get("/stadt-b/angebote/export.csv"))]
    assert titles == ["Bewerbungstraining b"]


def test_an_unknown_municipality_or_format_is_not_found(client, cast):
    assert client.get("/gibt-es-nicht/angebote/export.csv").status_code == 404
    assert client.get("/kreis-a/angebote/export.pdf").status_code == 404


def test_the_export_url_has_one_name_for_both_formats(cast):
    from django.urls import reverse

    assert reverse("offerings:public_export", kwargs={"tenant": cast.tenant_a, "fmt": "xlsx"}) == PUBLIC_XLSX
    assert reverse("offerings:public_export", kwargs={"tenant": cast.tenant_a, "fmt": "csv"}) == PUBLIC_CSV
