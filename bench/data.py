"""Generated benchmark data: tenants with schools, and leaver facts drawn like the Musterkreis demo.

Drawing every leaver through the demo's distributions costs ~10 random draws a row; the benchmarks need
millions of rows, so each school type gets a pool of pre-drawn leavers and rows pick from it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SCHOOL_TYPES = [
    "werkrealschule",
    "realschule",
    "gemeinschaftsschule",
    "gymnasium",
    "sbbz",
    "vocational",
]
# The school types of a tenant's schools, in order (20 schools per tenant by default).
SCHOOL_MIX = [
    "werkrealschule", "realschule", "gemeinschaftsschule", "gymnasium", "vocational",
    "werkrealschule", "realschule", "gemeinschaftsschule", "sbbz", "vocational",
    "werkrealschule", "realschule", "gemeinschaftsschule", "gymnasium", "vocational",
    "werkrealschule", "gemeinschaftsschule", "sbbz", "realschule", "vocational",
]  # fmt: skip
REGIONS = ["Nord", "Mitte", "Süd"]
POOL_SIZE = 4000


@dataclass(frozen=True)
class Fact:
    qualification: str
    gender: str
    age: int
    special_needs: bool
    non_german: bool | None
    planned: str | None
    actual: str
    followup: str


def pools(seed: str = "uebergang-bench") -> dict[str, list[Fact]]:
    """Pre-drawn leavers per school type, drawn with the demo's distributions (no mentoring effect)."""
    from uebergang.demo import monitoring as demo

    rng = random.Random(seed)
    result = {}
    for school_type in SCHOOL_TYPES:
        facts = []
        for _ in range(POOL_SIZE):
            qualification = demo.weighted(rng, demo.QUALIFICATIONS[school_type])
            gender = demo.weighted(rng, demo.GENDERS)
            actual = (
                "unknown"
                if rng.random() < 0.06
                else demo.weighted(rng, demo.known_destinations(qualification, gender, 2023, False))
            )
            planned = (
                actual
                if actual != "unknown" and rng.random() < 0.72
                else demo.weighted(rng, demo.DESTINATIONS[qualification])
            )
            followup = demo.weighted(rng, demo.FOLLOWUPS[actual])
            facts.append(
                Fact(
                    qualification=qualification,
                    gender=gender,
                    age=demo._age(rng, qualification, school_type),
                    special_needs=school_type == "sbbz" or rng.random() < 0.03,
                    non_german=None if rng.random() < 0.02 else rng.random() < 0.12,
                    planned=None if rng.random() < 0.03 else demo._refine(rng, planned),
                    actual=demo._refine(rng, actual),
                    followup=demo._refine(rng, followup),
                )
            )
        result[school_type] = facts
    return result


@dataclass
class BenchTenant:
    tenant: object
    schools: list  # Organisation
    regions: list  # Region
    codes: dict  # code -> Destination id (top-level and the tenant's local sub-codes)


def create_tenants(count: int, *, schools_per_tenant: int = 20, prefix: str = "bench") -> list[BenchTenant]:
    """`count` tenants, each with regions, schools (school numbers 04NNNNNN) and the demo's local sub-codes."""
    from uebergang.demo.monitoring import LOCAL_CODES
    from uebergang.monitoring.codes import ensure_code_list
    from uebergang.monitoring.models import Destination
    from uebergang.network.models import Organisation
    from uebergang.tenants.models import Region, Tenant

    version = ensure_code_list()
    top = {d.code: d for d in Destination.objects.top_level().filter(version=version)}
    tenants = Tenant.objects.bulk_create(
        Tenant(slug=f"{prefix}-{i:03d}", name=f"Benchkreis {i:03d}", kind=Tenant.Kind.DISTRICT)
        for i in range(count)
    )
    created = Region.objects.bulk_create(
        Region(tenant=t, name=name, position=p) for t in tenants for p, name in enumerate(REGIONS)
    )
    regions: dict[int, list] = {}
    for region in created:
        regions.setdefault(region.tenant_id, []).append(region)
    Organisation.objects.bulk_create(
        Organisation(
            tenant=t,
            name=school_name(s),
            short_name=f"Schule {s:02d}",
            kind=Organisation.Kind.SCHOOL,
            school_type=SCHOOL_MIX[s % len(SCHOOL_MIX)],
            identifier=school_number(s),
            region=regions[t.pk][s % len(REGIONS)],
        )
        for t in tenants
        for s in range(schools_per_tenant)
    )
    Destination.objects.bulk_create(
        Destination(version=version, tenant=t, code=code, label=label, parent=top[parent])
        for t in tenants
        for code, label, parent in LOCAL_CODES
    )
    schools, local = {}, {}
    for school in Organisation.objects.filter(tenant__in=tenants).order_by("identifier"):
        schools.setdefault(school.tenant_id, []).append(school)
    for code in Destination.objects.filter(tenant__in=tenants):
        local.setdefault(code.tenant_id, {})[code.code] = code.pk
    top_ids = {code: d.pk for code, d in top.items()}
    return [BenchTenant(t, schools[t.pk], regions[t.pk], {**top_ids, **local[t.pk]}) for t in tenants]


def school_number(s: int) -> str:
    return f"04{100000 + 37 * s:06d}"


def school_name(s: int) -> str:
    return f"Bench-Schule {s:02d}"
