"""Indicators: hand-entered values with their source, and shares computed from the protected monitoring."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum

from uebergang.monitoring.models import CohortCount
from uebergang.monitoring.summaries import refresh_years
from uebergang.planning.models import Indicator, WorkPlan
from uebergang.planning.queries import monitoring_actuals

PLANS = "/kreis-a/intern/arbeitsplaene/"


def count(tenant, destination, n, *, year, gender="f"):
    CohortCount.objects.create(
        tenant=tenant,
        origin=CohortCount.Origin.TABLE,
        leaving_year=year,
        destination=destination,
        gender=gender,
        count=n,
    )


@pytest.fixture
def leavers(cast):
    """2025: every headline figure shown; 2024: two leavers of unknown whereabouts (to be kept secret)."""
    for destination, n in [("dual", 64), ("transition", 17), ("unknown", 5), ("upper_secondary", 67)]:
        count(cast.tenant_a, destination, n, year=2025)
    for destination, n in [("dual", 31), ("transition", 20), ("unknown", 2), ("upper_secondary", 40)]:
        count(cast.tenant_a, destination, n, year=2024)
    refresh_years(cast.tenant_a, [2024, 2025])  # as every import does


def independent_share(tenant, destination: str, year: int) -> Decimal:
    """The share counted straight from the cells, without the monitoring's queries."""
    cells = CohortCount.objects.filter(tenant=tenant, leaving_year=year)
    part = cells.filter(destination=destination).aggregate(n=Sum("count"))["n"]
    whole = cells.aggregate(n=Sum("count"))["n"]
    return Decimal(str(round(100 * part / whole, 1)))


def computed(cast, figure: str) -> Indicator:
    plan = WorkPlan.objects.for_tenant(cast.tenant_a).get()
    return Indicator.objects.create(
        plan=plan, name=f"Anteil {figure}", kind=Indicator.Kind.MONITORING, monitoring_figure=figure
    )


@pytest.mark.parametrize("figure", ["dual", "transition", "unknown"])
def test_computed_shares_equal_an_independent_count(cast, leavers, figure):
    by_year = {actual.year: actual for actual in monitoring_actuals(cast.tenant_a, figure)}
    assert by_year[2025].value == independent_share(cast.tenant_a, figure, 2025)


def test_a_hidden_figure_shows_the_mark_and_says_why_never_the_count(client, cast, leavers):
    indicator = computed(cast, "unknown")
    by_year = {actual.year: actual for actual in monitoring_actuals(cast.tenant_a, "unknown")}
    assert by_year[2024].hidden and by_year[2024].value is None
    client.force_login(cast.steering)
    page = client.get(f"{PLANS}kennzahlen/{indicator.pk}/").content.decode()
    row_2024 = page.split("<td>2024</td>")[1].split("</tr>")[0]
    assert ">.</abbr>" in row_2024 and "geheim zu halten" in row_2024
    assert "2,2" not in row_2024  # 2 of 93 would be 2.2 %
    row_2025 = page.split("<td>2025</td>")[1].split("</tr>")[0]
    assert "3,3 %" in row_2025  # 5 of 153


def test_the_plan_page_lists_indicators_with_their_latest_value(client, cast, leavers):
    computed(cast, "dual")
    client.force_login(cast.steering)
    page = client.get(f"{PLANS}{WorkPlan.objects.for_tenant(cast.tenant_a).get().pk}/").content.decode()
    assert "Anteil dual" in page and "41,8 % (2025)" in page
    assert "Teilnehmende Praktikumsbörse" in page and "120 Personen (2026)" in page


def test_the_coordinator_creates_a_computed_indicator_with_its_definition_filled_in(client, cast, leavers):
    client.force_login(cast.coordinator)
    plan = WorkPlan.objects.for_tenant(cast.tenant_a).get()
    response = client.post(
        f"{PLANS}{plan.pk}/kennzahlen/neu/",
        {
            "name": "Unbekannter Verbleib",
            "kind": "monitoring",
            "monitoring_figure": "unknown",
            "unit": "Stück",
            "direction": "down",
            "baseline_year": 2024,
            "baseline": "6.5",
            "target_year": 2027,
            "target": "2",
        },
    )
    indicator = plan.indicators.get(name="Unbekannter Verbleib")
    assert response.status_code == 302
    assert indicator.denominator == "alle Abgänge des Jahrgangs" and indicator.unit == "%"
    assert indicator.baseline == Decimal("6.5")
    assert client.get(f"{PLANS}kennzahlen/{indicator.pk}/istwerte/neu/").status_code == 404


def test_a_hand_entered_indicator_needs_a_source_and_one_value_per_year(client, cast):
    client.force_login(cast.coordinator)
    plan = WorkPlan.objects.for_tenant(cast.tenant_a).get()
    response = client.post(
        f"{PLANS}{plan.pk}/kennzahlen/neu/", {"name": "Ohne Quelle", "kind": "manual", "unit": "%"}
    )
    assert "Bitte geben Sie die Quelle der Werte an." in response.content.decode()
    indicator = plan.indicators.get()
    url = f"{PLANS}kennzahlen/{indicator.pk}/istwerte/neu/"
    response = client.post(url, {"year": 2026, "value": "130", "source": "Liste"})
    assert "Für 2026 ist schon ein Istwert erfasst." in response.content.decode()
    response = client.post(url, {"year": 2027, "value": "135.5", "source": "Anmeldeliste Herbst"})
    assert response.status_code == 302
    page = client.get(f"{PLANS}kennzahlen/{indicator.pk}/").content.decode()
    assert "135,5 Personen" in page and "Anmeldeliste Herbst" in page


def test_readers_cannot_record_values(client, cast):
    indicator = Indicator.objects.for_tenant(cast.tenant_a).get()
    client.force_login(cast.steering)
    url = f"{PLANS}kennzahlen/{indicator.pk}/istwerte/neu/"
    assert client.post(url, {"year": 2027, "value": "1", "source": "x"}).status_code == 403
    assert indicator.values.count() == 1


def test_the_unknown_share_before_and_after_the_verbleibsklaerung(cast):
    from uebergang.monitoring import clarifications
    from uebergang.monitoring.codes import codes_for
    from uebergang.monitoring.summaries import refresh_cohort_counts
    from uebergang.monitoring.tests.test_clarifications import YEAR, leavers
    from uebergang.test import create_organisation

    school = create_organisation(cast.tenant_a, "Realschule", "school", school_type="realschule")
    unknown = leavers(cast.tenant_a, school, "unknown", 12, "u")
    leavers(cast.tenant_a, school, "dual", 30, "d")
    refresh_cohort_counts(cast.tenant_a, [YEAR])
    before = {a.year: a for a in monitoring_actuals(cast.tenant_a, "unknown_before")}
    after = {a.year: a for a in monitoring_actuals(cast.tenant_a, "unknown")}
    assert before[YEAR].value == after[YEAR].value == Decimal("28.6")  # nobody cleared yet: the same
    for name in unknown[:6]:
        clarifications.clarify(
            tenant=cast.tenant_a,
            leaving_year=YEAR,
            pseudonym=name,
            destination=codes_for(cast.tenant_a)["dual"],
            source="Verbleibsklärung",
        )
    before = {a.year: a for a in monitoring_actuals(cast.tenant_a, "unknown_before")}
    after = {a.year: a for a in monitoring_actuals(cast.tenant_a, "unknown")}
    assert (before[YEAR].value, after[YEAR].value) == (Decimal("28.6"), Decimal("14.3"))


def test_a_catalogue_indicator_counts_the_places_of_a_phase_in_a_region(client, cast):
    from django.utils import timezone

    from uebergang.offerings.models import Offering, OfferingLocation

    offering = cast.offerings_a.published
    Offering.objects.filter(pk=offering.pk).update(
        phases=frozenset({"school_to_training"}), places_total=24, places_free=5
    )
    OfferingLocation.objects.filter(offering=offering).update(region=cast.region_a)
    client.force_login(cast.coordinator)
    plan = WorkPlan.objects.for_tenant(cast.tenant_a).get()
    url = f"{PLANS}{plan.pk}/kennzahlen/neu/"
    response = client.post(url, {"name": "Plätze", "kind": "catalogue", "unit": "%", "direction": "up"})
    assert "Bitte wählen Sie die Phase" in response.content.decode()
    client.post(
        url,
        {
            "name": "Plätze am Übergang West",
            "kind": "catalogue",
            "catalogue_phase": "school_to_training",
            "catalogue_region": cast.region_a.pk,
            "unit": "%",
            "direction": "up",
        },
    )
    indicator = plan.indicators.get(name="Plätze am Übergang West")
    assert indicator.unit == "Plätze" and indicator.source == "Angebotskatalog"
    from uebergang.planning.queries import actuals_of

    (actual,) = actuals_of(cast.tenant_a, indicator)
    assert actual.year == timezone.localdate().year and actual.value == Decimal(24)
    assert "davon frei: 5" in actual.note
    page = client.get(f"{PLANS}kennzahlen/{indicator.pk}/").content.decode()
    assert "Angebotskatalog" in page and "24" in page
    Offering.objects.filter(pk=offering.pk).update(phases=frozenset({"training"}))
    assert actuals_of(cast.tenant_a, indicator)[0].value == 0  # another phase: not counted
