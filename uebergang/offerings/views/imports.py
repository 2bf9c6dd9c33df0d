"""Import of offerings (upload → preview → confirm, templates) and the public export of a search."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uebergang.accounts.permissions import permission_required
from uebergang.jobs import runner
from uebergang.jobs.models import Job
from uebergang.lib import spreadsheets
from uebergang.network.forms import ImportUploadForm
from uebergang.tenants.models import Tenant

from .. import exports, imports, search
from ..public_forms import PublicSearchForm

MAX_EXPORT_ROWS = 10_000


# Import ----------------------------------------------------------------------------------------------


def _preview(request: HttpRequest, report: imports.ImportReport, *, only_valid: bool, publish: bool):
    return render(
        request,
        "offerings/imports/preview.html",
        {"report": report, "only_valid": only_valid, "publish": publish},
    )


@permission_required("offerings.manage")
def offering_import(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """Step 1: upload; the answer to the upload is step 2, the preview. Nothing is written."""
    form = ImportUploadForm(request.POST or None, request.FILES or None, max_bytes=imports.MAX_IMPORT_BYTES)
    keeper = imports.keeper()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        report = imports.analyse(data, upload.name, tenant)
        if report.file_problem:
            keeper.discard(request.session)
        else:
            keeper.keep(request.session, tenant, upload.name, data, session_limit=imports.SESSION_LIMIT_BYTES)
        return _preview(request, report, only_valid=False, publish=False)
    return render(
        request,
        "offerings/imports/upload.html",
        {
            "form": form,
            "columns": imports.TEMPLATE_COLUMNS,
            "hints": imports.hints(tenant),
            "max_mb": imports.MAX_IMPORT_BYTES // (1024 * 1024),
        },
    )


@permission_required("offerings.manage")
@require_POST
def offering_import_confirm(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """Step 3: the worker checks the kept file again and writes all rows, or only the valid ones; the
    job's page shows its progress and outcome (uebergang.jobs)."""
    keeper = imports.keeper()
    upload = keeper.load(request.session, tenant)
    if upload is None:
        messages.error(request, _("Die Datei ist nicht mehr vorhanden. Bitte laden Sie sie erneut hoch."))
        return redirect("offerings:import", tenant=tenant)
    filename, data = upload
    report = imports.analyse(data, filename, tenant)
    only_valid = request.POST.get("umfang") == "gueltige"
    publish = request.POST.get("veroeffentlichen") == "1"
    if not report.allows(only_valid=only_valid):
        messages.error(request, report.refusal())
        return _preview(request, report, only_valid=only_valid, publish=publish)
    job = runner.start(
        tenant=tenant,
        user=request.user,
        kind=Job.Kind.OFFERINGS,
        filename=filename,
        data=data,
        options={"only_valid": only_valid, "publish": publish},
    )
    keeper.discard(request.session)
    return redirect("jobs:offering_job", tenant=tenant, offering_job_id=job.pk)


@permission_required("offerings.manage")
def offering_import_template_csv(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    return spreadsheets.download(imports.template_csv(tenant), "angebote-vorlage.csv")


@permission_required("offerings.manage")
def offering_import_template_xlsx(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    return spreadsheets.download(imports.template_xlsx(tenant), "angebote-vorlage.xlsx")


# Public export -------------------------------------------------------------------------------------


def public_export(request: HttpRequest, tenant: Tenant, fmt: str) -> HttpResponse:
    """All hits of a public search (same parameters as the search page) as CSV or XLSX, no login.

    Published offerings of this municipality only (the search returns nothing else, and the export
    drops anything unpublished on its own); at most MAX_EXPORT_ROWS, with a note when cut off. The
    search is asked for one row more than that, so a cut is noticed without counting everything.
    """
    form = PublicSearchForm(request.GET)
    form.is_valid()
    query = form.sanitise(search.query_from_params(request.GET))
    query.page, query.page_size = 1, MAX_EXPORT_ROWS + 1
    result = search.search(tenant, query, with_facets=False)
    offerings = [offering for offering in result.offerings if offering.tenant_id == tenant.pk]
    note = ""
    if len(offerings) > MAX_EXPORT_ROWS:
        offerings = offerings[:MAX_EXPORT_ROWS]
        note = _(
            "Die Suche ergab mehr als %(limit)d Angebote; exportiert sind die ersten %(limit)d. "
            "Grenzen Sie die Suche ein, um alle zu erhalten."
        ) % {"limit": MAX_EXPORT_ROWS}
    return exports.export_response(
        offerings,
        fmt,
        public=True,
        filename=f"angebote-{tenant.slug}-{timezone.localdate():%Y-%m-%d}",
        request=request,
        note=note,
    )
