"""The destination code list: the shared top-level codes and each tenant's local sub-codes."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from uebergang.tenants.models import Tenant

from .models import CURRENT_CODE_LIST_VERSION, TOP_LEVEL_DESTINATIONS, CodeListVersion, Destination


@transaction.atomic
def ensure_code_list() -> CodeListVersion:
    """The current version with its top-level codes (seeded by migration; idempotent)."""
    version, _ = CodeListVersion.objects.get_or_create(
        version=CURRENT_CODE_LIST_VERSION,
        defaults={"published_on": date(2026, 1, 1), "note": "Top-level codes (DESIGN.md)"},
    )
    for code, label, sector in TOP_LEVEL_DESTINATIONS:
        Destination.objects.get_or_create(
            version=version, tenant=None, code=code, defaults={"label": str(label), "iabe_sector": sector}
        )
    return version


def codes_for(tenant: Tenant) -> dict[str, Destination]:
    """Every code a tenant may use, by code: top-level ones and its own sub-codes."""
    ensure_code_list()
    return {d.code: d for d in Destination.objects.available_to(tenant).select_related("parent")}
