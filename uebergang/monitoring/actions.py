"""Audited writes of the monitoring imports: upload and check, mappings, start and cancel, local sub-codes."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record
from uebergang.tenants.models import Tenant

from . import summaries, tasks
from .codes import ensure_code_list
from .imports import Report
from .models import Destination, ImportBatch, ImportMapping


class NotReady(Exception):
    """The batch is not in a state for this step."""


def _store(upload: UploadedFile) -> str:
    """Save an upload under a random name in the imports folder; returns that name."""
    folder = tasks.imports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    suffix = ".xlsx" if upload.name.lower().endswith((".xlsx", ".xlsm")) else ".csv"
    name = f"{secrets.token_hex(16)}{suffix}"
    with open(folder / name, "wb") as file:
        for chunk in upload.chunks():
            file.write(chunk)
    return name


def upload_import(
    *, request: HttpRequest, tenant: Tenant, upload: UploadedFile, source: str, kind: str
) -> ImportBatch:
    """Keep the file and start its check (in the background): the batch ends MAPPING, PENDING or FAILED."""
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            tenant=tenant,
            created_by=request.user,
            kind=kind,
            source=source.strip(),
            file_name=Path(upload.name).name[:255],
            stored_file=_store(upload),
            status=ImportBatch.Status.CHECKING,
        )
        record(
            AuditEvent.Action.CREATED,
            request=request,
            tenant=tenant,
            obj=batch,
            data={"kind": kind, "source": batch.source},
        )
    return check(batch)


def check(batch: ImportBatch) -> ImportBatch:
    """Check the stored file (again, after a mapping changed) in the background; only the batch is written.

    Reading every row takes as long as reading the file, so it runs like the import: the batch page shows
    its progress and moves on to the mapping or the report when it ends.
    """
    report = Report.of(batch)
    report.started_at = timezone.now().isoformat()
    batch.status = ImportBatch.Status.CHECKING
    batch.processed_rows = 0
    batch.report = report.as_json()
    batch.save(update_fields=["status", "processed_rows", "report"])
    return tasks.start_check(batch)


@transaction.atomic
def save_mapping(
    *,
    request: HttpRequest,
    tenant: Tenant,
    batch: ImportBatch,
    columns: dict[str, str],
    values: dict[str, dict[str, str]],
    not_collected: bool | None = None,
    sheet: str | None = None,
) -> ImportMapping:
    """Remember how this batch's source maps columns and values; later uploads of the source reuse it.

    The batch keeps the coordinator's other decisions: the sheet to read, and (for a file without a
    destination column) that the destination has not been collected yet.
    """
    batch_changes = {}
    if not_collected is not None and not_collected != batch.not_collected:
        batch_changes["not_collected"] = not_collected
    if sheet is not None and sheet != batch.sheet:
        batch_changes["sheet"] = sheet
    if batch_changes:
        for name, value in batch_changes.items():
            setattr(batch, name, value)
        batch.save(update_fields=list(batch_changes))
        record(AuditEvent.Action.UPDATED, request=request, tenant=tenant, obj=batch, data=batch_changes)
    mapping, created = ImportMapping.objects.for_tenant(tenant).get_or_create(
        tenant=tenant, source=batch.source, kind=batch.kind
    )
    mapping.columns = {**mapping.columns, **columns}
    merged = {group: dict(known) for group, known in mapping.values.items()}
    for group, pairs in values.items():
        merged.setdefault(group, {}).update(pairs)
    mapping.values = merged
    mapping.save()
    record(
        AuditEvent.Action.CREATED if created else AuditEvent.Action.UPDATED,
        request=request,
        tenant=tenant,
        obj=mapping,
        data={"columns": len(columns), "values": sum(len(pairs) for pairs in values.values())},
    )
    return mapping


@transaction.atomic
def start_import(
    *, request: HttpRequest, tenant: Tenant, batch: ImportBatch, only_valid: bool, confirmed: bool = False
) -> ImportBatch:
    """Run a checked batch in the background (all rows, or only the valid ones).

    A check with warnings (preview.py) starts only when the coordinator `confirmed` them.
    """
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk, tenant=tenant)
    report = Report.of(batch)
    if batch.status != ImportBatch.Status.PENDING or not batch.stored_file:
        raise NotReady(_("Dieser Import ist nicht mehr zum Start bereit."))
    if report.warnings and not confirmed:
        raise NotReady(
            _(
                "Die Vorschau zeigt Warnungen. Bitte prüfen Sie sie und bestätigen Sie, dass Sie trotzdem importieren möchten."
            )
        )
    if report.invalid_rows and not only_valid:
        raise NotReady(_("Die Datei enthält fehlerhafte Zeilen: importieren Sie nur die gültigen Zeilen."))
    if only_valid and not report.valid_rows:
        raise NotReady(_("Keine Zeile ist gültig."))
    report.started_at = timezone.now().isoformat()
    batch.status = ImportBatch.Status.RUNNING
    batch.processed_rows = 0
    batch.report = report.as_json()
    batch.save(update_fields=["status", "processed_rows", "report"])
    tasks.start(batch, only_valid=only_valid)
    if report.warnings:
        record(
            AuditEvent.Action.UPDATED,
            request=request,
            tenant=tenant,
            obj=batch,
            data={"warnings_confirmed": report.warnings},
        )
    return batch


@transaction.atomic
def cancel_import(*, request: HttpRequest, tenant: Tenant, batch: ImportBatch) -> ImportBatch:
    """Drop a batch that waits for mapping or confirmation; its file is deleted, nothing was imported."""
    if batch.status not in (ImportBatch.Status.PENDING, ImportBatch.Status.MAPPING):
        raise NotReady(_("Dieser Import kann nicht mehr abgebrochen werden."))
    report = Report.of(batch)
    report.file_problem = _("Abgebrochen. Es wurde nichts importiert.")
    batch.status = ImportBatch.Status.FAILED
    batch.finished_at = timezone.now()
    batch.report = report.as_json()
    batch.save(update_fields=["status", "finished_at", "report"])
    tasks.discard_file(batch)
    record(AuditEvent.Action.UPDATED, request=request, tenant=tenant, obj=batch, data={"cancelled": True})
    return batch


@transaction.atomic
def create_sub_code(
    *, request: HttpRequest, tenant: Tenant, code: str, label: str, parent: Destination
) -> Destination:
    version = ensure_code_list()
    destination = Destination.objects.create(
        version=version, tenant=tenant, code=code, label=label, parent=parent, iabe_sector=parent.iabe_sector
    )
    record(
        AuditEvent.Action.CREATED,
        request=request,
        tenant=tenant,
        obj=destination,
        data={"code": code, "parent": parent.code},
    )
    return destination


@transaction.atomic
def update_sub_code(
    *, request: HttpRequest, tenant: Tenant, destination: Destination, label: str, parent: Destination
) -> Destination:
    changed = {}
    if destination.label != label:
        changed["label"] = label
    if destination.parent_id != parent.pk:
        changed["parent"] = parent.code
    destination.label = label
    destination.parent = parent
    destination.iabe_sector = parent.iabe_sector
    destination.save(update_fields=["label", "parent", "iabe_sector"])
    if "parent" in changed:
        # The counts group sub-codes under their top-level code.
        summaries.refresh_cohort_counts(tenant)
    record(AuditEvent.Action.UPDATED, request=request, tenant=tenant, obj=destination, data=changed)
    return destination
