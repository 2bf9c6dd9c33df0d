from __future__ import annotations

from django.db.models import Q

from uebergang.accounts.models import Membership
from uebergang.tenants.models import Tenant

from .models import AuditEvent


def trail_for_tenant(tenant: Tenant):
    """Events of the tenant, plus sign-in events (which belong to no tenant) of its team members."""
    member_emails = Membership.objects.for_tenant(tenant).values("user__email")
    return AuditEvent.objects.filter(Q(tenant=tenant) | Q(tenant__isnull=True, actor_email__in=member_emails))
