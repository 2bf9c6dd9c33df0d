"""Evidence documents of a review: upload (whoever fills the review in), download (whoever sees it,
audited), removal (the uploader or a coordinator, while the review is not closed)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from uebergang.accounts.permissions import permission_required
from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record
from uebergang.documents import storage
from uebergang.documents.models import Document
from uebergang.tenants.models import Tenant

from .. import actions, queries
from ..models import Review


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Nachweis als Datei"),
        help_text=gettext_lazy(
            "PDF, Bild, Word, Excel, PowerPoint, OpenDocument, Text oder CSV; höchstens 10 MB."
        ),
    )


def _review(request: HttpRequest, tenant: Tenant, review_id: int) -> Review:
    return get_object_or_404(queries.visible_reviews(tenant, request.membership), pk=review_id)


def _document(request: HttpRequest, tenant: Tenant, document_id: int) -> tuple[Document, Review]:
    document = get_object_or_404(Document.objects.for_tenant(tenant), pk=document_id)
    if not isinstance(document.owner, Review):
        raise Http404
    return document, _review(request, tenant, document.owner_id)


@permission_required("quality.report")
@require_POST
def evidence_upload(request: HttpRequest, tenant: Tenant, quality_review_id: int) -> HttpResponse:
    review = _review(request, tenant, quality_review_id)
    if not queries.can_rate(request.membership, review):
        raise Http404  # an object-level rule: not yours to fill in
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie eine Datei."))
        return redirect(actions.review_path(review))
    try:
        document = storage.store(form.cleaned_data["file"], tenant=tenant, owner=review, user=request.user)
    except storage.RefusedDocument as error:
        messages.error(request, str(error))
        return redirect(actions.review_path(review))
    record(
        AuditEvent.Action.CREATED, request=request, tenant=tenant, obj=document, data={"review": review.pk}
    )
    messages.success(request, _("„%(title)s“ ist als Nachweis hinzugefügt.") % {"title": document.title})
    return redirect(actions.review_path(review))


@permission_required("quality.view")
def evidence_download(request: HttpRequest, tenant: Tenant, document_id: int) -> HttpResponse:
    document, review = _document(request, tenant, document_id)
    response = storage.download_response(document)
    record("document.downloaded", request=request, tenant=tenant, obj=document, data={"review": review.pk})
    return response


@permission_required("quality.report")
@require_POST
def evidence_delete(request: HttpRequest, tenant: Tenant, document_id: int) -> HttpResponse:
    document, review = _document(request, tenant, document_id)
    mine = document.uploaded_by_id == request.user.pk and queries.can_rate(request.membership, review)
    if not (mine or queries.is_coordinator(request.membership)) or review.status == Review.Status.COMPLETED:
        raise Http404  # an object-level rule: not yours to remove, or the review is closed
    record(
        AuditEvent.Action.DELETED, request=request, tenant=tenant, obj=document, data={"review": review.pk}
    )
    document.delete()
    messages.success(request, _("„%(title)s“ ist entfernt.") % {"title": document.title})
    return redirect(actions.review_path(review))
