"""The figures of the Verbleibsklärung: open cases, outcomes, time to clear, referrals — protected counts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from uebergang.accounts.permissions import permission_required
from uebergang.tenants.models import Tenant

from ..figures import figures


@permission_required("cases.figures")
def case_figures(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    return render(request, "cases/figures.html", {"tenant": tenant, **figures(tenant, timezone.localdate())})
