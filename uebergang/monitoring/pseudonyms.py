"""Pseudonyms: a keyed hash (HMAC-SHA-256) of the source's id with a per-tenant secret.

The same pupil id from the same tenant always gives the same pseudonym, so re-imports and follow-ups
match; without the tenant's key nobody can go back from the pseudonym to the id, and the same id in
another tenant gives another pseudonym.
"""

from __future__ import annotations

import hashlib
import hmac

from uebergang.tenants.models import Tenant

from .models import MonitoringSettings


def tenant_key(tenant: Tenant) -> bytes:
    settings, _ = MonitoringSettings.objects.get_or_create(tenant=tenant)
    return bytes.fromhex(settings.pseudonym_key)


def pseudonym(key: bytes, source_id: str) -> str:
    normalized = " ".join(str(source_id).split()).casefold()
    return hmac.new(key, normalized.encode(), hashlib.sha256).hexdigest()
