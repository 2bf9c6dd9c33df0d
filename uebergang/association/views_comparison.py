"""The fair comparison of the members (monitoring/fair.py): a member sees where it stands and which
members of a similar structure do better, with a way to their practices; the association's staff see
all members alike."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from uebergang.accounts.permissions import permission_required
from uebergang.monitoring import fair
from uebergang.monitoring.comparison import association_years
from uebergang.tenants.models import Tenant

from .models import Portrait


def _choice(request: HttpRequest) -> tuple[list[int], int | None, str]:
    years = association_years()
    wanted = request.GET.get("jahr", "")
    year = int(wanted) if wanted.isdigit() and int(wanted) in years else (years[-1] if years else None)
    measure = request.GET.get("kennzahl", "dual")
    return years, year, measure if measure in fair.MEASURES else "dual"


def _page(request: HttpRequest, tenant: Tenant | None) -> HttpResponse:
    years, year, measure = _choice(request)
    comparison = fair.fair_comparison(year, measure) if year else None
    better = comparison.similar_better(tenant) if comparison and tenant else []
    portraits = dict(
        Portrait.objects.filter(shown=True, tenant__in=[row.tenant for row in better]).values_list(
            "tenant_id", "pk"
        )
    )
    context = {
        "tenant": tenant,
        "years": years,
        "year": year,
        "measure": measure,
        "measures": [(code, label) for code, (_better, label) in fair.MEASURES.items()],
        "comparison": comparison,
        "own": comparison.row_of(tenant) if comparison and tenant else None,
        "better": [(row, portraits.get(row.tenant.pk)) for row in better],
    }
    return render(request, "association/comparison.html", context)


@permission_required("association.compare")
def member_comparison(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    return _page(request, tenant)


@permission_required("association.view")
def association_comparison(request: HttpRequest) -> HttpResponse:
    return _page(request, None)
