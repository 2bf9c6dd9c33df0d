"""The `<tenant:tenant>` path converter: resolves a URL segment to an active Tenant or no match (404).

Every tenant URL resolves its segment, so the tenant is kept in the process while the content version
holds (`uebergang.lib.kept`); a slug without an active tenant is asked again every time.
"""

from __future__ import annotations

from uebergang.lib.kept import kept

from .models import Tenant


class TenantConverter:
    regex = "[a-z0-9][a-z0-9-]*"

    def to_python(self, value: str) -> Tenant:
        def load() -> Tenant:
            try:
                return Tenant.objects.active().get(slug=value)
            except Tenant.DoesNotExist:
                raise ValueError(value) from None

        return kept(("tenant", value), load)

    def to_url(self, value: Tenant | str) -> str:
        return value.slug if isinstance(value, Tenant) else str(value)
