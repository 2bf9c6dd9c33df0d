"""The `<tenant:tenant>` path converter: resolves a URL segment to an active Tenant or no match (404)."""

from __future__ import annotations

from .models import Tenant


class TenantConverter:
    regex = "[a-z0-9][a-z0-9-]*"

    def to_python(self, value: str) -> Tenant:
        try:
            return Tenant.objects.active().get(slug=value)
        except Tenant.DoesNotExist:
            raise ValueError(value) from None

    def to_url(self, value: Tenant | str) -> str:
        return value.slug if isinstance(value, Tenant) else str(value)
