"""How far can a hidden cell move, given everything published? Linear programming with SciPy's HiGHS.

The reader's knowledge of a cohort is a set of equations: every published cell equals the sum of the
unknowns it covers (suppression.Cohort.terms), the tables share one destination margin
(Cohort.links), and no count is negative. Counts are whole numbers; relaxing them to reals ≥ 0 can
only widen an interval, never narrow it, which is what τ-ARGUS's audit computes too (Hundepool et
al. 2012, ch. 4). For the tables here (school × destination and its margins) the two coincide; a test
checks that against a brute-force attacker on whole numbers.

The rule a protection must meet, for every hidden cell whose true count is not 0:
    max − min ≥ threshold
where min and max are the smallest and largest value the cell can take. For a small count (1 … t − 1)
this also means the reader cannot tell it lies below the threshold (max ≥ t), nor pin it.
A hidden 0 may be pinned: zeros are shown anyway.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

if TYPE_CHECKING:
    from .suppression import Cohort, Key

TOLERANCE = 1e-6


@dataclass(frozen=True)
class Interval:
    key: Key
    value: int
    low: float
    high: float  # math.inf when unbounded

    @property
    def width(self) -> float:
        return self.high - self.low


class _Problem:
    """The equations of one reader's knowledge, built once, solved per hidden cell and direction.

    Unknowns fixed by a published cell of their own (most cells of a table are one unknown) are
    substituted before the solver sees them, which leaves a small program over the hidden part.
    """

    def __init__(self, cohort: Cohort, published: Iterable[Key]):
        self.cohort = cohort
        fixed: dict[int, float] = {}
        equations: list[tuple[list[int], list[float], float]] = []
        for left, right in cohort.links:
            equations.append(([*left, *right], [1.0] * len(left) + [-1.0] * len(right), 0.0))
        for key in published:
            terms = cohort.terms.get(key, [])
            if not terms:
                continue
            value = float(cohort.values[key])
            if value == 0:
                fixed.update(dict.fromkeys(terms, 0.0))  # all of its unknowns are 0
            elif len(terms) == 1:
                fixed[terms[0]] = value
            else:
                equations.append((list(terms), [1.0] * len(terms), value))
        free = [i for i in range(len(cohort.variables)) if i not in fixed]
        self.position = {i: n for n, i in enumerate(free)}
        self.fixed = fixed
        rows, columns, data, rhs = [], [], [], []
        for terms, weights, value in equations:
            row = len(rhs)
            rest = value
            for i, weight in zip(terms, weights, strict=True):
                if i in fixed:
                    rest -= weight * fixed[i]
                else:
                    rows.append(row), columns.append(self.position[i]), data.append(weight)
            rhs.append(rest)
        keep = sorted(set(rows))
        renumber = {row: n for n, row in enumerate(keep)}
        if any(abs(rhs[row]) > TOLERANCE for row in range(len(rhs)) if row not in renumber):
            raise ValueError("the published figures contradict each other")
        self.matrix = (
            csr_matrix((data, ([renumber[r] for r in rows], columns)), shape=(len(keep), len(free)))
            if keep
            else None
        )
        self.rhs = np.array([rhs[row] for row in keep])
        self.size = len(free)
        # Ranges seen so far (any feasible point widens them): the true counts are one such point.
        self.seen: dict[Key, list[float]] = {}

    def _value(self, key: Key, point: np.ndarray | None) -> float:
        total = 0.0
        for i in self.cohort.terms[key]:
            total += (
                self.fixed[i] if i in self.fixed else (point[self.position[i]] if point is not None else 0.0)
            )
        return total

    def extreme(self, key: Key, sign: float) -> tuple[float, np.ndarray | None]:
        """min (sign 1) or −max (sign −1) of the cell, and the point where it is reached."""
        objective = np.zeros(self.size)
        offset = 0.0
        for i in self.cohort.terms[key]:
            if i in self.fixed:
                offset += sign * self.fixed[i]
            else:
                objective[self.position[i]] += sign
        if not objective.any():
            return offset, None
        if self.matrix is None:
            return (offset, None) if sign > 0 else (-math.inf, None)
        result = linprog(objective, A_eq=self.matrix, b_eq=self.rhs, bounds=(0, None), method="highs")
        if result.status == 3:  # unbounded
            return -math.inf, None
        if result.status != 0:
            raise RuntimeError(f"the audit's linear program failed for {key}: {result.message}")
        return float(result.fun) + offset, result.x

    def interval(self, key: Key) -> Interval:
        if not self.cohort.terms.get(key):
            return Interval(key, self.cohort.values[key], 0.0, 0.0)
        low, _point = self.extreme(key, 1.0)
        high, _point = self.extreme(key, -1.0)
        return Interval(key, self.cohort.values[key], low, -high)

    def wide_enough(self, key: Key, threshold: int, watched: Collection[Key]) -> bool:
        """max − min ≥ threshold, solving only what the ranges seen so far leave open."""
        value = float(self.cohort.values[key])
        seen = self.seen.setdefault(key, [value, value])
        for sign in (-1.0, 1.0):
            if seen[1] - seen[0] >= threshold - TOLERANCE:
                return True
            extreme, point = self.extreme(key, sign)
            if extreme == -math.inf:
                return True
            if point is not None:
                for other in watched:
                    got = self._value(other, point)
                    range_ = self.seen.setdefault(other, [float(self.cohort.values[other])] * 2)
                    range_[0], range_[1] = min(range_[0], got), max(range_[1], got)
            seen[0 if sign > 0 else 1] = extreme * sign
        return seen[1] - seen[0] >= threshold - TOLERANCE


def intervals(cohort: Cohort, *, published: Iterable[Key], hidden: Iterable[Key]) -> list[Interval]:
    """The interval of each hidden cell with a count above 0, given the published cells."""
    problem = _Problem(cohort, published)
    return [problem.interval(key) for key in hidden if cohort.values.get(key, 0) > 0]


def too_narrow(interval: Interval, threshold: int) -> bool:
    return interval.width < threshold - TOLERANCE


def narrow_widths(cohort: Cohort, hidden: Collection[Key], threshold: int) -> dict[Key, float]:
    """The hidden cells a reader of every published cell could narrow below the threshold, with the
    width max − min they keep (0: the published cells determine them exactly)."""
    problem = _Problem(cohort, [key for key in cohort.values if key not in hidden])
    watched = sorted((key for key in hidden if cohort.values.get(key, 0) > 0), key=repr)
    narrow = {}
    for key in watched:
        if not problem.wide_enough(key, threshold, watched):
            low, high = problem.seen[key]
            narrow[key] = high - low
    return narrow


def narrow_cells(cohort: Cohort, hidden: Collection[Key], threshold: int) -> list[Key]:
    """The hidden cells a reader of every published cell of the cohort could narrow below the threshold."""
    return list(narrow_widths(cohort, hidden, threshold))
