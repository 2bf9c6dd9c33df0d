"""What is new in the association: practices published, annual reports, portraits — and the coming
meetings of the members' public bodies. Only what the reader may see anyway: published practices
(members see those for members too), published reports and shown portraits of active members, and
meetings the members' public pages list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from uebergang.tenants.models import Tenant

from .models import Portrait, Practice

LIMIT = 12
EVENT_DAYS = 90


@dataclass
class Item:
    when: datetime
    kind: str
    title: str
    member: str
    url: str


def news(viewer: Tenant | None, limit: int = LIMIT) -> list[Item]:
    """The latest items, newest first; practice and portrait links open in the viewer's workspace (or the
    association's pages where `viewer` is None)."""
    from uebergang.planning.models import PublishedReport

    items = []
    practices = Practice.objects.filter(status=Practice.Status.PUBLISHED, tenant__is_active=True)
    for practice in practices.select_related("tenant").order_by("-updated_at")[:limit]:
        url = (
            reverse("association:member_practice", kwargs={"tenant": viewer, "practice_id": practice.pk})
            if viewer
            else reverse("association:association_practice", kwargs={"practice_id": practice.pk})
        )
        items.append(
            Item(practice.updated_at, _("Praxisbeispiel"), practice.title, practice.tenant.name, url)
        )
    reports = PublishedReport.objects.filter(tenant__is_active=True).defer("pdf", "figures")
    for report in reports.select_related("tenant").order_by("-published_at")[:limit]:
        title = _("Jahresbericht %(year)s") % {"year": report.year}
        url = reverse(
            "planning:public_report", kwargs={"tenant": report.tenant, "published_report_id": report.pk}
        )
        items.append(Item(report.published_at, _("Bericht"), title, report.tenant.name, url))
    portraits = Portrait.objects.shown()
    for portrait in portraits.order_by("-updated_at")[:limit]:
        url = (
            reverse("association:member_portrait", kwargs={"tenant": viewer, "portrait_id": portrait.pk})
            if viewer
            else reverse("association:association_portrait", kwargs={"portrait_id": portrait.pk})
        )
        items.append(
            Item(portrait.updated_at, _("Porträt"), _("Porträt im Verbund"), portrait.tenant.name, url)
        )
    return sorted(items, key=lambda item: item.when, reverse=True)[:limit]


def events(limit: int = LIMIT) -> list[Item]:
    """Coming meetings of the members' public bodies, soonest first (as their public pages list them)."""
    from uebergang.network.models import Meeting

    now = timezone.now()
    meetings = (
        Meeting.objects.filter(
            body__is_public=True,
            body__tenant__is_active=True,
            starts_at__gte=now,
            starts_at__lte=now + timedelta(days=EVENT_DAYS),
            cancelled_at__isnull=True,
        )
        .select_related("body", "body__tenant")
        .order_by("starts_at")[:limit]
    )
    return [
        Item(
            m.starts_at,
            _("Sitzung"),
            m.body.name,
            m.body.tenant.name,
            reverse("network:public_body", kwargs={"tenant": m.body.tenant, "body_id": m.body_id}),
        )
        for m in meetings
    ]
