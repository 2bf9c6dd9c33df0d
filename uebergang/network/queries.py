"""Reads of the network app that depend on who is asking (the rules themselves: accounts.permissions)."""

from __future__ import annotations

from django.db.models import QuerySet

from uebergang.accounts.models import Membership
from uebergang.accounts.permissions import own_organisation_ids
from uebergang.tenants.models import Tenant

from .models import Organisation


def editable_organisations(tenant: Tenant, membership: Membership) -> QuerySet[Organisation]:
    """Coordinators keep every organisation; a partner only its own."""
    organisations = Organisation.objects.for_tenant(tenant)
    if membership.role == Membership.Role.COORDINATOR:
        return organisations
    return organisations.filter(pk__in=own_organisation_ids(membership))
