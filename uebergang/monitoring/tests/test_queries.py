"""Dashboard figures against figures computed independently (plain Counter) from the same leavers."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from uebergang.monitoring import queries
from uebergang.monitoring.codes import codes_for
from uebergang.monitoring.models import CohortCount, Gender, Leaver, Qualification
from uebergang.monitoring.summaries import refresh_cohort_counts, refresh_years
from uebergang.network.models import Organisation
from uebergang.test import create_organisation, create_region

YEARS = (2022, 2023, 2024)
# Weighted so that some cells are large and others small.
DESTINATIONS = (
    ["dual"] * 8
    + ["school_vet"] * 3
    + ["transition"] * 4
    + ["upper_secondary"] * 4
    + [
        "bvb",
        "unknown",
        "neet",
        None,
    ]
)


def create_schools(tenant):
    return [
        create_organisation(
            tenant, "Realschule Musterstadt", Organisation.Kind.SCHOOL, school_type="realschule"
        ),
        create_organisation(
            tenant, "Werkrealschule Talheim", Organisation.Kind.SCHOOL, school_type="werkrealschule"
        ),
        create_organisation(tenant, "Gymnasium am Berg", Organisation.Kind.SCHOOL, school_type="gymnasium"),
    ]


def generate_leavers(tenant, schools, regions, *, n=400, seed=5) -> list[Leaver]:
    """Leavers from a seeded generator; a sub-code ("bvb") and missing destinations included."""
    rng = random.Random(seed)
    codes = codes_for(tenant)
    leavers = []
    for k in range(n):
        school = rng.choice(schools) if k % 7 else schools[0]
        destination = rng.choice(DESTINATIONS)
        planned = rng.choice([None, "dual", "transition", "upper_secondary", "unknown"])
        followup = rng.choice([None, None, "dual", "school_vet", "neet", "work"])
        leavers.append(
            Leaver(
                tenant=tenant,
                pseudonym=f"ps{k}",
                school=school,
                school_type=school.school_type,
                leaving_year=rng.choice(YEARS),
                qualification=rng.choice(Qualification.values),
                gender=rng.choice([Gender.FEMALE] * 5 + [Gender.MALE] * 5 + [Gender.DIVERSE, Gender.UNKNOWN]),
                region=rng.choice([*regions, None]),
                actual_destination=codes[destination] if destination else None,
                planned_destination=codes[planned] if planned else None,
                followup_destination=codes[followup] if followup else None,
            )
        )
    Leaver.objects.bulk_create(leavers)
    refresh_cohort_counts(tenant)
    return leavers


def top_level(destination, default="unknown"):
    if destination is None:
        return default
    return destination.parent.code if destination.parent_id else destination.code


def key_of(leaver: Leaver, dimension: str):
    return {
        "year": leaver.leaving_year,
        "school": leaver.school_id,
        "school_type": leaver.school_type,
        "qualification": leaver.qualification,
        "gender": leaver.gender,
        "region": leaver.region_id,
        "destination": top_level(leaver.actual_destination),
        "planned": top_level(leaver.planned_destination, ""),
        "followup": top_level(leaver.followup_destination, ""),
    }[dimension]


@pytest.fixture
def data(cast):
    schools = create_schools(cast.tenant_a)
    regions = [cast.region_a, create_region(cast.tenant_a, "Ost")]
    leavers = generate_leavers(cast.tenant_a, schools, regions)
    return schools, leavers


def assert_matches(table, expected: Counter, threshold: int):
    """Every shown cell equals the independent count; every small count is hidden."""
    first = table.dimensions
    assert table.rows, "the table is empty"
    for row in table.rows:
        key = tuple(row[d] for d in first) if len(first) > 1 else row[first[0]]
        true = expected.get(key, 0)
        if row["figure"].count is None:
            assert row["figure"].display == f"<{threshold}"
            assert true > 0
        else:
            assert row["figure"].count == true, key
        if 0 < true < threshold:
            assert row["figure"].count is None, key
    total = sum(expected.values())
    assert table.total.count in (None, total)


@pytest.mark.parametrize(
    "dimensions",
    [
        ["school_type", "destination"],
        ["qualification", "destination"],
        ["gender", "destination"],
        ["region", "destination"],
        ["school", "destination"],
        ["planned", "destination"],
        ["year", "destination"],
        ["followup"],
        ["gender"],
    ],
)
def test_tables_agree_with_an_independent_count(cast, data, dimensions):
    _schools, leavers = data
    year = 2023 if "year" not in dimensions else None
    chosen = [lv for lv in leavers if year is None or lv.leaving_year == year]
    expected = Counter(
        tuple(key_of(lv, d) for d in dimensions) if len(dimensions) > 1 else key_of(lv, dimensions[0])
        for lv in chosen
    )
    table = queries.table(cast.tenant_a, dimensions, years=[year] if year else None)
    assert_matches(table, expected, cast.tenant_a.suppression_threshold)
    if len(dimensions) == 2:
        for margin, position in ((table.margins[dimensions[0]], 0), (table.margins[dimensions[1]], 1)):
            sums = Counter()
            for key, n in expected.items():
                sums[key[position]] += n
            for row in margin:
                assert row["figure"].count in (None, sums[row[dimensions[position]]])


def test_one_school_and_labels(cast, data):
    schools, leavers = data
    school = schools[1]
    expected = Counter(key_of(lv, "destination") for lv in leavers if lv.school_id == school.pk)
    table = queries.table(cast.tenant_a, ["destination"], school_id=school.pk)
    assert_matches(table, expected, 5)
    by_school = queries.table(cast.tenant_a, ["school", "destination"])
    assert [label for _value, label in by_school.values("school")] == sorted(s.name for s in schools)
    assert by_school.values("destination")[0] == ("dual", "Duale Berufsausbildung")


def test_headline_shares_agree_with_an_independent_count(cast, data):
    _schools, leavers = data
    rows = queries.headline(cast.tenant_a)
    assert [row["year"] for row in rows] == list(YEARS)
    for row in rows:
        cohort = [lv for lv in leavers if lv.leaving_year == row["year"]]
        destinations = Counter(key_of(lv, "destination") for lv in cohort)
        assert row["total"].count == len(cohort)
        for code in ("dual", "transition", "unknown"):
            figure = row[code]
            if figure.count is not None:
                assert figure.count == destinations[code]
                assert figure.share == round(100 * destinations[code] / len(cohort), 1)
            else:
                assert figure.share is None


def test_still_in_training_agrees_with_an_independent_count(cast, data):
    _schools, leavers = data
    expected = Counter()
    for lv in leavers:
        if key_of(lv, "destination") in ("dual", "school_vet") and key_of(lv, "followup"):
            status = "in_training" if key_of(lv, "followup") in ("dual", "school_vet") else "left_training"
            expected[(lv.leaving_year, status)] += 1
    table = queries.still_in_training(cast.tenant_a)
    assert_matches(table, expected, 5)


def test_small_counts_are_hidden_with_the_tenants_threshold(cast, data):
    cast.tenant_a.suppression_threshold = 8
    cast.tenant_a.save()
    table = queries.table(cast.tenant_a, ["gender", "destination"], years=[2024])
    assert any(row["figure"].display == "<8" for row in table.rows)
    assert all(
        row["figure"].count is None or row["figure"].count == 0 or row["figure"].count >= 8
        for row in table.rows
    )


def test_queries_read_counts_of_their_tenant_only(cast, data):
    assert queries.table(cast.tenant_b, ["destination"]).rows == []
    assert queries.headline(cast.tenant_b) == []
    CohortCount.objects.create(
        tenant=cast.tenant_b, origin="table", leaving_year=2023, destination="dual", count=40
    )
    assert queries.headline(cast.tenant_b)[0]["dual"].count == 40
    assert queries.headline(cast.tenant_a)[1]["total"].count != 40


def test_association_comparison_uses_each_tenants_suppressed_headline(cast, data):
    CohortCount.objects.create(
        tenant=cast.tenant_b, origin="table", leaving_year=2023, destination="dual", count=3
    )
    CohortCount.objects.create(
        tenant=cast.tenant_b, origin="table", leaving_year=2023, destination="transition", count=30
    )
    refresh_years(cast.tenant_b, [2023])  # as every import does
    comparison = {entry["tenant"]: entry["headline"] for entry in queries.association_comparison(2023)}
    assert comparison[cast.tenant_b]["dual"].display == "<5"
    assert comparison[cast.tenant_b]["transition"].count is None  # secondary: it would give away the 3
    assert comparison[cast.tenant_b]["total"].count == 33
    assert comparison[cast.tenant_a]["total"].count == queries.headline(cast.tenant_a)[1]["total"].count
    assert queries.association_years() == list(YEARS)
