"""Saving a legal page, with its audit row in the same transaction."""

from __future__ import annotations

from django.db import transaction
from django.forms import ModelForm
from django.http import HttpRequest

from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record
from uebergang.tenants.models import Tenant

from .models import LegalText


@transaction.atomic
def save_legal_page(*, request: HttpRequest, tenant: Tenant | None, kind: str, form: ModelForm):
    """Creates or updates the page; a form sent back unchanged changes nothing (no save, no audit row)."""
    page = form.save(commit=False)
    created = page.pk is None
    if not created and not form.has_changed():
        return page
    page.tenant = tenant
    if isinstance(page, LegalText):
        page.kind = kind
    page.updated_by = request.user
    page.save()
    record(
        AuditEvent.Action.CREATED if created else AuditEvent.Action.UPDATED,
        request=request,
        tenant=tenant,
        obj=page,
        data={"page": kind, "fields": sorted(form.changed_data)},
    )
    return page
