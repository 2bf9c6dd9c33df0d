"""Which offerings a person may see and edit in the staff workspace."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from uebergang.accounts.models import Membership
from uebergang.network.queries import own_organisation_ids
from uebergang.tenants.models import Tenant

from .models import Offering


def editable_offerings(tenant: Tenant, membership: Membership) -> QuerySet[Offering]:
    """Coordinators edit every offering; a partner only its own organisation's; others none."""
    offerings = Offering.objects.for_tenant(tenant)
    if membership.role == Membership.Role.COORDINATOR:
        return offerings
    if membership.role == Membership.Role.PARTNER:
        return offerings.filter(provider_id__in=own_organisation_ids(membership))
    return offerings.none()


def visible_offerings(tenant: Tenant, membership: Membership) -> QuerySet[Offering]:
    """Coordinators see every offering; others the published ones and their own organisation's."""
    offerings = Offering.objects.for_tenant(tenant)
    if membership.role == Membership.Role.COORDINATOR:
        return offerings
    return offerings.filter(
        Q(status=Offering.Status.PUBLISHED) | Q(provider_id__in=own_organisation_ids(membership))
    )
