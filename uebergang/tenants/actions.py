from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record
from uebergang.lib.changes import changes_of

from .forms import RegionForm, TenantProfileForm
from .models import Municipality, Region, Tenant


@transaction.atomic
def update_tenant_profile(*, request: HttpRequest, form: TenantProfileForm) -> Tenant:
    tenant = form.save()
    record(
        AuditEvent.Action.TENANT_UPDATED,
        request=request,
        tenant=tenant,
        obj=tenant,
        data={"fields": sorted(form.changed_data)},
    )
    return tenant


@transaction.atomic
def save_region(*, request: HttpRequest, tenant: Tenant, form: RegionForm) -> Region | None:
    """Create or change a region and its Gemeinden; an unchanged form writes nothing (returns None)."""
    created = form.instance.pk is None
    municipalities_changed = form.municipalities_changed()
    region_changes = [c for c in changes_of(form) if c["field"] != str(form.fields["municipalities"].label)]
    if not created and not region_changes and not municipalities_changed:
        return None
    region = form.save(commit=False)
    region.tenant = tenant
    region.save()
    wanted: dict[str, str] = form.cleaned_data["municipalities"]
    current = {m.name: m for m in region.municipalities.all()}
    removed = sorted(set(current) - set(wanted))
    added = sorted(set(wanted) - set(current))
    region.municipalities.filter(name__in=removed).delete()
    Municipality.objects.bulk_create(
        Municipality(tenant=tenant, region=region, name=name, key=wanted[name]) for name in added
    )
    rekeyed = [m for name, m in current.items() if name in wanted and m.key != wanted[name]]
    for municipality in rekeyed:
        municipality.key = wanted[municipality.name]
    Municipality.objects.bulk_update(rekeyed, ["key"])
    data = {"changes": region_changes}
    if municipalities_changed:
        data["municipalities"] = {"added": added, "removed": removed, "rekeyed": [m.name for m in rekeyed]}
    record(
        AuditEvent.Action.CREATED if created else AuditEvent.Action.UPDATED,
        request=request,
        tenant=tenant,
        obj=region,
        data=data,
    )
    return region


def region_blockers(region: Region) -> list[str]:
    """Why the region cannot go: figures of school leavers or an indicator would change their meaning."""
    from uebergang.monitoring.models import CohortCount, Leaver
    from uebergang.planning.models import Indicator

    reasons = []
    counts = CohortCount.objects.for_tenant(region.tenant).filter(region_id=region.pk)
    if counts.exists() or Leaver.objects.for_tenant(region.tenant).filter(region_id=region.pk).exists():
        reasons.append(_("Zahlen des Übergangsmonitorings nennen sie als Wohnregion."))
    indicators = Indicator.objects.for_tenant(region.tenant).filter(catalogue_region=region)
    if indicators.exists():
        reasons.append(
            _("Kennzahlen zählen Plätze dieser Region: %(names)s.")
            % {"names": ", ".join(sorted(str(i) for i in indicators))}
        )
    return reasons


@transaction.atomic
def delete_region(*, request: HttpRequest, tenant: Tenant, region: Region) -> None:
    """Remove a region no figure uses; actors, bodies, offerings and cases lose only the reference."""
    record(
        AuditEvent.Action.DELETED,
        request=request,
        tenant=tenant,
        obj=region,
        data={"municipalities": sorted(region.municipalities.values_list("name", flat=True))},
    )
    region.delete()
