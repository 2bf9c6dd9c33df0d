"""Break the glass: a coordinator opens one case for a stated reason, for an hour, read-only, on the record."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from uebergang.accounts.permissions import permission_required
from uebergang.tenants.models import Tenant

from .. import actions, queries
from ..forms import EmergencyAccessForm, EmergencyLookupForm
from ..models import Case
from .case import detail_cases, detail_context


@permission_required("cases.emergency")
def emergency_lookup(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """Find the case by its reference (coordinators see no queue)."""
    form = EmergencyLookupForm(request.GET or None)
    if form.is_valid():
        case = Case.objects.for_tenant(tenant).filter(number=form.cleaned_data["reference"]).first()
        if case is not None:
            return redirect("cases:emergency", tenant=tenant, case_id=case.pk)
        form.add_error("reference", _("Keinen Fall mit dieser Nummer gefunden."))
    return render(request, "cases/emergency_lookup.html", {"tenant": tenant, "form": form})


@permission_required("cases.emergency")
def emergency(request: HttpRequest, tenant: Tenant, case_id: int) -> HttpResponse:
    """Without an access in force: the reason form (no case data). With one: the case, read-only, audited."""
    case = queries.case_for(tenant, case_id)
    now = timezone.now()
    access = case.emergency_accesses.filter(user=request.user, expires_at__gt=now).first()
    if access is None:
        form = EmergencyAccessForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                actions.grant_emergency_access(
                    case=case, actor=request.user, reason=form.cleaned_data["reason"], request=request
                )
            except actions.CaseError as error:
                form.add_error("reason", str(error))
            else:
                messages.warning(
                    request, _("Notfallzugriff gewährt; er ist protokolliert und endet nach einer Stunde.")
                )
                return redirect("cases:emergency", tenant=tenant, case_id=case.pk)
        return render(request, "cases/emergency_reason.html", {"tenant": tenant, "case": case, "form": form})
    case = get_object_or_404(detail_cases(tenant), pk=case.pk)
    actions.record_read(case=case, actor=request.user, request=request, what="emergency")
    return render(request, "cases/detail.html", {**detail_context(case, request.user), "emergency": access})
