"""`import_leavers` with a mapping file, a dry run, a sheet and "not collected"; the mapping download;
the choice of a sheet; raw uploads deleted after 24 hours (`purge_uploads`)."""

from __future__ import annotations

import json
import os
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import Workbook

from uebergang.monitoring import tasks
from uebergang.monitoring.imports import Report
from uebergang.monitoring.models import CohortCount, ImportBatch, ImportMapping, Leaver

from .test_import_guessing import OFFICE_TITLES, independent_count, office_file
from .test_imports import GOOD_ROWS, HEADER, csv_file, run
from .test_imports import schools as schools  # the fixture

pytestmark = pytest.mark.django_db

BASE = "/kreis-a/intern/monitoring/import/"


def command(*args):
    call_command("import_leavers", "--tenant", "kreis-a", "--source", "Schulamt", *map(str, args))


# The command line ---------------------------------------------------------------------------------


def test_help_names_the_options_that_supply_what_is_missing(capsys):
    with pytest.raises(SystemExit):
        call_command("import_leavers", "--help")
    text = capsys.readouterr().out
    for option in ("--mapping DATEI", "--dry-run", "--sheet NAME", "--not-collected", "--accept-warnings"):
        assert option in text


def test_the_command_refuses_without_destination_naming_the_options(cast, schools, tmp_path):
    path = office_file(tmp_path, rows=5)

    with pytest.raises(CommandError) as error:
        command(path)

    text = str(error.value)
    assert error.value.returncode == 1
    assert (
        "Ohne Spalte: „Anschluss/Verbleib“" in text
        and "--mapping DATEI" in text
        and "--not-collected" in text
    )
    assert "„Verbleib zum 01.10.“ (Vorschlag: „Anschluss/Verbleib“" in text
    assert "actual" not in text.replace("--not-collected", ""), "German field names, not internal keys"
    assert "Traceback" not in text
    assert not Leaver.objects.exists()


def test_a_dry_run_prints_the_preview_and_writes_nothing(cast, schools, tmp_path, capsys):
    path = office_file(tmp_path, rows=30)
    mapping = tmp_path / "zuordnung.json"
    mapping.write_text(
        json.dumps(
            {
                "columns": {"Verbleib zum 01.10.": "actual", "Geplanter Verbleib (Stand März)": "planned"},
                "values": {},
            }
        )
    )

    saved = list(ImportMapping.objects.values_list("columns", flat=True))

    command(path, "--mapping", mapping, "--dry-run")

    out = capsys.readouterr().out
    expected = independent_count(path, "Verbleib zum 01.10.")
    assert "Vorschau" in out and "nach Verbleib:" in out and "nach Schule:" in out
    assert f"Übergangsbereich: {expected['transition']} | 0 | 0" in out
    assert "Realschule Musterstadt: 20 | 0 | 0" in out
    assert "„Verbleib zum 01.10.“ wird „Anschluss/Verbleib“" in out
    assert "--dry-run" in out and not Leaver.objects.exists()
    assert list(ImportMapping.objects.values_list("columns", flat=True)) == saved, "used, not saved"


def test_the_mapping_downloaded_from_the_page_imports_on_the_command_line(
    client, cast, schools, tmp_path, capsys
):
    ImportMapping.objects.filter(tenant=cast.tenant_a, source="Schulamt").update(
        columns={"Verbleib zum 01.10.": "actual", "Geplanter Verbleib (Stand März)": ""}
    )
    batch = ImportBatch.objects.create(tenant=cast.tenant_a, source="Schulamt", file_name="x.csv")
    client.force_login(cast.coordinator)
    response = client.get(f"{BASE}{batch.pk}/zuordnung.json")
    assert response["Content-Disposition"].startswith("attachment")
    mapping = tmp_path / "zuordnung.json"
    mapping.write_bytes(response.content)
    path = office_file(tmp_path, rows=30)

    command(path, "--mapping", mapping, "--source", "Andere Quelle")

    assert "Fertig: 30 importiert" in capsys.readouterr().out
    counted = dict.fromkeys(independent_count(path, "Verbleib zum 01.10."), 0)
    for count in CohortCount.objects.for_tenant(cast.tenant_a):
        counted[count.destination] += count.count
    assert counted == dict(independent_count(path, "Verbleib zum 01.10."))
    assert not Leaver.objects.exclude(planned_destination=None).exists(), (
        "the column mapped to '' is left out"
    )


def test_the_command_stores_not_collected(cast, schools, tmp_path, capsys):
    command(office_file(tmp_path, rows=6, titles=OFFICE_TITLES[:5]), "--not-collected")

    assert "Fertig: 6 importiert" in capsys.readouterr().out
    assert set(CohortCount.objects.values_list("destination", flat=True)) == {"not_collected"}


def test_the_command_summarises_repeated_problems(cast, schools, tmp_path):
    rows = [f"A-{i};04123;2025;FOR-X;w;16;;dual;" for i in range(312)]

    with pytest.raises(CommandError) as error:
        command(csv_file(tmp_path, [HEADER, *GOOD_ROWS, *rows]))

    text = str(error.value)
    assert "Spalte „Abschluss“: 312 Zeilen" in text and "„FOR-X“ 312×" in text
    assert "(z. B. Zeilen 6, 7, 8, 9, 10 …)" in text
    assert "Werte ohne Code für „Abschluss“" in text and '"values": {"qualification"' in text
    assert len(text.splitlines()) < 20


def test_the_command_refuses_warnings_unless_accepted(cast, schools, tmp_path, capsys):
    stored = [f"OLD-{i};04123;2025;MSA;w;16;;dual;" for i in range(20)]
    assert run(cast, csv_file(tmp_path, [HEADER, *stored], name="alt.csv")).status == ImportBatch.Status.DONE
    path = csv_file(tmp_path, [HEADER, "N-1;04123;2025;MSA;w;16;;dual;"], name="neu.csv")

    with pytest.raises(CommandError) as error:
        command(path)
    assert "ersetzt 20 gespeicherte Abgänge durch nur 1" in str(error.value)
    assert "--accept-warnings" in str(error.value) and Leaver.objects.count() == 20

    command(path, "--accept-warnings")
    assert Leaver.objects.count() == 1


# The choice of a sheet ----------------------------------------------------------------------------


def workbook_with_sheets(tmp_path):
    """A workbook as offices keep them: a notes sheet first, then last year's and this year's list."""
    workbook = Workbook()
    notes = workbook.active
    notes.title = "Hinweise"
    notes.append(["Bitte nur das Blatt des Abgangsjahres melden."])
    for title, year in (("2024", "2024"), ("2025", "2025")):
        sheet = workbook.create_sheet(title)
        sheet.append(HEADER.split(";"))
        for row in GOOD_ROWS:
            sheet.append(row.replace("2025", year).split(";"))
    sheet.append([])  # an empty row between the data and a footnote is skipped and listed
    sheet.append(["A-5", "04123", "2025", "MSA", "m", "16", "", "dual", ""])
    path = tmp_path / "abgaenge.xlsx"
    workbook.save(path)
    return path


def test_the_page_asks_which_sheet_and_the_batch_keeps_it(client, cast, schools, tmp_path, settings):
    settings.SHARED_FILES_DIR = tmp_path / "var"
    client.force_login(cast.coordinator)
    upload = SimpleUploadedFile("mappe.xlsx", workbook_with_sheets(tmp_path).read_bytes())

    response = client.post(BASE, {"file": upload, "source": "Schulamt", "kind": "leavers"})

    assert response.url.endswith("/zuordnung/")
    batch = ImportBatch.objects.get(pk=int(response.url.split("/")[-3]))
    assert batch.status == ImportBatch.Status.MAPPING and batch.stored_file
    assert Report.of(batch).sheet_candidates == ["2024", "2025"]
    page = client.get(response.url).content.decode()
    assert "Tabellenblatt" in page and "Hinweise (ohne erkennbare Kopfzeile)" in page

    client.post(response.url, {"sheet": "2025"})
    batch.refresh_from_db()
    assert batch.sheet == "2025" and batch.status == ImportBatch.Status.PENDING, batch.report
    report = Report.of(batch)
    assert report.sheet == "2025" and report.total_rows == 5
    assert [row["row"] for row in report.skipped] == [6], report.skipped
    page = client.get(f"{BASE}{batch.pk}/").content.decode()
    assert "Tabellenblatt „2025“, 5 Zeilen gelesen" in page and "Eine Zeile nicht gelesen" in page
    client.post(f"{BASE}{batch.pk}/starten/", {"mode": "all"})
    assert Leaver.objects.count() == 5
    assert set(Leaver.objects.values_list("leaving_year", flat=True)) == {2025}


def test_the_command_needs_the_sheet(cast, schools, tmp_path, capsys):
    path = workbook_with_sheets(tmp_path)
    with pytest.raises(CommandError) as error:
        command(path)
    assert "„2024“, „2025“. Wählen Sie eins mit --sheet NAME" in str(error.value)

    command(path, "--sheet", "2025")
    out = capsys.readouterr().out
    assert "Tabellenblatt „2025“" in out and "Fertig: 5 importiert" in out and "Zeile 6: " in out


# Raw uploads are deleted after 24 hours ---------------------------------------------------------


def stored_batch(cast, tmp_path, *, hours_ago: float, status=ImportBatch.Status.MAPPING):
    folder = tmp_path / "var" / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{len(list(folder.iterdir())):032x}.csv"
    (folder / name).write_text("Schüler-ID;…\n")
    batch = ImportBatch.objects.create(
        tenant=cast.tenant_a, source="Schulamt", file_name="abgaenge.csv", stored_file=name, status=status
    )
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - timedelta(hours=hours_ago))
    return batch, folder / name


def test_uploads_are_purged_after_24_hours(cast, tmp_path, settings, capsys):
    settings.SHARED_FILES_DIR = tmp_path / "var"
    old, old_path = stored_batch(cast, tmp_path, hours_ago=25)
    _fresh, fresh_path = stored_batch(cast, tmp_path, hours_ago=23)
    stray = tmp_path / "var" / "imports" / "verwaist.csv"
    stray.write_text("S1;…")
    day_old = (timezone.now() - timedelta(hours=25)).timestamp()
    os.utime(stray, (day_old, day_old))

    call_command("purge_uploads")

    assert "2 Datei(en) gelöscht" in capsys.readouterr().out
    assert not old_path.exists() and not stray.exists() and fresh_path.exists()
    old.refresh_from_db()
    assert old.status == ImportBatch.Status.FAILED and old.stored_file == ""
    assert "nach 24 Stunden gelöscht" in Report.of(old).file_problem
    # An hour later (the clock moved on) the other one goes too.
    assert tasks.purge_uploads(now=timezone.now() + timedelta(hours=2)) == 1
    assert not fresh_path.exists()


def test_the_upload_page_says_so_and_purges_its_municipality(client, cast, tmp_path, settings):
    settings.SHARED_FILES_DIR = tmp_path / "var"
    _batch, path = stored_batch(cast, tmp_path, hours_ago=30, status=ImportBatch.Status.PENDING)
    client.force_login(cast.coordinator)

    page = client.get(BASE).content.decode()

    assert "Hochgeladene Dateien werden nach 24 Stunden gelöscht" in page
    assert not path.exists()


def test_the_mapping_download_is_refused_to_others(client, cast):
    batch_a = ImportBatch.objects.for_tenant(cast.tenant_a).get()
    batch_b = ImportBatch.objects.for_tenant(cast.tenant_b).get()
    url = f"{BASE}{batch_a.pk}/zuordnung.json"
    for user in (cast.partner, cast.steering, cast.case_worker, cast.coordinator_b, cast.outsider):
        client.force_login(user)
        assert client.get(url).status_code == 403, user
    client.force_login(cast.coordinator)
    assert json.loads(client.get(url).content)["columns"] == {"Schüler-ID": "source_id"}
    assert client.get(f"{BASE}{batch_b.pk}/zuordnung.json").status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{kaputt", "keine lesbare JSON-Datei"),
        ('{"columns": {"Verbleib zum 01.10.": "verbleib"}}', "das unbekannte Feld „verbleib“"),
        ('{"kind": "counts", "columns": {}}', "gehört zur Art „counts“"),
        ('{"columns": {}, "values": {"farbe": {}}}', "je Gruppe"),
    ],
)
def test_a_broken_mapping_file_is_refused_with_a_german_message(cast, schools, tmp_path, content, message):
    mapping = tmp_path / "zuordnung.json"
    mapping.write_text(content)

    with pytest.raises(CommandError) as error:
        command(office_file(tmp_path, rows=3), "--mapping", mapping)

    assert message in str(error.value) and "Traceback" not in str(error.value)
    assert not Leaver.objects.exists()
