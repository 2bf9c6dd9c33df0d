"""The fair comparison: raw shares beside shares adjusted for the mix (indirect standardisation),
protected figures at the common threshold only, incomplete cohorts not compared, similar members that do
better with a way to their practices."""

from __future__ import annotations

import pytest

from uebergang.monitoring import fair
from uebergang.monitoring.models import CohortCount
from uebergang.monitoring.summaries import refresh_years
from uebergang.network.models import Organisation
from uebergang.test import create_organisation, create_tenant

pytestmark = pytest.mark.django_db


def cohort(tenant, cells, year=2025):
    for (qualification, destination), n in cells.items():
        CohortCount.objects.create(
            tenant=tenant,
            origin=CohortCount.Origin.TABLE,
            leaving_year=year,
            qualification=qualification,
            destination=destination,
            count=n,
        )
    refresh_years(tenant, [year])


@pytest.fixture
def members(cast):
    """A: many leavers with the first qualification; B: many with the Abitur (same kind and size)."""
    cast.tenant_b.kind, cast.tenant_b.population = cast.tenant_a.kind, 150_000
    cast.tenant_b.save()
    cohort(
        cast.tenant_a,
        {
            ("first", "dual"): 30,
            ("first", "transition"): 30,
            ("abitur", "dual"): 10,
            ("abitur", "higher_ed"): 50,
        },
    )
    cohort(
        cast.tenant_b,
        {
            ("first", "dual"): 20,
            ("first", "transition"): 20,
            ("abitur", "dual"): 20,
            ("abitur", "higher_ed"): 140,
        },
    )
    return cast.tenant_a, cast.tenant_b


def test_adjusted_shares_follow_indirect_standardisation(cast, members):
    a, b = members
    comparison = fair.fair_comparison(2025, "dual")
    row_a, row_b = comparison.row_of(a), comparison.row_of(b)
    assert (row_a.observed.share, row_b.observed.share) == (33.3, 20.0)
    # Reference rates: first 50/100, Abitur 30/220; the association's share 80/320.
    assert comparison.reference["qualification"] == 25.0
    assert row_a.adjusted["qualification"].expected_share == 31.8  # (60·0.5 + 60·30/220) / 120
    assert row_a.adjusted["qualification"].share == 26.2  # 40 / 38.18 × 25
    assert row_b.adjusted["qualification"].share == 23.9  # 40 / 41.82 × 25
    low, high = row_a.adjusted["qualification"].low, row_a.adjusted["qualification"].high
    assert low < 26.2 < high
    # B's raw share is far lower, but mostly its mix: adjusted, the two are close.
    assert comparison.similar_better(b) == [row_a] and comparison.similar_better(a) == []


def test_an_incomplete_cohort_is_marked_and_left_out_of_the_reference(cast, members):
    a, b = members
    create_organisation(b, "Schule ohne Meldung", kind=Organisation.Kind.SCHOOL, school_type="realschule")
    comparison = fair.fair_comparison(2025, "dual")
    assert not comparison.row_of(b).complete and comparison.row_of(b).adjusted["qualification"].hidden
    # With A alone as the reference, A's adjusted share is its raw share.
    assert comparison.row_of(a).adjusted["qualification"].share == 33.3


def test_a_mix_with_a_small_cell_gets_no_adjusted_share(cast, members):
    small = create_tenant("kreis-c", "Kreis Gamma", population=180_000)
    cohort(
        small,
        {
            ("first", "dual"): 40,
            ("first", "transition"): 30,
            ("none", "transition"): 3,
            ("abitur", "higher_ed"): 40,
        },
    )
    comparison = fair.fair_comparison(2025, "dual")
    row = comparison.row_of(small)
    assert row.complete and row.adjusted["qualification"].hidden
    # Gamma's own protection hides the small row and, beside it, its first-qualification row; its Abitur
    # row (40 leavers, none in dual training) enters the reference: (30 + 20 + 10 + 20) / (100 + 260).
    assert comparison.reference["qualification"] == 22.2


def test_a_coordinator_sees_where_the_municipality_stands_and_who_does_better(client, cast, members):
    from uebergang.association.models import Portrait

    a, _b = members
    Portrait.objects.create(tenant=a, shown=True)
    client.force_login(cast.coordinator_b)
    page = client.get("/stadt-b/intern/verbund/vergleich/").content.decode()
    assert 'Stadt Beta</strong> <span class="meta">(Ihre Kommune)' in page
    assert "26,2 %" in page and "23,9 %" in page and "Indirekte Standardisierung" in page
    better = page.split('id="better-heading"')[1].split("</section>")[0]
    assert "Kreis Alpha" in better and "/stadt-b/intern/verbund/praxisbeispiele/?q=Kreis%20Alpha" in better
    assert "/stadt-b/intern/verbund/mitglieder/" in better


@pytest.mark.parametrize("who", ["partner", "case_worker", "outsider", "coordinator_b"])
def test_others_are_refused(client, cast, members, who):
    client.force_login(getattr(cast, who))
    assert client.get("/kreis-a/intern/verbund/vergleich/").status_code in (403, 404)
    assert client.get("/verbund/vergleich/").status_code in (403, 404)


def test_the_association_staff_see_all_members_alike(client, cast, members):
    client.force_login(cast.association)
    page = client.get("/verbund/vergleich/?kennzahl=transition").content.decode()
    assert "Kreis Alpha" in page and "Stadt Beta" in page and "Ihre Kommune" not in page
