"""Effectiveness: an offering's outcome beside its comparison group, checked against a computation by hand."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import pytest

from uebergang.cases.models import Case, Referral
from uebergang.monitoring.codes import codes_for
from uebergang.monitoring.models import CohortCount, Leaver
from uebergang.network.models import Organisation
from uebergang.quality import effect
from uebergang.quality.models import PartnerReport
from uebergang.test import create_case, create_school_review

Q = "/kreis-a/intern/qualitaet"

# The 2025 cohort of the cast's school: (school type, qualification, gender, destination, count).
COHORT = [
    ("realschule", "first", "f", "dual", 8),
    ("realschule", "first", "f", "work", 12),
    ("realschule", "first", "m", "dual", 3),
    ("realschule", "first", "m", "work", 2),
    ("realschule", "intermediate", "f", "school_vet", 20),
    ("realschule", "intermediate", "f", "transition", 10),
    ("realschule", "intermediate", "m", "dual", 16),
    ("realschule", "intermediate", "m", "neet", 14),
    ("realschule", "intermediate", "m", "unknown", 7),  # not known: in neither share
]


@pytest.fixture
def cohort(cast):
    school = create_school_review(cast.tenant_a)
    for school_type, qualification, gender, destination, count in COHORT:
        CohortCount.objects.create(
            tenant_id=cast.tenant_a.pk,
            origin="microdata",
            leaving_year=2025,
            school_id=school.pk,
            school_type=school_type,
            qualification=qualification,
            gender=gender,
            destination=destination,
            count=count,
        )
    # Every other active school of the tenant reported too (the cohort is complete), nothing known.
    for other in Organisation.objects.filter(tenant=cast.tenant_a, kind="school", is_active=True).exclude(
        pk=school.pk
    ):
        CohortCount.objects.create(
            tenant_id=cast.tenant_a.pk,
            origin="microdata",
            leaving_year=2025,
            school_id=other.pk,
            school_type="realschule",
            qualification="first",
            gender="f",
            destination="not_collected",
            count=30,
        )
    return school


def test_wilson_interval_matches_the_textbook_value():
    low, high = effect.wilson(5, 8)
    assert (round(low, 4), round(high, 4)) == (0.3057, 0.8632)


def test_partner_reports_against_leavers_with_the_same_qualification(cast, cohort):
    # The cast's report (period ending 2026): 7 of 13 known in dual training; leavers 9 "first", 6 "intermediate".
    result = effect.from_reports(cast.offerings_a.published, 2026, context=effect.Context(cast.tenant_a))
    assert result.comparison_year == 2025
    assert (result.known, result.in_training, result.leavers) == (13, 7, 15)
    rate_first, rate_intermediate = 11 / 25, 36 / 60  # by hand from COHORT
    expected = (9 * rate_first + 6 * rate_intermediate) / 15
    assert result.expected == pytest.approx(expected)
    w_first, w_intermediate = 9 / 15, 6 / 15
    variance = (
        w_first**2 * rate_first * (1 - rate_first) / 25
        + w_intermediate**2 * rate_intermediate * (1 - rate_intermediate) / 60
    )
    spread = 1.96 * math.sqrt(variance)
    assert result.expected_interval == pytest.approx((expected - spread, expected + spread))
    share = 7 / 13
    se = math.sqrt(share * (1 - share) / 13 + variance)
    assert result.difference == pytest.approx(share - expected)
    assert result.difference_interval == pytest.approx(
        (share - expected - 1.96 * se, share - expected + 1.96 * se)
    )
    assert result.interval == pytest.approx(effect.wilson(7, 13))
    assert result.verdict == "kein deutlicher Unterschied zur Vergleichsgruppe"
    assert result.levels == [("gleicher Abschluss", 15)]


def test_a_small_count_beside_its_total_is_not_given_away_by_a_share(cast, cohort):
    # 8 known, 5 in training, 3 otherwise: the share (63 %) beside 8 would tell the 3.
    PartnerReport.objects.filter(offering=cast.offerings_a.published).update(
        destinations={"dual": 5, "transition": 3, "unknown": 2}, completions=10, dropouts=0
    )
    result = effect.from_reports(cast.offerings_a.published, 2026, context=effect.Context(cast.tenant_a))
    assert not result.shown and result.share is None and result.expected is None
    assert "kleine Zahl" in result.reason


def test_too_few_leavers_show_nothing_but_the_reason(cast, cohort):
    PartnerReport.objects.filter(offering=cast.offerings_a.published).update(
        destinations={"dual": 2, "unknown": 8}, completions=10, dropouts=0
    )
    result = effect.from_reports(cast.offerings_a.published, 2026, context=effect.Context(cast.tenant_a))
    assert not result.shown and result.share is None and "Zu wenige" in result.reason


def test_an_incomplete_cohort_is_not_compared(cast, cohort):
    CohortCount.objects.filter(tenant_id=cast.tenant_a.pk).exclude(school_id=cohort.pk).delete()
    Organisation.objects.create(tenant=cast.tenant_a, name="Neue Schule", kind="school")
    result = effect.from_reports(cast.offerings_a.published, 2026, context=effect.Context(cast.tenant_a))
    assert result.comparison_year is None and result.expected is None
    assert "Keine vollständige Abgangskohorte" in result.reason


def test_referred_young_people_against_leavers_of_the_same_cell(cast, cohort):
    codes = codes_for(cast.tenant_a)
    people = [
        *[(f"f{i}", "f", "dual") for i in range(3)],
        *[(f"f{i}", "f", "work") for i in range(3, 5)],
        ("m0", "m", "dual"),
        ("m1", "m", "school_vet"),
        *[(f"m{i}", "m", "work") for i in range(2, 5)],
    ]
    for index, (pseudonym, gender, destination) in enumerate(people):
        Leaver.objects.create(
            tenant_id=cast.tenant_a.pk,
            pseudonym=pseudonym,
            school_id=cohort.pk,
            school_type="realschule",
            leaving_year=2025,
            qualification="first",
            gender=gender,
        )
        case = create_case(
            cast.tenant_a,
            cast.case_worker,
            f"w{index}",
            leaving_year=2025,
            pupil_pseudonym=pseudonym,
            status=Case.Status.CLOSED,
            outcome=Case.Outcome.DESTINATION_REACHED,
            destination=codes[destination],
            closed_at=datetime(2025, 11, 1, tzinfo=UTC),
        )
        Referral.objects.create(
            case=case,
            offering=cast.offerings_a.published,
            provider=cast.offerings_a.published.provider,
            legal_basis=cast.cases_a.legal_basis,
            status=Referral.Status.COMPLETED,
            sent_at=datetime(2025, 8, 1, tzinfo=UTC),
        )
    result = effect.from_referrals(cast.offerings_a.published, 2025, context=effect.Context(cast.tenant_a))
    assert (result.known, result.in_training) == (10, 5)
    # Women: their own cell (20 leavers, 8 in training); men: 5 leavers only, so school type and qualification
    # (25 leavers, 11 in training).
    assert result.expected == pytest.approx((5 * 8 / 20 + 5 * 11 / 25) / 10)
    assert result.levels == [
        ("gleiche Schulart, gleicher Abschluss, gleiches Geschlecht", 5),
        ("gleiche Schulart, gleicher Abschluss", 5),
    ]


def test_the_page_states_its_method_and_limits_and_is_for_coordinators_and_steering(client, cast, cohort):
    client.force_login(cast.steering)
    page = client.get(f"{Q}/wirkung/").content.decode()
    assert "indirekte Standardisierung" in page and "nicht, dass das Angebot die Ursache ist" in page
    assert cast.offerings_a.published.title in page and "Vergleichsgruppe (Abgangsjahr 2025)" in page
    for who in ("partner", "case_worker"):
        client.force_login(getattr(cast, who))
        assert client.get(f"{Q}/wirkung/").status_code == 403
    client.force_login(cast.coordinator_b)
    assert client.get(f"{Q}/wirkung/").status_code == 403
    page = client.get("/stadt-b/intern/qualitaet/wirkung/").content.decode()
    assert cast.offerings_a.published.title not in page
    client.force_login(cast.outsider)
    assert client.get(f"{Q}/wirkung/").status_code == 403


def test_the_years_on_offer_come_from_submitted_reports(cast):
    assert effect.years(cast.tenant_a) == [2026]
    assert date(2026, 6, 30).year == 2026
