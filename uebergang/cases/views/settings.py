"""The municipality's case rules, kept by its coordinators (who never see a case itself)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from uebergang.accounts.permissions import permission_required
from uebergang.tenants.models import Tenant

from .. import actions
from ..forms import CaseSettingsForm
from ..models import CaseSettings


@permission_required("cases.configure")
def case_settings(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = CaseSettingsForm(request.POST or None, instance=CaseSettings.of(tenant))
    if request.method == "POST" and form.is_valid():
        actions.update_settings(
            settings=form.instance, actor=request.user, changed=form.changed_data, request=request
        )
        messages.success(request, _("Die Einstellungen der Verbleibsklärung sind gespeichert."))
        return redirect("cases:settings", tenant=tenant)
    return render(
        request,
        "cases/form.html",
        {
            "tenant": tenant,
            "form": form,
            "title": _("Einstellungen der Verbleibsklärung"),
            "submit": _("Speichern"),
        },
    )
