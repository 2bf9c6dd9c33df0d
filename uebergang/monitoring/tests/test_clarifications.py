"""A cleared case changes the monitoring figure: the leaver's destination becomes the clarified one, the
school's report is kept, the dashboard shows "unbekannt" before and after, a re-import keeps it where
the school still says unknown, and nothing of another municipality is touched."""

from __future__ import annotations

import pytest

from uebergang.accounts.models import Membership
from uebergang.cases.actions import close_case
from uebergang.cases.models import Case
from uebergang.monitoring import clarifications, queries
from uebergang.monitoring.codes import codes_for
from uebergang.monitoring.models import Clarification, CohortCount, Leaver, YearSummary
from uebergang.monitoring.pseudonyms import pseudonym, tenant_key
from uebergang.monitoring.summaries import refresh_cohort_counts
from uebergang.test import create_case, create_organisation

YEAR = 2025


def leavers(tenant, school, destination: str, n: int, prefix: str) -> list[str]:
    codes = codes_for(tenant)
    names = [pseudonym(tenant_key(tenant), f"{prefix}-{index}") for index in range(n)]
    Leaver.objects.bulk_create(
        Leaver(
            tenant=tenant,
            pseudonym=name,
            school=school,
            school_type="realschule",
            leaving_year=YEAR,
            qualification="intermediate",
            actual_destination=codes[destination],
        )
        for name in names
    )
    return names


def unknown_count(tenant) -> int:
    return sum(
        YearSummary.objects.for_tenant(tenant)
        .filter(leaving_year=YEAR, destination="unknown")
        .values_list("count", flat=True)
    )


@pytest.fixture
def cohort(cast):
    school = create_organisation(cast.tenant_a, "Realschule am See", "school", school_type="realschule")
    unknown = leavers(cast.tenant_a, school, "unknown", 12, "u")
    leavers(cast.tenant_a, school, "dual", 30, "d")
    refresh_cohort_counts(cast.tenant_a, [YEAR])
    return school, unknown


def test_closing_a_case_with_a_destination_clears_the_leaver_in_monitoring(cast, cohort):
    _school, unknown = cohort
    worker = cast.members_a[Membership.Role.CASE_WORKER]
    case = create_case(cast.tenant_a, worker, "klärung", pupil_pseudonym=unknown[0], leaving_year=YEAR)
    assert unknown_count(cast.tenant_a) == 12
    close_case(
        case=case,
        actor=worker,
        outcome=Case.Outcome.DESTINATION_REACHED,
        destination=codes_for(cast.tenant_a)["dual"],
    )
    assert unknown_count(cast.tenant_a) == 11
    leaver = Leaver.objects.get(tenant=cast.tenant_a, pseudonym=unknown[0])
    assert leaver.actual_destination.code == "dual"
    clarification = Clarification.objects.get()
    assert clarification.destination_before.code == "unknown"  # the school's report is kept
    assert clarification.destination_after.code == "dual"
    assert f"Fall {case.pk}" in clarification.source and unknown[0] not in clarification.source
    dual = CohortCount.objects.for_tenant(cast.tenant_a).filter(leaving_year=YEAR, destination="dual")
    assert sum(dual.values_list("count", flat=True)) == 31


def test_the_dashboard_shows_unknown_before_and_after_and_hides_a_small_difference(client, cast, cohort):
    _school, unknown = cohort
    dual = codes_for(cast.tenant_a)["dual"]
    clarifications.clarify(
        tenant=cast.tenant_a, leaving_year=YEAR, pseudonym=unknown[0], destination=dual, source="Test"
    )
    client.force_login(cast.coordinator)
    page = client.get(f"/kreis-a/intern/monitoring/?jahr={YEAR}").content.decode()
    assert "vor der Verbleibsklärung: ." in page  # one cleared: the difference would show a small number
    for name in unknown[1:6]:
        clarifications.clarify(
            tenant=cast.tenant_a, leaving_year=YEAR, pseudonym=name, destination=dual, source="Test"
        )
    page = client.get(f"/kreis-a/intern/monitoring/?jahr={YEAR}").content.decode()
    assert "vor der Verbleibsklärung: 28,6 % (12 Personen)" in page  # 12 of 42 before, 6 after
    (row,) = queries.headline(cast.tenant_a)
    assert row["unknown"].count == 6 and row["unknown_before"].count == 12


def test_a_reimport_keeps_the_clarification_where_the_school_still_says_unknown(cast, cohort):
    school, unknown = cohort
    dual = codes_for(cast.tenant_a)["dual"]
    for name in unknown[:2]:
        clarifications.clarify(
            tenant=cast.tenant_a, leaving_year=YEAR, pseudonym=name, destination=dual, source="Test"
        )
    # The school sends its list again: the first pupil still unknown, the second now in the transition sector.
    Leaver.objects.for_tenant(cast.tenant_a).filter(leaving_year=YEAR).delete()
    leavers(cast.tenant_a, school, "unknown", 12, "u")
    Leaver.objects.filter(tenant=cast.tenant_a, pseudonym=unknown[1]).update(
        actual_destination=codes_for(cast.tenant_a)["transition"]
    )
    assert clarifications.reapply(cast.tenant_a, [YEAR]) == 1
    carried = Leaver.objects.get(tenant=cast.tenant_a, pseudonym=unknown[0])
    assert carried.actual_destination.code == "dual"
    assert carried.actual_as_of == Clarification.objects.get(pseudonym=unknown[0]).clarified_on
    second = Clarification.objects.get(pseudonym=unknown[1])
    assert second.withdrawn_at is not None  # the school's newer word counts; the history stays
    assert unknown_count(cast.tenant_a) == 10


def test_withdrawing_restores_the_schools_report(cast, cohort):
    _school, unknown = cohort
    dual = codes_for(cast.tenant_a)["dual"]
    clarifications.clarify(
        tenant=cast.tenant_a, leaving_year=YEAR, pseudonym=unknown[0], destination=dual, source="T"
    )
    clarifications.withdraw(tenant=cast.tenant_a, leaving_year=YEAR, pseudonym=unknown[0])
    assert Leaver.objects.get(tenant=cast.tenant_a, pseudonym=unknown[0]).actual_destination.code == "unknown"
    assert unknown_count(cast.tenant_a) == 12


def test_another_municipalitys_leaver_with_the_same_pseudonym_is_never_touched(cast, cohort):
    _school, unknown = cohort
    school_b = create_organisation(cast.tenant_b, "Schule B", "school", school_type="realschule")
    Leaver.objects.create(
        tenant=cast.tenant_b,
        pseudonym=unknown[0],
        school=school_b,
        school_type="realschule",
        leaving_year=YEAR,
        qualification="intermediate",
        actual_destination=codes_for(cast.tenant_b)["unknown"],
    )
    clarifications.clarify(
        tenant=cast.tenant_a,
        leaving_year=YEAR,
        pseudonym=unknown[0],
        destination=codes_for(cast.tenant_a)["dual"],
        source="Test",
    )
    assert Leaver.objects.get(tenant=cast.tenant_b).actual_destination.code == "unknown"
    with pytest.raises(clarifications.NoLeaverRecord):
        clarifications.clarify(
            tenant=cast.tenant_a,
            leaving_year=YEAR,
            pseudonym="kein-solcher",
            destination=codes_for(cast.tenant_a)["dual"],
            source="T",
        )
