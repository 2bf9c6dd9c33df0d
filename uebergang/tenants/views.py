from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from uebergang.accounts.models import Membership
from uebergang.accounts.permissions import permission_required
from uebergang.lib import pagecache

from . import actions, overview
from . import search as workspace_search
from .forms import TenantProfileForm
from .models import AssociationSettings, Region, Tenant


def landing(request: HttpRequest) -> HttpResponse:
    from uebergang.association import portraits
    from uebergang.association.models import Portrait, PortraitField

    tenants = list(Tenant.objects.members().annotate(region_count=Count("regions")))
    shown = list(Portrait.objects.shown())
    since = {p.tenant_id: p.coordinating_since for p in shown if p.is_public(PortraitField.SINCE)}
    for tenant in tenants:
        tenant.coordinating_since = since.get(tenant.pk)
    context = {"tenants": tenants, **portraits.map_context(shown, members=False)}
    return render(request, "tenants/landing.html", context)


# Parts of the association portrait the municipality's page shows beside what it shows anyway.
OVERVIEW_PARTS = ("since", "organisation", "staff", "bodies", "priorities")


def tenant_home(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    from uebergang.association import portraits
    from uebergang.association.models import Portrait, PortraitField
    from uebergang.planning.models import PublishedReport

    regions = Region.objects.for_tenant(tenant)
    reports = PublishedReport.objects.for_tenant(tenant).defer("pdf", "figures")
    portrait = Portrait.objects.filter(tenant=tenant, shown=True).first()
    overview = (
        [part for part in portraits.parts(portrait, members=False) if part.code in OVERVIEW_PARTS]
        if portrait
        else []
    )
    context = {
        "tenant": tenant,
        "regions": regions,
        "reports": reports,
        "overview": overview,
        "contact_public": portrait is None or portrait.is_public(PortraitField.CONTACT),
    }
    return render(request, "tenants/tenant_home.html", context)


@permission_required("workspace.view")
def workspace(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    def body() -> str:
        steering = request.membership.role == Membership.Role.STEERING
        context = {
            "tenant": tenant,
            "panels": overview.panels(tenant, request.membership),
            "steering": overview.steering(tenant) if steering else None,
        }
        return render_to_string("tenants/workspace_body.html", context, request)

    body_html = pagecache.fragment(request, "workspace", body)
    return render(request, "tenants/workspace.html", {"tenant": tenant, "body": body_html})


@permission_required("workspace.view")
def search(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """The workspace search: every kind the person may see, grouped (tenants/search.py)."""
    text = request.GET.get("q", "").strip()[:200].replace("\x00", "")
    groups = workspace_search.search(tenant, request.membership, text) if text else []
    return render(
        request,
        "tenants/search.html",
        {
            "tenant": tenant,
            "workspace_query": text,
            "groups": groups,
            "total": sum(len(g.hits) for g in groups),
        },
    )


@permission_required("tenant.edit")
def tenant_edit(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = TenantProfileForm(request.POST or None, instance=tenant)
    if request.method == "POST" and form.is_valid():
        actions.update_tenant_profile(request=request, form=form)
        messages.success(request, _("Das Porträt ist gespeichert."))
        return redirect("tenants:workspace", tenant=tenant)
    return render(request, "tenants/tenant_edit.html", {"form": form, "tenant": tenant})


@permission_required("association.view")
def association(request: HttpRequest) -> HttpResponse:
    from uebergang.monitoring import queries as monitoring

    tenants = Tenant.objects.members().annotate(region_count=Count("regions"))
    years = monitoring.association_years()
    wanted = request.GET.get("jahr", "")
    year = int(wanted) if wanted.isdigit() and int(wanted) in years else (years[-1] if years else None)
    comparison = monitoring.association_comparison(year) if year else []
    context = {
        "tenants": tenants,
        "years": years,
        "year": year,
        "comparison": comparison,
        "common_threshold": AssociationSettings.current().common_threshold,
    }
    return render(request, "tenants/association.html", context)
