"""The suppression audit: the issue's attack, generated cohorts (hypothesis), every role over the database,
the demo, and the command."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uebergang.monitoring import intervals, queries, suppression
from uebergang.monitoring.audit import audit
from uebergang.monitoring.models import TOP_LEVEL_CODES, CohortCount
from uebergang.monitoring.summaries import refresh_years
from uebergang.network.models import Organisation
from uebergang.test import create_organisation

CODES = ["dual", "school_vet", "transition", "upper_secondary", "unknown"]


def micro(
    school,
    destination,
    *,
    school_type="realschule",
    qualification="msa",
    gender="f",
    region=None,
    planned="",
    followup="",
):
    return (school, school_type, qualification, gender, region, planned, followup, destination)


def test_the_issues_attack_a_school_and_the_column_total_give_nothing_away():
    """Two hidden cells in a column of the table by school; the per-school figures of one of those
    schools and the column total must not give the other (the issue's 4)."""
    cells = {
        micro(1, "dual"): 40,
        micro(1, "transition"): 3,
        micro(1, "upper_secondary"): 30,
        micro(2, "dual"): 35,
        micro(2, "transition"): 4,
        micro(2, "upper_secondary"): 28,
        micro(3, "dual"): 50,
        micro(3, "transition"): 20,
        micro(3, "upper_secondary"): 31,
    }
    cohort = suppression.build_cohort(cells, CODES)
    protection = suppression.protect(cohort, 5)
    # Both small cells are hidden, in the table by school and in each school's own figures (same key).
    assert ("school", 1, "transition") in protection.hidden
    assert ("school", 2, "transition") in protection.hidden
    # What protecting each output on its own did: the table by school hid the 2×2 block of schools 1
    # and 2 × dual and transition; school 1's own export, protected afresh, hid its 3 and its 30 but
    # showed its 40. A reader of both sees every cell of school 1 except the 3, so the row gives it.
    table_by_school = {(s, d) for s in (1, 2) for d in ("dual", "transition")}
    own_export = {(1, "transition"), (1, "upper_secondary")}
    hidden_in_both = {("school", s, d) for s, d in table_by_school & own_export} | {
        ("school", s, d) for s, d in table_by_school if s != 1
    }
    assert ("school", 1, "transition") in intervals.narrow_cells(cohort, hidden_in_both, 5)
    assert intervals.narrow_cells(cohort, protection.hidden, 5) == []
    for interval in intervals.intervals(
        cohort, published=[k for k in cohort.values if k not in protection.hidden], hidden=protection.hidden
    ):
        assert interval.width >= 5


def test_the_audit_names_a_pinned_cell():
    cells = {micro(1, "dual"): 40, micro(1, "transition"): 3, micro(2, "dual"): 30, micro(2, "transition"): 9}
    cohort = suppression.build_cohort(cells, CODES)
    only_one = {("school", 1, "transition")}
    assert ("school", 1, "transition") in intervals.narrow_cells(cohort, only_one, 5)


microcell = st.tuples(
    st.integers(1, 4),  # school
    st.sampled_from(["msa", "hsa", "abi"]),
    st.sampled_from(["f", "m", "d"]),
    st.sampled_from([None, 1, 2]),
    st.sampled_from(["", "dual", "transition"]),
    st.sampled_from(["", "dual", "work"]),
    st.sampled_from(CODES),
)


def as_cells(drawn: dict) -> dict:
    types = {1: "realschule", 2: "gymnasium", 3: "realschule", 4: "werkrealschule"}
    cells: dict = {}
    for (school, qualification, gender, region, planned, followup, destination), n in drawn.items():
        key = (school, types[school], qualification, gender, region, planned, followup, destination)
        cells[key] = cells.get(key, 0) + n
    return cells


@settings(max_examples=40, deadline=None)
@given(
    drawn=st.dictionaries(
        microcell, st.one_of(st.integers(1, 4), st.integers(1, 60)), min_size=1, max_size=25
    ),
    threshold=st.integers(3, 7),
)
def test_generated_cohorts_pass_the_audit(drawn, threshold):
    cohort = suppression.build_cohort(as_cells(drawn), CODES)
    protection = suppression.protect(cohort, threshold)
    for key, n in cohort.values.items():
        if suppression.is_small(n, threshold):
            assert key in protection.hidden, key
    assert intervals.narrow_cells(cohort, protection.hidden, threshold) == []


def test_a_cohort_of_one_shows_nothing_but_zeros():
    cohort = suppression.build_cohort({micro(1, "dual"): 1}, CODES)
    protection = suppression.protect(cohort, 5)
    assert all(key in protection.hidden for key, n in cohort.values.items() if n)


# Over the database: every role, every output.


def store(tenant, cells: dict, year: int) -> None:
    CohortCount.objects.bulk_create(
        CohortCount(
            tenant=tenant,
            origin=CohortCount.Origin.TABLE,
            leaving_year=year,
            school=school,
            school_type=school_type,
            qualification=qualification,
            gender=gender,
            region=region,
            planned=planned,
            followup=followup,
            destination=destination,
            count=n,
        )
        for (
            school,
            school_type,
            qualification,
            gender,
            region,
            planned,
            followup,
            destination,
        ), n in cells.items()
    )
    refresh_years(tenant, [year])


@pytest.fixture
def schools(cast):
    return [
        create_organisation(cast.tenant_a, name, Organisation.Kind.SCHOOL, school_type=kind)
        for name, kind in [
            ("Realschule Nord", "realschule"),
            ("Gymnasium Süd", "gymnasium"),
            ("Kleine Schule", "realschule"),
        ]
    ]


def test_every_role_passes_the_audit_with_tiny_schools(cast, schools):
    north, south, tiny = schools
    region = cast.region_a
    cells = {
        micro(north, "dual", region=region, followup="dual"): 41,
        micro(north, "transition", gender="m"): 17,
        micro(north, "unknown", gender="m"): 2,
        micro(south, "dual", school_type="gymnasium", followup="work"): 23,
        micro(south, "upper_secondary", school_type="gymnasium", gender="m", region=region): 67,
        micro(south, "unknown", school_type="gymnasium"): 3,
        micro(tiny, "school_vet", followup=""): 1,
    }
    store(cast.tenant_a, cells, 2025)
    store(cast.tenant_a, {micro(tiny, "dual"): 1}, 2024)  # a cohort of one
    reports = audit(cast.tenant_a)
    assert {r.role for r in reports} == {"coordinator", "steering", "partner", "association"}
    assert all(r.outputs for r in reports if r.role != "association")
    findings = [str(f) for r in reports for f in r.findings]
    assert findings == []
    # Hidden everywhere alike: the tiny school's 1 is "." in the table by school and in its own figures.
    by_school = queries.table(cast.tenant_a, ["school", "destination"], years=[2025])
    own = queries.table(cast.tenant_a, ["destination"], years=[2025], school_id=tiny.pk)
    assert {
        r["figure"].display
        for r in by_school.rows
        if r["school"] == tiny.pk and r["destination"] == "school_vet"
    } == {"."}
    assert {r["figure"].display for r in own.rows if r["destination"] == "school_vet"} == {"."}


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    drawn=st.dictionaries(
        microcell, st.one_of(st.integers(1, 3), st.integers(1, 40)), min_size=1, max_size=14
    ),
    tiny=st.integers(1, 4),
)
def test_generated_cohorts_pass_the_audit_for_every_role(cast, schools, drawn, tiny):
    """Generated cohorts in the database, with a tiny school: everything each role can fetch."""
    CohortCount.objects.for_tenant(cast.tenant_a).delete()
    by_number = {1: schools[0], 2: schools[1], 3: schools[2], 4: schools[2]}
    cells: dict = {}
    for (school, qualification, gender, _region, planned, followup, destination), n in drawn.items():
        organisation = by_number[school]
        key = (
            organisation,
            organisation.school_type,
            qualification,
            gender,
            None,
            planned,
            followup,
            destination,
        )
        cells[key] = cells.get(key, 0) + n
    cells[micro(schools[2], "dual", followup="dual")] = tiny
    store(cast.tenant_a, cells, 2025)
    reports = audit(cast.tenant_a)
    assert [str(f) for r in reports for f in r.findings] == []


def test_the_command_reports_and_fails_loudly(cast, schools, monkeypatch, capsys):
    north, south, _tiny = schools
    store(cast.tenant_a, {micro(north, "dual"): 40, micro(south, "dual", school_type="gymnasium"): 30}, 2025)
    call_command("audit_suppression", "--tenant", cast.tenant_a.slug)
    assert "Keine verdeckte Zahl" in capsys.readouterr().out
    # A protection that shows too much is caught, naming the cell and the outputs that pin it.
    store(cast.tenant_a, {micro(north, "transition"): 3}, 2025)
    monkeypatch.setattr(
        suppression,
        "protect",
        lambda cohort, threshold: suppression.Protection(
            cohort.values, {("school", north.pk, "transition"), ("destination", "transition"), ("total",)}
        ),
    )
    from django.core.cache import cache

    cache.clear()
    with pytest.raises(CommandError, match="Geheimhaltung verletzt"):
        call_command("audit_suppression", "--tenant", cast.tenant_a.slug, "--year", "2025")
    errors = capsys.readouterr().err
    assert f"('school', {north.pk}, 'transition')" in errors and "pinned by" in errors
    with pytest.raises(CommandError, match="Keine Kommune"):
        call_command("audit_suppression", "--tenant", "nirgendwo")


def test_the_demo_passes_the_audit_for_every_role(db):
    from uebergang.tenants.models import Tenant

    call_command("demo_data")
    for slug in ("musterkreis", "beispielstadt"):
        tenant = Tenant.objects.get(slug=slug)
        reports = audit(tenant)
        assert {r.year for r in reports} == set(queries.years(tenant))
        assert [str(f) for r in reports for f in r.findings] == []
        assert any(r.hidden for r in reports)


def test_top_level_codes_cover_the_cohort_codes():
    assert set(CODES) <= set(TOP_LEVEL_CODES)
