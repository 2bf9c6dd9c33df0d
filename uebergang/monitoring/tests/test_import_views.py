"""The import pages: upload, mapping, report and start, progress; permissions and isolation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from uebergang.monitoring import forms, tasks
from uebergang.monitoring.imports import Report
from uebergang.monitoring.models import ImportBatch, ImportMapping, Leaver
from uebergang.network.models import Organisation
from uebergang.test import create_organisation

pytestmark = pytest.mark.django_db

BASE = "/kreis-a/intern/monitoring/import/"
NEEDS_MAPPING = (
    "Abgangsstatistik 2025\n"
    "Schüler-ID;Schulnummer;Abgangsjahr;Abschluss;Geschlecht;Anschluss\n"
    "S1;04123;2025;Realschulabschl.;w;Lehre\n"
    "S2;04123;2025;MSA;m;Lehre\n"
    "S3;04123;2025;Realschulabschl.;w;unbekannt\n"
)


@pytest.fixture(autouse=True)
def imports_in_a_temporary_folder(settings, tmp_path):
    settings.SHARED_FILES_DIR = tmp_path / "var"


@pytest.fixture
def school(cast):
    return create_organisation(
        cast.tenant_a,
        "Realschule Musterstadt",
        kind=Organisation.Kind.SCHOOL,
        school_type=Organisation.SchoolType.REALSCHULE,
        identifier="04123",
    )


def upload(client, content: str, *, source="Schulamt", name="abgaenge.csv", kind="leavers"):
    file = SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")
    return client.post(BASE, {"file": file, "source": source, "kind": kind})


def batch_of(response) -> ImportBatch:
    batch_id = int(response.url.rstrip("/").split("/")[-1 if "zuordnung" not in response.url else -2])
    return ImportBatch.objects.get(pk=batch_id)


def test_upload_map_confirm_and_see_the_progress(client, cast, school, tmp_path):
    client.force_login(cast.coordinator)
    response = upload(client, NEEDS_MAPPING)
    assert response.status_code == 302 and response.url.endswith("/zuordnung/")
    batch = batch_of(response)
    assert batch.status == ImportBatch.Status.MAPPING
    stored = list((tmp_path / "var" / "imports").iterdir())
    assert len(stored) == 1 and stored[0].name != "abgaenge.csv"

    page = client.get(response.url).content.decode()
    assert "Realschulabschl." in page and "Lehre" in page and "Schulnummer" in page
    form = forms.MappingForm(tenant=cast.tenant_a, batch=batch)
    data = {name: form.fields[name].initial or "" for name, _title in form.column_names}
    for _label, _group, names in form.value_groups:
        for name, value in names:
            data[name] = {"Realschulabschl.": "intermediate", "Lehre": "dual"}[value]
    response = client.post(f"{BASE}{batch.pk}/zuordnung/", data)
    assert response.url == f"{BASE}{batch.pk}/"
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PENDING
    mapping = ImportMapping.objects.get(tenant=cast.tenant_a, source="Schulamt")
    assert mapping.values["qualification"] == {"Realschulabschl.": "intermediate"}

    page = client.get(response.url).content.decode()
    assert "3 Zeilen: 3 gültig, 0 fehlerhaft" in page and "Alles importieren" in page
    assert not Leaver.objects.exists()

    response = client.post(f"{BASE}{batch.pk}/starten/", {"mode": "all"})
    assert response.url == f"{BASE}{batch.pk}/"
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.imported_rows == 3
    assert Leaver.objects.filter(qualification="intermediate", actual_destination__code="dual").count() == 2
    assert not list((tmp_path / "var" / "imports").iterdir()), "the file is deleted after the import"

    page = client.get(response.url).content.decode()
    assert '<progress id="import-progress" max="100" value="100">' in page and "Import fertig" in page
    partial = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "<progress" in partial and "<h1>" not in partial and "hx-trigger" not in partial

    # Next year's file of the same source needs no mapping step.
    response = upload(client, NEEDS_MAPPING.replace("2025", "2026"), name="2026.csv")
    assert response.url.endswith(f"{batch_of(response).pk}/")
    assert batch_of(response).status == ImportBatch.Status.PENDING


def test_a_running_batch_polls_its_progress(client, cast):
    batch = ImportBatch.objects.create(
        tenant=cast.tenant_a,
        source="Schulamt",
        file_name="gross.csv",
        status=ImportBatch.Status.RUNNING,
        total_rows=200,
        processed_rows=50,
        report={"started_at": timezone.now().isoformat()},
    )
    client.force_login(cast.coordinator)
    page = client.get(f"{BASE}{batch.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="25"' in page and "25 % – 50 von 200 Zeilen" in page
    assert 'aria-live="polite"' in page


def test_a_batch_left_running_by_a_restart_is_marked_failed(client, cast):
    started = (timezone.now() - tasks.STALE_AFTER - timedelta(minutes=1)).isoformat()
    batch = ImportBatch.objects.create(
        tenant=cast.tenant_a,
        source="Schulamt",
        file_name="alt.csv",
        status=ImportBatch.Status.RUNNING,
        report={"started_at": started},
    )
    client.force_login(cast.coordinator)
    page = client.get(f"{BASE}{batch.pk}/").content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert "unterbrochen" in page


def test_invalid_rows_offer_only_the_valid_ones(client, cast, school):
    client.force_login(cast.coordinator)
    content = "Schüler-ID;Schulnummer;Abgangsjahr;Abschluss;Verbleib\nS1;04123;2025;MSA;dual\nS2;99999;2025;MSA;dual\n"
    response = upload(client, content)
    page = client.get(response.url).content.decode()
    assert "Alles importieren" not in page and "Nur die gültige Zeile importieren" in page
    assert "99999" in page and "Keine Schule der Kommune hat diese Schulnummer" in page
    batch = batch_of(response)
    client.post(f"{BASE}{batch.pk}/starten/", {"mode": "all"})
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PENDING and not Leaver.objects.exists()
    client.post(f"{BASE}{batch.pk}/starten/", {"mode": "valid"})
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and Leaver.objects.count() == 1


def test_a_file_with_names_is_refused_and_deleted(client, cast, school, tmp_path):
    client.force_login(cast.coordinator)
    response = upload(
        client, "Schüler-ID;Nachname;Schulnummer;Abgangsjahr;Abschluss\nS1;Muster;04123;2025;MSA\n"
    )
    batch = batch_of(response)
    assert batch.status == ImportBatch.Status.FAILED
    page = client.get(response.url).content.decode()
    assert "Die Spalte „Nachname“ sieht nach personenbezogenen Daten aus" in page
    assert not list((tmp_path / "var" / "imports").iterdir())


def test_cancel_deletes_the_file(client, cast, school, tmp_path):
    client.force_login(cast.coordinator)
    batch = batch_of(upload(client, "Schüler-ID;Schulnummer;Abgangsjahr;Abschluss\nS1;04123;2025;MSA\n"))
    response = client.post(f"{BASE}{batch.pk}/abbrechen/")
    assert response.url == BASE
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED and not batch.stored_file
    assert not list((tmp_path / "var" / "imports").iterdir())


def test_too_large_files_get_a_german_message(client, cast, settings):
    settings.UPLOAD_MAX_BYTES = 10
    client.force_login(cast.coordinator)
    response = upload(client, "Schüler-ID;Schule\n" * 5)
    assert response.status_code == 200
    assert "Die Datei ist zu groß" in response.content.decode()
    assert not ImportBatch.objects.filter(file_name="abgaenge.csv").exists()


def test_the_upload_page_lists_batches_with_constant_queries(client, cast, django_assert_max_num_queries):
    for number in range(20):
        ImportBatch.objects.create(
            tenant=cast.tenant_a, created_by=cast.coordinator, source="Schulamt", file_name=f"{number}.csv"
        )
    client.force_login(cast.coordinator)
    with django_assert_max_num_queries(15):
        page = client.get(BASE).content.decode()
    assert "19.csv" in page and 'list="import-quellen"' in page and '<option value="Schulamt">' in page
    assert "abgaenge-stadt-b.csv" not in page


def test_the_mapping_page_of_a_finished_batch_says_so(client, cast):
    batch = ImportBatch.objects.for_tenant(cast.tenant_a).get()
    client.force_login(cast.coordinator)
    page = client.get(f"{BASE}{batch.pk}/zuordnung/").content.decode()
    assert "keine Zuordnung (mehr) nötig" in page


@pytest.mark.parametrize("suffix", ["", "{batch}/", "{batch}/zuordnung/"])
def test_only_the_coordinator_of_the_tenant_gets_in(client, cast, suffix):
    batch_a = ImportBatch.objects.for_tenant(cast.tenant_a).get()
    batch_b = ImportBatch.objects.for_tenant(cast.tenant_b).get()
    url = BASE + suffix.format(batch=batch_a.pk)
    for user in (cast.partner, cast.steering, cast.case_worker, cast.coordinator_b, cast.outsider):
        client.force_login(user)
        assert client.get(url).status_code == 403, user
    client.force_login(cast.coordinator)
    assert client.get(url).status_code == 200
    if suffix:
        other = BASE + suffix.format(batch=batch_b.pk)
        assert client.get(other).status_code == 404
        assert client.post(f"{BASE}{batch_b.pk}/starten/", {"mode": "all"}).status_code == 404
        assert client.post(f"{BASE}{batch_b.pk}/abbrechen/").status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_report_of_an_old_list_shaped_batch(cast):
    batch = ImportBatch.objects.for_tenant(cast.tenant_a).get()
    assert Report.of(batch).problems == []
