"""`record(...)`: the one way to write an audit event, inside the caller's transaction."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from uebergang.lib.client_ip import client_ip
from uebergang.tenants.models import Tenant

from .models import AuditEvent


def record(
    action: str,
    *,
    actor=None,
    tenant: Tenant | None = None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    actor_email: str = "",
) -> AuditEvent:
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        tenant=tenant,
        actor=actor if actor is not None and actor.pk else None,
        actor_email=actor.email if actor is not None else actor_email,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        data=data or {},
        ip_address=client_ip(request) if request is not None else None,
    )
