"""Checks and imports as tasks of the worker: a failed task fails its batch at once, a killed worker's batch
does not stay "läuft", a live one keeps running, progress reaches the page from the worker's heartbeat."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from uebergang.monitoring import tasks
from uebergang.monitoring.imports import Report
from uebergang.monitoring.models import ImportBatch, Leaver

from .test_imports import GOOD_ROWS, HEADER
from .test_imports import schools as schools  # the fixture

pytestmark = pytest.mark.django_db(transaction=True)
UPLOAD = "/kreis-a/intern/monitoring/import/"


@pytest.fixture(autouse=True)
def database_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SHARED_FILES_DIR = tmp_path / "var"


def upload(client, cast) -> ImportBatch:
    client.force_login(cast.coordinator)
    content = "\n".join([HEADER, *GOOD_ROWS]).encode()
    client.post(
        UPLOAD, {"file": SimpleUploadedFile("a.csv", content), "source": "Schulamt", "kind": "leavers"}
    )
    return ImportBatch.objects.get(file_name="a.csv")


def work() -> None:
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def test_a_task_that_fails_in_the_worker_fails_its_batch_with_a_message(client, cast, schools, monkeypatch):
    batch = upload(client, cast)

    def broken(**_options):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(tasks, "import_file", broken)
    work()

    batch.refresh_from_db()
    assert DBTaskResult.objects.get().status == "FAILED"
    assert batch.status == ImportBatch.Status.FAILED and not batch.stored_file
    assert "mit einem Fehler abgebrochen (RuntimeError)" in Report.of(batch).file_problem
    page = client.get(f"{UPLOAD}{batch.pk}/").content.decode()
    assert "mit einem Fehler abgebrochen" in page and "läuft" not in page


def test_a_killed_worker_does_not_leave_the_batch_running(client, cast, schools):
    batch = upload(client, cast)
    # The worker took the task and was killed: the task stays RUNNING, its heartbeat stops.
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now() - timedelta(minutes=3))
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=2))

    page = client.get(f"{UPLOAD}{batch.pk}/").content.decode()

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED and not batch.stored_file
    assert "Hintergrunddienst wurde beendet" in page
    assert not Leaver.objects.exists()


def test_a_worker_with_a_fresh_heartbeat_keeps_its_batch_and_shows_its_progress(client, cast, schools):
    batch = upload(client, cast)
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now() - timedelta(hours=2))
    ImportBatch.objects.filter(pk=batch.pk).update(total_rows=8, heartbeat_at=timezone.now())
    tasks.progress_path(batch.pk).parent.mkdir(parents=True, exist_ok=True)
    tasks.progress_path(batch.pk).write_text("2")

    page = client.get(f"{UPLOAD}{batch.pk}/").content.decode()

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CHECKING
    assert "25 %" in page and "2 von 8 Zeilen" in page and "Wartet auf den Hintergrunddienst" not in page


def test_a_queued_check_waits_for_the_worker_however_long(client, cast, schools):
    batch = upload(client, cast)
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - timedelta(hours=3))

    page = client.get(f"{UPLOAD}{batch.pk}/").content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CHECKING
    assert "Wartet auf den Hintergrunddienst" in page

    work()
    batch.refresh_from_db()
    assert batch.status != ImportBatch.Status.CHECKING and Report.of(batch).total_rows == len(GOOD_ROWS)
    assert not tasks.progress_path(batch.pk).exists()


def test_other_tenants_and_outsiders_do_not_see_a_running_batch(client, cast, schools):
    batch = upload(client, cast)
    for user in (cast.coordinator_b, cast.outsider):
        client.force_login(user)
        assert client.get(f"{UPLOAD}{batch.pk}/").status_code in (403, 404)


def test_the_worker_protects_the_imported_cohorts_so_the_first_dashboard_is_fast(
    client, cast, schools, monkeypatch
):
    from uebergang.monitoring import suppression

    folder = tasks.imports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "neu.csv").write_text("\n".join([HEADER, *GOOD_ROWS]) + "\n", encoding="utf-8")
    batch = ImportBatch.objects.create(
        tenant=cast.tenant_a,
        created_by=cast.coordinator,
        source="Schulamt",
        file_name="neu.csv",
        stored_file="neu.csv",
        status=ImportBatch.Status.RUNNING,
    )
    assert tasks.run(batch.pk).status == ImportBatch.Status.DONE

    def not_again(*_args, **_kwargs):
        raise AssertionError("the dashboard protected the cohort again")

    monkeypatch.setattr(suppression, "protect", not_again)
    client.force_login(cast.coordinator)
    page = client.get("/kreis-a/intern/monitoring/")
    assert page.status_code == 200 and "Abgangsjahr" in page.content.decode()
