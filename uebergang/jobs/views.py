"""The page of a background import: progress while the worker writes, then its outcome.

One route per kind, each behind the permission of the import it belongs to.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.module_loading import import_string

from uebergang.accounts.permissions import permission_required
from uebergang.tenants.models import Tenant

from . import runner
from .models import Job


@permission_required("network.manage")
def actor_job(request: HttpRequest, tenant: Tenant, actor_job_id: int) -> HttpResponse:
    return _page(request, tenant, actor_job_id, Job.Kind.ACTORS)


@permission_required("offerings.manage")
def offering_job(request: HttpRequest, tenant: Tenant, offering_job_id: int) -> HttpResponse:
    return _page(request, tenant, offering_job_id, Job.Kind.OFFERINGS)


def _page(request: HttpRequest, tenant: Tenant, job_id: int, kind: str) -> HttpResponse:
    job = runner.settle(get_object_or_404(Job, pk=job_id, tenant=tenant, kind=kind))
    spec = runner.KINDS[kind]
    done, total = runner.progress(job)
    percent = 100 if job.status == Job.Status.DONE else (done * 100 // total if total else 0)
    context = {
        "job": job,
        "done": done,
        "total": total,
        "percent": percent,
        "queued": job.status == Job.Status.QUEUED,
        "summary": import_string(spec.summary)(job.outcome) if job.status == Job.Status.DONE else "",
        "upload_url": reverse(spec.upload_url, kwargs={"tenant": tenant}),
        "result_url": reverse(spec.result_url, kwargs={"tenant": tenant}),
    }
    htmx = bool(request.headers.get("HX-Request"))
    return render(request, "jobs/detail.html#progress" if htmx else "jobs/detail.html", context)
