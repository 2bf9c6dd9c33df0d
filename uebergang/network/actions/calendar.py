"""Writes of the calendar part of the network app; each audited in its own transaction."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record
from uebergang.tenants.models import Tenant

from ..models import Body, CalendarFeed


@transaction.atomic
def create_calendar_feed(
    *, request: HttpRequest, tenant: Tenant, user, body: Body | None = None
) -> CalendarFeed:
    """A new secret feed for `user`: the meetings of `body`, or without a body their own meetings and tasks."""
    if body is not None and body.tenant_id != tenant.pk:
        raise ValueError("The body belongs to another tenant.")
    feed = CalendarFeed.objects.create(tenant=tenant, user=user, body=body)
    # The token is the credential of the feed: it never goes into the audit trail.
    record(
        AuditEvent.Action.CALENDAR_FEED_CREATED,
        request=request,
        tenant=tenant,
        obj=feed,
        data={"body": body.name if body else None},
    )
    return feed


@transaction.atomic
def revoke_calendar_feed(*, request: HttpRequest, tenant: Tenant, feed: CalendarFeed) -> CalendarFeed:
    """Stops the feed for good: its address answers 404 from now on."""
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    record(
        AuditEvent.Action.CALENDAR_FEED_REVOKED,
        request=request,
        tenant=tenant,
        obj=feed,
        data={"body": feed.body.name if feed.body else None},
    )
    return feed
