"""Imports of leaver records and counts: upload, mapping, report and start, progress; local sub-codes."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tasks import TaskResultStatus

from uebergang.accounts.permissions import permission_required
from uebergang.tenants.models import Tenant

from .. import actions, tasks
from .. import codes as code_list
from ..forms import MappingForm, SubCodeForm, UploadForm, max_upload_mb, top_level_codes
from ..imports import FIELD_LABELS, Report, columns, mapping_file
from ..models import Destination, ImportBatch, ImportMapping

RECENT_BATCHES = 50


def _batch(tenant: Tenant, batch_id: int) -> ImportBatch:
    return get_object_or_404(ImportBatch.objects.for_tenant(tenant).select_related("created_by"), pk=batch_id)


def _next_step(tenant: Tenant, batch: ImportBatch) -> HttpResponse:
    if batch.status == ImportBatch.Status.MAPPING:
        return redirect("monitoring:import_mapping", tenant=tenant, batch_id=batch.pk)
    return redirect("monitoring:import_batch", tenant=tenant, batch_id=batch.pk)


def _mapping(tenant: Tenant, batch: ImportBatch) -> ImportMapping | None:
    return ImportMapping.objects.for_tenant(tenant).filter(source=batch.source, kind=batch.kind).first()


@permission_required("monitoring.manage")
def import_upload(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    tasks.fail_stale(tenant)
    tasks.purge_uploads(tenant)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        batch = actions.upload_import(
            request=request,
            tenant=tenant,
            upload=form.cleaned_data["file"],
            source=form.cleaned_data["source"],
            kind=form.cleaned_data["kind"],
        )
        return _next_step(tenant, batch)
    batches = ImportBatch.objects.for_tenant(tenant).select_related("created_by")[:RECENT_BATCHES]
    sources = sorted(
        set(ImportMapping.objects.for_tenant(tenant).values_list("source", flat=True))
        | set(ImportBatch.objects.for_tenant(tenant).order_by().values_list("source", flat=True).distinct())
    )
    return render(
        request,
        "monitoring/imports/upload.html",
        {
            "form": form,
            "batches": batches,
            "sources": sources,
            "max_mb": max_upload_mb(),
            "kept_hours": int(tasks.UPLOAD_KEPT.total_seconds() // 3600),
            "columns": list(FIELD_LABELS.values()),
        },
    )


def _dashboard_url(tenant: Tenant) -> str:
    try:
        return reverse("monitoring:dashboard", kwargs={"tenant": tenant})
    except NoReverseMatch:
        return ""


@permission_required("monitoring.manage")
def import_batch(request: HttpRequest, tenant: Tenant, batch_id: int) -> HttpResponse:
    """A batch: its report and the choice to import, or its progress; htmx polls the progress part."""
    tasks.fail_stale(tenant)
    batch = _batch(tenant, batch_id)
    running = batch.status in tasks.ACTIVE
    htmx = bool(request.headers.get("HX-Request"))
    if htmx and not running and batch.status != ImportBatch.Status.DONE:
        # The check (or a refused import) has ended while the page polled: on to the mapping or report.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = _next_step(tenant, batch).url
        return response
    report = Report.of(batch)
    processed = tasks.live_progress(batch) if running else batch.processed_rows
    total = batch.total_rows or 0
    percent = min(100, round(100 * processed / total)) if total else 0
    if batch.status == ImportBatch.Status.DONE:
        processed, percent = total, 100
    context = {
        "batch": batch,
        "report": report,
        "processed": processed,
        "total": total,
        "percent": percent,
        "running": running,
        "queued": running and tasks.task_state(batch) == TaskResultStatus.READY,
        "checking": batch.status == ImportBatch.Status.CHECKING,
        "done": batch.status == ImportBatch.Status.DONE,
        "dashboard_url": _dashboard_url(tenant),
        "field_labels": FIELD_LABELS,
        "columns": [{**column, "reason": columns.reason(column)} for column in report.columns],
        "has_mapping": _mapping(tenant, batch) is not None,
    }
    template = "monitoring/imports/batch.html#progress" if htmx else "monitoring/imports/batch.html"
    return render(request, template, context)


@permission_required("monitoring.manage")
def import_mapping(request: HttpRequest, tenant: Tenant, batch_id: int) -> HttpResponse:
    """Every column of the file with samples and what it becomes; the sheet, the values' codes.

    Saved for the batch's source (suggestions only now, when confirmed here), then the file is checked again.
    """
    batch = _batch(tenant, batch_id)
    mapping = _mapping(tenant, batch)
    if batch.status != ImportBatch.Status.MAPPING or not batch.stored_file:
        return render(
            request, "monitoring/imports/mapping.html", {"batch": batch, "form": None, "mapping": mapping}
        )
    samples = columns.samples_of(tasks.stored_path(batch), batch.kind, mapping, batch.sheet)
    form = MappingForm(request.POST or None, tenant=tenant, batch=batch, samples=samples)
    if request.method == "POST" and form.is_valid():
        actions.save_mapping(
            request=request,
            tenant=tenant,
            batch=batch,
            columns=form.columns(),
            values=form.values(),
            not_collected=form.chosen_not_collected(),
            sheet=form.chosen_sheet(),
        )
        batch = actions.check(batch)
        if batch.status == ImportBatch.Status.MAPPING:
            messages.warning(request, _("Die Zuordnung ist gespeichert, aber es fehlt noch etwas."))
        else:
            messages.success(
                request, _("Die Zuordnung ist gespeichert und gilt auch für künftige Dateien dieser Quelle.")
            )
        return _next_step(tenant, batch)
    missing = [FIELD_LABELS[name] for name in form.report.missing]
    context = {"batch": batch, "form": form, "missing": missing, "mapping": mapping}
    return render(request, "monitoring/imports/mapping.html", context)


@permission_required("monitoring.manage")
def import_mapping_json(request: HttpRequest, tenant: Tenant, batch_id: int) -> HttpResponse:
    """The saved mapping of the batch's source as JSON, for `import_leavers --mapping FILE`."""
    batch = _batch(tenant, batch_id)
    mapping = _mapping(tenant, batch)
    if mapping is None:
        raise Http404
    response = JsonResponse(
        mapping_file.as_json(mapping), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="zuordnung-{batch.kind}.json"'
    return response


@permission_required("monitoring.manage")
@require_POST
def import_start(request: HttpRequest, tenant: Tenant, batch_id: int) -> HttpResponse:
    batch = _batch(tenant, batch_id)
    try:
        actions.start_import(
            request=request,
            tenant=tenant,
            batch=batch,
            only_valid=request.POST.get("mode") == "valid",
            confirmed=request.POST.get("confirm") == "1",
        )
    except actions.NotReady as error:
        messages.error(request, str(error))
    return redirect("monitoring:import_batch", tenant=tenant, batch_id=batch.pk)


@permission_required("monitoring.manage")
@require_POST
def import_cancel(request: HttpRequest, tenant: Tenant, batch_id: int) -> HttpResponse:
    batch = _batch(tenant, batch_id)
    try:
        actions.cancel_import(request=request, tenant=tenant, batch=batch)
    except actions.NotReady as error:
        messages.error(request, str(error))
        return redirect("monitoring:import_batch", tenant=tenant, batch_id=batch.pk)
    messages.success(request, _("Der Import ist abgebrochen; die Datei ist gelöscht."))
    return redirect("monitoring:import", tenant=tenant)


# Local sub-codes -------------------------------------------------------------------------------------


@permission_required("monitoring.manage")
def codes(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = SubCodeForm(request.POST or None, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        destination = actions.create_sub_code(
            request=request,
            tenant=tenant,
            code=form.cleaned_data["code"],
            label=form.cleaned_data["label"],
            parent=form.cleaned_data["parent"],
        )
        messages.success(request, _("Der Code „%(label)s“ ist angelegt.") % {"label": destination.label})
        return redirect("monitoring:codes", tenant=tenant)
    tops = list(top_level_codes())
    subs = Destination.objects.available_to(tenant).filter(parent__isnull=False)
    shared: dict[int, list[Destination]] = {}
    own: dict[int, list[Destination]] = {}
    for sub in subs.order_by("pk"):
        (own if sub.tenant_id else shared).setdefault(sub.parent_id, []).append(sub)
    rows = [(top, shared.get(top.pk, []), own.get(top.pk, [])) for top in tops]
    version = code_list.ensure_code_list()
    context = {
        "form": form,
        "rows": rows,
        "version": version,
        "changes": code_list.changes(version.version),
        "cohorts": sorted(code_list.cohort_versions(tenant).items(), reverse=True),
    }
    return render(request, "monitoring/imports/codes.html", context)


@permission_required("monitoring.manage")
def code_edit(request: HttpRequest, tenant: Tenant, destination_id: int) -> HttpResponse:
    destination = get_object_or_404(
        Destination.objects.current().filter(tenant=tenant).select_related("parent"), pk=destination_id
    )
    form = SubCodeForm(request.POST or None, tenant=tenant, destination=destination)
    if request.method == "POST" and form.is_valid():
        actions.update_sub_code(
            request=request,
            tenant=tenant,
            destination=destination,
            label=form.cleaned_data["label"],
            parent=form.cleaned_data["parent"],
        )
        messages.success(request, _("Der Code ist gespeichert."))
        return redirect("monitoring:codes", tenant=tenant)
    return render(request, "monitoring/imports/code_form.html", {"form": form, "destination": destination})
