"""The library of practice: a member keeps its own practices; every member reads the published ones of
all members; the public reads those marked public; the association's staff read all published."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from uebergang.accounts.permissions import has_permission, permission_required
from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record
from uebergang.documents import storage
from uebergang.documents.views import section as documents_section
from uebergang.lib.changes import changes_of
from uebergang.tenants.models import Tenant

from .forms import LibraryFilterForm, PracticeForm
from .models import Practice

LIMIT = 200


def _library(request: HttpRequest, practices, *, title: str, detail: str, extra: dict | None = None):
    form = LibraryFilterForm(request.GET or None)
    shown = form.filter(practices.select_related("tenant"))[:LIMIT]
    return render(
        request,
        "association/library.html",
        {"form": form, "practices": shown, "title": title, "detail": detail, **(extra or {})},
    )


def _member_practices(tenant: Tenant):
    """Published practices of every active member, and the own municipality's drafts."""
    return Practice.objects.filter(
        Q(status=Practice.Status.PUBLISHED, tenant__is_active=True) | Q(tenant=tenant)
    )


# The member's own practices -----------------------------------------------------------------------------


@permission_required("practices.manage")
def own_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    return render(
        request,
        "association/own_list.html",
        {"tenant": tenant, "practices": Practice.objects.for_tenant(tenant)},
    )


def _save(request: HttpRequest, tenant: Tenant, form: PracticeForm) -> Practice:
    created = form.instance.pk is None
    changes = changes_of(form)
    practice = form.save(commit=False)
    practice.tenant = tenant
    practice.updated_by = request.user
    practice.save()
    form.save_m2m()
    action = AuditEvent.Action.CREATED if created else AuditEvent.Action.UPDATED
    record(action, request=request, tenant=tenant, obj=practice, data={"changes": changes})
    return practice


@permission_required("practices.manage")
def practice_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = PracticeForm(request.POST or None, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        practice = _save(request, tenant, form)
        messages.success(
            request, _("Das Praxisbeispiel „%(title)s“ ist gespeichert.") % {"title": practice.title}
        )
        return redirect("association:member_practice", tenant=tenant, practice_id=practice.pk)
    return render(
        request,
        "association/form.html",
        {"tenant": tenant, "form": form, "title": _("Praxisbeispiel beschreiben")},
    )


@permission_required("practices.manage")
def practice_edit(request: HttpRequest, tenant: Tenant, practice_id: int) -> HttpResponse:
    practice = get_object_or_404(Practice.objects.for_tenant(tenant), pk=practice_id)
    form = PracticeForm(request.POST or None, instance=practice, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            _save(request, tenant, form)
        messages.success(
            request, _("Das Praxisbeispiel „%(title)s“ ist gespeichert.") % {"title": practice.title}
        )
        return redirect("association:member_practice", tenant=tenant, practice_id=practice.pk)
    return render(
        request,
        "association/form.html",
        {"tenant": tenant, "form": form, "title": _("Praxisbeispiel bearbeiten")},
    )


# Every member reads the library --------------------------------------------------------------------------


@permission_required("practices.read")
def member_library(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    return _library(
        request,
        _member_practices(tenant).filter(status=Practice.Status.PUBLISHED),
        title=_("Praxisbeispiele im Verbund"),
        detail="member",
        extra={
            "tenant": tenant,
            "can_manage": has_permission(request.user, tenant, "practices.manage"),
            "can_compare": has_permission(request.user, tenant, "association.compare"),
        },
    )


@permission_required("practices.read")
def member_practice(request: HttpRequest, tenant: Tenant, practice_id: int) -> HttpResponse:
    practice = get_object_or_404(_member_practices(tenant).select_related("tenant"), pk=practice_id)
    own = practice.tenant_id == tenant.pk
    can_edit = own and has_permission(request.user, tenant, "practices.manage")
    context = {
        "tenant": tenant,
        "practice": practice,
        "can_edit": can_edit,
        "offerings": practice.offerings.filter(status="published"),
        "back": reverse("association:member_library", kwargs={"tenant": tenant}),
    }
    if own:  # the municipality's own material, kept where its documents are kept
        context["documents"] = documents_section(request, tenant, practice, heading=_("Unterlagen"))
    else:
        context["files"] = _files(practice, "association:member_practice_file", tenant=tenant)
    return render(request, "association/detail.html", context)


def _files(practice: Practice, route: str, **kwargs) -> list[tuple]:
    return [
        (document, reverse(route, kwargs={**kwargs, "practice_id": practice.pk, "file_id": document.pk}))
        for document in practice.documents.order_by("title")
    ]


def _file_response(request: HttpRequest, practice: Practice, file_id: int) -> HttpResponse:
    """A practice's file as an attachment, its reading audited in the practice's municipality."""
    document = get_object_or_404(practice.documents.all(), pk=file_id)
    response = storage.download_response(document)
    record(
        "document.downloaded",
        request=request,
        tenant=practice.tenant,
        obj=document,
        data={"owner": "praxisbeispiel", "owner_id": practice.pk},
    )
    return response


@permission_required("practices.read")
def member_practice_file(
    request: HttpRequest, tenant: Tenant, practice_id: int, file_id: int
) -> HttpResponse:
    practice = get_object_or_404(_member_practices(tenant).select_related("tenant"), pk=practice_id)
    return _file_response(request, practice, file_id)


# The association's staff ---------------------------------------------------------------------------------


@permission_required("association.view")
def association_library(request: HttpRequest) -> HttpResponse:
    return _library(
        request,
        Practice.objects.published().filter(tenant__is_active=True),
        title=_("Praxisbeispiele der Mitglieder"),
        detail="association",
    )


@permission_required("association.view")
def association_practice(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice = get_object_or_404(
        Practice.objects.published().filter(tenant__is_active=True).select_related("tenant"), pk=practice_id
    )
    return render(
        request,
        "association/detail.html",
        {
            "practice": practice,
            "offerings": practice.offerings.filter(status="published"),
            "files": _files(practice, "association:association_practice_file"),
            "back": reverse("association:association_library"),
        },
    )


@permission_required("association.view")
def association_practice_file(request: HttpRequest, practice_id: int, file_id: int) -> HttpResponse:
    practice = get_object_or_404(Practice.objects.published().filter(tenant__is_active=True), pk=practice_id)
    return _file_response(request, practice, file_id)


# Everyone ------------------------------------------------------------------------------------------------


def public_library(request: HttpRequest) -> HttpResponse:
    return _library(
        request, Practice.objects.public(), title=_("Praxisbeispiele aus den Kommunen"), detail="public"
    )


def public_practice(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice = get_object_or_404(Practice.objects.public().select_related("tenant"), pk=practice_id)
    return render(
        request,
        "association/detail.html",
        {
            "practice": practice,
            "offerings": practice.offerings.filter(status="published"),
            "files": _files(practice, "association:public_practice_file"),
            "public": True,
            "back": reverse("association:public_library"),
        },
    )


def public_practice_file(request: HttpRequest, practice_id: int, file_id: int) -> HttpResponse:
    practice = get_object_or_404(Practice.objects.public(), pk=practice_id)
    return _file_response(request, practice, file_id)
