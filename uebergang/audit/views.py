from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from uebergang.accounts.permissions import permission_required
from uebergang.tenants.models import Tenant

from .forms import AuditFilterForm
from .queries import trail_for_tenant


@permission_required("audit.view")
def trail(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, tenant=tenant)
    events = trail_for_tenant(tenant)
    if form.is_valid():
        events = form.filter(events)
    page = Paginator(events, 50).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    # An htmx filter request gets only the results, the rest of the page stays.
    htmx = bool(request.headers.get("HX-Request"))
    template = "audit/trail.html#results" if htmx else "audit/trail.html"
    context = {"form": form, "page": page, "query": query.urlencode(), "htmx": htmx}
    return render(request, template, context)
