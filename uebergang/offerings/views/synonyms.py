"""The synonym list of the search, kept by the municipality's coordinators.

A group says which words mean the same to someone looking for an offering; the public search, the
finder and the API use them at once (`expansion.py`). Only the tenant's own groups are found here.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uebergang.accounts.permissions import permission_required
from uebergang.tenants.models import Tenant

from .. import actions
from ..models import SearchSynonym
from ..synonyms import DEFAULT_SYNONYMS, SynonymForm


@permission_required("offerings.manage")
def synonym_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = SynonymForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.save_synonym(request=request, tenant=tenant, form=form)
        messages.success(request, _("Die Synonymgruppe ist angelegt."))
        return redirect("offerings:synonyms", tenant=tenant)
    groups = SearchSynonym.objects.for_tenant(tenant)
    present = set(groups.values_list("words", flat=True))
    return render(
        request,
        "offerings/workspace/synonyms.html",
        {
            "form": form,
            "groups": groups,
            "missing_defaults": [t for t in DEFAULT_SYNONYMS if t not in present],
        },
    )


@permission_required("offerings.manage")
def synonym_edit(request: HttpRequest, tenant: Tenant, synonym_id: int) -> HttpResponse:
    synonym = get_object_or_404(SearchSynonym.objects.for_tenant(tenant), pk=synonym_id)
    form = SynonymForm(request.POST or None, instance=synonym)
    if request.method == "POST" and form.is_valid():
        actions.save_synonym(request=request, tenant=tenant, form=form)
        messages.success(request, _("Die Synonymgruppe ist gespeichert."))
        return redirect("offerings:synonyms", tenant=tenant)
    return render(request, "offerings/workspace/synonym_form.html", {"form": form, "synonym": synonym})


@permission_required("offerings.manage")
@require_POST
def synonym_delete(request: HttpRequest, tenant: Tenant, synonym_id: int) -> HttpResponse:
    synonym = get_object_or_404(SearchSynonym.objects.for_tenant(tenant), pk=synonym_id)
    actions.delete_synonym(request=request, tenant=tenant, synonym=synonym)
    messages.success(request, _("Die Synonymgruppe ist gelöscht."))
    return redirect("offerings:synonyms", tenant=tenant)


@permission_required("offerings.manage")
@require_POST
def synonym_defaults(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    added = actions.adopt_default_synonyms(request=request, tenant=tenant)
    messages.success(request, _("%(n)d Gruppen der Standardliste übernommen.") % {"n": added})
    return redirect("offerings:synonyms", tenant=tenant)
