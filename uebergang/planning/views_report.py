"""The annual report in the workspace: the live page, its PDF, publishing a frozen copy, published copies."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uebergang.accounts.permissions import has_permission, permission_required
from uebergang.tenants.models import Tenant

from . import report
from .models import PublishedReport


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
def report_pdf(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    year = _year(request.GET)
    content = report.pdf(tenant, report.figures(tenant, year))
    return _pdf_response(content, f"jahresbericht-{year}-entwurf.pdf")


@permission_required("planning.manage")
@require_POST
def report_publish(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    year = _year(request.POST)
    published = report.publish(request=request, tenant=tenant, year=year)
    messages.success(
        request,
        _("Der Jahresbericht %(year)s ist als Fassung %(version)s veröffentlicht.")
        % {"year": year, "version": published.version},
    )
    return redirect(f"{reverse('planning:report', kwargs={'tenant': tenant})}?jahr={year}")


@permission_required("planning.report")
def published_report(request: HttpRequest, tenant: Tenant, published_report_id: int) -> HttpResponse:
    published = get_object_or_404(PublishedReport.objects.for_tenant(tenant), pk=published_report_id)
    return _pdf_response(bytes(published.pdf), published.file_name)
