"""Small-number protection of one cohort over every table any output can show: pure functions, no Django.

Why one decision per cohort
    Dashboards, filters, exports, the API and the association's comparison all show parts of the same
    set of linked tables. Protecting each table on its own let a reader combine them (a per-school
    export revealed one of two hidden cells of a column, the column total gave the other). So the
    protection is decided once, over the whole set, and every output reads its cells from it: a cell
    hidden in one table is hidden everywhere, and a filtered view is a part of the set, not a new table.

The linked set of a cohort (one leaving year of one tenant)
    cells are keyed by tuples:
      ("total",)                        all leavers of the cohort
      ("destination", d)                the destination margin
      (X, x) and (X, x, d)              for every X in CROSS_DIMENSIONS: the X margin and X × destination
      ("status", s)                     of those who went into training (dual, school_vet): still in
                                        training a year later, left it, follow-up unknown
    Every output shows sums of these cells only (a school's figures are the row of school × destination).
    A table of two dimensions other than destination (e.g. gender × region) is not part of the set and no
    output offers it.

Protection
    1. The destination margin is protected on its own (`protect_line`): counts 1 … threshold − 1 hidden,
       then more until no hidden cell is alone and the hidden cells of the line add up to the threshold
       at least (each of them can then be anything from 0 to that sum). It depends on the destination
       counts only, so the association can recompute it from YearSummary, and it is frozen afterwards.
    2. Every other cell from 1 to threshold − 1 is hidden, and every line of the set (the equation
       "members add up to the total") gets the same treatment, never touching the frozen margin.
    3. The audit (intervals.py, linear programming over all published cells) computes how far every
       hidden cell can move. A cell that is not small and that the published cells determine exactly
       is shown (a reader knows it anyway); where any other cell moves less than the threshold, more
       cells of its lines are hidden and the audit runs again.
    4. If that does not settle within a few rounds, the cohort falls back to its destination margin and
       total only — safe by step 1 — and, should even that fail, to the total only.
    What is returned has always passed the audit. Hiding more than needed is accepted; showing a cell
    that can be worked out is not.

Zeros stay visible: hiding a zero protects nothing (a line whose visible cells add up to its total shows
its hidden cells are 0) and a visible 0 only says "nobody".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from . import intervals

# The fields of a microcell, in key order (CohortCount's dimensions without the year).
MICRO_FIELDS = (
    "school",
    "school_type",
    "qualification",
    "gender",
    "region",
    "planned",
    "followup",
    "destination",
)
CROSS_DIMENSIONS = ("school", "school_type", "qualification", "gender", "region", "planned", "followup")
TRAINING = ("dual", "school_vet")
STATUSES = ("in_training", "left_training", "followup_unknown")
FIX_ROUNDS = 6

Key = tuple


def is_small(count: int, threshold: int) -> bool:
    """Primary suppression: 1 … threshold − 1 are hidden, 0 and threshold upwards are shown."""
    return 0 < count < threshold


def status_of(followup: str) -> str:
    if not followup:
        return "followup_unknown"
    return "in_training" if followup in TRAINING else "left_training"


@dataclass(frozen=True)
class Line:
    """An equation every reader of the outputs knows: the members add up to the sum of the totals."""

    members: tuple[Key, ...]
    totals: tuple[Key, ...]


@dataclass
class Cohort:
    """The linked set of one cohort: every cell's value and the lines that tie them together."""

    values: dict[Key, int]
    lines: list[Line]
    variables: list[Key]  # the audit's unknowns (see cell_terms)
    terms: dict[Key, list[int]]  # cell → indices of the variables it adds up
    links: list[tuple[list[int], list[int]]]  # the destination margin of each table is the same

    @property
    def destinations(self) -> list[str]:
        return [key[1] for key in self.values if key[0] == "destination"]


def build_cohort(
    microcells: Mapping[tuple, int], destinations: Iterable[str], *, with_variables: bool = True
) -> Cohort:
    """The linked set from the finest counts: key (school, school_type, qualification, gender, region,
    planned, followup, destination) → count. `destinations` are listed even when 0 (the margin shows
    every top-level destination). Without variables: the values only (enough to show a cached result)."""
    codes = list(dict.fromkeys([*destinations, *(key[-1] for key in microcells)]))
    values: dict[Key, int] = defaultdict(int)
    values[("total",)] = 0
    for code in codes:
        values[("destination", code)] += 0
    present: dict[str, list] = {dimension: [] for dimension in CROSS_DIMENSIONS}
    for key in microcells:
        record = dict(zip(MICRO_FIELDS, key, strict=True))
        for dimension in CROSS_DIMENSIONS:
            if record[dimension] not in present[dimension]:
                present[dimension].append(record[dimension])
    for dimension in CROSS_DIMENSIONS:
        for value in present[dimension]:
            values[(dimension, value)] += 0
            for code in codes:
                values[(dimension, value, code)] += 0
    for status in STATUSES:
        values[("status", status)] += 0
    for key, count in microcells.items():
        record = dict(zip(MICRO_FIELDS, key, strict=True))
        code = record["destination"]
        values[("total",)] += count
        values[("destination", code)] += count
        for dimension in CROSS_DIMENSIONS:
            values[(dimension, record[dimension])] += count
            values[(dimension, record[dimension], code)] += count
        if code in TRAINING:
            values[("status", status_of(record["followup"]))] += count
    cohort = Cohort(dict(values), [], [], {}, [])
    if with_variables:
        _add_lines(cohort, present, codes, microcells)
        _add_variables(cohort, present, codes, microcells)
    return cohort


def _add_lines(cohort: Cohort, present: dict, codes: list[str], microcells: Mapping) -> None:
    lines = cohort.lines
    lines.append(Line(tuple(("destination", code) for code in codes), (("total",),)))
    for dimension in CROSS_DIMENSIONS:
        values = present[dimension]
        lines.append(Line(tuple((dimension, v) for v in values), (("total",),)))
        for v in values:
            lines.append(Line(tuple((dimension, v, code) for code in codes), ((dimension, v),)))
        for code in codes:
            lines.append(Line(tuple((dimension, v, code) for v in values), (("destination", code),)))
    # Readers know each school's type: where a school has one type, the types' cells add up schools.
    types: dict = defaultdict(set)
    for key in microcells:
        types[key[0]].add(key[1])
    if all(len(found) == 1 for found in types.values()):
        schools_of: dict = defaultdict(list)
        for school, (school_type,) in types.items():
            schools_of[school_type].append(school)
        for school_type, schools in schools_of.items():
            lines.append(Line(tuple(("school", s) for s in schools), (("school_type", school_type),)))
            for code in codes:
                lines.append(
                    Line(tuple(("school", s, code) for s in schools), (("school_type", school_type, code),))
                )
    lines.append(
        Line(
            tuple(("status", s) for s in STATUSES),
            tuple(("destination", code) for code in TRAINING if code in codes),
        )
    )


def _add_variables(cohort: Cohort, present: dict, codes: list[str], microcells: Mapping) -> None:
    """The audit's unknowns: school × type × destination (so the type hierarchy is known), and X ×
    destination for the other dimensions. Tables sharing only the destination margin can always be
    joined into some microdata (column by column), so these unknowns are exactly what a reader can vary."""
    index: dict[Key, int] = {}

    def variable(key: Key) -> int:
        if key not in index:
            index[key] = len(cohort.variables)
            cohort.variables.append(key)
        return index[key]

    terms: dict[Key, list[int]] = defaultdict(list)
    pairs = list(dict.fromkeys((key[0], key[1]) for key in microcells))
    by_code: dict[tuple, list[int]] = defaultdict(list)
    for school, school_type in pairs:
        for code in codes:
            i = variable(("st", school, school_type, code))
            by_code[("st", code)].append(i)
            for key in (
                ("total",),
                ("destination", code),
                ("school", school),
                ("school", school, code),
                ("school_type", school_type),
                ("school_type", school_type, code),
            ):
                terms[key].append(i)
    for dimension in CROSS_DIMENSIONS[2:]:
        for value in present[dimension]:
            for code in codes:
                i = variable((dimension, value, code))
                by_code[(dimension, code)].append(i)
                terms[(dimension, value)].append(i)
                terms[(dimension, value, code)].append(i)
                if dimension == "followup" and code in TRAINING:
                    terms[("status", status_of(value))].append(i)
    for status in STATUSES:
        terms.setdefault(("status", status), [])
    for key in cohort.values:
        terms.setdefault(key, [])
    cohort.terms = dict(terms)
    cohort.links = [
        (by_code[("st", code)], by_code[(dimension, code)])
        for dimension in CROSS_DIMENSIONS[2:]
        for code in codes
    ]


@dataclass
class Protection:
    """The decision for one cohort: which cells are hidden (primary and secondary alike)."""

    values: dict[Key, int]
    hidden: set[Key] = field(default_factory=set)
    fallback: str = ""  # "", "margin" (only total and destinations shown) or "total"

    def shown(self, key: Key) -> bool:
        return key not in self.hidden


def protect_line(values: Mapping[str, int], total_hidden: bool, threshold: int, *, hidden=()) -> set[str]:
    """A line whose total is published: hide small members, then more until no hidden member is alone and
    the hidden ones add up to the threshold at least. With a hidden total only the small ones."""
    result = {code for code, n in values.items() if is_small(n, threshold)} | set(hidden)
    if total_hidden:
        return result
    while result and (len(result) < 2 or sum(values[c] for c in result) < threshold):
        candidates = [(n, code) for code, n in values.items() if code not in result and n > 0]
        if not candidates:
            break
        result.add(min(candidates)[1])
    return result


def destination_margin(counts: Mapping[str, int], threshold: int, *, hidden=()) -> set[str]:
    """The hidden destinations of a cohort's margin; depends on these counts (and `hidden`) only."""
    return protect_line(counts, is_small(sum(counts.values()), threshold), threshold, hidden=hidden)


def aliases(cohort: Cohort) -> dict[Key, frozenset]:
    """Cells that are the same number by structure: a line with one non-zero member makes it equal to
    the line's total (a dimension with one value, a school that is its type's only one, a column with
    one non-empty row). Such cells are shown or hidden together; hiding one of them alone would hide
    nothing and could never pass the audit."""
    parent: dict[Key, Key] = {}

    def find(key: Key) -> Key:
        while parent.get(key, key) != key:
            key = parent[key]
        return key

    for line in cohort.lines:
        nonzero = [key for key in line.members if cohort.values[key] > 0]
        if len(line.totals) == 1 and len(nonzero) == 1:
            a, b = find(nonzero[0]), find(line.totals[0])
            if a != b:
                parent[a] = b
    groups: dict[Key, set] = defaultdict(set)
    for key in parent:
        groups[find(key)].add(key)
    for root in list(groups):
        groups[root].add(root)
    return {key: frozenset(group) for group in groups.values() for key in group}


def protect(cohort: Cohort, threshold: int) -> Protection:
    """Hide what must be hidden in the cohort's linked set; the result has passed the audit."""
    values = cohort.values
    total = values[("total",)]
    protection = Protection(values)
    if is_small(total, threshold):
        protection.hidden = {key for key, n in values.items() if n > 0}
        protection.fallback = "total"
        return protection
    same = aliases(cohort)
    margin = {code: values[("destination", code)] for code in cohort.destinations}
    frozen = {("total",)} | {("destination", code) for code in margin}
    frozen |= {alias for key in frozen for alias in same.get(key, ())}
    margin_hidden = {("destination", code) for code in destination_margin(margin, threshold)}
    margin_hidden |= {alias for key in margin_hidden for alias in same.get(key, ())}
    hidden = set(margin_hidden)
    hidden |= {key for key, n in values.items() if key not in frozen and is_small(n, threshold)}
    structural = set(frozen)
    for _round in range(FIX_ROUNDS):
        _close_lines(cohort, hidden, frozen, threshold, same)
        failures = _settle(cohort, hidden, frozen, threshold)
        if not failures:
            protection.hidden = hidden
            return protection
        for key in failures:
            for line in cohort.lines:
                if key in line.members or key in line.totals:
                    _widen(line, values, hidden, frozen)
    # The fallback: the destination margin and the total only (and the cells that are the same numbers,
    # or follow from them exactly). Every other cell, zeros included, is hidden; each then ranges from
    # 0 to its column's destination count (≥ threshold when shown, from 0 to the hidden sum ≥
    # threshold otherwise), so the audit passes by construction of protect_line.
    frozen = set(structural)
    hidden = margin_hidden | {key for key in values if key not in frozen}
    protection.fallback = "margin"
    if _settle(cohort, hidden, frozen, threshold):  # pragma: no cover - see above
        frozen = {("total",), *same.get(("total",), ())}
        hidden = {key for key in values if key not in frozen}
        protection.fallback = "total"
        if _settle(cohort, hidden, frozen, threshold):
            raise RuntimeError("no protection of this cohort passes the audit")  # never shown unsafe
    protection.hidden = hidden
    return protection


def _settle(cohort: Cohort, hidden: set, frozen: set, threshold: int) -> list[Key]:
    """The audit's failures, after showing every hidden cell that is not small and that the published
    cells determine exactly: a reader knows it anyway, so showing it tells nothing new (and keeps the
    rule "no hidden cell is pinned" meaningful). Such cells stay shown (frozen) from then on."""
    while True:
        narrow = intervals.narrow_widths(cohort, hidden, threshold)
        known = [
            key
            for key, width in narrow.items()
            if width < intervals.TOLERANCE and not is_small(cohort.values[key], threshold)
        ]
        if not known:
            return list(narrow)
        hidden.difference_update(known)
        frozen.update(known)


def _hide_smallest(members: Iterable[Key], values: Mapping, hidden: set, frozen: set) -> bool:
    candidates = [
        (values[k], repr(k), k) for k in members if k not in hidden and k not in frozen and values[k] > 0
    ]
    if not candidates:
        return False
    hidden.add(min(candidates)[2])
    return True


def _widen(line: Line, values: Mapping, hidden: set, frozen: set) -> bool:
    """Hide the smallest shown member of the line, or else a shown total; False if neither is left."""
    return _hide_smallest(line.members, values, hidden, frozen) or _hide_smallest(
        line.totals, values, hidden, frozen
    )


def _close_lines(cohort: Cohort, hidden: set, frozen: set, threshold: int, same: dict) -> None:
    """Until stable: no line has a single hidden cell, and a line with its total shown has hidden members
    adding up to the threshold at least (the frozen margin is never touched)."""
    values = cohort.values
    changed = True
    while changed:
        changed = False
        for line in cohort.lines:
            members_hidden = [k for k in line.members if k in hidden]
            totals_hidden = any(k in hidden for k in line.totals)
            count = len(members_hidden) + sum(k in hidden for k in line.totals)
            if count == 0:
                continue
            short = count < 2 or (not totals_hidden and sum(values[k] for k in members_hidden) < threshold)
            if not short:
                continue
            # Where nothing is left to hide, the audit decides whether the line gives a cell away.
            changed |= _widen(line, values, hidden, frozen)
        for key in list(hidden):
            for alias in same.get(key, ()):
                if alias not in hidden and alias not in frozen:
                    hidden.add(alias)
                    changed = True
