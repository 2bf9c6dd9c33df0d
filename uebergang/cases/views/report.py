"""A partner (school social work, Jobcenter, Jugendamt, a provider) reports a young person with consent.

The partner writes a case but cannot read cases: after sending, they see only the case reference.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from uebergang.accounts.permissions import permission_required
from uebergang.tenants.models import Tenant

from .. import actions
from ..forms import PartnerReportForm


@permission_required("cases.report")
def partner_report(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    organisation = request.membership.organisation
    form = PartnerReportForm(request.POST or None, tenant=tenant)
    if request.method == "POST" and organisation is not None and form.is_valid():
        case = actions.report_case(
            tenant=tenant,
            actor=request.user,
            organisation=organisation,
            case_data=form.case_data(),
            consent_data=form.consent_data(),
            request=request,
        )
        return render(request, "cases/report_sent.html", {"tenant": tenant, "case": case})
    return render(
        request, "cases/report.html", {"tenant": tenant, "form": form, "organisation": organisation}
    )
