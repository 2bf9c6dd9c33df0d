"""Making the annual report's PDF in the worker, step by step, with the run row as the page's progress.

A coordinator or steering member asks for a draft or (coordinators) a published version; the request
only writes a `ReportRun` and enqueues `make_report`. The worker (`manage.py db_worker`; the tests run
tasks at once) collects the figures, sets the pages with their charts, renders the PDF with WeasyPrint
and stores it — or publishes it as the next version, in one transaction with its audit row. Each step
is committed on the run, so the page polls it on SQLite too. A failure marks the run failed with a
German message and publishes nothing; a run whose task the backend reports failed (the worker died
mid-way) is marked so when its page is opened.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist

from . import report
from .models import ReportRun

logger = logging.getLogger(__name__)


def start(run: ReportRun) -> ReportRun:
    """Queue the run (already saved); returns it as it is now (done at once with the immediate backend)."""
    result = make_report.enqueue(run.pk)
    ReportRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])
    run.refresh_from_db()
    return run


def _step(run: ReportRun, step: int, **fields) -> None:
    ReportRun.objects.filter(pk=run.pk).update(step=step, **fields)


@task()
def make_report(run_id: int) -> None:
    run = ReportRun.objects.select_related("tenant", "requested_by").get(pk=run_id)
    if not run.active:
        return
    _step(run, 0, status=ReportRun.Status.RUNNING)
    try:
        data = report.figures(run.tenant, run.year)
        _step(run, 1)
        document = report.html(run.tenant, data)
        _step(run, 2)
        content = report.render_pdf(document)
        _step(run, 3)
        with transaction.atomic():
            published = None
            if run.publish:
                published = report.publish(
                    actor=run.requested_by, tenant=run.tenant, year=run.year, data=data, content=content
                )
            ReportRun.objects.filter(pk=run.pk).update(
                step=len(ReportRun.STEPS),
                status=ReportRun.Status.DONE,
                pdf=None if published else content,
                published=published,
                finished_at=timezone.now(),
            )
    except Exception:  # the page says it failed; the log has the cause
        logger.exception("annual report run %s failed", run.pk)
        ReportRun.objects.filter(pk=run.pk).update(
            status=ReportRun.Status.FAILED,
            error=_(
                "Der Bericht konnte nicht erstellt werden. Es wurde nichts veröffentlicht. Bitte versuchen Sie es erneut; bleibt der Fehler, wenden Sie sich an den Betrieb."
            ),
            finished_at=timezone.now(),
        )


def fail_if_lost(run: ReportRun) -> ReportRun:
    """A run whose task the backend reports failed (the worker was stopped mid-way) is marked failed."""
    if not run.active or not run.task_id:
        return run
    try:
        state = TaskResultStatus(make_report.get_result(run.task_id).status)
    except (NotImplementedError, TaskResultDoesNotExist, ValueError):
        return run
    if state == TaskResultStatus.FAILED:
        ReportRun.objects.filter(
            pk=run.pk, status__in=[ReportRun.Status.QUEUED, ReportRun.Status.RUNNING]
        ).update(
            status=ReportRun.Status.FAILED,
            error=_(
                "Die Erstellung wurde unterbrochen (der Hintergrunddienst wurde beendet). Es wurde nichts veröffentlicht."
            ),
            finished_at=timezone.now(),
        )
        run.refresh_from_db()
    return run
