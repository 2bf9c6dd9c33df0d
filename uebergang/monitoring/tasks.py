"""Running the check and the import of a file in the background, with progress the batch page polls.

`start_check(batch)` (after the upload and after each mapping change: the check reads every row, which
takes as long as reading the file) and `start(batch)` (the import) hand the work to a
`threading.Thread` once the surrounding transaction has committed (or run it at once when
`settings.MONITORING_IMPORT_INLINE` is true — the tests do that).
While it runs, the row count reaches the page two ways: in this process through `live_progress()`
(always current, also on SQLite, where the import's transaction holds the only write lock), and for
other processes through a heartbeat thread that saves `processed_rows` about once a second.

A thread dies with its process. So a batch can stay RUNNING after a restart although nothing runs
it any more: `fail_stale()` — called by the upload and batch pages — marks every RUNNING or CHECKING batch of the
tenant that started more than STALE_AFTER ago and does not run in this process as FAILED, with a
message asking to import the file again (nothing of it was kept: the import is one transaction).

Uploads hold pupil ids. An imported file is deleted at once; any other is deleted UPLOAD_KEPT after it
came by `purge_uploads()` (`manage.py purge_uploads`, for cron or a systemd timer; the upload page also
calls it for its municipality).
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uebergang.tenants.models import Tenant

from .imports import Report, import_file
from .models import ImportBatch

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=30)
# An upload holds pupil ids: deleted once imported, else this long after it came (purge_uploads).
UPLOAD_KEPT = timedelta(hours=24)
HEARTBEAT_SECONDS = 1.0

# Batch id → rows processed, for the imports running in this process.
_live: dict[int, int] = {}


ACTIVE = (ImportBatch.Status.RUNNING, ImportBatch.Status.CHECKING)


def start(batch: ImportBatch, *, only_valid: bool = False) -> None:
    """Run the import of `batch` (already RUNNING, file stored) after the current transaction commits."""
    _start(batch, run, only_valid=only_valid)


def start_check(batch: ImportBatch) -> ImportBatch:
    """Check the stored file of `batch` (already CHECKING); returns the batch as it is afterwards inline."""
    _start(batch, run_check)
    if getattr(settings, "MONITORING_IMPORT_INLINE", False):
        batch.refresh_from_db()
    return batch


def _start(batch: ImportBatch, target, **options) -> None:
    if getattr(settings, "MONITORING_IMPORT_INLINE", False):
        target(batch.pk, **options)
        return
    transaction.on_commit(
        lambda: threading.Thread(
            target=_run_in_thread, args=(target, batch.pk, options), name=f"import-{batch.pk}", daemon=True
        ).start()
    )


def run(batch_id: int, *, only_valid: bool = False) -> ImportBatch:
    """Import the stored file of a batch; the file is deleted afterwards, whatever the outcome."""
    batch = ImportBatch.objects.select_related("tenant", "created_by").get(pk=batch_id)
    path = stored_path(batch)
    _live[batch.pk] = 0
    try:
        return import_file(
            tenant=batch.tenant,
            path=path,
            source=batch.source,
            user=batch.created_by,
            kind=batch.kind,
            batch=batch,
            on_progress=lambda rows: _live.__setitem__(batch_id, rows),
            only_valid=only_valid,
        )
    finally:
        _live.pop(batch_id, None)
        discard_file(batch)


def run_check(batch_id: int) -> ImportBatch:
    """Check the stored file of a batch without writing records; the file stays unless it is unreadable."""
    batch = ImportBatch.objects.select_related("tenant", "created_by").get(pk=batch_id)
    _live[batch.pk] = 0
    try:
        batch = import_file(
            tenant=batch.tenant,
            path=stored_path(batch),
            source=batch.source,
            user=batch.created_by,
            kind=batch.kind,
            batch=batch,
            on_progress=lambda rows: _live.__setitem__(batch_id, rows),
            dry_run=True,
        )
    finally:
        _live.pop(batch_id, None)
    if batch.status == ImportBatch.Status.FAILED:
        discard_file(batch)
    return batch


def _run_in_thread(target, batch_id: int, options: dict) -> None:
    stop = threading.Event()
    heartbeat = threading.Thread(target=_heartbeat, args=(batch_id, stop), daemon=True)
    heartbeat.start()
    try:
        target(batch_id, **options)
    except Exception:
        logger.exception("import %s failed", batch_id)
        ImportBatch.objects.filter(pk=batch_id, status__in=ACTIVE).update(
            status=ImportBatch.Status.FAILED, finished_at=timezone.now()
        )
    finally:
        stop.set()
        heartbeat.join()
        connection.close()


def _heartbeat(batch_id: int, stop: threading.Event) -> None:
    try:
        while not stop.wait(HEARTBEAT_SECONDS):
            rows = _live.get(batch_id)
            if rows is None:
                continue
            try:
                ImportBatch.objects.filter(pk=batch_id, status__in=ACTIVE).update(processed_rows=rows)
            except DatabaseError:
                # SQLite: the import holds the write lock; the page reads live_progress() meanwhile.
                close_old_connections()
    finally:
        connection.close()


def live_progress(batch: ImportBatch) -> int:
    """Rows processed so far: the live count if the import runs in this process, else the saved one."""
    return _live.get(batch.pk, batch.processed_rows)


def fail_stale(tenant: Tenant) -> int:
    """Mark active batches of `tenant` as FAILED that started over STALE_AFTER ago and do not run here."""
    now = timezone.now()
    failed = 0
    for batch in ImportBatch.objects.for_tenant(tenant).filter(status__in=ACTIVE):
        if batch.pk in _live:
            continue
        report = Report.of(batch)
        try:
            started = datetime.fromisoformat(report.started_at) if report.started_at else batch.created_at
        except ValueError:
            started = batch.created_at
        if now - started < STALE_AFTER:
            continue
        report.file_problem = _(
            "Der Import wurde unterbrochen (der Server wurde neu gestartet). Es wurde nichts gespeichert. "
            "Bitte laden Sie die Datei erneut hoch."
        )
        batch.status = ImportBatch.Status.FAILED
        batch.finished_at = now
        batch.report = report.as_json()
        batch.save(update_fields=["status", "finished_at", "report"])
        discard_file(batch)
        failed += 1
    return failed


def imports_dir() -> Path:
    return Path(settings.BASE_DIR) / "var" / "imports"


def stored_path(batch: ImportBatch) -> Path:
    """The stored file of a batch: only a bare name inside imports_dir() is accepted."""
    name = Path(batch.stored_file).name
    return imports_dir() / name


def discard_file(batch: ImportBatch) -> None:
    if batch.stored_file:
        stored_path(batch).unlink(missing_ok=True)
        ImportBatch.objects.filter(pk=batch.pk).update(stored_file="")
        batch.stored_file = ""


def purge_uploads(tenant: Tenant | None = None, *, now: datetime | None = None) -> int:
    """Delete the uploads older than UPLOAD_KEPT (of `tenant`, or of all), and stray files in the folder.

    A batch that waited for its mapping or its start ends FAILED, saying why. Returns the files deleted.
    """
    now = now or timezone.now()
    cutoff = now - UPLOAD_KEPT
    batches = (
        ImportBatch.objects.exclude(stored_file="").filter(created_at__lt=cutoff).exclude(status__in=ACTIVE)
    )
    if tenant is not None:
        batches = batches.filter(tenant=tenant)
    deleted = 0
    for batch in batches:
        if batch.status in (ImportBatch.Status.PENDING, ImportBatch.Status.MAPPING):
            report = Report.of(batch)
            report.file_problem = _(
                "Die hochgeladene Datei wurde nach 24 Stunden gelöscht, ohne importiert zu sein. Es wurde nichts "
                "gespeichert. Bitte laden Sie sie erneut hoch."
            )
            batch.status = ImportBatch.Status.FAILED
            batch.finished_at = now
            batch.report = report.as_json()
            batch.save(update_fields=["status", "finished_at", "report"])
        discard_file(batch)
        deleted += 1
    if tenant is None and imports_dir().is_dir():
        # Files no batch refers to (a batch deleted with its tenant, a crash between saving and recording).
        known = set(ImportBatch.objects.exclude(stored_file="").values_list("stored_file", flat=True))
        for path in imports_dir().iterdir():
            if path.is_file() and path.name not in known and path.stat().st_mtime < cutoff.timestamp():
                path.unlink(missing_ok=True)
                deleted += 1
    return deleted
