"""Pre-computed counts: every import of microdata refreshes the CohortCount rows of its years.

Dashboards, exports and the API read CohortCount only; they never scan leaver records.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import CharField, Count, F, Value
from django.db.models.functions import Coalesce

from uebergang.tenants.models import Tenant

from .models import CohortCount, Leaver

BATCH = 5000


def _top_level(field: str, default: str):
    """The top-level code of a destination foreign key: the parent's code for a local sub-code."""
    return Coalesce(
        F(f"{field}__parent__code"), F(f"{field}__code"), Value(default), output_field=CharField()
    )


@transaction.atomic
def refresh_cohort_counts(tenant: Tenant, years: Iterable[int] | None = None) -> int:
    """Recompute the tenant's microdata counts for `years` (all years if None); returns the cells written."""
    leavers = Leaver.objects.for_tenant(tenant)
    counts = CohortCount.objects.for_tenant(tenant).filter(origin=CohortCount.Origin.MICRODATA)
    if years is not None:
        years = sorted(set(years))
        leavers = leavers.filter(leaving_year__in=years)
        counts = counts.filter(leaving_year__in=years)
    counts.delete()
    cells = (
        leavers.values("leaving_year", "school_id", "school_type", "qualification", "gender", "region_id")
        .annotate(
            destination_code=_top_level("actual_destination", "unknown"),
            planned_code=_top_level("planned_destination", ""),
            followup_code=_top_level("followup_destination", ""),
        )
        .values(
            "leaving_year",
            "school_id",
            "school_type",
            "qualification",
            "gender",
            "region_id",
            "destination_code",
            "planned_code",
            "followup_code",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = (
        CohortCount(
            tenant=tenant,
            origin=CohortCount.Origin.MICRODATA,
            leaving_year=cell["leaving_year"],
            school_id=cell["school_id"],
            school_type=cell["school_type"],
            qualification=cell["qualification"],
            gender=cell["gender"],
            region_id=cell["region_id"],
            destination=cell["destination_code"],
            planned=cell["planned_code"],
            followup=cell["followup_code"],
            count=cell["n"],
        )
        for cell in cells.iterator(chunk_size=BATCH)
    )
    written = 0
    chunk: list[CohortCount] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == BATCH:
            CohortCount.objects.bulk_create(chunk)
            written += len(chunk)
            chunk = []
    CohortCount.objects.bulk_create(chunk)
    return written + len(chunk)
