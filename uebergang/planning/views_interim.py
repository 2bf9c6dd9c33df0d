"""Interim reviews (Zwischenbilanzen): the list, a new one for a body or the network, one review."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from uebergang.accounts.permissions import has_permission, permission_required
from uebergang.tenants.models import Tenant

from . import actions
from .forms import AssessmentForm, InterimReviewForm
from .models import InterimReview


@permission_required("planning.view")
def reviews(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    return render(
        request,
        "planning/interim_list.html",
        {
            "tenant": tenant,
            "reviews": InterimReview.objects.for_tenant(tenant).select_related("body"),
            "can_manage": has_permission(request.user, tenant, "planning.manage"),
        },
    )


@permission_required("planning.manage")
def review_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    today = timezone.localdate()
    initial = {"start": today.replace(year=today.year - 1, day=min(today.day, 28)), "end": today}
    form = InterimReviewForm(request.POST or None, tenant=tenant, initial=initial)
    if request.method == "POST" and form.is_valid():
        review = actions.create_interim_review(request=request, tenant=tenant, form=form)
        messages.success(request, _("Die Zwischenbilanz ist aus den Daten erstellt."))
        return redirect("planning:interim", tenant=tenant, review_id=review.pk)
    return render(
        request,
        "planning/form.html",
        {
            "tenant": tenant,
            "form": form,
            "title": _("Zwischenbilanz erstellen"),
            "back": reverse("planning:interims", kwargs={"tenant": tenant}),
        },
    )


@permission_required("planning.view")
def review_detail(request: HttpRequest, tenant: Tenant, review_id: int) -> HttpResponse:
    review = get_object_or_404(InterimReview.objects.for_tenant(tenant).select_related("body"), pk=review_id)
    can_manage = has_permission(request.user, tenant, "planning.manage")
    form = AssessmentForm(request.POST or None, instance=review) if can_manage else None
    if request.method == "POST" and form is not None and form.is_valid():
        actions.save_assessment(request=request, tenant=tenant, form=form)
        messages.success(request, _("Die Einschätzung ist gespeichert."))
        return redirect("planning:interim", tenant=tenant, review_id=review.pk)
    return render(request, "planning/interim_detail.html", {"tenant": tenant, "review": review, "form": form})
