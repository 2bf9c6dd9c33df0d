"""Running the check and the import of a file in the background, with progress the batch page polls.

`start_check(batch)` (after the upload and after each mapping change: the check reads every row, which
takes as long as reading the file) and `start(batch)` (the import) enqueue a task of django-tasks; the
database backend keeps it until the worker process (`manage.py db_worker`, started by `make demo` beside
the server, a systemd unit in production) runs it. Never a thread of the web process: it would die with
every worker restart. The tests run tasks at once (the immediate backend, conftest.py).

While a task runs, a heartbeat thread in the worker writes the rows done about once a second to a
progress file (pages on the same machine read it, also on SQLite, where the import's transaction holds
the only write lock) and to the batch with the time (pages anywhere read it on PostgreSQL).
`fail_stale()` — called by the upload and batch pages — asks the task's own state: a failed task fails its
batch at once with the message; a running one whose heartbeat stopped (the worker was killed) is
failed too. Nothing of it was kept: the import is one transaction.

Uploads hold pupil ids. An imported file is deleted at once; any other is deleted UPLOAD_KEPT after it
came by `purge_uploads()` (`manage.py purge_uploads`, for cron or a systemd timer; the upload page also
calls it for its municipality).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, task
from django_tasks.base import Task
from django_tasks.exceptions import TaskResultDoesNotExist

from uebergang.tenants.models import Tenant

from . import protected
from .imports import Report, import_file
from .models import ImportBatch

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=30)
# An upload holds pupil ids: deleted once imported, else this long after it came (purge_uploads).
UPLOAD_KEPT = timedelta(hours=24)
HEARTBEAT_SECONDS = 1.0
# A task the worker took whose heartbeat is older than this: the worker was stopped or killed.
HEARTBEAT_LOST = timedelta(seconds=60)

# Batch id → rows processed, for the imports running in this process.
_live: dict[int, int] = {}


ACTIVE = (ImportBatch.Status.RUNNING, ImportBatch.Status.CHECKING)


def start(batch: ImportBatch, *, only_valid: bool = False) -> None:
    """Queue the import of `batch` (already RUNNING, file stored) for the worker."""
    _enqueue(batch, import_batch, only_valid=only_valid)


def start_check(batch: ImportBatch) -> ImportBatch:
    """Queue the check of `batch` (already CHECKING); returns the batch as it is now (checked at once when
    the task backend runs tasks immediately, as in the tests)."""
    _enqueue(batch, check_batch)
    batch.refresh_from_db()
    return batch


def _enqueue(batch: ImportBatch, job: Task, **options) -> None:
    # The database backend writes the task row in the current transaction: the worker sees it once the
    # upload or the start is committed, never before the batch it refers to.
    result = job.enqueue(batch.pk, **options)
    ImportBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id)[:64])


@task()
def check_batch(batch_id: int) -> None:
    """The check of an upload, as the worker runs it."""
    _in_worker(run_check, batch_id)


@task()
def import_batch(batch_id: int, only_valid: bool = False) -> None:
    """The import of a checked upload, as the worker runs it."""
    _in_worker(run, batch_id, only_valid=only_valid)


def run(batch_id: int, *, only_valid: bool = False) -> ImportBatch:
    """Import the stored file of a batch; the file is deleted afterwards, whatever the outcome."""
    batch = ImportBatch.objects.select_related("tenant", "created_by").get(pk=batch_id)
    path = stored_path(batch)
    _live[batch.pk] = 0
    try:
        batch = import_file(
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
    if batch.status == ImportBatch.Status.DONE:
        # Protect the changed cohorts here, in the worker, so the first dashboard after an import is fast.
        protected.cohorts(batch.tenant)
    return batch


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


def _in_worker(target, batch_id: int, **options) -> None:
    """Run `target` with a heartbeat; a failure marks the batch FAILED with its message, then re-raises so
    the task's own result says FAILED too."""
    stop = threading.Event()
    heartbeat = threading.Thread(target=_heartbeat, args=(batch_id, stop), daemon=True)
    heartbeat.start()
    try:
        target(batch_id, **options)
    except Exception as error:
        logger.exception("import %s failed", batch_id)
        message = _("Der Import ist mit einem Fehler abgebrochen (%(error)s). Es wurde nichts gespeichert.")
        _fail(batch_id, message % {"error": type(error).__name__})
        raise
    finally:
        stop.set()
        heartbeat.join()
        progress_path(batch_id).unlink(missing_ok=True)


def _heartbeat(batch_id: int, stop: threading.Event) -> None:
    """About once a second: the rows done so far into a progress file (read by the pages on this machine,
    also on SQLite, where the import's transaction holds the only write lock) and into the batch with
    the time (read anywhere, on PostgreSQL). The time is how the pages know the worker still lives."""
    path = progress_path(batch_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        while not stop.wait(HEARTBEAT_SECONDS):
            rows = _live.get(batch_id, 0)
            path.write_text(str(rows))
            try:
                ImportBatch.objects.filter(pk=batch_id, status__in=ACTIVE).update(
                    processed_rows=rows, heartbeat_at=timezone.now()
                )
            except DatabaseError:
                close_old_connections()
    finally:
        connection.close()


def progress_path(batch_id: int) -> Path:
    return Path(settings.SHARED_FILES_DIR) / "progress" / str(batch_id)


def live_progress(batch: ImportBatch) -> int:
    """Rows processed so far: live in this process, else from the worker's progress file or the batch."""
    if batch.pk in _live:
        return _live[batch.pk]
    try:
        return max(int(progress_path(batch.pk).read_text() or 0), batch.processed_rows)
    except (OSError, ValueError):
        return batch.processed_rows


def _last_sign_of_life(batch: ImportBatch) -> datetime | None:
    times = [batch.heartbeat_at] if batch.heartbeat_at else []
    with contextlib.suppress(OSError):
        times.append(datetime.fromtimestamp(progress_path(batch.pk).stat().st_mtime, tz=UTC))
    return max(times, default=None)


def task_state(batch: ImportBatch) -> TaskResultStatus | None:
    """The state of the batch's task as the task backend knows it (READY, RUNNING, SUCCESSFUL, FAILED…),
    or None when the backend keeps no results (it ran at once) or the batch has no task."""
    if not batch.task_id:
        return None
    job = check_batch if batch.status == ImportBatch.Status.CHECKING else import_batch
    try:
        return TaskResultStatus(job.get_result(batch.task_id).status)
    except (NotImplementedError, TaskResultDoesNotExist, ValueError):
        return None


def fail_stale(tenant: Tenant) -> int:
    """Mark active batches of `tenant` FAILED whose task is over or whose worker stopped beating.

    A task that failed says so at once; a task the worker took but whose heartbeat stopped for
    HEARTBEAT_LOST (the worker was killed) is over too — nothing of it was kept, the import is one
    transaction. Without a task state (old batches), STALE_AFTER after the start.
    """
    now = timezone.now()
    failed = 0
    for batch in ImportBatch.objects.for_tenant(tenant).filter(status__in=ACTIVE):
        if batch.pk in _live:
            continue
        state = task_state(batch)
        if state == TaskResultStatus.READY:
            continue  # queued: the page says it waits for the worker
        if state == TaskResultStatus.FAILED:
            message = _("Der Import ist mit einem Fehler abgebrochen. Es wurde nichts gespeichert.")
        elif state == TaskResultStatus.RUNNING:
            beat = _last_sign_of_life(batch)
            if beat is not None and now - beat < HEARTBEAT_LOST:
                continue
            if beat is None and now - batch.created_at < HEARTBEAT_LOST:
                continue
            message = _(
                "Der Import wurde unterbrochen (der Hintergrunddienst wurde beendet). Es wurde nichts "
                "gespeichert. Bitte laden Sie die Datei erneut hoch."
            )
        else:
            started = _started(batch)
            if state != TaskResultStatus.SUCCESSFUL and now - started < STALE_AFTER:
                continue
            message = _(
                "Der Import wurde unterbrochen (der Server wurde neu gestartet). Es wurde nichts gespeichert. "
                "Bitte laden Sie die Datei erneut hoch."
            )
        _fail(batch.pk, message, now=now)
        failed += 1
    return failed


def _started(batch: ImportBatch) -> datetime:
    report = Report.of(batch)
    try:
        return datetime.fromisoformat(report.started_at) if report.started_at else batch.created_at
    except ValueError:
        return batch.created_at


def _fail(batch_id: int, message: str, *, now: datetime | None = None) -> None:
    batch = ImportBatch.objects.filter(pk=batch_id, status__in=ACTIVE).first()
    if batch is None:
        return
    report = Report.of(batch)
    report.file_problem = message
    batch.status = ImportBatch.Status.FAILED
    batch.finished_at = now or timezone.now()
    batch.report = report.as_json()
    batch.save(update_fields=["status", "finished_at", "report"])
    discard_file(batch)


def imports_dir() -> Path:
    return Path(settings.SHARED_FILES_DIR) / "imports"


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
