"""A worker killed in the middle of an import: the cohort stays wholly old and the batch does not stay "läuft".

A real `manage.py db_worker` process takes the import from the database and is killed with SIGKILL while it
writes. It needs a database a second process can open, so it runs in the PostgreSQL pass of the suite
(`pytest --postgres`); the SQLite pass uses an in-memory test database no other process can see.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection

from uebergang.monitoring import tasks
from uebergang.monitoring.imports import Report
from uebergang.monitoring.models import ImportBatch, Leaver

from .test_imports import GOOD_ROWS, HEADER, run
from .test_imports import schools as schools  # the fixture

pytestmark = pytest.mark.django_db(transaction=True)
ROWS = 400_000


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs a database a second process can open: runs in the PostgreSQL pass (--postgres)")


def worker_environment() -> dict[str, str]:
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{quote(database['HOST'], safe='')}/{database['NAME']}"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "1",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        # The stored upload and the progress file are where this test process keeps them.
        "SHARED_FILES_DIR": str(django_settings.SHARED_FILES_DIR),
    }


def test_a_worker_killed_mid_import_leaves_the_old_cohort_and_a_failed_batch(
    postgres_only, client, cast, schools, tmp_path, settings, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(tasks, "HEARTBEAT_LOST", timedelta(seconds=2))
    old = run(cast, _write(tmp_path / "alt.csv", GOOD_ROWS))
    assert old.status == ImportBatch.Status.DONE
    before = sorted(Leaver.objects.values_list("pseudonym", flat=True))

    big = [f"B-{n};{'04123' if n % 2 else '04124'};2025;MSA;w;16;;dual;" for n in range(ROWS)]
    folder = tasks.imports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stored = _write(folder / f"fault-{os.getpid()}.csv", big)
    batch = ImportBatch.objects.create(
        tenant=cast.tenant_a,
        created_by=cast.coordinator,
        source="Schulamt",
        file_name="gross.csv",
        stored_file=stored.name,
        status=ImportBatch.Status.RUNNING,
        total_rows=ROWS,
    )
    tasks.start(batch)

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"],
        cwd=django_settings.BASE_DIR,
        env=worker_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        progress = tasks.progress_path(batch.pk)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if int(progress.read_text() or 0) >= 20_000:
                    break
            except (OSError, ValueError):
                pass
            assert worker.poll() is None, "the worker ended before it was killed"
            time.sleep(0.1)
        else:
            pytest.fail("the worker never got 20,000 rows into the import")
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)

    assert sorted(Leaver.objects.values_list("pseudonym", flat=True)) == before  # wholly old
    time.sleep(2.5)  # the heartbeat is older than HEARTBEAT_LOST now
    client.force_login(cast.coordinator)
    page = client.get(f"/kreis-a/intern/monitoring/import/{batch.pk}/").content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert "Hintergrunddienst wurde beendet" in Report.of(batch).file_problem and "unterbrochen" in page
    assert not stored.exists()
    tasks.progress_path(batch.pk).unlink(missing_ok=True)


def _write(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path
