"""The company-based training share: its own indicator, two denominators, protected like every figure."""

from __future__ import annotations

from decimal import Decimal

import pytest

from uebergang.monitoring import places
from uebergang.monitoring.models import CohortCount
from uebergang.monitoring.summaries import refresh_years
from uebergang.planning.models import Indicator, WorkPlan
from uebergang.planning.queries import monitoring_actuals

pytestmark = pytest.mark.django_db


def count(tenant, destination, n, *, year=2025, place="", qualification="intermediate"):
    CohortCount.objects.create(
        tenant=tenant,
        origin=CohortCount.Origin.TABLE,
        leaving_year=year,
        destination=destination,
        place=place,
        qualification=qualification,
        count=n,
    )


@pytest.fixture
def cohort(cast):
    """2025: 60 dual (48 company-based, 12 external) of 200; 40 leavers with the Abitur, 10 with the FHR."""
    count(cast.tenant_a, "dual", 40, place="dual_company")
    count(cast.tenant_a, "dual", 8, place="dual_company", qualification="abitur")
    count(cast.tenant_a, "dual", 12, place="dual_external")
    count(cast.tenant_a, "upper_secondary", 58)
    count(cast.tenant_a, "higher_ed", 32, qualification="abitur")
    count(cast.tenant_a, "higher_ed", 10, qualification="advanced_technical")
    count(cast.tenant_a, "transition", 40)
    refresh_years(cast.tenant_a, [2025])


def test_the_share_over_all_leavers_and_over_those_without_a_higher_entrance_qualification(cast, cohort):
    over_all = places.company_shares(cast.tenant_a, "all")[2025]
    assert (over_all.count, over_all.base, over_all.share) == (48, 200, 24.0)
    without = places.company_shares(cast.tenant_a, "no_hzb")[2025]
    assert (without.count, without.base, without.share) == (48, 150, 32.0)  # 200 − 40 Abitur − 10 FHR


def test_a_small_external_count_hides_the_company_count_too(cast):
    """Beside the shown dual count, the company count would give the 3 external ones away."""
    count(cast.tenant_a, "dual", 50, place="dual_company")
    count(cast.tenant_a, "dual", 3, place="dual_external")
    count(cast.tenant_a, "transition", 40)
    refresh_years(cast.tenant_a, [2025])
    share = places.company_shares(cast.tenant_a)[2025]
    assert share.count is None and share.share is None and share.display == "."


def test_a_cohort_without_the_distinction_has_no_share(cast):
    count(cast.tenant_a, "dual", 50)
    count(cast.tenant_a, "transition", 40)
    refresh_years(cast.tenant_a, [2025])
    share = places.company_shares(cast.tenant_a)[2025]
    assert not share.recorded and share.share is None


def test_the_indicator_offers_both_denominators_and_says_why_a_value_is_missing(client, cast, cohort):
    count(cast.tenant_a, "dual", 50, year=2024)
    count(cast.tenant_a, "transition", 40, year=2024)
    refresh_years(cast.tenant_a, [2024])
    by_year = {a.year: a for a in monitoring_actuals(cast.tenant_a, "dual_company_no_hzb")}
    assert by_year[2025].value == Decimal("32.0") and by_year[2025].note == "48 von 150"
    assert by_year[2024].value is None and "nicht" in by_year[2024].note
    plan = WorkPlan.objects.for_tenant(cast.tenant_a).get()
    indicator = Indicator.objects.create(
        plan=plan,
        name="Betriebliche Ausbildungsquote",
        kind=Indicator.Kind.MONITORING,
        monitoring_figure=Indicator.Figure.COMPANY_SHARE_NO_HZB,
    )
    client.force_login(cast.steering)
    page = client.get(f"/kreis-a/intern/arbeitsplaene/kennzahlen/{indicator.pk}/").content.decode()
    assert ">32 %<" in page
    assert ">x</abbr>" in page.split("<td>2024</td>")[1].split("</tr>")[0]
    assert "unterscheidet betriebliche und außerbetriebliche Ausbildung nicht" in page
    client.force_login(cast.coordinator_b)
    assert client.get(f"/kreis-a/intern/arbeitsplaene/kennzahlen/{indicator.pk}/").status_code in (403, 404)


def test_a_leaver_import_counts_company_based_and_external_training(cast, tmp_path):
    from uebergang.monitoring.imports import import_file
    from uebergang.network.models import Organisation
    from uebergang.test import create_organisation

    create_organisation(
        cast.tenant_a, "Realschule", kind=Organisation.Kind.SCHOOL, school_type="realschule", identifier="1"
    )
    rows = [f"A-{i};1;2025;MSA;w;betrieblich" for i in range(12)]
    rows += [f"B-{i};1;2025;MSA;m;BaE" for i in range(6)]
    rows += [f"C-{i};1;2025;MSA;m;Übergangsbereich" for i in range(10)]
    path = tmp_path / "abgaenge.csv"
    path.write_text("Schüler-ID;Schulnummer;Abgangsjahr;Abschluss;Geschlecht;Anschluss\n" + "\n".join(rows))
    import_file(tenant=cast.tenant_a, path=path, user=cast.coordinator, source="Schulamt")
    assert places.split(cast.tenant_a)[2025] == {"dual_company": 12, "dual_external": 6, "not_told": 0}
    share = places.company_shares(cast.tenant_a)[2025]
    assert (share.count, share.base) == (12, 28)
    # The same split after the counts are computed again from the records (REFRESH_SQL).
    from uebergang.monitoring.summaries import refresh_cohort_counts

    refresh_cohort_counts(cast.tenant_a)
    assert places.split(cast.tenant_a)[2025] == {"dual_company": 12, "dual_external": 6, "not_told": 0}
