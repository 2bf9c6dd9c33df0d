"""Public legal pages (per tenant and for the installation) and their forms.

A tenant's pages are kept by its coordinators (permission `tenant.edit`), the installation's by
superusers. Thin views: what a page shows is in queries.py, saving in actions.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from uebergang.accounts.permissions import permission_required
from uebergang.tenants.models import Tenant

from . import actions, queries
from .forms import AccessibilityStatementForm, LegalTextForm


def _page(request: HttpRequest, tenant: Tenant | None, kind: str) -> HttpResponse:
    context = {
        "tenant": tenant,
        "kind": kind,
        "title": queries.KINDS[kind],
        "shown": queries.shown(tenant, kind),
    }
    template = "legal/statement.html" if kind == queries.ACCESSIBILITY else "legal/page.html"
    return render(request, template, context)


def installation_page(request: HttpRequest, kind: str) -> HttpResponse:
    return _page(request, None, kind)


def page(request: HttpRequest, tenant: Tenant, kind: str) -> HttpResponse:
    return _page(request, tenant, kind)


def _edit(request: HttpRequest, tenant: Tenant | None, kind: str, base: str) -> HttpResponse:
    form_class = AccessibilityStatementForm if kind == queries.ACCESSIBILITY else LegalTextForm
    form = form_class(request.POST or None, instance=queries.own(tenant, kind))
    if request.method == "POST" and form.is_valid():
        actions.save_legal_page(request=request, tenant=tenant, kind=kind, form=form)
        messages.success(request, _("„%(title)s“ ist gespeichert.") % {"title": queries.KINDS[kind]})
        if tenant is None:
            return redirect(f"legal:installation_{kind}")
        return redirect(f"legal:{kind}", tenant=tenant)
    context = {"tenant": tenant, "kind": kind, "title": queries.KINDS[kind], "form": form, "base": base}
    return render(request, "legal/edit.html", context)


@permission_required("tenant.edit")
def edit(request: HttpRequest, tenant: Tenant, kind: str) -> HttpResponse:
    return _edit(request, tenant, kind, "workspace_base.html")


@login_required
def installation_edit(request: HttpRequest, kind: str) -> HttpResponse:
    if not request.user.is_superuser:
        raise PermissionDenied
    return _edit(request, None, kind, "base.html")
