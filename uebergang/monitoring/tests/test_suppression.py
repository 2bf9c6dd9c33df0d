"""The protection of a cohort's linked set: its rules, and a brute-force attacker on small cohorts that
checks the linear-programming audit independently."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from uebergang.monitoring import intervals, suppression
from uebergang.monitoring.suppression import aliases, build_cohort, destination_margin, protect, protect_line

thresholds = st.integers(min_value=2, max_value=10)
counts = st.one_of(st.integers(0, 12), st.integers(0, 200))
CODES = ["dual", "transition", "unknown"]


def micro(school, destination, school_type="realschule"):
    return (school, school_type, "msa", "f", None, "", "", destination)


@settings(max_examples=300)
@given(cells=st.lists(counts, min_size=1, max_size=12), threshold=thresholds)
def test_a_line_hides_small_counts_never_one_alone_and_at_least_the_threshold_together(cells, threshold):
    values = {f"c{i}": n for i, n in enumerate(cells)}
    total = sum(cells)
    hidden = destination_margin(values, threshold)
    for code, n in values.items():
        if 0 < n < threshold:
            assert code in hidden
    if not suppression.is_small(total, threshold) and hidden:
        assert len(hidden) >= 2 or sum(values[c] for c in hidden) == total
        assert sum(values[c] for c in hidden) >= threshold or sum(values[c] for c in hidden) == total


def test_worked_lines():
    assert protect_line({"a": 3, "b": 10, "c": 0, "d": 20}, False, 5) == {"a", "b"}
    assert protect_line({"a": 1, "b": 2, "c": 40}, False, 5) == {"a", "b", "c"}
    assert protect_line({"a": 3, "b": 0}, True, 5) == {"a"}
    assert protect_line({"a": 0, "b": 0}, False, 5) == set()


def test_a_dimension_with_one_value_is_the_same_number_as_the_total():
    cohort = build_cohort({micro(1, "dual"): 30, micro(2, "transition"): 3, micro(2, "dual"): 9}, CODES)
    same = aliases(cohort)
    assert ("gender", "f") in same[("total",)]
    assert ("gender", "f", "transition") in same[("destination", "transition")]
    protection = protect(cohort, 5)
    assert ("destination", "transition") in protection.hidden
    assert ("gender", "f", "transition") in protection.hidden  # never shown as a copy of the hidden cell


def integer_ranges(cohort, published) -> dict:
    """A brute-force attacker on a cohort whose only varying dimensions are school and destination:
    for each hidden school × destination cell, the smallest and largest whole number it can be in some
    table of whole numbers that matches every published cell (depth-first search with what each
    published line forces)."""
    schools = sorted({key[1] for key in cohort.values if key[0] == "school" and len(key) == 2})
    cells = [("school", s, code) for s in schools for code in CODES]
    lines = [([("school", s, code) for code in CODES], ("school", s)) for s in schools]
    lines += [([("school", s, code) for s in schools], ("destination", code)) for code in CODES]
    lines.append((cells, ("total",)))
    equations = [(members, cohort.values[total]) for members, total in lines if total in published]
    known = {key: cohort.values[key] for key in cells if key in published}
    bound = cohort.values[("total",)]

    def feasible(values: dict) -> bool:
        values = dict(values)
        forced = True
        while forced:
            forced = False
            for members, total in equations:
                free = [m for m in members if m not in values]
                rest = total - sum(values[m] for m in members if m in values)
                if rest < 0 or (not free and rest != 0):
                    return False
                if len(free) == 1:
                    values[free[0]] = rest
                    forced = True
        free = [key for key in cells if key not in values]
        if not free:
            return sum(values.values()) <= bound or ("total",) not in published
        return any(feasible({**values, free[0]: v}) for v in range(bound + 1))

    ranges = {}
    for key in cells:
        if key in known:
            continue
        possible = [v for v in range(bound + 1) if feasible({**known, key: v})]
        ranges[key] = (min(possible), max(possible))
    return ranges


@settings(max_examples=60, deadline=None)
@given(
    table=st.lists(st.lists(st.integers(0, 6), min_size=3, max_size=3), min_size=2, max_size=2),
    threshold=st.integers(2, 5),
)
def test_the_audit_agrees_with_a_brute_force_attacker(table, threshold):
    cells = {
        micro(s + 1, code): n for s, row in enumerate(table) for code, n in zip(CODES, row, strict=True) if n
    }
    if not cells:
        return
    cohort = build_cohort(cells, CODES)
    protection = protect(cohort, threshold)
    published = [key for key in cohort.values if key not in protection.hidden]
    ranges = integer_ranges(cohort, published)
    for interval in intervals.intervals(cohort, published=published, hidden=protection.hidden):
        if interval.key in ranges and interval.high != float("inf"):
            low, high = ranges[interval.key]
            assert (low, high) == (round(interval.low), round(interval.high)), interval
            assert high - low >= threshold, interval


def test_the_brute_force_attacker_recovers_a_cell_left_alone():
    cohort = build_cohort(
        {micro(1, "dual"): 2, micro(1, "transition"): 10, micro(2, "dual"): 7, micro(2, "transition"): 8},
        CODES,
    )
    lonely = {("school", 1, "dual")}
    published = [key for key in cohort.values if key not in lonely]
    assert integer_ranges(cohort, published)[("school", 1, "dual")] == (2, 2)
    assert intervals.narrow_cells(cohort, lonely, 5) == [("school", 1, "dual")]
