"""Quality standards: the list, one standard with its criteria and versions, the forms."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uebergang.accounts.permissions import has_permission, permission_required
from uebergang.tenants.models import Tenant

from .. import actions, queries
from ..forms import CriterionForm, StandardForm
from ..models import Criterion, Standard
from .common import form_page


def _standard(tenant: Tenant, standard_id: int) -> Standard:
    return get_object_or_404(Standard.objects.for_tenant(tenant), pk=standard_id)


def _url(standard: Standard) -> str:
    return reverse("quality:standard", kwargs={"tenant": standard.tenant, "standard_id": standard.pk})


@permission_required("quality.view")
def standard_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    standards = Standard.objects.for_tenant(tenant).prefetch_related("criteria")
    return render(
        request,
        "quality/standard_list.html",
        {
            "tenant": tenant,
            "standards": standards,
            "can_manage": has_permission(request.user, tenant, "quality.manage"),
        },
    )


@permission_required("quality.manage")
def standard_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = StandardForm(request.POST or None, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        standard = actions.save_standard(request=request, tenant=tenant, form=form)
        messages.success(
            request, _("Der Standard ist als Entwurf angelegt. Fügen Sie nun die Kriterien hinzu.")
        )
        return redirect(_url(standard))
    back = reverse("quality:standards", kwargs={"tenant": tenant})
    return form_page(request, tenant, form, title=_("Qualitätsstandard anlegen"), back=back)


@permission_required("quality.view")
def standard_detail(request: HttpRequest, tenant: Tenant, standard_id: int) -> HttpResponse:
    standard = _standard(tenant, standard_id)
    return render(
        request,
        "quality/standard_detail.html",
        {
            "tenant": tenant,
            "standard": standard,
            "criteria": standard.criteria.all(),
            "versions": queries.standard_family(standard),
            "has_draft": Standard.objects.filter(predecessor=standard).exists(),
            "reviews": queries.visible_reviews(tenant, request.membership).filter(standard=standard)[:50],
            "can_manage": has_permission(request.user, tenant, "quality.manage"),
        },
    )


@permission_required("quality.manage")
def standard_edit(request: HttpRequest, tenant: Tenant, standard_id: int) -> HttpResponse:
    standard = _standard(tenant, standard_id)
    form = StandardForm(request.POST or None, instance=standard, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        actions.save_standard(request=request, tenant=tenant, form=form)
        messages.success(request, _("Der Standard ist gespeichert."))
        return redirect(_url(standard))
    return form_page(request, tenant, form, title=_("Standard bearbeiten"), back=_url(standard))


@permission_required("quality.manage")
@require_POST
def standard_new_version(request: HttpRequest, tenant: Tenant, standard_id: int) -> HttpResponse:
    standard = _standard(tenant, standard_id)
    try:
        draft = actions.new_version(request=request, tenant=tenant, standard=standard)
    except actions.QualityError as error:
        messages.error(request, str(error))
        return redirect(_url(standard))
    messages.success(
        request,
        _("Fassung %(n)s ist als Entwurf angelegt; die bisherige gilt, bis Sie diese in Kraft setzen.")
        % {"n": draft.version},
    )
    return redirect(_url(draft))


@permission_required("quality.manage")
@require_POST
def standard_activate(request: HttpRequest, tenant: Tenant, standard_id: int) -> HttpResponse:
    standard = _standard(tenant, standard_id)
    try:
        actions.activate(request=request, tenant=tenant, standard=standard)
    except actions.QualityError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Die Fassung gilt ab jetzt; neue Überprüfungen verwenden sie."))
    return redirect(_url(standard))


@permission_required("quality.manage")
def criterion_create(request: HttpRequest, tenant: Tenant, standard_id: int) -> HttpResponse:
    standard = _standard(tenant, standard_id)
    if not standard.editable:
        messages.error(request, _("Diese Fassung gilt schon; Kriterien ändern Sie in einer neuen Fassung."))
        return redirect(_url(standard))
    initial = {"position": standard.criteria.count() + 1}
    form = CriterionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.save_criterion(request=request, tenant=tenant, standard=standard, form=form)
        messages.success(request, _("Das Kriterium ist hinzugefügt."))
        return redirect(_url(standard))
    return form_page(request, tenant, form, title=_("Kriterium hinzufügen"), back=_url(standard))


def _criterion(tenant: Tenant, criterion_id: int) -> Criterion:
    return get_object_or_404(Criterion.objects.for_tenant(tenant).select_related("standard"), pk=criterion_id)


@permission_required("quality.manage")
def criterion_edit(request: HttpRequest, tenant: Tenant, criterion_id: int) -> HttpResponse:
    criterion = _criterion(tenant, criterion_id)
    if not criterion.standard.editable:
        messages.error(request, _("Diese Fassung gilt schon; Kriterien ändern Sie in einer neuen Fassung."))
        return redirect(_url(criterion.standard))
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        actions.save_criterion(request=request, tenant=tenant, standard=criterion.standard, form=form)
        messages.success(request, _("Das Kriterium ist gespeichert."))
        return redirect(_url(criterion.standard))
    return form_page(request, tenant, form, title=_("Kriterium bearbeiten"), back=_url(criterion.standard))


@permission_required("quality.manage")
@require_POST
def criterion_delete(request: HttpRequest, tenant: Tenant, criterion_id: int) -> HttpResponse:
    criterion = _criterion(tenant, criterion_id)
    standard = criterion.standard
    try:
        actions.delete_criterion(request=request, tenant=tenant, criterion=criterion)
    except actions.QualityError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Das Kriterium ist entfernt."))
    return redirect(_url(standard))
