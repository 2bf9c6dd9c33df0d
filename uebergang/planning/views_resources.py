"""Resources in the staff workspace: funding overview by year, funding lines with yearly amounts, staff."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from uebergang.accounts.permissions import permission_required
from uebergang.tenants.models import Tenant

from . import actions, resources
from .forms import FundingAmountFormSet, FundingLineForm, StaffPositionForm, VolunteerProgrammeForm
from .models import FundingLine, StaffPosition, VolunteerProgramme


def _chosen_year(request: HttpRequest, years: list[int], today) -> int:
    """The year asked for in ?jahr=, else the current one; anything unreadable falls back quietly."""
    try:
        year = int(request.GET.get("jahr", ""))
    except ValueError:
        return today.year
    return year if year in years or 2000 <= year <= 2100 else today.year


@permission_required("planning.resources")
def overview(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    today = timezone.localdate()
    years = resources.funding_years(tenant)
    year = _chosen_year(request, years, today)
    context = {
        "tenant": tenant,
        "years": sorted({*years, today.year}),
        "overview": resources.funding_overview(tenant, year),
        "ending": resources.ending_without_follow_up(tenant, today),
        "months": resources.ENDING_WITHIN_MONTHS,
        "lines": resources.funding_lines(tenant),
        "staff": resources.staff_by_organisation(tenant, today),
        "positions": StaffPosition.objects.for_tenant(tenant).select_related("organisation", "funding_line"),
        "volunteers": resources.volunteers_by_kind(tenant),
        "programmes": VolunteerProgramme.objects.for_tenant(tenant).select_related("organisation"),
    }
    return render(request, "planning/resources.html", context)


def _funding_page(request, tenant, form, amounts, title) -> HttpResponse:
    back = reverse("planning:resources", kwargs={"tenant": tenant})
    return render(
        request,
        "planning/funding_form.html",
        {"tenant": tenant, "form": form, "amounts": amounts, "title": title, "back": back},
    )


@permission_required("planning.manage")
def funding_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = FundingLineForm(request.POST or None, tenant=tenant)
    amounts = FundingAmountFormSet(request.POST or None, prefix="betraege")
    if request.method == "POST" and form.is_valid() and amounts.is_valid():
        actions.save_funding_line(request=request, tenant=tenant, form=form, amounts=amounts)
        messages.success(request, _("Die Förderung ist angelegt."))
        return redirect("planning:resources", tenant=tenant)
    return _funding_page(request, tenant, form, amounts, _("Förderung anlegen"))


@permission_required("planning.manage")
def funding_edit(request: HttpRequest, tenant: Tenant, funding_line_id: int) -> HttpResponse:
    line = get_object_or_404(FundingLine.objects.for_tenant(tenant), pk=funding_line_id)
    form = FundingLineForm(request.POST or None, instance=line, tenant=tenant)
    amounts = FundingAmountFormSet(request.POST or None, instance=line, prefix="betraege")
    if request.method == "POST" and form.is_valid() and amounts.is_valid():
        actions.save_funding_line(request=request, tenant=tenant, form=form, amounts=amounts)
        messages.success(request, _("Die Förderung ist gespeichert."))
        return redirect("planning:resources", tenant=tenant)
    return _funding_page(request, tenant, form, amounts, _("Förderung bearbeiten"))


def _staff_page(request, tenant, form, title) -> HttpResponse:
    back = reverse("planning:resources", kwargs={"tenant": tenant})
    return render(
        request,
        "planning/form.html",
        {"tenant": tenant, "form": form, "title": title, "back": back, "plan": None},
    )


@permission_required("planning.manage")
def staff_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = StaffPositionForm(request.POST or None, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        actions.save_staff_position(request=request, tenant=tenant, form=form)
        messages.success(request, _("Die Stelle ist angelegt."))
        return redirect("planning:resources", tenant=tenant)
    return _staff_page(request, tenant, form, _("Stelle anlegen"))


@permission_required("planning.manage")
def staff_edit(request: HttpRequest, tenant: Tenant, staff_position_id: int) -> HttpResponse:
    position = get_object_or_404(StaffPosition.objects.for_tenant(tenant), pk=staff_position_id)
    form = StaffPositionForm(request.POST or None, instance=position, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        actions.save_staff_position(request=request, tenant=tenant, form=form)
        messages.success(request, _("Die Stelle ist gespeichert."))
        return redirect("planning:resources", tenant=tenant)
    return _staff_page(request, tenant, form, _("Stelle bearbeiten"))


@permission_required("planning.manage")
def volunteers_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = VolunteerProgrammeForm(
        request.POST or None, tenant=tenant, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        actions.save_volunteer_programme(request=request, tenant=tenant, form=form)
        messages.success(request, _("Das Ehrenamtsprogramm ist angelegt."))
        return redirect("planning:resources", tenant=tenant)
    return _staff_page(request, tenant, form, _("Ehrenamtsprogramm anlegen"))


@permission_required("planning.manage")
def volunteers_edit(request: HttpRequest, tenant: Tenant, programme_id: int) -> HttpResponse:
    programme = get_object_or_404(VolunteerProgramme.objects.for_tenant(tenant), pk=programme_id)
    form = VolunteerProgrammeForm(request.POST or None, instance=programme, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        actions.save_volunteer_programme(request=request, tenant=tenant, form=form)
        messages.success(request, _("Das Ehrenamtsprogramm ist gespeichert."))
        return redirect("planning:resources", tenant=tenant)
    return _staff_page(request, tenant, form, _("Ehrenamtsprogramm bearbeiten"))
