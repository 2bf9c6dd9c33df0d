"""The provider's side: referrals to its own organisation's offerings, with only the data the consent covers.

A partner sees a referral only while they act for its provider (others: 404). The young person's
data show only the categories the referral shared, and only while its consent or legal basis still
covers them; after a withdrawal the page says so and shows none. Partners need no second factor for
the rest of the workspace, but personal data show only to those who have one (as for case workers).
Each view of the data is audited.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from uebergang.accounts.permissions import permission_required
from uebergang.tenants.models import Tenant

from .. import actions
from ..forms import ResponseForm
from ..models import Referral


def _referrals(request: HttpRequest, tenant: Tenant):
    return (
        Referral.objects.for_tenant(tenant)
        .for_provider(request.membership.organisation)
        .select_related("case", "offering", "consent", "legal_basis")
    )


@permission_required("referrals.respond")
def inbox(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    page = Paginator(_referrals(request, tenant).order_by("-sent_at", "-id"), 50).get_page(
        request.GET.get("seite")
    )
    return render(
        request,
        "cases/provider_inbox.html",
        {"tenant": tenant, "page": page, "query": "", "organisation": request.membership.organisation},
    )


@permission_required("referrals.respond")
def referral_detail(request: HttpRequest, tenant: Tenant, referral_id: int) -> HttpResponse:
    referral = get_object_or_404(
        _referrals(request, tenant).prefetch_related("consent__recipients", "legal_basis__recipients"),
        pk=referral_id,
    )
    form = ResponseForm(request.POST or None, referral=referral)
    if request.method == "POST" and form.is_valid():
        try:
            actions.respond_to_referral(
                referral=referral,
                actor=request.user,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except actions.CaseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Ihre Antwort ist gespeichert."))
            return redirect("cases:provider_referral", tenant=tenant, referral_id=referral.pk)
    shared = referral.shared_now(timezone.now())
    second_factor = _has_second_factor(request.user)
    if shared and second_factor:
        actions.record_read(case=referral.case, actor=request.user, request=request, what="referral")
    categories = set(referral.data_categories) if shared and second_factor else set()
    return render(
        request,
        "cases/provider_referral.html",
        {
            "tenant": tenant,
            "referral": referral,
            "case": referral.case,
            "shared": shared,
            "second_factor": second_factor,
            "categories": categories,
            "form": form if form.fields["status"].choices else None,
        },
    )


def _has_second_factor(user) -> bool:
    """Demo accounts are exempt unless DEMO_ENFORCE_MFA, as in `User.mfa_required`."""
    return user.has_mfa or (user.is_demo and not settings.DEMO_ENFORCE_MFA)
