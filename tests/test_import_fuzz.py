"""The importer fuzz harness (issue #18): every upload of the platform against hostile and random files.

Five importers take files from people: leaver records (monitoring), actors, offerings, the
Klärungsliste (cases) and a provider's partner reports (quality). Each gets

- hand-made hostile files: binary junk, UTF-16 and Windows-1252 text, a 2 MB line without a break,
  an empty file, a workbook with XML entities, a ZIP bomb, a path out of the archive, far-apart cells,
  a damaged archive, an XLSX named .csv and a CSV named .xlsx, a PDF named .xlsx;
- byte strings hypothesis makes up, as CSV and as XLSX (a bounded number of examples).

For each: never a server error, an answer a person can read (a German message on the page, or the next
step of a file it could read), no record written, and the Python memory the request needed stays a
small multiple of the file (tracemalloc; the hostile workbooks are refused before they are unpacked).
"""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from uebergang.cases.models import Case, CaseSettings
from uebergang.lib.tests.workbooks import archive, climbing, far_apart, with_entities, zip_bomb
from uebergang.monitoring.models import Leaver
from uebergang.network.models import Organisation
from uebergang.offerings.models import Offering
from uebergang.quality.models import PartnerReport, ReportingPeriod

pytestmark = pytest.mark.django_db

# A refusal or a question the page puts: one of these is on every answer to a file.
READABLE = (
    "Die Datei kann nicht importiert werden",
    "Bitte prüfen Sie Ihre Angaben",
    "Nichts übernommen",
    "fehlerhaft",
    "Fehler:",
    "keine Kopfzeile",
    "Zuordnung",
    "Prüfbericht",
)
MEMORY_FLOOR = 24 * 1024 * 1024  # what a request needs anyway (templates, ORM), on top of the file


@dataclass(frozen=True)
class Importer:
    name: str
    person: str  # attribute of the cast
    url: Callable  # cast -> url
    fields: dict
    written: Callable  # cast -> number of records the import would write
    titles: tuple[str, ...]  # real column titles, so hostile workbooks look like the real thing


def _period(cast) -> ReportingPeriod:
    return ReportingPeriod.objects.get(tenant=cast.tenant_a)


IMPORTERS = [
    Importer(
        "leavers",
        "coordinator",
        lambda cast: "/kreis-a/intern/monitoring/import/",
        {"source": "Schulamt", "kind": "leavers"},
        lambda cast: Leaver.objects.filter(tenant=cast.tenant_a).count(),
        ("Schüler-ID", "Schulnummer", "Abgangsjahr", "Anschluss"),
    ),
    Importer(
        "actors",
        "coordinator",
        lambda cast: "/kreis-a/intern/akteure/import/",
        {},
        lambda cast: Organisation.objects.for_tenant(cast.tenant_a).count(),
        ("Name", "Art", "Ort"),
    ),
    Importer(
        "offerings",
        "coordinator",
        lambda cast: "/kreis-a/intern/angebote/import/",
        {},
        lambda cast: Offering.objects.for_tenant(cast.tenant_a).count(),
        ("Titel", "Anbieter", "Kurzbeschreibung"),
    ),
    Importer(
        "clearing_list",
        "case_worker",
        lambda cast: "/kreis-a/intern/faelle/klaerungsliste/",
        {},
        lambda cast: Case.objects.filter(tenant=cast.tenant_a).count(),
        ("Vorname", "Nachname", "Abgangsjahr"),
    ),
    Importer(
        "partner_reports",
        "partner",
        lambda cast: f"/kreis-a/intern/qualitaet/berichte/{_period(cast).pk}/import/",
        {},
        lambda cast: PartnerReport.objects.filter(period__tenant=cast.tenant_a).count(),
        ("Angebot", "Teilnehmende", "regulär beendet"),
    ),
]


@pytest.fixture
def ready(cast):
    """The municipality recorded its legal basis, so the Klärungsliste takes files at all."""
    CaseSettings.objects.update_or_create(
        tenant=cast.tenant_a,
        defaults={"import_legal_reference": "§ 31a SGB III", "import_legal_text": "Übermittlung."},
    )
    return cast


def _csv_named_xlsx(titles):
    return (";".join(titles) + "\n1;2;3\n").encode()


def _damaged(titles):
    return zip_bomb(*titles)[:300]


HOSTILE: list[tuple[str, str, Callable]] = [
    ("junk", "liste.csv", lambda titles: bytes(range(256)) * 40),
    ("utf16", "liste.csv", lambda titles: (";".join(titles) + "\nä;ö;ü\n").encode("utf-16")),
    ("cp1252", "liste.csv", lambda titles: (";".join(titles) + "\nMüller;Straße;Öl\n").encode("cp1252")),
    ("long line", "liste.csv", lambda titles: b"A" * (2 * 1024 * 1024)),
    ("empty", "liste.csv", lambda titles: b""),
    ("nul bytes", "liste.csv", lambda titles: (";".join(titles) + "\n\x00;\x00;\x00\n").encode()),
    ("entities", "liste.xlsx", lambda titles: with_entities(*titles)),
    ("zip bomb", "liste.xlsx", lambda titles: zip_bomb(*titles)),
    ("path out", "liste.xlsx", lambda titles: climbing(*titles)),
    ("far apart", "liste.xlsx", lambda titles: far_apart(*titles)),
    ("damaged", "liste.xlsx", _damaged),
    ("csv as xlsx", "liste.xlsx", _csv_named_xlsx),
    ("xlsx as csv", "liste.csv", lambda titles: with_entities(*titles)),
    ("pdf as xlsx", "liste.xlsx", lambda titles: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF"),
    ("zip of junk", "liste.ods", lambda titles: archive({"../../etc/passwd": b"x", "content.xml": b"<"})),
]


def post(client: Client, importer: Importer, cast, name: str, data: bytes):
    payload = {**importer.fields, "file": SimpleUploadedFile(name, data)}
    tracemalloc.start()
    try:
        response = client.post(importer.url(cast), payload)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return response, peak


def follow(client: Client, response) -> str:
    """The page a person sees after the upload (a leaver upload redirects to its batch)."""
    if response.status_code == 302:
        response = client.get(response.url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda importer: importer.name)
@pytest.mark.parametrize("case", HOSTILE, ids=lambda case: case[0])
def test_a_hostile_file_is_refused_readably_and_writes_nothing(client, ready, importer, case):
    label, name, build = case
    cast = ready
    client.force_login(getattr(cast, importer.person))
    # Once, unmeasured: the first request of a process imports and compiles what every later one reuses.
    post(client, importer, cast, "leer.csv", (";".join(importer.titles) + "\n").encode())
    before = importer.written(cast)
    data = build(importer.titles)
    response, peak = post(client, importer, cast, name, data)
    assert response.status_code in (200, 302), f"{importer.name}/{label}: {response.status_code}"
    page = follow(client, response)
    assert any(text in page for text in READABLE), f"{importer.name}/{label}: no message on the page"
    assert importer.written(cast) == before
    assert peak < MEMORY_FLOOR + 8 * len(data), f"{importer.name}/{label}: {peak / 1e6:.0f} MB"


def _xlsx_with(cells: list[list[str]]) -> bytes:
    rows = "".join(
        "<row>" + "".join(f'<c t="inlineStr"><is><t>{_xml(value)}</t></is></c>' for value in row) + "</row>"
        for row in cells
    )
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>",
        )
        book.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        book.writestr(
            "xl/workbook.xml",
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Liste" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        book.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def _xml(value: str) -> str:
    clean = "".join(
        ch for ch in value if ch in "\t\n\r" or (ord(ch) >= 0x20 and not 0xD800 <= ord(ch) <= 0xDFFF)
    )
    return clean.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
FUZZ = hypothesis_settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda importer: importer.name)
@FUZZ
@given(data=st.binary(max_size=4096), as_xlsx=st.booleans())
def test_random_bytes_never_break_an_import(client, ready, importer, data, as_xlsx):
    cast = ready
    client.force_login(getattr(cast, importer.person))
    before = importer.written(cast)
    response, _ = post(client, importer, cast, "liste.xlsx" if as_xlsx else "liste.csv", data)
    assert response.status_code in (200, 302)
    follow(client, response)
    assert importer.written(cast) == before


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda importer: importer.name)
@FUZZ
@given(rows=st.lists(st.lists(TEXT, min_size=1, max_size=5), min_size=1, max_size=8), as_xlsx=st.booleans())
def test_made_up_tables_under_real_titles_get_an_answer(client, ready, importer, rows, as_xlsx):
    """Real column titles above made-up cells: the importer reads and checks every row and answers with a
    page, never a server error."""
    cast = ready
    client.force_login(getattr(cast, importer.person))
    table = [list(importer.titles), *rows]
    if as_xlsx:
        name, data = "liste.xlsx", _xlsx_with(table)
    else:
        text = "\n".join(";".join(cell.replace(";", ",").replace("\n", " ") for cell in row) for row in table)
        name, data = "liste.csv", text.encode("utf-8", "replace")
    response, _ = post(client, importer, cast, name, data)
    assert response.status_code in (200, 302)
    follow(client, response)
