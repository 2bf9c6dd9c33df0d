"""The municipality's regions (Regionen/Sozialräume) and their Gemeinden, kept by its coordinators.

Regions group actors, offerings, cases and the monitoring's figures; a region that figures or an
indicator name cannot be removed, since they would silently change their meaning.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from uebergang.accounts.permissions import permission_required

from . import actions
from .forms import RegionForm
from .models import Region, Tenant


@permission_required("tenant.edit")
def region_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    regions = (
        Region.objects.for_tenant(tenant)
        .annotate(municipality_count=Count("municipalities"))
        .prefetch_related("municipalities")
    )
    return render(request, "tenants/regions.html", {"tenant": tenant, "regions": regions})


@permission_required("tenant.edit")
def region_form(request: HttpRequest, tenant: Tenant, region_id: int | None = None) -> HttpResponse:
    region = get_object_or_404(Region.objects.for_tenant(tenant), pk=region_id) if region_id else None
    form = RegionForm(request.POST or None, instance=region, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        saved = actions.save_region(request=request, tenant=tenant, form=form)
        if saved is None:
            messages.info(request, _("Nichts geändert."))
        else:
            messages.success(request, _("Die Region „%(name)s“ ist gespeichert.") % {"name": saved.name})
        return redirect("tenants:regions", tenant=tenant)
    blockers = actions.region_blockers(region) if region else []
    return render(
        request,
        "tenants/region_form.html",
        {"tenant": tenant, "form": form, "region": region, "blockers": blockers},
    )


@permission_required("tenant.edit")
def region_delete(request: HttpRequest, tenant: Tenant, region_id: int) -> HttpResponse:
    region = get_object_or_404(Region.objects.for_tenant(tenant), pk=region_id)
    blockers = actions.region_blockers(region)
    if request.method == "POST" and not blockers:
        actions.delete_region(request=request, tenant=tenant, region=region)
        messages.success(request, _("Die Region „%(name)s“ ist entfernt.") % {"name": region.name})
        return redirect("tenants:regions", tenant=tenant)
    return render(
        request,
        "tenants/region_delete.html",
        {"tenant": tenant, "region": region, "blockers": blockers},
    )
