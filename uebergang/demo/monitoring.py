"""Demo monitoring data: Musterkreis as microdata, Beispielstadt as aggregate tables.

Musterkreis: six leaving years (2020–2025) of about 1,800 leavers each at the schools of the demo network,
with plausible distributions by school type, qualification and gender, planned and actual destinations
(the plan mostly holds, some plans shift), 4–8 % unknown destinations (falling over the years), follow-ups
one year later for the older cohorts, and local sub-codes (AV dual, BvB, EQ, FSJ). A mentoring programme
starting in 2022 at five schools raises their share into company-based training by about eight points.

Beispielstadt receives only tables from its school authority: counts by school × qualification × gender ×
destination for 2021–2025, many of them small.

Pseudonyms only: leaver records have no names or birth dates; the source ids ("MK-2023-17") exist only
as input to the keyed hash. Generated from seeded random number generators, so every run gives the same
figures; a tenant that already has leavers or counts is left alone.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from uebergang.monitoring import clarifications
from uebergang.monitoring.codes import codes_for, record_cohorts
from uebergang.monitoring.models import CohortCount, Destination, Leaver
from uebergang.monitoring.pseudonyms import pseudonym, tenant_key
from uebergang.monitoring.summaries import refresh_cohort_counts, refresh_years
from uebergang.network.models import Organisation
from uebergang.tenants.models import Region, Tenant

SEED = "uebergang-demo-monitoring"
MUSTERKREIS_YEARS = range(2020, 2026)
BEISPIELSTADT_YEARS = range(2021, 2026)
FOLLOWUP_YEARS = range(2020, 2024)  # a follow-up one year later is known only for these cohorts
MENTORING_START = 2022
MENTORING_SCHOOLS = ["WRS Am Mühlbach", "WRS Am Deich", "WRS Bergdorf", "GMS Westhafen", "GMS Lindenau"]
MENTORING_GAIN = 0.08
BATCH_SIZE = 2000

School = Organisation.SchoolType

# Local sub-codes of Musterkreis: (code, label, top-level code).
LOCAL_CODES = [
    ("bvb", "BvB (Berufsvorbereitende Bildungsmaßnahme)", "transition"),
    ("eq", "EQ (Einstiegsqualifizierung)", "transition"),
    ("fsj", "FSJ (Freiwilliges Soziales Jahr)", "service"),
]
# How often a top-level destination is recorded with one of the local sub-codes instead.
SUB_CODE_SHARES = {
    "dual": [("dual_company", 0.88), ("dual_external", 0.08)],
    "rehab": [("rehab_training", 0.5), ("rehab_workshop", 0.3), ("rehab_bvb", 0.2)],
    "transition": [("bw_avdual", 0.25), ("bw_av", 0.1), ("bw_vabo", 0.05), ("bvb", 0.2), ("eq", 0.1)],
    "service": [("fsj", 0.5)],
}

# Leavers per year and school (before a per-school size factor) and the qualifications reached.
SCHOOL_SIZE = {
    School.WERKREALSCHULE: 45,
    School.REALSCHULE: 90,
    School.GEMEINSCHAFTSSCHULE: 70,
    School.GYMNASIUM: 110,
    School.SBBZ: 20,
    School.VOCATIONAL: 110,
}
QUALIFICATIONS = {
    School.WERKREALSCHULE: {"none": 0.1, "first": 0.62, "intermediate": 0.28},
    School.REALSCHULE: {"none": 0.02, "first": 0.08, "intermediate": 0.9},
    School.GEMEINSCHAFTSSCHULE: {"none": 0.05, "first": 0.3, "intermediate": 0.5, "abitur": 0.15},
    School.GYMNASIUM: {"intermediate": 0.06, "abitur": 0.94},
    School.SBBZ: {"none": 0.72, "first": 0.28},
    School.VOCATIONAL: {"first": 0.05, "intermediate": 0.25, "advanced_technical": 0.35, "abitur": 0.35},
}
# Known destinations by qualification reached (unknown destinations are drawn separately).
DESTINATIONS = {
    "none": {"dual": 0.1, "school_vet": 0.03, "transition": 0.54, "rehab": 0.08, "service": 0.02, "work": 0.08, "neet": 0.1, "other": 0.05},
    "first": {"dual": 0.38, "school_vet": 0.08, "transition": 0.35, "upper_secondary": 0.02, "general_school": 0.05, "service": 0.02, "work": 0.04, "neet": 0.03, "other": 0.03},
    "intermediate": {"dual": 0.4, "school_vet": 0.17, "transition": 0.08, "upper_secondary": 0.27, "service": 0.03, "work": 0.02, "neet": 0.01, "other": 0.02},
    "advanced_technical": {"dual": 0.35, "school_vet": 0.08, "transition": 0.02, "higher_ed": 0.35, "service": 0.08, "work": 0.05, "neet": 0.02, "other": 0.05},
    "abitur": {"dual": 0.17, "school_vet": 0.05, "transition": 0.01, "higher_ed": 0.58, "service": 0.11, "work": 0.03, "neet": 0.01, "other": 0.04},
}  # fmt: skip
# Where leavers are one year later, by their first destination.
FOLLOWUPS = {
    "dual": {"dual": 0.88, "school_vet": 0.02, "work": 0.04, "neet": 0.03, "unknown": 0.03},
    "school_vet": {"school_vet": 0.85, "dual": 0.06, "work": 0.03, "neet": 0.02, "unknown": 0.04},
    "transition": {
        "dual": 0.42,
        "school_vet": 0.1,
        "transition": 0.2,
        "work": 0.1,
        "neet": 0.1,
        "unknown": 0.08,
    },
    "upper_secondary": {"upper_secondary": 0.82, "dual": 0.1, "school_vet": 0.04, "unknown": 0.04},
    "general_school": {
        "dual": 0.45,
        "school_vet": 0.15,
        "upper_secondary": 0.2,
        "transition": 0.15,
        "unknown": 0.05,
    },
    "rehab": {"rehab": 0.8, "work": 0.08, "neet": 0.06, "unknown": 0.06},
    "higher_ed": {"higher_ed": 0.9, "dual": 0.05, "work": 0.02, "unknown": 0.03},
    "service": {"higher_ed": 0.4, "dual": 0.32, "school_vet": 0.12, "work": 0.1, "unknown": 0.06},
    "work": {"work": 0.55, "dual": 0.18, "neet": 0.15, "unknown": 0.12},
    "neet": {"neet": 0.35, "transition": 0.25, "dual": 0.12, "work": 0.13, "unknown": 0.15},
    "other": {"other": 0.5, "dual": 0.2, "work": 0.15, "unknown": 0.15},
    "unknown": {"unknown": 0.7, "dual": 0.1, "work": 0.1, "neet": 0.1},
}
# Destinations the mentoring programme turns into company-based training.
MENTORING_FROM = ("transition", "neet", "work")
GENDERS = {"f": 0.483, "m": 0.503, "d": 0.004, "x": 0.01}
BASE_AGE = {"none": 16, "first": 16, "intermediate": 17, "advanced_technical": 19, "abitur": 19}
NON_GERMAN = {School.WERKREALSCHULE: 0.2, School.SBBZ: 0.18, School.GEMEINSCHAFTSSCHULE: 0.14}


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def unknown_share(year: int) -> float:
    """Tracking improves over the years: about 7.5 % unknown in 2020, about 4.5 % in 2025."""
    return 0.075 - 0.006 * (year - MUSTERKREIS_YEARS.start)


def known_destinations(qualification: str, gender: str, year: int, mentored: bool) -> dict[str, float]:
    weights = dict(DESTINATIONS[qualification])
    if gender == "f":  # more schooling for care and health professions, fewer apprenticeships
        shift = min(0.05, weights["dual"])
        weights["dual"] -= shift
        weights["school_vet"] = weights.get("school_vet", 0) + shift
    if year <= 2021:  # a weaker apprenticeship market in the pandemic years
        shift = min(0.03, weights["dual"])
        weights["dual"] -= shift
        weights["transition"] = weights.get("transition", 0) + shift
    if mentored and year >= MENTORING_START:
        pool = sum(weights.get(code, 0) for code in MENTORING_FROM)
        gain = min(MENTORING_GAIN, pool)
        for code in MENTORING_FROM:
            weights[code] = weights.get(code, 0) * (1 - gain / pool)
        weights["dual"] += gain
    return weights


@dataclass(frozen=True)
class SchoolPlan:
    organisation: Organisation
    size: float
    mentored: bool


def _school_plans(rng: random.Random, schools: list[Organisation]) -> list[SchoolPlan]:
    mentored = {s.pk for s in schools if s.short_name in MENTORING_SCHOOLS}
    if not mentored:  # a network other than the demo's: take the first five lower secondary schools
        lower = [s for s in schools if s.school_type in (School.WERKREALSCHULE, School.GEMEINSCHAFTSSCHULE)]
        mentored = {s.pk for s in lower[:5]}
    return [
        SchoolPlan(s, SCHOOL_SIZE.get(s.school_type, 60) * rng.uniform(0.8, 1.2), s.pk in mentored)
        for s in schools
    ]


def _local_codes(tenant: Tenant) -> dict[str, Destination]:
    codes = codes_for(tenant)
    for code, label, parent in LOCAL_CODES:
        if code not in codes:
            top = codes[parent]
            codes[code] = Destination.objects.create(
                version=top.version, tenant=tenant, code=code, label=label, parent=top
            )
    return codes


def _refine(rng: random.Random, top: str) -> str:
    """A top-level code, sometimes recorded as one of Musterkreis's local sub-codes."""
    draw = rng.random()
    for code, share in SUB_CODE_SHARES.get(top, []):
        if draw < share:
            return code
        draw -= share
    return top


def _schools(tenant: Tenant) -> list[Organisation]:
    return list(
        Organisation.objects.for_tenant(tenant)
        .filter(kind=Organisation.Kind.SCHOOL)
        .exclude(school_type="")
        .order_by("name")
    )


def _age(rng: random.Random, qualification: str, school_type: str) -> int:
    age = BASE_AGE[qualification] + rng.choice((-1, 0, 0, 0, 1, 1))
    if school_type == School.VOCATIONAL:
        age += rng.choice((0, 1, 2))
    return age


def _region(rng: random.Random, school: Organisation, regions: list[Region]) -> Region | None:
    if school.region_id and rng.random() < 0.85:
        return school.region
    return rng.choice(regions) if regions else None


def _musterkreis(tenant: Tenant) -> None:
    rng = random.Random(f"{SEED}-{tenant.slug}")
    codes = _local_codes(tenant)
    key = tenant_key(tenant)
    regions = list(Region.objects.for_tenant(tenant).order_by("position", "name"))
    plans = _school_plans(rng, _schools(tenant))
    leavers: list[Leaver] = []
    for year in MUSTERKREIS_YEARS:
        n = 0
        for plan in plans:
            school = plan.organisation
            for _ in range(round(plan.size * rng.uniform(0.93, 1.07))):
                n += 1
                qualification = weighted(rng, QUALIFICATIONS[school.school_type])
                gender = weighted(rng, GENDERS)
                weights = known_destinations(qualification, gender, year, plan.mentored)
                actual = "unknown" if rng.random() < unknown_share(year) else weighted(rng, weights)
                if rng.random() < 0.03:
                    planned = None  # no plan was recorded
                elif actual != "unknown" and rng.random() < 0.72:
                    planned = actual
                elif actual in MENTORING_FROM and rng.random() < 0.5:
                    planned = "dual"  # hoped for an apprenticeship, did not find one
                else:
                    planned = weighted(rng, DESTINATIONS[qualification])
                followup = weighted(rng, FOLLOWUPS[actual]) if year in FOLLOWUP_YEARS else None
                special_needs = school.school_type == School.SBBZ or rng.random() < 0.03
                non_german = rng.random() < NON_GERMAN.get(school.school_type, 0.09)
                leavers.append(
                    Leaver(
                        tenant=tenant,
                        pseudonym=pseudonym(key, f"MK-{year}-{n}"),
                        school=school,
                        school_type=school.school_type,
                        leaving_year=year,
                        qualification=qualification,
                        gender=gender,
                        age_at_leaving=_age(rng, qualification, school.school_type),
                        region=_region(rng, school, regions),
                        special_needs=special_needs,
                        non_german=None if rng.random() < 0.02 else non_german,
                        planned_destination=codes[_refine(rng, planned)] if planned else None,
                        planned_on=date(year, rng.choice((3, 4)), rng.randint(1, 28)) if planned else None,
                        actual_destination=codes[_refine(rng, actual)],
                        actual_as_of=date(year, 10, 1),
                        followup_destination=codes[_refine(rng, followup)] if followup else None,
                        followup_as_of=date(year + 1, 10, 1) if followup else None,
                    )
                )
    Leaver.objects.bulk_create(leavers, batch_size=BATCH_SIZE)
    refresh_cohort_counts(tenant)
    record_cohorts(tenant, MUSTERKREIS_YEARS)
    # Loaded like an import: clarifications of the Verbleibsklärung recorded earlier still hold.
    clarifications.reapply(tenant, MUSTERKREIS_YEARS)


# Beispielstadt's schools, if the network demo made none: (short name, name, school type, region).
BEISPIELSTADT_SCHOOLS = [
    ("WRS Am Stadtpark", "Werkrealschule Am Stadtpark Beispielstadt", School.WERKREALSCHULE, "Süd"),
    ("GMS Nord", "Gemeinschaftsschule Beispielstadt-Nord", School.GEMEINSCHAFTSSCHULE, "Nord"),
    ("BSZ Beispielstadt", "Berufsschulzentrum Beispielstadt", School.VOCATIONAL, "Süd"),
]


def _ensure_schools(tenant: Tenant) -> list[Organisation]:
    schools = _schools(tenant)
    if schools:
        return schools
    regions = {r.name: r for r in Region.objects.for_tenant(tenant)}
    Organisation.objects.bulk_create(
        Organisation(
            tenant=tenant,
            name=name,
            short_name=short,
            kind=Organisation.Kind.SCHOOL,
            school_type=school_type,
            region=regions.get(region),
        )
        for short, name, school_type, region in BEISPIELSTADT_SCHOOLS
    )
    return _schools(tenant)


def _beispielstadt(tenant: Tenant) -> None:
    """Tables only: counts per school × qualification × gender × destination, no records."""
    rng = random.Random(f"{SEED}-{tenant.slug}")
    schools = _ensure_schools(tenant)
    sizes = {s.pk: SCHOOL_SIZE.get(s.school_type, 60) * rng.uniform(0.9, 1.3) for s in schools}
    rows = []
    for year in BEISPIELSTADT_YEARS:
        for school in schools:
            cells: Counter[tuple[str, str, str]] = Counter()
            for _ in range(round(sizes[school.pk] * rng.uniform(0.9, 1.1))):
                qualification = weighted(rng, QUALIFICATIONS[school.school_type])
                gender = weighted(rng, GENDERS)
                weights = known_destinations(qualification, gender, year, mentored=False)
                destination = "unknown" if rng.random() < 0.06 else weighted(rng, weights)
                cells[qualification, gender, destination] += 1
            rows.extend(
                CohortCount(
                    tenant=tenant,
                    origin=CohortCount.Origin.TABLE,
                    leaving_year=year,
                    school=school,
                    school_type=school.school_type,
                    qualification=qualification,
                    gender=gender,
                    destination=destination,
                    count=count,
                )
                for (qualification, gender, destination), count in sorted(cells.items())
            )
    CohortCount.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    record_cohorts(tenant, {row.leaving_year for row in rows})
    refresh_years(tenant)  # the association's comparison reads the per-year summary


def _untouched(tenant: Tenant | None) -> bool:
    return (
        tenant is not None
        and not Leaver.objects.for_tenant(tenant).exists()
        and not CohortCount.objects.for_tenant(tenant).exists()
    )


@transaction.atomic
def load() -> None:
    musterkreis = Tenant.objects.filter(slug="musterkreis").first()
    if _untouched(musterkreis):
        _musterkreis(musterkreis)
    beispielstadt = Tenant.objects.filter(slug="beispielstadt").first()
    if _untouched(beispielstadt):
        _beispielstadt(beispielstadt)
