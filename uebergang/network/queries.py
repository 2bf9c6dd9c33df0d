"""Reads of the network app that depend on who is asking."""

from __future__ import annotations

from django.db.models import QuerySet

from uebergang.accounts.models import Membership
from uebergang.accounts.permissions import own_organisation_ids  # the rule, written once there
from uebergang.tenants.models import Tenant

from .models import Body, Organisation, Task


def editable_organisations(tenant: Tenant, membership: Membership) -> QuerySet[Organisation]:
    """Coordinators keep every organisation; a partner only its own."""
    organisations = Organisation.objects.for_tenant(tenant)
    if membership.role == Membership.Role.COORDINATOR:
        return organisations
    return organisations.filter(pk__in=own_organisation_ids(membership))


def bodies_with_internal_access(tenant: Tenant, membership: Membership) -> QuerySet[Body]:
    """Bodies whose internal minutes this person may read: coordinators all, others the bodies
    their organisation sits in."""
    bodies = Body.objects.for_tenant(tenant)
    if membership.role == Membership.Role.COORDINATOR:
        return bodies
    return bodies.filter(memberships__organisation_id__in=own_organisation_ids(membership)).distinct()


def updatable_tasks(tenant: Tenant, membership: Membership) -> QuerySet[Task]:
    """Tasks this person may update: coordinators all, others those assigned to them or their organisation."""
    tasks = Task.objects.for_tenant(tenant)
    if membership.role == Membership.Role.COORDINATOR:
        return tasks
    return tasks.assigned_to(membership.user, own_organisation_ids(membership))
