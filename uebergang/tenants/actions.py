from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record

from .forms import TenantProfileForm
from .models import Tenant


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
