"""Upload, audited download and removal of documents, for every owner the registry knows.

The owner is found through the owning app's own queries (registry.py): someone who may not read it gets
a 404 for its documents, as for the owner itself. Those who may add documents to an owner remove their
own uploads; coordinators remove any.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from uebergang.accounts.models import Membership
from uebergang.accounts.permissions import permission_required
from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record
from uebergang.tenants.models import Tenant

from . import registry, storage
from .models import Document


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Datei"))


def section(request: HttpRequest, tenant: Tenant, owner, *, heading: str = "") -> dict:
    """The context of documents/section.html for `owner` on its page."""
    entry = registry.for_model(type(owner))
    membership = request.membership
    can_upload = entry.uploadable(tenant, membership).filter(pk=owner.pk).exists()
    return {
        "documents": storage.documents_of(owner),
        "can_upload": can_upload,
        "can_remove_all": can_upload and membership.role == Membership.Role.COORDINATOR,
        "upload_url": reverse(
            "documents:upload", kwargs={"tenant": tenant, "owner_key": entry.key, "owner_id": owner.pk}
        ),
        "heading": heading or _("Dokumente"),
        "section_id": f"{entry.key}-{owner.pk}",
    }


def _document(request: HttpRequest, tenant: Tenant, document_id: int):
    document = get_object_or_404(
        Document.objects.for_tenant(tenant).select_related("owner_type"), pk=document_id
    )
    entry = registry.for_model(document.owner_type.model_class())
    if entry is None:
        raise Http404
    owner = get_object_or_404(entry.readable(tenant, request.membership), pk=document.owner_id)
    return document, entry, owner


@permission_required("workspace.view")
@require_POST
def upload(request: HttpRequest, tenant: Tenant, owner_key: str, owner_id: int) -> HttpResponse:
    entry = registry.OWNERS.get(owner_key)
    if entry is None:
        raise Http404
    owner = get_object_or_404(entry.uploadable(tenant, request.membership), pk=owner_id)
    back = entry.page(owner)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie eine Datei."))
        return redirect(back)
    try:
        document = storage.store(form.cleaned_data["file"], tenant=tenant, owner=owner, user=request.user)
    except storage.RefusedDocument as error:
        messages.error(request, str(error))
        return redirect(back)
    record(
        AuditEvent.Action.CREATED,
        request=request,
        tenant=tenant,
        obj=document,
        data={"owner": entry.key, "owner_id": owner.pk},
    )
    messages.success(request, _("„%(title)s“ ist hinzugefügt.") % {"title": document.title})
    return redirect(back)


@permission_required("workspace.view")
def download(request: HttpRequest, tenant: Tenant, document_id: int) -> HttpResponse:
    document, entry, owner = _document(request, tenant, document_id)
    response = storage.download_response(document)
    record(
        "document.downloaded",
        request=request,
        tenant=tenant,
        obj=document,
        data={"owner": entry.key, "owner_id": owner.pk},
    )
    return response


@permission_required("workspace.view")
@require_POST
def remove(request: HttpRequest, tenant: Tenant, document_id: int) -> HttpResponse:
    document, entry, owner = _document(request, tenant, document_id)
    membership = request.membership
    may_add = entry.uploadable(tenant, membership).filter(pk=owner.pk).exists()
    mine = document.uploaded_by_id == request.user.pk
    if not may_add or not (mine or membership.role == Membership.Role.COORDINATOR):
        raise Http404  # an object-level rule: not yours to remove
    record(
        AuditEvent.Action.DELETED,
        request=request,
        tenant=tenant,
        obj=document,
        data={"owner": entry.key, "owner_id": owner.pk},
    )
    document.delete()
    messages.success(request, _("„%(title)s“ ist entfernt.") % {"title": document.title})
    return redirect(entry.page(owner))
