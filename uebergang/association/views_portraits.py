"""Member portraits: each member keeps its own; members and the association's staff read every shown
portrait whole; everyone reads the public parts (the municipality's page and the map on /)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from uebergang.accounts.permissions import permission_required
from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record
from uebergang.lib.changes import changes_of
from uebergang.tenants.models import Tenant

from . import news, portraits
from .forms import PortraitForm
from .models import Portrait, Practice


@permission_required("tenant.edit")
def portrait_edit(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    portrait = portraits.portrait_of(tenant)
    form = PortraitForm(request.POST or None, instance=portrait)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            changes = changes_of(form)
            form.save()
            record(
                AuditEvent.Action.UPDATED,
                request=request,
                tenant=tenant,
                obj=portrait,
                data={"changes": changes},
            )
            messages.success(request, _("Das Porträt im Verbund ist gespeichert."))
        else:
            messages.info(request, _("Nichts geändert."))
        return redirect("association:portrait_edit", tenant=tenant)
    return render(
        request,
        "association/portrait_form.html",
        {"tenant": tenant, "form": form, "parts": portraits.parts(portrait, members=True)},
    )


def _shown():
    return Portrait.objects.shown()


def _association_office(user) -> Tenant | None:
    """The association's own workspace (its working groups), where this person has a role there."""
    from uebergang.accounts.models import Membership

    membership = (
        Membership.objects.filter(user=user, tenant__kind=Tenant.Kind.ASSOCIATION, tenant__is_active=True)
        .select_related("tenant")
        .first()
    )
    return membership.tenant if membership else None


def _directory(request: HttpRequest, *, detail: str, extra: dict) -> HttpResponse:
    shown = list(_shown().order_by("tenant__name"))
    context = {
        "portraits": shown,
        "detail": detail,
        "office": _association_office(request.user),
        "news": news.news(extra.get("tenant")),
        "events": news.events(),
        **portraits.map_context(shown, members=True),
        **extra,
    }
    return render(request, "association/members.html", context)


def _member(request: HttpRequest, portraits_seen, portrait_id: int, *, extra: dict) -> HttpResponse:
    portrait = get_object_or_404(portraits_seen.select_related("tenant"), pk=portrait_id)
    practices = Practice.objects.for_tenant(portrait.tenant).published().order_by("title")
    return render(
        request,
        "association/member.html",
        {
            "portrait": portrait,
            "parts": portraits.parts(portrait, members=True),
            "practices": practices,
            **extra,
        },
    )


@permission_required("practices.read")
def member_directory(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    return _directory(request, detail="association:member_portrait", extra={"tenant": tenant})


@permission_required("practices.read")
def member_portrait(request: HttpRequest, tenant: Tenant, portrait_id: int) -> HttpResponse:
    # Shown portraits of every member, and the own one before it is shown.
    seen = Portrait.objects.shown() | Portrait.objects.filter(tenant=tenant)
    return _member(
        request, seen, portrait_id, extra={"tenant": tenant, "library": "association:member_practice"}
    )


@permission_required("association.view")
def association_directory(request: HttpRequest) -> HttpResponse:
    return _directory(request, detail="association:association_portrait", extra={})


@permission_required("association.view")
def association_portrait(request: HttpRequest, portrait_id: int) -> HttpResponse:
    return _member(request, _shown(), portrait_id, extra={"library": "association:association_practice"})
