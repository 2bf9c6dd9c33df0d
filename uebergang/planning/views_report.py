"""The annual report in the workspace: the live page; its PDF and publishing run in the worker (a run page
with a progress bar, then the download); published copies."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from uebergang.accounts.permissions import has_permission, permission_required
from uebergang.tenants.models import Tenant

from . import report, tasks
from .models import PublishedReport, ReportRun


def _year(data) -> int:
    """The report year from ?jahr= or the form; last year by default (reports look back)."""
    default = timezone.localdate().year - 1
    try:
        year = int(data.get("jahr", default))
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


def _pdf_response(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


@permission_required("planning.report")
def report_page(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    year = _year(request.GET)
    page = {
        "can_publish": has_permission(request.user, tenant, "planning.manage"),
        "published": PublishedReport.objects.for_tenant(tenant).defer("pdf", "figures"),
    }
    return HttpResponse(report.html(tenant, report.figures(tenant, year), request=request, page=page))


@permission_required("planning.report")
@require_POST
def report_pdf(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """Ask the worker for a draft PDF; the run's page shows the progress and then the download."""
    return _start(request, tenant, publish=False)


@permission_required("planning.manage")
@require_POST
def report_publish(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """Ask the worker to render and publish the next version (the PDF and the figures it used)."""
    return _start(request, tenant, publish=True)


def _start(request: HttpRequest, tenant: Tenant, *, publish: bool) -> HttpResponse:
    run = ReportRun.objects.create(
        tenant=tenant, year=_year(request.POST), publish=publish, requested_by=request.user
    )
    tasks.start(run)
    return redirect("planning:report_run", tenant=tenant, run_id=run.pk)


@permission_required("planning.report")
def report_run(request: HttpRequest, tenant: Tenant, run_id: int) -> HttpResponse:
    run = tasks.fail_if_lost(get_object_or_404(ReportRun.objects.for_tenant(tenant).defer("pdf"), pk=run_id))
    context = {"tenant": tenant, "run": run, "steps": list(enumerate(ReportRun.STEPS, start=1))}
    template = "planning/report_run.html"
    if request.headers.get("HX-Request"):
        template += "#progress"
    return render(request, template, context)


@permission_required("planning.report")
def report_run_pdf(request: HttpRequest, tenant: Tenant, run_id: int) -> HttpResponse:
    run = get_object_or_404(
        ReportRun.objects.for_tenant(tenant), pk=run_id, status=ReportRun.Status.DONE, pdf__isnull=False
    )
    return _pdf_response(bytes(run.pdf), f"jahresbericht-{run.year}-entwurf.pdf")


@permission_required("planning.report")
def published_report(request: HttpRequest, tenant: Tenant, published_report_id: int) -> HttpResponse:
    published = get_object_or_404(PublishedReport.objects.for_tenant(tenant), pk=published_report_id)
    return _pdf_response(bytes(published.pdf), published.file_name)


def public_report(request: HttpRequest, tenant: Tenant, published_report_id: int) -> HttpResponse:
    """A published annual report for everyone (the municipality's page lists them): what the council got."""
    published = get_object_or_404(PublishedReport.objects.for_tenant(tenant), pk=published_report_id)
    return _pdf_response(bytes(published.pdf), published.file_name)
