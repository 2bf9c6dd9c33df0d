"""Small-number suppression for tables of counts: pure functions, no Django.

Primary suppression
    Every count from 1 to threshold − 1 is hidden (shown as "<threshold"), totals included.

    Zeros stay visible, on purpose: hiding a zero does not protect it (a line whose visible cells
    already add up to its total reveals that all its hidden cells are 0), and keeping every hidden
    cell at 1 or more is what makes the guarantee below provable. A visible 0 says "nobody", which a
    reader learns anyway from a total that equals the visible cells.

Secondary suppression
    A table is seen as its cells plus its published totals. Every line (the one line of a 1-D table;
    each row and each column of a 2-D table, the row of column totals and the column of row totals
    included) states "cells add up to the total". A hidden value must not follow from these equations:

    1. each line with a hidden cell gets at least two: the smallest other non-zero cell of the line is
       hidden too (repeated until stable);
    2. in a 2-D table, hidden cells form a bipartite graph (rows and columns as vertices, hidden cells
       as edges). A hidden cell is determined by the equations exactly when it is a bridge of that
       graph; for each bridge the cheapest chain of further non-zero cells that closes a cycle through
       it is hidden (repeated until no bridge is left).

    Every hidden cell then lies on a cycle of hidden cells with values ≥ 1, so adding and subtracting 1
    alternately around the cycle gives a second non-negative solution: no hidden value can be
    recomputed from the published figures. Each round hides at least one more cell, so it terminates.

    Known limit: tables are protected one at a time. Pages show several tables that share margins (e.g.
    the destination totals of a year); a margin hidden by secondary suppression in one table may be
    shown in another.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Suppressed1D:
    hidden: list[bool]
    total_hidden: bool


@dataclass(frozen=True)
class Suppressed2D:
    hidden: list[list[bool]]
    row_totals_hidden: list[bool]
    column_totals_hidden: list[bool]
    total_hidden: bool


def is_small(count: int, threshold: int) -> bool:
    """Primary suppression: 1 … threshold − 1 are hidden, 0 and threshold upwards are shown."""
    return 0 < count < threshold


def suppress_1d(cells: Sequence[int], threshold: int) -> Suppressed1D:
    """A list of counts with its published total (their sum)."""
    total = sum(cells)
    hidden = [is_small(c, threshold) for c in cells]
    total_hidden = is_small(total, threshold)
    if not total_hidden and hidden.count(True) == 1:
        partner = _smallest(((c, i) for i, c in enumerate(cells) if not hidden[i] and c > 0))
        hidden[partner] = True
    return Suppressed1D(hidden, total_hidden)


def suppress_2d(matrix: Sequence[Sequence[int]], threshold: int) -> Suppressed2D:
    """A rectangular table of counts with row totals, column totals and a grand total (all published)."""
    rows = len(matrix)
    columns = len(matrix[0]) if rows else 0
    if any(len(row) != columns for row in matrix):
        raise ValueError("rows of different length")
    # The extended table: row totals in the last column, column totals in the last row.
    values = [[*row, sum(row)] for row in matrix]
    values.append([sum(matrix[i][j] for i in range(rows)) for j in range(columns)] + [sum(map(sum, matrix))])
    hidden = [[is_small(v, threshold) for v in row] for row in values]
    while _fill_lonely_lines(values, hidden) or _close_a_bridge(values, hidden):
        pass
    return Suppressed2D(
        hidden=[row[:columns] for row in hidden[:rows]],
        row_totals_hidden=[row[columns] for row in hidden[:rows]],
        column_totals_hidden=hidden[rows][:columns],
        total_hidden=hidden[rows][columns],
    )


def _smallest(candidates) -> int:
    """The index of the smallest count (first on ties); a partner always exists, see the module doc."""
    return min(candidates)[1]


def _lines(values: list[list[int]]):
    """Each line of the extended table as a list of (row, column) positions."""
    height, width = len(values), len(values[0])
    for i in range(height):
        yield [(i, j) for j in range(width)]
    for j in range(width):
        yield [(i, j) for i in range(height)]


def _fill_lonely_lines(values: list[list[int]], hidden: list[list[bool]]) -> bool:
    changed = False
    for line in _lines(values):
        if sum(hidden[i][j] for i, j in line) == 1:
            i, j = line[
                _smallest(
                    (values[i][j], k)
                    for k, (i, j) in enumerate(line)
                    if not hidden[i][j] and values[i][j] > 0
                )
            ]
            hidden[i][j] = True
            changed = True
    return changed


def _close_a_bridge(values: list[list[int]], hidden: list[list[bool]]) -> bool:
    """Hide the cheapest chain of cells that puts the first bridge on a cycle; False if there is none."""
    height, width = len(values), len(values[0])
    edges = [(i, j) for i in range(height) for j in range(width) if hidden[i][j]]
    neighbours: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for i, j in edges:
        neighbours.setdefault(("r", i), []).append(("c", j))
        neighbours.setdefault(("c", j), []).append(("r", i))
    for i, j in edges:
        side = _reachable(neighbours, ("r", i), without=(i, j))
        if ("c", j) in side:
            continue
        path = _cheapest_path(values, hidden, side, bridge=(i, j))
        for a, b in path:
            hidden[a][b] = True
        return True
    return False


def _reachable(neighbours, start, *, without: tuple[int, int]) -> set:
    seen = {start}
    queue = deque([start])
    while queue:
        vertex = queue.popleft()
        for other in neighbours.get(vertex, []):
            cell = (vertex[1], other[1]) if vertex[0] == "r" else (other[1], vertex[1])
            if cell == without or other in seen:
                continue
            seen.add(other)
            queue.append(other)
    return seen


def _cheapest_path(values, hidden, side: set, *, bridge: tuple[int, int]) -> list[tuple[int, int]]:
    """Cells (hidden ones cost nothing, zeros are never used) leading from `side` to the bridge's far end."""
    height, width = len(values), len(values[0])
    target = ("c", bridge[1])
    distance = dict.fromkeys(side, 0)
    previous: dict = {}
    heap = [(0, vertex) for vertex in sorted(side)]
    heapq.heapify(heap)
    while heap:
        cost, vertex = heapq.heappop(heap)
        if cost > distance.get(vertex, cost):
            continue
        if vertex == target:
            break
        kind, index = vertex
        others = [("c", j) for j in range(width)] if kind == "r" else [("r", i) for i in range(height)]
        for other in others:
            cell = (index, other[1]) if kind == "r" else (other[1], index)
            if cell == bridge:
                continue
            value = values[cell[0]][cell[1]]
            if not hidden[cell[0]][cell[1]] and value == 0:
                continue
            step = cost + (0 if hidden[cell[0]][cell[1]] else value)
            if step < distance.get(other, step + 1):
                distance[other] = step
                previous[other] = (vertex, cell)
                heapq.heappush(heap, (step, other))
    path = []
    vertex = target
    while vertex not in side:
        vertex, cell = previous[vertex]
        path.append(cell)
    return path
