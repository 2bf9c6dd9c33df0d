from __future__ import annotations

from uebergang.monitoring.codes import codes_for
from uebergang.monitoring.models import CohortCount, Leaver
from uebergang.monitoring.summaries import refresh_cohort_counts


def make_leaver(cast, n, *, year=2025, destination=None, planned=None, school=None):
    return Leaver.objects.create(
        tenant=cast.tenant_a,
        pseudonym=f"p{n}",
        school=school or cast.network_a.organisation,
        school_type="realschule",
        leaving_year=year,
        qualification="intermediate",
        gender="f",
        actual_destination=destination,
        planned_destination=planned,
    )


def test_counts_roll_sub_codes_up_and_missing_destinations_into_unknown(cast):
    codes = codes_for(cast.tenant_a)
    for n in range(3):
        make_leaver(cast, n, destination=codes["dual"], planned=codes["dual"])
    make_leaver(cast, 10, destination=codes["bvb"])  # local sub-code of "transition"
    make_leaver(cast, 11, destination=None)
    make_leaver(cast, 12, year=2024, destination=codes["dual"])
    assert refresh_cohort_counts(cast.tenant_a, [2025]) == 3
    cells = {(c.destination, c.planned): c.count for c in CohortCount.objects.filter(leaving_year=2025)}
    assert cells == {("dual", "dual"): 3, ("transition", ""): 1, ("unknown", ""): 1}
    assert not CohortCount.objects.filter(leaving_year=2024).exists()


def test_refreshing_replaces_instead_of_adding(cast):
    codes = codes_for(cast.tenant_a)
    make_leaver(cast, 1, destination=codes["dual"])
    refresh_cohort_counts(cast.tenant_a)
    refresh_cohort_counts(cast.tenant_a)
    assert list(CohortCount.objects.values_list("count", flat=True)) == [1]
    assert not CohortCount.objects.filter(tenant=cast.tenant_b).exists()
