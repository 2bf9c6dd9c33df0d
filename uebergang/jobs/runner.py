"""Table imports the worker writes (actors, offerings), with progress the job page polls.

The upload and its preview stay in the request (reading and checking a file of at most a few MB,
nothing is written). The confirmation calls `start()`: the upload goes into a file of the shared upload
folder, a `Job` records who started what, and `run_job` is enqueued for the worker process
(`manage.py db_worker`; the tests run tasks at once). The worker checks the file again and writes it in
one transaction — killed midway, nothing of it stays — then deletes the file.

Each kind names, as import paths (no app imports another's views), the function that writes a job
(`write(job, data, progress) -> outcome dict`, raising `Refused` when the report forbids it), the one
that words its outcome for the page, the permission that sees it and where to go next.

While the worker writes, `progress(done, total)` lands in a small file under SHARED_FILES_DIR (read by
every app host, also on SQLite, where the import's transaction holds the only write lock); its age is
how the page knows the worker lives. `settle()` — called by the page — ends a job whose task failed
or whose worker went silent, with a message.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist

from uebergang.lib import tabular

from .models import Job

logger = logging.getLogger(__name__)

# A running job whose worker wrote no progress for this long: the worker was stopped or killed.
SILENT_AFTER = timedelta(seconds=60)
# The worker writes its progress file at most this often.
PROGRESS_EVERY_SECONDS = 0.5


@dataclass(frozen=True)
class JobKind:
    write: str  # import path of write(job, data, progress) -> dict
    summary: str  # import path of summary(outcome) -> str
    permission: str
    upload_url: str  # route name of the upload page (tenant=…)
    result_url: str  # route name of the list the import fills (tenant=…)


KINDS = {
    Job.Kind.ACTORS: JobKind(
        "uebergang.network.actions.actors.write_job",
        "uebergang.network.actions.actors.job_summary",
        "network.manage",
        "network:actor_import",
        "network:actors",
    ),
    Job.Kind.OFFERINGS: JobKind(
        "uebergang.offerings.imports.write.write_job",
        "uebergang.offerings.imports.write.job_summary",
        "offerings.manage",
        "offerings:import",
        "offerings:list",
    ),
}


class Refused(Exception):
    """The checked file does not allow the chosen import; the message says why, in German."""


# Starting -------------------------------------------------------------------------------------------


def start(*, tenant, user, kind: str, filename: str, data: bytes, options: dict) -> Job:
    folder = tabular.upload_folder()
    folder.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.upload").write_bytes(data)
    job = Job.objects.create(
        tenant=tenant, kind=kind, created_by=user, filename=filename[:255], file_token=token, options=options
    )
    # The database backend writes the task row in this transaction: the worker sees it once the job is
    # committed, never before.
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


# In the worker --------------------------------------------------------------------------------------


@task()
def run_job(job_id: int) -> None:
    """Write one job; a failure ends the job with its message and re-raises, so the task says FAILED too."""
    job = Job.objects.select_related("tenant", "created_by").get(pk=job_id)
    if job.status != Job.Status.QUEUED:
        return
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())
    report = Progress(job.pk)
    report(0, 0)
    path = _upload_path(job)
    try:
        data = path.read_bytes()
        write = import_string(KINDS[job.kind].write)
        outcome = write(job, data, report)
    except Refused as refusal:
        _end(job.pk, Job.Status.REFUSED, message=str(refusal))
    except Exception as error:
        logger.exception("job %s failed", job_id)
        message = _("Der Import ist mit einem Fehler abgebrochen (%(error)s). Es wurde nichts gespeichert.")
        _end(job.pk, Job.Status.FAILED, message=message % {"error": type(error).__name__})
        raise
    else:
        _end(job.pk, Job.Status.DONE, outcome=outcome)
    finally:
        path.unlink(missing_ok=True)
        progress_path(job.pk).unlink(missing_ok=True)


def _end(job_id: int, status: str, *, message: str = "", outcome: dict | None = None) -> None:
    Job.objects.filter(pk=job_id, status__in=(Job.Status.QUEUED, Job.Status.RUNNING)).update(
        status=status, message=message, outcome=outcome or {}, finished_at=timezone.now(), file_token=""
    )


def _upload_path(job: Job) -> Path:
    return tabular.upload_folder() / f"{job.file_token or 'none'}.upload"


class Progress:
    """`progress(done, total)`: rows written so far into the job's progress file, at most twice a second."""

    def __init__(self, job_id: int) -> None:
        self.path = progress_path(job_id)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY_SECONDS and done < total:
            return
        self.last = now
        with contextlib.suppress(OSError):
            self.path.write_text(f"{done} {total}")


def progress_path(job_id: int) -> Path:
    return Path(settings.SHARED_FILES_DIR) / "progress" / f"job-{job_id}"


# On the page ----------------------------------------------------------------------------------------


def progress(job: Job) -> tuple[int, int]:
    """(rows written, rows to write) as the worker last reported them; (0, 0) before it began."""
    try:
        done, total = progress_path(job.pk).read_text().split()
        return int(done), int(total)
    except (OSError, ValueError):
        return 0, 0


def task_state(job: Job) -> TaskResultStatus | None:
    """The state of the job's task as the backend knows it, or None (it ran at once, or keeps no results)."""
    if not job.task_id:
        return None
    try:
        return TaskResultStatus(run_job.get_result(job.task_id).status)
    except (NotImplementedError, TaskResultDoesNotExist, ValueError):
        return None


def settle(job: Job) -> Job:
    """End an active job whose task failed or whose worker went silent; nothing of it was kept."""
    if not job.active:
        return job
    state = task_state(job)
    now = timezone.now()
    message = ""
    if state == TaskResultStatus.FAILED:
        message = _("Der Import ist mit einem Fehler abgebrochen. Es wurde nichts gespeichert.")
    elif job.status == Job.Status.RUNNING:
        beat = _last_sign_of_life(job)
        if now - beat > SILENT_AFTER:
            message = _(
                "Der Import wurde unterbrochen (der Hintergrunddienst wurde beendet). Es wurde nichts "
                "gespeichert. Bitte laden Sie die Datei erneut hoch."
            )
    if message:
        _end(job.pk, Job.Status.FAILED, message=message)
        _upload_path(job).unlink(missing_ok=True)
        progress_path(job.pk).unlink(missing_ok=True)
        job.refresh_from_db()
    return job


def _last_sign_of_life(job: Job) -> datetime:
    times = [job.started_at or job.created_at]
    with contextlib.suppress(OSError):
        times.append(datetime.fromtimestamp(progress_path(job.pk).stat().st_mtime, tz=UTC))
    return max(times)
