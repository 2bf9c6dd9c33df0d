"""The destination code list: the shared codes of each version and each tenant's local sub-codes.

A new version (models.CURRENT_CODE_LIST_VERSION) is seeded by a migration that carries every tenant's
own sub-codes over; leaver records keep the codes they were recorded with. `CohortCodeList` says which
version(s) each cohort was recorded with, so that a cohort of an older version is marked wherever
cohorts are compared, with the changes (models.VERSION_CHANGES) that tell how its codes compare.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Count, Q

from uebergang.lib.laender import PROGRAMMES
from uebergang.tenants.models import Tenant

from .models import (
    CURRENT_CODE_LIST_VERSION,
    SHARED_SUB_CODES,
    TOP_LEVEL_DESTINATIONS,
    VERSION_CHANGES,
    CodeListVersion,
    CohortCodeList,
    Destination,
)


@transaction.atomic
def ensure_code_list() -> CodeListVersion:
    """The current version with its shared codes (seeded by migration; idempotent)."""
    shared = Count("codes", filter=Q(codes__tenant__isnull=True))
    version = (
        CodeListVersion.objects.filter(version=CURRENT_CODE_LIST_VERSION)
        .annotate(shared=shared)
        .select_related("predecessor")
        .first()
    )
    programmes = [(land, *programme) for land, listed in PROGRAMMES.items() for programme in listed]
    if version is not None and version.shared == len(TOP_LEVEL_DESTINATIONS) + len(SHARED_SUB_CODES) + len(
        programmes
    ):
        return version
    version, _ = CodeListVersion.objects.get_or_create(
        version=CURRENT_CODE_LIST_VERSION,
        defaults={
            "published_on": date(2026, 12, 1),
            "predecessor": CodeListVersion.objects.filter(version="2026.1").first(),
        },
    )
    tops = {}
    for code, label, sector in TOP_LEVEL_DESTINATIONS:
        tops[code], _ = Destination.objects.get_or_create(
            version=version, tenant=None, code=code, defaults={"label": str(label), "iabe_sector": sector}
        )
    for code, label, parent, sector in SHARED_SUB_CODES:
        Destination.objects.get_or_create(
            version=version,
            tenant=None,
            code=code,
            defaults={"label": str(label), "iabe_sector": sector, "parent": tops[parent]},
        )
    for land, code, label, parent in programmes:
        Destination.objects.get_or_create(
            version=version,
            tenant=None,
            code=code,
            defaults={
                "label": label,
                "iabe_sector": tops[parent].iabe_sector,
                "parent": tops[parent],
                "land": land,
            },
        )
    return version


def codes_for(tenant: Tenant) -> dict[str, Destination]:
    """Every code a tenant may use, by code: the shared ones and its own sub-codes."""
    ensure_code_list()
    return {d.code: d for d in Destination.objects.available_to(tenant).select_related("parent")}


def record_cohorts(tenant: Tenant, years: Iterable[int]) -> None:
    """Note that the cohorts of `years` now hold records of the current version."""
    version = ensure_code_list()
    CohortCodeList.objects.bulk_create(
        [CohortCodeList(tenant=tenant, leaving_year=year, version=version) for year in set(years)],
        ignore_conflicts=True,
    )


def cohort_versions(tenant: Tenant) -> dict[int, list[str]]:
    """Leaving year → the versions its records were made with (oldest first)."""
    result: dict[int, list[str]] = {}
    for year, version in CohortCodeList.objects.for_tenant(tenant).values_list(
        "leaving_year", "version__version"
    ):
        result.setdefault(year, []).append(version)
    return result


def older_cohorts(tenant: Tenant, years: Iterable[int]) -> dict[int, list[str]]:
    """The cohorts among `years` recorded (also) with an older version than the current one."""
    versions = cohort_versions(tenant)
    return {
        year: versions[year]
        for year in sorted(set(years))
        if any(v != CURRENT_CODE_LIST_VERSION for v in versions.get(year, []))
    }


def changes(version: str = CURRENT_CODE_LIST_VERSION) -> list[dict]:
    """The changes of a version against its predecessor, with the labels of the codes."""
    labels = {code: str(label) for code, label, _sector in TOP_LEVEL_DESTINATIONS}
    return [
        {
            "from": [(code, labels.get(code, code)) for code in change["from"]],
            "to": [(code, labels.get(code, code)) for code in change["to"]],
            "note": str(change["note"]),
        }
        for change in VERSION_CHANGES.get(version, [])
    ]
