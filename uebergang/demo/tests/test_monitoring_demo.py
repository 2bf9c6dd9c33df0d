"""The monitoring demo: Musterkreis as pseudonymised microdata, Beispielstadt as tables only."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.db.models import Sum

from uebergang.demo import members, monitoring
from uebergang.monitoring.models import CohortCount, Destination, Leaver
from uebergang.network.models import Organisation
from uebergang.tenants.models import Tenant

HEX64 = re.compile(r"[0-9a-f]{64}")


@pytest.fixture
def demo(db):
    call_command("demo_data")
    return Tenant.objects.get(slug="musterkreis"), Tenant.objects.get(slug="beispielstadt")


def snapshot():
    return (
        sorted(
            Leaver.objects.values_list(
                "pseudonym",
                "school__name",
                "school_type",
                "leaving_year",
                "qualification",
                "gender",
                "age_at_leaving",
                "region__name",
                "special_needs",
                "non_german",
                "planned_destination__code",
                "planned_on",
                "actual_destination__code",
                "actual_as_of",
                "followup_destination__code",
                "followup_as_of",
            )
        ),
        sorted(
            CohortCount.objects.values_list(
                "tenant__slug",
                "origin",
                "leaving_year",
                "school__name",
                "qualification",
                "gender",
                "region__name",
                "destination",
                "planned",
                "followup",
                "count",
            )
        ),
        sorted(
            Destination.objects.filter(tenant__isnull=False).values_list(
                "tenant__slug", "code", "parent__code"
            )
        ),
    )


def test_musterkreis_has_six_years_of_about_1800_leavers_with_plausible_destinations(demo):
    musterkreis, _ = demo
    leavers = Leaver.objects.for_tenant(musterkreis)
    per_year = Counter(leavers.values_list("leaving_year", flat=True))
    assert sorted(per_year) == [2020, 2021, 2022, 2023, 2024, 2025]
    assert all(1620 <= n <= 1980 for n in per_year.values()), per_year
    assert leavers.values("school").distinct().count() == 25

    unknown = Counter(
        leavers.filter(actual_destination__code="unknown").values_list("leaving_year", flat=True)
    )
    for year, total in per_year.items():
        assert 0.035 <= unknown[year] / total <= 0.09, (year, unknown[year], total)
        with_followup = leavers.filter(leaving_year=year, followup_destination__isnull=False).count()
        assert (with_followup == total) if year <= 2023 else (with_followup == 0)

    # Every leaver has an actual destination; most plans hold, some shift.
    assert not leavers.filter(actual_destination__isnull=True).exists()
    planned = leavers.filter(planned_destination__isnull=False)
    kept = sum(1 for p, a in planned.values_list("planned_destination", "actual_destination") if p == a)
    assert 0.55 < kept / planned.count() < 0.9

    # Local sub-codes of Musterkreis, programmes of Baden-Württemberg and the shared sub-codes are in
    # use; the counts roll them up into the top-level codes and keep where dual training takes place.
    used = set(leavers.values_list("actual_destination__code", flat=True))
    assert {
        "bw_avdual",
        "bw_vabo",
        "bvb",
        "eq",
        "fsj",
        "dual_company",
        "dual_external",
        "general_school",
    } <= used
    assert not any(code.startswith(("he_", "nw_", "by_", "ni_")) for code in used)
    cells = CohortCount.objects.for_tenant(musterkreis)
    assert set(cells.values_list("origin", flat=True)) == {"microdata"}
    assert cells.aggregate(n=Sum("count"))["n"] == leavers.count()
    assert not cells.filter(destination__in=["bw_avdual", "bvb", "eq", "fsj", "dual_company"]).exists()
    assert cells.filter(destination="dual", place="dual_company").exists()

    # Werkrealschule leavers go mostly into training or the transition sector, Gymnasium leavers mostly on.
    def shares(school_type):
        rows = cells.filter(school_type=school_type).values_list("destination", "count")
        by_code = Counter()
        for code, count in rows:
            by_code[code] += count
        return {code: n / sum(by_code.values()) for code, n in by_code.items()}

    wrs, gym = shares("werkrealschule"), shares("gymnasium")
    assert wrs["dual"] + wrs["transition"] > 0.5 > gym["dual"] + gym["transition"]
    assert gym["higher_ed"] + gym.get("upper_secondary", 0) + gym["service"] > 0.55
    genders = set(leavers.values_list("gender", flat=True))
    assert genders == {"f", "m", "d", "x"}


def test_the_mentoring_schools_gain_in_company_training_from_2022(demo):
    musterkreis, _ = demo
    mentored = set(
        Organisation.objects.filter(
            tenant=musterkreis, short_name__in=monitoring.MENTORING_SCHOOLS
        ).values_list("pk", flat=True)
    )
    assert len(mentored) == 5
    totals, dual = defaultdict(int), defaultdict(int)
    rows = CohortCount.objects.for_tenant(musterkreis).filter(
        school_type__in=["werkrealschule", "gemeinschaftsschule"]
    )
    for school, year, destination, count in rows.values_list(
        "school", "leaving_year", "destination", "count"
    ):
        key = (school in mentored, year >= monitoring.MENTORING_START)
        totals[key] += count
        dual[key] += count if destination == "dual" else 0

    def gain(group):
        return dual[group, True] / totals[group, True] - dual[group, False] / totals[group, False]

    assert gain(True) - gain(False) > 0.04


def test_beispielstadt_has_tables_only_with_many_small_cells(demo):
    _, beispielstadt = demo
    assert not Leaver.objects.for_tenant(beispielstadt).exists()
    cells = CohortCount.objects.for_tenant(beispielstadt)
    assert set(cells.values_list("origin", flat=True)) == {"table"}
    assert sorted(set(cells.values_list("leaving_year", flat=True))) == [2021, 2022, 2023, 2024, 2025]
    assert set(cells.values_list("school__kind", flat=True)) == {"school"}
    counts = list(cells.values_list("count", flat=True))
    assert sum(1 for n in counts if n < 5) > len(counts) / 3
    assert all(n > 0 for n in counts)


def test_no_names_or_birth_dates_only_keyed_pseudonyms(demo):
    for model in (Leaver, CohortCount):
        fields = {f.name for f in model._meta.get_fields()}
        assert not {f for f in fields if "name" in f or "birth" in f}
    pseudonyms = list(Leaver.objects.values_list("pseudonym", flat=True))
    assert all(HEX64.fullmatch(p) for p in pseudonyms)
    assert len(set(pseudonyms)) == len(pseudonyms)
    assert not any(p.startswith("MK-") for p in pseudonyms)


def test_a_second_run_changes_nothing_and_a_fresh_run_gives_the_same_data(demo):
    first = snapshot()
    call_command("demo_data")
    assert snapshot() == first

    # Emptied and loaded again (same tenant keys): the very same records and counts.
    CohortCount.objects.all().delete()
    Leaver.objects.all().delete()
    Destination.objects.filter(tenant__isnull=False).delete()
    monitoring.load()
    members.load()  # the association's other members: tables only
    assert snapshot() == first
