"""Writing a checked offering import in one transaction (in the worker, `write_job`), and keeping the
upload between its preview and the confirmation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record
from uebergang.lib import tabular
from uebergang.lib.tabular import normalise
from uebergang.tenants.models import Tenant

from .. import geo, versions
from ..models import (
    Offering,
    OfferingLocation,
    OfferingVersion,
)
from ..search import refresh_search_text
from .check import ImportReport
from .columns import OFFERING_FIELDS, SESSION_KEY


class ImportRefused(Exception):
    """The report has a file problem, no valid row, or invalid rows while all-or-nothing was chosen."""


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    published: int = 0  # of the written offerings, those published by this import
    skipped_rows: int = 0


@transaction.atomic
def import_offerings(
    *,
    actor,
    tenant: Tenant,
    report: ImportReport,
    only_valid: bool,
    publish: bool,
    request: HttpRequest | None = None,
    progress=None,
) -> ImportCounts:
    """Write the rows of a checked report in one transaction; one audit event with the counts.

    Every written offering gets a version ("saved") and a fresh search text. With `publish`, new and
    draft offerings are published at once; archived ones stay archived.

    Not `versions.apply()`: the report has validated every value already, and apply's full_clean and
    delete-and-recreate of all locations cost five times the queries per row (an import has thousands);
    here locations not named by the row keep their identity (and HSDS ids).
    """
    if not report.allows(only_valid=only_valid):
        raise ImportRefused(report.file_problem or "no valid rows or invalid rows")
    counts = ImportCounts(skipped_rows=len(report.invalid_rows))
    now = timezone.now()
    rows = report.valid_rows
    existing_ids = [row.existing.pk for row in rows if row.existing is not None]
    locked = Offering.objects.for_tenant(tenant).select_for_update().in_bulk(existing_ids)
    locations: dict[int, list[OfferingLocation]] = {}
    for location in OfferingLocation.objects.filter(offering_id__in=existing_ids):
        locations.setdefault(location.offering_id, []).append(location)
    for number, row in enumerate(rows):
        if progress is not None:
            progress(number, len(rows))
        values = row.values
        if row.existing is None:
            offering = Offering(tenant=tenant, provider=values["provider"], status=Offering.Status.DRAFT)
            counts.created += 1
        else:
            offering = locked[row.existing.pk]
            counts.updated += 1
        for name in OFFERING_FIELDS:
            if name in values:
                setattr(offering, name, values[name])
        if "places_total" in values or "places_free" in values:
            offering.places_updated_at = timezone.localdate(now)
        if publish and offering.status != Offering.Status.ARCHIVED:
            counts.published += offering.status != Offering.Status.PUBLISHED
            offering.status = Offering.Status.PUBLISHED
            offering.published_at = offering.published_at or now
        offering.save()
        if "categories" in values:
            offering.categories.set(values["categories"])
        if "location" in values:
            write_location(offering, locations.get(offering.pk, []), values["location"])
        refresh_search_text(offering)
        versions.record_version(
            offering, versions.snapshot(offering), status=OfferingVersion.Status.SAVED, author=actor
        )
    record(
        AuditEvent.Action.IMPORTED,
        actor=actor,
        request=request,
        tenant=tenant,
        data={
            "kind": "offerings",
            "file": report.filename,
            "only_valid": only_valid,
            "publish": publish,
            **counts.__dict__,
        },
    )
    if progress is not None:
        progress(len(rows), len(rows))
    return counts


def write_job(job, data: bytes, progress) -> dict:
    """An offering import in the worker (`uebergang.jobs`): check the kept file again, then write it."""
    from uebergang.jobs.runner import Refused

    from .check import analyse

    report = analyse(data, job.filename, job.tenant)
    options = job.options
    try:
        counts = import_offerings(
            actor=job.created_by,
            tenant=job.tenant,
            report=report,
            only_valid=bool(options.get("only_valid")),
            publish=bool(options.get("publish")),
            progress=progress,
        )
    except ImportRefused:
        raise Refused(report.refusal()) from None
    return counts.__dict__


def job_summary(outcome: dict) -> str:
    return _(
        "Import abgeschlossen. Angebote neu angelegt: %(created)d, aktualisiert: %(updated)d, "
        "veröffentlicht: %(published)d; fehlerhafte Zeilen übersprungen: %(skipped)d."
    ) % {
        "created": outcome.get("created", 0),
        "updated": outcome.get("updated", 0),
        "published": outcome.get("published", 0),
        "skipped": outcome.get("skipped_rows", 0),
    }


def _address_key(street: str, postcode: str, city: str) -> tuple[str, str, str]:
    return normalise(street), normalise(postcode), normalise(city)


def write_location(offering: Offering, current: list[OfferingLocation], row: dict[str, Any]) -> None:
    """Apply a row's location to the offering (see the module docstring): without an address the
    flags go to every location; the same address is updated; a single location moves; else one more."""
    flags = {key: row[key] for key in ("region", "is_confidential") if key in row}
    if "city" not in row:
        if flags:
            OfferingLocation.objects.filter(offering=offering).update(**flags)
        return
    key = _address_key(row.get("street", ""), row.get("postcode", ""), row["city"])
    for location in current:
        if _address_key(location.street, location.postcode, location.city) == key:
            for name, value in flags.items():
                setattr(location, name, value)
            location.save(update_fields=list(flags))
            return
    if len(current) <= 1:
        OfferingLocation.objects.filter(offering=offering).delete()
    place = geo.place_for(row.get("postcode", ""))
    OfferingLocation.objects.create(
        offering=offering,
        street=row.get("street", ""),
        postcode=row.get("postcode", ""),
        city=row["city"],
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        **flags,
    )


# Template -------------------------------------------------------------------------------------------


def keeper() -> tabular.UploadKeeper:
    return tabular.UploadKeeper(SESSION_KEY)
