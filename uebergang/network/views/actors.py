"""The actor registry: staff list and detail, editing, contacts, import; the public actor pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uebergang.accounts.permissions import permission_required
from uebergang.jobs import runner
from uebergang.jobs.models import Job
from uebergang.lib import spreadsheets
from uebergang.tenants.models import Tenant

from .. import imports
from ..actions import actors as actions
from ..forms import (
    ContactForm,
    ImportUploadForm,
    OrganisationFilterForm,
    OrganisationForm,
    PublicOrganisationFilterForm,
)
from ..models import BodyMembership, Contact, Organisation, Task
from ..queries import editable_organisations

PAGE_SIZE = 50


def _page(request: HttpRequest, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return page, query.urlencode()


def _editable(request: HttpRequest, tenant: Tenant, organisation_id: int) -> Organisation:
    """An organisation this person may edit; others' organisations are not found (404)."""
    return get_object_or_404(editable_organisations(tenant, request.membership), pk=organisation_id)


# Staff workspace -------------------------------------------------------------------------------------


@permission_required("network.view")
def actor_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None, tenant=tenant)
    organisations = (
        Organisation.objects.for_tenant(tenant)
        .select_related("region")
        .prefetch_related("legal_spheres")
        .order_by("name", "pk")
    )
    if form.is_valid():
        organisations = form.filter(organisations)
    page, query = _page(request, organisations)
    return render(
        request,
        "network/actors/list.html",
        {"form": form, "page": page, "query": query},
    )


@permission_required("network.view")
def actor_detail(request: HttpRequest, tenant: Tenant, organisation_id: int) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.for_tenant(tenant).select_related("region", "parent"), pk=organisation_id
    )
    may_edit = editable_organisations(tenant, request.membership).filter(pk=organisation.pk).exists()
    context = {
        "organisation": organisation,
        "legal_spheres": organisation.legal_spheres.all(),
        "children": organisation.children.all(),
        "contacts": organisation.contacts.all(),
        "body_memberships": BodyMembership.objects.for_tenant(tenant)
        .filter(organisation=organisation)
        .select_related("body", "person")
        .order_by("body__name", "role"),
        "tasks": Task.objects.for_tenant(tenant)
        .open()
        .filter(responsible_organisation=organisation)
        .select_related("body"),
        "may_edit": may_edit,
    }
    return render(request, "network/actors/detail.html", context)


@permission_required("network.manage")
def actor_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = OrganisationForm(request.POST or None, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        organisation = actions.create_organisation(request=request, tenant=tenant, form=form)
        messages.success(request, _("%(name)s ist angelegt.") % {"name": organisation.name})
        return redirect("network:actor_detail", tenant=tenant, organisation_id=organisation.pk)
    return render(request, "network/actors/form.html", {"form": form, "organisation": None})


@permission_required("organisation.edit")
def actor_edit(request: HttpRequest, tenant: Tenant, organisation_id: int) -> HttpResponse:
    organisation = _editable(request, tenant, organisation_id)
    form = OrganisationForm(request.POST or None, instance=organisation, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        actions.update_organisation(request=request, tenant=tenant, form=form)
        messages.success(request, _("Die Angaben sind gespeichert."))
        return redirect("network:actor_detail", tenant=tenant, organisation_id=organisation.pk)
    return render(request, "network/actors/form.html", {"form": form, "organisation": organisation})


@permission_required("organisation.edit")
def contact_create(request: HttpRequest, tenant: Tenant, organisation_id: int) -> HttpResponse:
    organisation = _editable(request, tenant, organisation_id)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact = actions.create_contact(request=request, tenant=tenant, organisation=organisation, form=form)
        messages.success(request, _("%(name)s ist als Ansprechperson eingetragen.") % {"name": contact.name})
        return redirect("network:actor_detail", tenant=tenant, organisation_id=organisation.pk)
    return render(
        request,
        "network/actors/contact_form.html",
        {"form": form, "organisation": organisation, "contact": None},
    )


@permission_required("organisation.edit")
def contact_edit(request: HttpRequest, tenant: Tenant, contact_id: int) -> HttpResponse:
    contact = get_object_or_404(
        Contact.objects.for_tenant(tenant)
        .filter(organisation__in=editable_organisations(tenant, request.membership))
        .select_related("organisation"),
        pk=contact_id,
    )
    organisation = contact.organisation
    if request.method == "POST" and request.POST.get("action") == "delete":
        actions.delete_contact(request=request, tenant=tenant, contact=contact)
        messages.success(request, _("%(name)s ist gelöscht.") % {"name": contact.name})
        return redirect("network:actor_detail", tenant=tenant, organisation_id=organisation.pk)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        actions.update_contact(request=request, tenant=tenant, form=form)
        messages.success(request, _("Die Ansprechperson ist gespeichert."))
        return redirect("network:actor_detail", tenant=tenant, organisation_id=organisation.pk)
    return render(
        request,
        "network/actors/contact_form.html",
        {"form": form, "organisation": organisation, "contact": contact},
    )


# Import ----------------------------------------------------------------------------------------------


@permission_required("network.manage")
def actor_import(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """Step 1: upload; the answer to the upload is step 2, the preview. Nothing is written."""
    form = ImportUploadForm(request.POST or None, request.FILES or None, max_bytes=imports.MAX_IMPORT_BYTES)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        report = imports.analyse(data, upload.name, tenant)
        if report.file_problem:
            imports.discard_upload(request.session)
        else:
            imports.stash_upload(request.session, tenant, upload.name, data)
        return render(request, "network/actors/import_preview.html", {"report": report})
    return render(
        request,
        "network/actors/import.html",
        {
            "form": form,
            "columns": imports.TEMPLATE_COLUMNS,
            "max_mb": imports.MAX_IMPORT_BYTES // (1024 * 1024),
        },
    )


@permission_required("network.manage")
@require_POST
def actor_import_confirm(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """Step 3: the worker checks the kept file again and writes all rows, or only the valid ones; the
    job's page shows its progress and outcome (uebergang.jobs)."""
    upload = imports.load_upload(request.session, tenant)
    if upload is None:
        messages.error(request, _("Die Datei ist nicht mehr vorhanden. Bitte laden Sie sie erneut hoch."))
        return redirect("network:actor_import", tenant=tenant)
    filename, data = upload
    report = imports.analyse(data, filename, tenant)
    only_valid = request.POST.get("mode") == "valid"
    if not report.allows(only_valid=only_valid):
        messages.error(request, report.refusal())
        return render(request, "network/actors/import_preview.html", {"report": report})
    job = runner.start(
        tenant=tenant,
        user=request.user,
        kind=Job.Kind.ACTORS,
        filename=filename,
        data=data,
        options={"only_valid": only_valid},
    )
    imports.discard_upload(request.session)
    return redirect("jobs:actor_job", tenant=tenant, actor_job_id=job.pk)


@permission_required("network.manage")
def actor_import_template_csv(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    return spreadsheets.download(imports.template_csv(tenant), "akteure-vorlage.csv")


@permission_required("network.manage")
def actor_import_template_xlsx(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    return spreadsheets.download(imports.template_xlsx(tenant), "akteure-vorlage.xlsx")


# Public pages ----------------------------------------------------------------------------------------


def public_actor_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = PublicOrganisationFilterForm(request.GET or None)
    organisations = Organisation.objects.for_tenant(tenant).active().order_by("name", "pk")
    if form.is_valid():
        organisations = form.filter(organisations)
    page, query = _page(request, organisations)
    return render(
        request,
        "network/actors/public_list.html",
        {"tenant": tenant, "form": form, "page": page, "query": query},
    )


def public_actor_detail(request: HttpRequest, tenant: Tenant, organisation_id: int) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.for_tenant(tenant)
        .active()
        .select_related("region")
        .prefetch_related(Prefetch("contacts", queryset=Contact.objects.public(), to_attr="public_contacts")),
        pk=organisation_id,
    )
    body_memberships = (
        BodyMembership.objects.for_tenant(tenant)
        .filter(organisation=organisation, body__is_public=True)
        .select_related("body")
        .order_by("body__name")
    )
    return render(
        request,
        "network/actors/public_detail.html",
        {
            "tenant": tenant,
            "organisation": organisation,
            "contacts": organisation.public_contacts,
            "body_memberships": body_memberships,
            "offerings": organisation.offerings.filter(status="published").order_by("title"),
        },
    )
