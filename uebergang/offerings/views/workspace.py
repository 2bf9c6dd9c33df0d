"""The offering catalogue in the staff workspace: list and export, detail, create and edit, the
workflow steps on an offering, "checked", categories and the catalogue settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from uebergang.accounts.models import Membership
from uebergang.accounts.permissions import has_permission, permission_required
from uebergang.documents.views import section as documents_section
from uebergang.network.queries import own_organisation_ids
from uebergang.tenants.models import Tenant

from .. import actions, staleness, versions
from ..forms import (
    CatalogueSettingsForm,
    CategoryForm,
    DecisionForm,
    LocationFormSet,
    OfferingFilterForm,
    OfferingForm,
    location_initial,
)
from ..models import CatalogueSettings, Category, Offering, OfferingVersion
from ..queries import editable_offerings, visible_offerings
from .review import SnapshotReader, proposed_state, readable_versions

PAGE_SIZE = 50
LOCATIONS_PREFIX = "orte"


def _filtered(request: HttpRequest, tenant: Tenant):
    """The offerings this person sees, filtered by the list's GET parameters (list and export)."""
    form = OfferingFilterForm(request.GET or None, tenant=tenant)
    stale = staleness.stale_condition(tenant)
    offerings = (
        visible_offerings(tenant, request.membership)
        .select_related("provider")
        .annotate(
            is_stale=ExpressionWrapper(stale, output_field=BooleanField()),
            has_pending=Exists(OfferingVersion.objects.pending().filter(offering=OuterRef("pk"))),
        )
        .order_by("title", "pk")
    )
    if form.is_valid():
        offerings = form.filter(offerings, stale)
    return form, offerings


@permission_required("offerings.view")
def offering_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form, offerings = _filtered(request, tenant)
    page = Paginator(offerings, PAGE_SIZE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "offerings/workspace/list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@permission_required("offerings.view")
def offering_export(request: HttpRequest, tenant: Tenant, fmt: str) -> HttpResponse:
    """The filtered list as CSV or XLSX, with internal fields (confidential addresses stay out)."""
    from ..exports import export_response  # written beside this module; imported when first needed

    _form, offerings = _filtered(request, tenant)
    return export_response(offerings, fmt, public=False, filename=f"angebote-{tenant.slug}", request=request)


@permission_required("offerings.view")
def offering_detail(request: HttpRequest, tenant: Tenant, offering_id: int) -> HttpResponse:
    offering = get_object_or_404(
        visible_offerings(tenant, request.membership).select_related("provider"), pk=offering_id
    )
    return render(request, "offerings/workspace/detail.html", _detail_context(request, tenant, offering))


def _detail_context(request: HttpRequest, tenant: Tenant, offering: Offering, **extra) -> dict:
    membership = request.membership
    may_edit = editable_offerings(tenant, membership).filter(pk=offering.pk).exists()
    may_review = has_permission(request.user, tenant, "offerings.review")
    reader = SnapshotReader(tenant)
    context = {
        "offering": offering,
        "documents": documents_section(request, tenant, offering, heading=_("Interne Unterlagen")),
        "sections": reader.sections(versions.snapshot(offering)),
        "locations": offering.locations.select_related("region"),
        "may_edit": may_edit and has_permission(request.user, tenant, "offerings.edit"),
        "may_review": may_review,
        "is_stale": staleness.stale_offerings(tenant).filter(pk=offering.pk).exists(),
        "decision_form": DecisionForm(),
        **extra,
    }
    if readable_versions(tenant, membership).filter(offering=offering).exists():
        kept = list(offering.versions.select_related("author", "reviewed_by").order_by("-number"))
        pending = next((v for v in kept if v.status == OfferingVersion.Status.IN_REVIEW), None)
        last_decision = next((v for v in kept if v.reviewed_at is not None), None)
        context.update(
            versions=kept[:10],
            more_versions=len(kept) > 10,
            pending=pending,
            pending_changes=reader.changes(*proposed_state(offering, pending)) if pending else [],
            rejection=last_decision
            if last_decision and last_decision.status == OfferingVersion.Status.REJECTED
            else None,
        )
    return context


# Create and edit -------------------------------------------------------------------------------------


@permission_required("offerings.edit")
def offering_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    membership = request.membership
    if membership.role != Membership.Role.COORDINATOR and not own_organisation_ids(membership):
        return render(request, "offerings/workspace/no_organisation.html")
    form = OfferingForm(request.POST or None, tenant=tenant, membership=membership)
    formset = LocationFormSet(request.POST or None, prefix=LOCATIONS_PREFIX, form_kwargs={"tenant": tenant})
    if request.method == "POST" and form.is_valid() & formset.is_valid():
        offering = actions.create_offering(request=request, tenant=tenant, data=_snapshot(form, formset))
        messages.success(
            request,
            _("„%(title)s“ ist als Entwurf angelegt. Öffentlich sichtbar wird es nach der Veröffentlichung.")
            % {"title": offering.title},
        )
        return redirect("offerings:detail", tenant=tenant, offering_id=offering.pk)
    return _form_page(request, form, formset, offering=None)


@permission_required("offerings.edit")
def offering_edit(request: HttpRequest, tenant: Tenant, offering_id: int) -> HttpResponse:
    membership = request.membership
    offering = get_object_or_404(
        editable_offerings(tenant, membership).select_related("provider"), pk=offering_id
    )
    needs_review = actions.change_needs_review(offering, membership)
    pending = offering.versions.pending().first() if needs_review else None
    # A partner continues its own pending proposal rather than starting again from the published state.
    start = {**versions.snapshot(offering), **pending.data} if pending else versions.snapshot(offering)
    form = OfferingForm(
        request.POST or None,
        instance=offering,
        initial=_form_initial(start, tenant) if pending else None,
        tenant=tenant,
        membership=membership,
    )
    formset = LocationFormSet(
        request.POST or None,
        initial=location_initial(start["locations"]),
        prefix=LOCATIONS_PREFIX,
        form_kwargs={"tenant": tenant},
    )
    if request.method == "POST" and form.is_valid() & formset.is_valid():
        try:
            outcome = actions.save_offering(
                request=request,
                tenant=tenant,
                offering=offering,
                membership=membership,
                data=_snapshot(form, formset),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if outcome.replaced_proposal:
                messages.success(
                    request, _("Ihr Änderungsvorschlag ist aktualisiert und wartet auf die Prüfung.")
                )
            elif outcome.proposed:
                messages.success(
                    request,
                    _(
                        "Ihre Änderung ist zur Prüfung eingereicht. Bis die Koordination sie freigibt, "
                        "bleibt die veröffentlichte Fassung sichtbar."
                    ),
                )
            elif outcome.version is None:
                messages.success(
                    request, _("Sie haben nichts geändert. Das Angebot ist als heute geprüft vermerkt.")
                )
            else:
                messages.success(request, _("Die Angaben sind gespeichert."))
            return redirect("offerings:detail", tenant=tenant, offering_id=offering.pk)
    return _form_page(request, form, formset, offering=offering, needs_review=needs_review, pending=pending)


def _form_page(request: HttpRequest, form, formset, **context) -> HttpResponse:
    return render(request, "offerings/workspace/form.html", {"form": form, "formset": formset, **context})


def _snapshot(form: OfferingForm, formset) -> dict:
    """The edited offering in snapshot shape: what is applied, or proposed for review."""
    data = versions.snapshot(form.instance, locations=formset.rows())
    data["categories"] = sorted(category.code for category in form.cleaned_data["categories"])
    data["schools_served"] = sorted(school.pk for school in form.cleaned_data["schools_served"])
    return data


def _form_initial(data: dict, tenant: Tenant) -> dict:
    """Form initial values from a snapshot (categories by code → their ids)."""
    initial = {name: data.get(name) for name in versions.FIELDS}
    initial["categories"] = list(
        Category.objects.for_tenant(tenant)
        .filter(code__in=data.get("categories", []))
        .values_list("pk", flat=True)
    )
    initial["schools_served"] = data.get("schools_served", [])
    return initial


# Workflow steps on an offering -----------------------------------------------------------------------


@permission_required("offerings.edit")
@require_POST
def offering_submit(request: HttpRequest, tenant: Tenant, offering_id: int) -> HttpResponse:
    offering = get_object_or_404(editable_offerings(tenant, request.membership), pk=offering_id)
    try:
        actions.submit_offering(request=request, tenant=tenant, offering=offering)
    except actions.WorkflowError:
        messages.error(request, _("Nur ein Entwurf kann zur Prüfung eingereicht werden."))
    else:
        messages.success(request, _("„%(title)s“ ist zur Prüfung eingereicht.") % {"title": offering.title})
    return redirect("offerings:detail", tenant=tenant, offering_id=offering.pk)


STATUS_STEPS = {
    "publish": (actions.publish_offering, gettext_lazy("„%(title)s“ ist veröffentlicht.")),
    "archive": (
        actions.archive_offering,
        gettext_lazy("„%(title)s“ ist archiviert und nicht mehr öffentlich."),
    ),
    "restore": (actions.restore_offering, gettext_lazy("„%(title)s“ ist wiederhergestellt – als Entwurf.")),
}


@permission_required("offerings.review")
@require_POST
def offering_status(request: HttpRequest, tenant: Tenant, offering_id: int) -> HttpResponse:
    """A coordinator's step: publish, reject (with a note), archive or restore."""
    offering = get_object_or_404(
        Offering.objects.for_tenant(tenant).select_related("provider"), pk=offering_id
    )
    step = request.POST.get("step")
    try:
        if step == "reject":
            form = DecisionForm(request.POST)
            if not form.require_note():
                context = _detail_context(request, tenant, offering, decision_form=form)
                return render(request, "offerings/workspace/detail.html", context)
            actions.reject_offering(
                request=request, tenant=tenant, offering=offering, note=form.cleaned_data["note"].strip()
            )
            messages.success(
                request,
                _("„%(title)s“ geht mit Ihrer Anmerkung als Entwurf an den Anbieter zurück.")
                % {"title": offering.title},
            )
        elif step in STATUS_STEPS:
            step_action, message = STATUS_STEPS[step]
            step_action(request=request, tenant=tenant, offering=offering)
            messages.success(request, message % {"title": offering.title})
        else:
            messages.error(request, _("Diesen Schritt gibt es nicht."))
    except actions.WorkflowError:
        messages.error(
            request,
            _("Das geht im Status „%(status)s“ nicht.") % {"status": offering.get_status_display()},
        )
    return redirect("offerings:detail", tenant=tenant, offering_id=offering.pk)


@permission_required("offerings.edit")
@require_POST
def offering_mark_checked(request: HttpRequest, tenant: Tenant, offering_id: int) -> HttpResponse:
    offering = get_object_or_404(editable_offerings(tenant, request.membership), pk=offering_id)
    actions.mark_checked(request=request, tenant=tenant, offering=offering)
    messages.success(request, _("„%(title)s“ ist als heute geprüft vermerkt.") % {"title": offering.title})
    if request.POST.get("next") == "stale" and has_permission(request.user, tenant, "offerings.review"):
        return redirect("offerings:stale", tenant=tenant)
    return redirect("offerings:detail", tenant=tenant, offering_id=offering.pk)


# Categories and settings -----------------------------------------------------------------------------


@permission_required("offerings.manage")
def category_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = CategoryForm(request.POST or None, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        category = actions.save_category(request=request, tenant=tenant, form=form)
        messages.success(request, _("Die Kategorie „%(name)s“ ist angelegt.") % {"name": category.name})
        return redirect("offerings:categories", tenant=tenant)
    return render(
        request,
        "offerings/workspace/categories.html",
        {
            "form": form,
            "defaults": Category.objects.filter(tenant__isnull=True),
            "own": Category.objects.filter(tenant=tenant),
        },
    )


@permission_required("offerings.manage")
def category_edit(request: HttpRequest, tenant: Tenant, category_id: int) -> HttpResponse:
    """Only the tenant's own categories: the shared defaults are not found here."""
    category = get_object_or_404(Category.objects.filter(tenant=tenant), pk=category_id)
    form = CategoryForm(request.POST or None, instance=category, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        actions.save_category(request=request, tenant=tenant, form=form)
        messages.success(request, _("Die Kategorie ist gespeichert."))
        return redirect("offerings:categories", tenant=tenant)
    return render(
        request,
        "offerings/workspace/category_form.html",
        {"form": form, "category": category},
    )


@permission_required("offerings.manage")
def catalogue_settings(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = CatalogueSettingsForm(request.POST or None, instance=CatalogueSettings.of(tenant))
    if request.method == "POST" and form.is_valid():
        actions.save_catalogue_settings(request=request, tenant=tenant, form=form)
        messages.success(request, _("Die Einstellungen sind gespeichert."))
        return redirect("offerings:settings", tenant=tenant)
    return render(
        request,
        "offerings/workspace/settings.html",
        {"form": form},
    )
