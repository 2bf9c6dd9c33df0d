"""Which legal text a page shows: the tenant's own, else the installation's (marked as such)."""

from __future__ import annotations

from dataclasses import dataclass

from uebergang.tenants.models import Tenant

from .models import AccessibilityStatement, LegalText

KINDS = {
    LegalText.Kind.IMPRINT.value: LegalText.Kind.IMPRINT.label,
    LegalText.Kind.PRIVACY.value: LegalText.Kind.PRIVACY.label,
    "barrierefreiheit": AccessibilityStatement._meta.verbose_name,
}
ACCESSIBILITY = "barrierefreiheit"


@dataclass
class Shown:
    record: LegalText | AccessibilityStatement | None
    from_installation: bool  # a tenant without its own shows the installation's


def shown(tenant: Tenant | None, kind: str) -> Shown:
    if kind == ACCESSIBILITY:
        records = AccessibilityStatement.objects.all()
    else:
        records = LegalText.objects.filter(kind=kind)
    own = records.filter(tenant=tenant).first() if tenant is not None else None
    if own is not None:
        return Shown(own, from_installation=False)
    return Shown(records.filter(tenant__isnull=True).first(), from_installation=tenant is not None)


def own(tenant: Tenant | None, kind: str) -> LegalText | AccessibilityStatement | None:
    """The record a form edits: exactly this tenant's (or the installation's), never a fallback."""
    if kind == ACCESSIBILITY:
        return AccessibilityStatement.objects.filter(tenant=tenant).first()
    return LegalText.objects.filter(tenant=tenant, kind=kind).first()
