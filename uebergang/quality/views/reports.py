"""Partner reporting: periods, completeness per period, one offering's report, the import of a table."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from uebergang.accounts.permissions import has_permission, permission_required
from uebergang.tenants.models import Tenant

from .. import actions, queries, report_import
from ..forms import (
    REPORT_DESTINATIONS,
    REPORT_QUALIFICATIONS,
    PartnerReportForm,
    ReportImportForm,
    ReportingPeriodForm,
)
from ..models import PartnerReport, ReportingPeriod
from .common import form_page


def _period(request: HttpRequest, tenant: Tenant, period_id: int) -> ReportingPeriod:
    return get_object_or_404(queries.visible_periods(tenant, request.membership), pk=period_id)


def _url(period: ReportingPeriod) -> str:
    return actions.period_path(period)


@permission_required("quality.view")
def period_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    periods = queries.visible_periods(tenant, request.membership).prefetch_related("reports")
    lines = [queries.completeness(p, queries.followed_offerings(p, request.membership)) for p in periods]
    return render(
        request,
        "quality/period_list.html",
        {
            "tenant": tenant,
            "lines": lines,
            "can_manage": has_permission(request.user, tenant, "quality.manage"),
        },
    )


@permission_required("quality.manage")
def period_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = ReportingPeriodForm(request.POST or None, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        period = actions.save_period(request=request, tenant=tenant, form=form)
        messages.success(request, _("Der Berichtszeitraum ist angelegt; die Träger sind benachrichtigt."))
        return redirect(_url(period))
    back = reverse("quality:periods", kwargs={"tenant": tenant})
    return form_page(request, tenant, form, title=_("Berichtszeitraum anlegen"), back=back)


@permission_required("quality.manage")
def period_edit(request: HttpRequest, tenant: Tenant, period_id: int) -> HttpResponse:
    period = _period(request, tenant, period_id)
    form = ReportingPeriodForm(request.POST or None, instance=period, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        actions.save_period(request=request, tenant=tenant, form=form)
        messages.success(request, _("Der Berichtszeitraum ist gespeichert."))
        return redirect(_url(period))
    return form_page(request, tenant, form, title=_("Berichtszeitraum bearbeiten"), back=_url(period))


@permission_required("quality.view")
def period_detail(request: HttpRequest, tenant: Tenant, period_id: int) -> HttpResponse:
    period = _period(request, tenant, period_id)
    state = queries.completeness(period, queries.followed_offerings(period, request.membership))
    return render(
        request,
        "quality/period_detail.html",
        {
            "tenant": tenant,
            "period": period,
            "state": state,
            "today": timezone.localdate(),
            "can_report": has_permission(request.user, tenant, "quality.report"),
            "can_manage": has_permission(request.user, tenant, "quality.manage"),
        },
    )


@permission_required("quality.report")
def report_edit(request: HttpRequest, tenant: Tenant, period_id: int, offering_id: int) -> HttpResponse:
    period = _period(request, tenant, period_id)
    offering = get_object_or_404(queries.reportable_offerings(period, request.membership), pk=offering_id)
    report = PartnerReport.objects.filter(period=period, offering=offering).first() or PartnerReport(
        period=period, offering=offering
    )
    form = PartnerReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        actions.save_partner_report(request=request, tenant=tenant, form=form, submit=submit)
        if submit:
            messages.success(
                request, _("Der Bericht für „%(title)s“ ist eingereicht.") % {"title": offering.title}
            )
        else:
            messages.success(request, _("Der Bericht ist als Entwurf gespeichert."))
        return redirect(_url(period))
    return render(
        request,
        "quality/report_form.html",
        {"tenant": tenant, "period": period, "offering": offering, "report": report, "form": form},
    )


@permission_required("quality.report")
def report_upload(request: HttpRequest, tenant: Tenant, period_id: int) -> HttpResponse:
    period = _period(request, tenant, period_id)
    form = ReportImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        outcome = report_import.run(
            request=request,
            tenant=tenant,
            period=period,
            offerings=queries.reportable_offerings(period, request.membership),
            data=upload.read(report_import.MAX_BYTES + 1),
            filename=upload.name,
        )
        if outcome.error:
            form.add_error("file", outcome.error)
        elif outcome.saved:
            messages.success(
                request,
                _("%(n)s Berichte sind als Entwurf übernommen; prüfen und reichen Sie sie ein.")
                % {"n": outcome.saved},
            )
    return render(
        request,
        "quality/report_import.html",
        {
            "tenant": tenant,
            "period": period,
            "form": form,
            "outcome": outcome,
            "columns": report_import.column_titles(),
            "destinations": REPORT_DESTINATIONS,
            "qualifications": REPORT_QUALIFICATIONS,
        },
    )
