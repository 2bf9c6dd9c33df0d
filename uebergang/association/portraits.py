"""What a member portrait shows: its own parts and the parts read live from the network and planning.

`parts(portrait, members=…)` gives the parts a reader may see — every part for the association's members
and staff, only those marked public for everyone else — so one template serves the public page, the
members' directory and the association's staff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from uebergang.tenants.models import Tenant

from .models import Portrait, PortraitField


@dataclass
class Part:
    code: str
    label: str
    public: bool
    text: str = ""
    items: list[tuple[str, str]] = field(default_factory=list)  # (text, url or "")


def portrait_of(tenant: Tenant) -> Portrait:
    """The tenant's portrait (not shown until its coordinators show it)."""
    return Portrait.objects.get_or_create(tenant=tenant)[0]


def parts(portrait: Portrait, *, members: bool, today: date | None = None) -> list[Part]:
    """The parts with content that this reader may see, in the order of PortraitField."""
    tenant = portrait.tenant
    builders = {
        PortraitField.SIZE: lambda: _size(tenant),
        PortraitField.SINCE: lambda: str(portrait.coordinating_since or ""),
        PortraitField.ORGANISATION: lambda: portrait.organisation,
        PortraitField.STAFF: lambda: _staff(portrait),
        PortraitField.BODIES: lambda: _bodies(tenant, members),
        PortraitField.PRIORITIES: lambda: _priorities(tenant, today or date.today()),
        PortraitField.REPORTS: lambda: _reports(tenant),
        PortraitField.CONTACT: lambda: _contact(tenant),
    }
    result = []
    for code, label in PortraitField.choices:
        public = portrait.is_public(code)
        if not (members or public):
            continue
        content = builders[code]()
        part = Part(code, str(label), public)
        if isinstance(content, list):
            part.items = content
        else:
            part.text = content
        if part.text or part.items:
            result.append(part)
    return result


def _size(tenant: Tenant) -> str:
    if not tenant.population:
        return str(tenant.get_kind_display())
    inhabitants = number_format(tenant.population, force_grouping=True)
    return _("%(kind)s, %(n)s Einwohnerinnen und Einwohner") % {
        "kind": tenant.get_kind_display(),
        "n": inhabitants,
    }


def _staff(portrait: Portrait) -> str:
    if portrait.staff_fte is None:
        return ""
    fte = number_format(portrait.staff_fte.normalize(), use_l10n=True)
    return ngettext("%(n)s Vollzeitstelle", "%(n)s Vollzeitstellen", 1 if portrait.staff_fte == 1 else 2) % {
        "n": fte
    }


def _bodies(tenant: Tenant, members: bool) -> list[tuple[str, str]]:
    from uebergang.network.models import Body

    bodies = Body.objects.for_tenant(tenant).order_by("name")
    if not members:
        bodies = bodies.filter(is_public=True)
    return [(f"{body.name} ({body.get_kind_display()})", "") for body in bodies]


def _priorities(tenant: Tenant, today: date) -> list[tuple[str, str]]:
    from uebergang.planning.models import Priority, WorkPlan

    plan = WorkPlan.objects.for_tenant(tenant).filter(year__lte=today.year).order_by("-year").first()
    if plan is None:
        return []
    return [(p.title, "") for p in Priority.objects.filter(plan=plan).order_by("position", "pk")]


def _reports(tenant: Tenant) -> list[tuple[str, str]]:
    from uebergang.planning.models import PublishedReport

    reports = PublishedReport.objects.for_tenant(tenant).defer("pdf", "figures")
    return [
        (
            _("Jahresbericht %(year)s, Fassung %(version)s") % {"year": r.year, "version": r.version},
            reverse("planning:public_report", kwargs={"tenant": tenant, "published_report_id": r.pk}),
        )
        for r in reports
    ]


def _contact(tenant: Tenant) -> list[tuple[str, str]]:
    lines = [(tenant.office_name, "")] if tenant.office_name else []
    lines += [(line, "") for line in tenant.office_address.splitlines() if line.strip()]
    if tenant.office_email:
        lines.append((tenant.office_email, f"mailto:{tenant.office_email}"))
    if tenant.office_phone:
        lines.append((tenant.office_phone, ""))
    if tenant.office_website:
        lines.append((tenant.office_website, tenant.office_website))
    return lines


def map_points(portraits, *, members: bool) -> list[dict]:
    """Members on the map: the coordination office's postcode, where the address names a German one; its
    address only where the reader may see the contact."""
    from uebergang.offerings import geo

    points = []
    for portrait in portraits:
        tenant = portrait.tenant
        match = re.search(r"\b(\d{5})\b", tenant.office_address)
        place = geo.place_for(match.group(1)) if match else None
        if place is None:
            continue
        points.append(
            {
                "title": tenant.name,
                "name": tenant.get_kind_display(),
                "address": tenant.office_address.replace("\n", ", ")
                if members or portrait.is_public(PortraitField.CONTACT)
                else match.group(1),
                "lat": place.latitude,
                "lon": place.longitude,
                "url": reverse("tenants:home", kwargs={"tenant": tenant}),
            }
        )
    return points


def map_context(portraits, *, members: bool) -> dict:
    """What the map include needs (offerings/public/includes/map.html, map.js)."""
    import json

    from django.conf import settings

    data = {"points": map_points(portraits, members=members), "centre": None}
    return {
        "map": data,
        "map_json": json.dumps(data),
        "map_tiles": settings.OFFERINGS_MAP_TILES,
        "map_attribution": settings.OFFERINGS_MAP_ATTRIBUTION,
    }
