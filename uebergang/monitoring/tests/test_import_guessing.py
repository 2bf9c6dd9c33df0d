"""Imports that never guess: files as offices make them, every column shown, suggestions confirmed,
the destination required or explicitly "not collected", the preview and its warnings, the figures equal
to an independent count of the file."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from uebergang.monitoring import forms
from uebergang.monitoring.imports import Report, import_file, personal_column, suggest_field
from uebergang.monitoring.imports.report import MAX_VALUE_CHARS
from uebergang.monitoring.models import CohortCount, ImportBatch, ImportMapping, Leaver

from .test_imports import GOOD_ROWS, HEADER, csv_file, run
from .test_imports import schools as schools  # the fixture

pytestmark = pytest.mark.django_db

BASE = "/kreis-a/intern/monitoring/import/"
OFFICE_TITLES = [
    "Schüler-ID",
    "Schulnummer",
    "Abgangsjahr",
    "Abschluss",
    "Geschlecht",
    "Geplanter Verbleib (Stand März)",
    "Verbleib zum 01.10.",
]
# The destinations offices write, and what they are (independent of the import's own tables).
OFFICE_DESTINATIONS = {
    "Ausbildung": "dual",
    "Übergangssystem": "transition",
    "Studium": "higher_ed",
    "FSJ": "service",
    "unbekannt": "unknown",
    "Oberstufe": "upper_secondary",
}


def office_file(tmp_path, rows: int = 60, *, titles=OFFICE_TITLES, name="Abgänge 2025.csv"):
    """A leaver list as a school office saves it: a title row above the header, cp1252, semicolons."""
    destinations = list(OFFICE_DESTINATIONS)
    lines = ["Schulabgänge 2025 – Schulamt Musterkreis (Stand: 01.10.2025);;;", ";".join(titles)]
    for i in range(rows):
        cells = [
            f"S-{i:04d}",
            "04123" if i % 3 else "04124",
            "2025",
            ("MSA", "Hauptschulabschluss", "Abitur")[i % 3],
            "wm"[i % 2],
            destinations[(i * 5) % len(destinations)],
            destinations[(i * 7) % len(destinations)],
        ]
        lines.append(";".join(cells[: len(titles)]))
    return csv_file(tmp_path, lines, name=name, encoding="cp1252", newline="\r\n")


def independent_count(path, title: str) -> Counter:
    """Rows per top-level destination, counted with the csv module alone."""
    with open(path, encoding="cp1252", newline="") as file:
        lines = file.read().splitlines()[1:]
    return Counter(OFFICE_DESTINATIONS[row[title]] for row in csv.DictReader(lines, delimiter=";"))


def upload(client, path, *, source="Schulamt"):
    file = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
    return client.post(BASE, {"file": file, "source": source, "kind": "leavers"})


@pytest.fixture(autouse=True)
def imports_in_a_temporary_folder(settings, tmp_path):
    settings.SHARED_FILES_DIR = tmp_path / "var"


def mapping_data(form: forms.MappingForm, **overrides) -> dict:
    """What a browser sends for the mapping page as rendered: every select on its pre-selected option."""
    data = {name: form.fields[name].initial or "" for name, _title in form.column_names}
    data.update(overrides)
    return data


# The office file, from upload to dashboard figures ------------------------------------------------


def test_date_suffixed_destination_titles_are_suggested_confirmed_and_counted_right(
    client, cast, schools, tmp_path
):
    path = office_file(tmp_path)
    client.force_login(cast.coordinator)

    response = upload(client, path)

    assert response.url.endswith("/zuordnung/"), "never 'no mapping needed' while columns are ignored"
    batch = ImportBatch.objects.get(pk=int(response.url.split("/")[-3]))
    report = Report.of(batch)
    assert report.missing == ["actual"] and batch.status == ImportBatch.Status.MAPPING
    by_title = {column["title"]: column for column in report.columns}
    assert by_title["Verbleib zum 01.10."]["status"] == "suggested"
    assert by_title["Verbleib zum 01.10."]["field"] == "", (
        "a suggestion is not applied before it is confirmed"
    )
    assert by_title["Geplanter Verbleib (Stand März)"]["suggested"] == "planned"

    page = client.get(response.url).content.decode()
    for title in OFFICE_TITLES:
        assert title in page, f"every column is listed: {title}"
    assert page.count("Vorschlag — bitte bestätigen") == 2
    assert "S-0000" in page and "Übergangssystem" in page, "sample values of the columns"
    assert '<option value="actual" selected>' in page, "the suggestion is pre-selected"

    form = forms.MappingForm(tenant=cast.tenant_a, batch=batch)
    response = client.post(response.url, mapping_data(form))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PENDING, Report.of(batch).as_json()
    mapping = ImportMapping.objects.get(tenant=cast.tenant_a, source="Schulamt")
    assert mapping.columns["Verbleib zum 01.10."] == "actual"

    expected = independent_count(path, "Verbleib zum 01.10.")
    preview = Report.of(batch).preview
    assert {row["code"]: row["count"] for row in preview["destinations"] if row["count"]} == dict(expected)
    page = client.get(f"{BASE}{batch.pk}/").content.decode()
    assert "Vorschau" in page and "Verbleib zum 01.10." in page and "60 Zeilen gelesen" in page
    assert not Leaver.objects.exists(), "nothing is written before the import is started"

    client.post(f"{BASE}{batch.pk}/starten/", {"mode": "all"})
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE, batch.report
    stored = Counter()
    for count in CohortCount.objects.for_tenant(cast.tenant_a).filter(leaving_year=2025):
        stored[count.destination] += count.count
    assert stored == expected
    planned = Counter(Leaver.objects.values_list("planned_destination__code", flat=True))
    assert planned == independent_count(path, "Geplanter Verbleib (Stand März)")


def test_a_suggestion_is_never_applied_by_a_direct_import(cast, schools, tmp_path):
    batch = run(cast, office_file(tmp_path))

    assert batch.status == ImportBatch.Status.FAILED
    assert Report.of(batch).missing == ["actual"]
    assert not Leaver.objects.exists()


@pytest.mark.parametrize(
    ("title", "field"),
    [
        ("Verbleib zum 01.10.", "actual"),
        ("Geplanter Verbleib (Stand März)", "planned"),
        ("Abg.-Jahr", "leaving_year"),
        ("Abgangsjahr 2025", "leaving_year"),
        ("Abschl.", "qualification"),
        ("Stand 30.09.2025", "actual_as_of"),
        ("Schuler-ID", "source_id"),
        ("Bemerkung", None),
        ("Klasse", None),
    ],
)
def test_title_suggestions(title, field):
    assert suggest_field(title) == field


def test_an_unknown_column_stops_on_the_mapping_page_until_it_is_decided(client, cast, schools, tmp_path):
    path = csv_file(tmp_path, [HEADER + ";Bemerkung", *(row + ";Nachprüfung" for row in GOOD_ROWS)])
    client.force_login(cast.coordinator)

    response = upload(client, path)

    assert response.url.endswith("/zuordnung/")
    page = client.get(response.url).content.decode()
    assert "Bemerkung" in page and "unbekannter Spaltentitel" in page and "Nachprüfung" in page
    batch = ImportBatch.objects.get(pk=int(response.url.split("/")[-3]))
    form = forms.MappingForm(tenant=cast.tenant_a, batch=batch)
    client.post(response.url, mapping_data(form))  # "Bemerkung" left on "nicht übernehmen"
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PENDING
    columns = {column["title"]: column["status"] for column in Report.of(batch).columns}
    assert columns["Bemerkung"] == "skipped"
    assert "so in der Zuordnung der Quelle festgelegt" in client.get(f"{BASE}{batch.pk}/").content.decode()


# The destination is required -----------------------------------------------------------------------


def test_a_file_without_destination_is_refused_naming_its_columns_or_stored_as_not_collected(
    client, cast, schools, tmp_path
):
    path = office_file(tmp_path, rows=12, titles=OFFICE_TITLES[:5])
    client.force_login(cast.coordinator)
    response = upload(client, path)
    batch = ImportBatch.objects.get(pk=int(response.url.split("/")[-3]))
    assert Report.of(batch).missing == ["actual"]
    form = forms.MappingForm(tenant=cast.tenant_a, batch=batch)

    page = client.post(response.url, mapping_data(form)).content.decode()

    assert "Ohne Spalte: „Anschluss/Verbleib“" in page
    assert "„Schüler-ID“, „Schulnummer“, „Abgangsjahr“, „Abschluss“, „Geschlecht“" in page
    assert "Verbleib noch nicht erhoben" in page
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.MAPPING

    client.post(response.url, mapping_data(form, not_collected="on"))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PENDING and batch.not_collected
    client.post(f"{BASE}{batch.pk}/starten/", {"mode": "all"})
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE, batch.report
    assert set(Leaver.objects.values_list("actual_destination__code", flat=True)) == {"not_collected"}
    destinations = set(CohortCount.objects.for_tenant(cast.tenant_a).values_list("destination", flat=True))
    assert destinations == {"not_collected"}, "never counted as unknown"


# The preview and its warnings -------------------------------------------------------------------------


def test_warnings_need_a_confirmation(client, cast, schools, tmp_path):
    # Stored: 30 leavers of the Realschule for 2025, a third of them in training.
    stored = [f"OLD-{i};04123;2025;MSA;w;16;;{'dual' if i % 3 == 0 else 'Studium'};" for i in range(30)]
    assert run(cast, csv_file(tmp_path, [HEADER, *stored], name="alt.csv")).status == ImportBatch.Status.DONE
    # The new file: 4 rows, 3 of them "unbekannt", none in training.
    new = [f"N-{i};04123;2025;MSA;w;16;;{'unbekannt' if i else 'Studium'};" for i in range(4)]
    client.force_login(cast.coordinator)
    response = upload(client, csv_file(tmp_path, [HEADER, *new], name="neu.csv"))
    batch = ImportBatch.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))
    warnings = Report.of(batch).warnings

    assert len(warnings) == 3, warnings
    assert "75 % der Zeilen haben den Verbleib „unbekannt“" in warnings[0]
    assert "„Duale Berufsausbildung“ hatte bisher gespeichert 33,3 % der Abgänge" in warnings[1]
    assert "ersetzt 30 gespeicherte Abgänge durch nur 4" in warnings[2]
    page = client.get(response.url).content.decode()
    assert "Ich habe die Warnungen geprüft" in page and warnings[2] in page

    client.post(f"{BASE}{batch.pk}/starten/", {"mode": "all"})
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PENDING and Leaver.objects.count() == 30

    client.post(f"{BASE}{batch.pk}/starten/", {"mode": "all", "confirm": "1"})
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and Leaver.objects.count() == 4


def test_a_plausible_file_has_no_warnings(cast, schools, tmp_path):
    batch = run(cast, csv_file(tmp_path, [HEADER, *GOOD_ROWS]), dry_run=True)

    preview = Report.of(batch).preview
    assert preview["warnings"] == [] and preview["brought"] == 4 and preview["replaced"] == 0
    assert {row["name"]: row["count"] for row in preview["schools"]} == {
        "Gymnasium am Park": 2,
        "Realschule Musterstadt": 2,
    }


# Privacy ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Vor- und Zuname",
        "Schülername",
        "Schüler/in",
        "Schuelerin",
        "Nachname",
        "Geburtstag",
        "Anschrift",
        "Name des Schülers",
    ],
)
def test_name_like_columns_refuse_the_file(cast, schools, tmp_path, title):
    path = csv_file(tmp_path, [f"{HEADER};{title}", *(row + ";x" for row in GOOD_ROWS)])

    batch = run(cast, path, dry_run=True)

    assert batch.status == ImportBatch.Status.FAILED
    assert f"Die Spalte „{title}“ sieht nach personenbezogenen Daten aus" in Report.of(batch).file_problem


@pytest.mark.parametrize("title", ["Schüler-ID", "Schülernummer", "Schule", "Name der Schule", "Schulname"])
def test_pupil_ids_and_school_names_stay_allowed(title):
    assert personal_column([title]) is None


def test_a_report_keeps_only_an_excerpt_of_an_invalid_value(cast, schools, tmp_path):
    long_value = "Realschulabschluss mit Qualifikation " * 20
    batch = run(cast, csv_file(tmp_path, [HEADER, f"A-1;04123;2025;{long_value};w;16;;dual;"]), dry_run=True)

    report = Report.of(batch)
    values = [problem["value"] for problem in report.problems]
    assert values and all(len(value) <= MAX_VALUE_CHARS for value in values)
    assert long_value.strip() not in str(batch.report)


# Repeated problems are summarised ------------------------------------------------------------------


def test_repeated_problems_are_summarised_per_column(cast, schools, tmp_path):
    rows = [f"A-{i};04123;2025;XYZ;w;16;;dual;" for i in range(312)]

    batch = run(cast, csv_file(tmp_path, [HEADER, *rows]), dry_run=True)

    groups = Report.of(batch).groups
    assert len(groups) == 1
    assert groups[0]["column"] == "Abschluss" and groups[0]["count"] == 312
    assert groups[0]["values"] == {"XYZ": 312} and groups[0]["rows"] == [2, 3, 4, 5, 6]


def test_the_check_reads_csv_written_by_excel(cast, schools, tmp_path):
    """cp1252 with CRLF and a title row: the values arrive as written, umlauts included."""
    path = office_file(tmp_path, rows=3)
    text = path.read_bytes().decode("cp1252")
    assert "Übergangssystem" in text and "\r\n" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1] == OFFICE_TITLES
    assert import_file(tenant=cast.tenant_a, path=path, source="x", dry_run=True).status == "mapping"


def test_the_preview_of_a_counts_table_adds_up_the_counts(cast, schools, tmp_path):
    lines = [
        "Schulnummer;Abgangsjahr;Abschluss;Geschlecht;Anschluss;Anzahl",
        "04123;2025;MSA;w;dual;12",
        "04123;2025;MSA;m;BvB;3",
        "04124;2025;Abitur;;Studium;40",
    ]
    run(cast, csv_file(tmp_path, lines), kind="counts")
    smaller = [lines[0], "04123;2025;MSA;w;dual;2", "04124;2025;Abitur;;Studium;1"]

    batch = run(cast, csv_file(tmp_path, smaller, name="2.csv"), kind="counts", dry_run=True)

    preview = Report.of(batch).preview
    rows = {row["code"]: (row["count"], row["stored"]) for row in preview["destinations"]}
    assert rows == {"dual": (2, 12), "transition": (0, 3), "higher_ed": (1, 40)}
    assert preview["replaced"] == 55 and preview["brought"] == 3
    # Only the replacement warns: "Übergangsbereich" (3 of 55, under 10 %) may fall empty.
    assert (
        len(preview["warnings"]) == 1
        and "ersetzt 55 gespeicherte Abgänge durch nur 3" in preview["warnings"][0]
    )


def test_an_untitled_column_with_values_needs_a_decision_an_empty_one_does_not(
    client, cast, schools, tmp_path
):
    empty = csv_file(tmp_path, [HEADER + ";", *(row + ";" for row in GOOD_ROWS)], name="leer.csv")
    assert run(cast, empty, dry_run=True).status == ImportBatch.Status.PENDING

    filled = csv_file(tmp_path, [HEADER + ";", *(row + ";Klasse 10b" for row in GOOD_ROWS)], name="voll.csv")
    client.force_login(cast.coordinator)
    response = upload(client, filled)

    assert response.url.endswith("/zuordnung/")
    page = client.get(response.url).content.decode()
    assert "Spalte ohne Titel, aber mit Werten" in page and "Klasse 10b" in page
    batch = ImportBatch.objects.get(pk=int(response.url.split("/")[-3]))
    client.post(response.url, mapping_data(forms.MappingForm(tenant=cast.tenant_a, batch=batch)))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PENDING
    assert ImportMapping.objects.get(tenant=cast.tenant_a, source="Schulamt").columns["Spalte 10"] == ""


def test_the_check_offers_the_values_of_a_suggested_column_on_the_same_mapping_page(cast, schools, tmp_path):
    lines = [HEADER.replace("Anschluss", "Verbleib zum 01.10."), "A-1;04123;2025;MSA;w;16;;Lehre;"]

    batch = run(cast, csv_file(tmp_path, lines), dry_run=True)

    report = Report.of(batch)
    assert batch.status == ImportBatch.Status.MAPPING
    assert report.unmapped == {"destination": ["Lehre"]} and report.missing == ["actual"]
    assert report.preview == {}, "no figures from a column that is only suggested"
