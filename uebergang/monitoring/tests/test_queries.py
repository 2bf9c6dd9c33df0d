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
            assert row["figure"].display == "."
            assert row["figure"].share is None
        else:
            assert row["figure"].count == true, key
        if 0 < true < threshold:
            assert row["figure"].count is None, key
    total = sum(expected.values())
    if "year" in first:
        assert table.total is None  # never a total that adds different leaving years
    else:
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
    if len(dimensions) == 2 and "year" not in dimensions:
        for margin, position in ((table.margins[dimensions[0]], 0), (table.margins[dimensions[1]], 1)):
            sums = Counter()
            for key, n in expected.items():
                sums[key[position]] += n
            for row in margin:
                assert row["figure"].count in (None, sums[row[dimensions[position]]])


def test_one_school_and_labels(cast, data):
    schools, leavers = data
    school = schools[1]
    expected = Counter(
        key_of(lv, "destination") for lv in leavers if lv.school_id == school.pk and lv.leaving_year == 2024
    )
    table = queries.table(cast.tenant_a, ["destination"], school_id=school.pk)  # the latest year
    assert_matches(table, expected, 5)
    by_school = queries.table(cast.tenant_a, ["school", "destination"])
    # The school's own figures are its row of the table by school: the same cells, hidden alike.
    row = {r["destination"]: r["figure"] for r in by_school.rows if r["school"] == school.pk}
    assert {r["destination"]: r["figure"].display for r in table.rows} == {
        code: figure.display for code, figure in row.items()
    }
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
    """Unknown follow-ups are counted, not dropped; the shares are of everyone who went into training."""
    _schools, leavers = data
    expected = Counter()
    base = Counter()
    for lv in leavers:
        if key_of(lv, "destination") in ("dual", "school_vet"):
            followup = key_of(lv, "followup")
            status = (
                "followup_unknown"
                if not followup
                else "in_training"
                if followup in ("dual", "school_vet")
                else "left_training"
            )
            expected[(lv.leaving_year, status)] += 1
            base[lv.leaving_year] += 1
    table = queries.still_in_training(cast.tenant_a)
    assert_matches(table, expected, 5)
    assert any(row["status"] == "followup_unknown" and row["figure"].count for row in table.rows)
    for line in table.grid():
        assert line["total"].count in (None, base[line["value"]])
        for figure in line["cells"]:
            if figure.count is not None and line["total"].count:
                assert figure.share == round(100 * figure.count / base[line["value"]], 1)


def test_small_counts_are_hidden_with_the_tenants_threshold(cast, data):
    cast.tenant_a.suppression_threshold = 8
    cast.tenant_a.save()
    table = queries.table(cast.tenant_a, ["gender", "destination"], years=[2024])
    assert any(row["figure"].display == "." for row in table.rows)
    assert all(
        row["figure"].count is None or row["figure"].count == 0 or row["figure"].count >= 8
        for row in table.rows
    )


def test_tables_outside_the_linked_set_are_not_offered(cast, data):
    for dimensions, years, school in [
        (["gender", "region"], None, None),
        (["gender"], [2022, 2023], None),
        (["gender", "destination"], [2023], data[0][0].pk),
    ]:
        with pytest.raises(queries.TableNotOffered):
            queries.table(cast.tenant_a, dimensions, years=years, school_id=school)


def test_an_incomplete_cohort_is_marked(cast, data):
    assert [entry["complete"] for entry in queries.completeness(cast.tenant_a)] == [True] * len(YEARS)
    create_organisation(cast.tenant_a, "Neue Schule", Organisation.Kind.SCHOOL, school_type="realschule")
    entries = queries.completeness(cast.tenant_a)
    assert [(e["reported"], e["expected"], e["complete"]) for e in entries] == [(3, 4, False)] * len(YEARS)
    assert queries.table(cast.tenant_a, ["gender"]).incomplete_years == [YEARS[-1]]
    assert not queries.headline(cast.tenant_a)[0]["complete"]


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
    assert comparison[cast.tenant_b]["dual"].display == "."
    assert comparison[cast.tenant_b]["transition"].count is None  # secondary: it would give away the 3
    assert comparison[cast.tenant_b]["total"].count == 33
    assert comparison[cast.tenant_a]["total"].count == queries.headline(cast.tenant_a)[1]["total"].count
    assert queries.association_years() == list(YEARS)
