"""Suppression properties over random tables (hypothesis), and a brute-force attacker on small ones."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from uebergang.monitoring.suppression import suppress_1d, suppress_2d

thresholds = st.integers(min_value=2, max_value=10)
# Mostly small counts, so that suppression has work to do, and some large ones.
counts = st.one_of(st.integers(0, 12), st.integers(0, 200))


def lines_of_2d(matrix, result):
    """Every published equation of a 2-D table as (cells' hidden flags, total hidden flag)."""
    rows, columns = len(matrix), len(matrix[0])
    for i in range(rows):
        yield result.hidden[i], result.row_totals_hidden[i]
    for j in range(columns):
        yield [result.hidden[i][j] for i in range(rows)], result.column_totals_hidden[j]
    yield result.row_totals_hidden, result.total_hidden
    yield result.column_totals_hidden, result.total_hidden


@settings(max_examples=300)
@given(cells=st.lists(counts, min_size=1, max_size=15), threshold=thresholds)
def test_1d_hides_small_counts_and_never_leaves_one_alone(cells, threshold):
    result = suppress_1d(cells, threshold)
    total = sum(cells)
    for value, hidden in zip(cells, result.hidden, strict=True):
        if 0 < value < threshold:
            assert hidden
        if hidden:
            assert value > 0
    assert result.total_hidden == (0 < total < threshold)
    if not result.total_hidden:
        assert result.hidden.count(True) != 1


@settings(max_examples=300)
@given(
    shape=st.tuples(st.integers(1, 7), st.integers(1, 7)),
    data=st.data(),
    threshold=thresholds,
)
def test_2d_hides_small_counts_and_no_line_has_exactly_one_hidden(shape, data, threshold):
    rows, columns = shape
    matrix = data.draw(
        st.lists(st.lists(counts, min_size=columns, max_size=columns), min_size=rows, max_size=rows)
    )
    result = suppress_2d(matrix, threshold)  # terminates
    for i in range(rows):
        for j in range(columns):
            if 0 < matrix[i][j] < threshold:
                assert result.hidden[i][j]
            if result.hidden[i][j]:
                assert matrix[i][j] > 0
    row_totals = [sum(row) for row in matrix]
    column_totals = [sum(matrix[i][j] for i in range(rows)) for j in range(columns)]
    for value, hidden in zip(
        row_totals + column_totals + [sum(row_totals)],
        result.row_totals_hidden + result.column_totals_hidden + [result.total_hidden],
        strict=True,
    ):
        if 0 < value < threshold:
            assert hidden
    for cells, total_hidden in lines_of_2d(matrix, result):
        hidden_count = list(cells).count(True) + total_hidden
        assert hidden_count != 1


def solutions_differ(matrix, result, threshold) -> list[tuple[int, int]]:
    """Hidden cells whose value the published figures pin down: a brute-force attacker.

    The attacker knows every visible cell and total and that counts are non-negative integers; for each
    hidden cell they search for another table that matches everything published but has that cell one
    higher or one lower (the equations are those of a network, so any other value implies one of these).
    """
    rows, columns = len(matrix), len(matrix[0])
    cap = sum(map(sum, matrix)) + threshold  # a window wide enough for the ±1 alternatives
    everything = [(i, j) for i in range(rows) for j in range(columns)]
    published = [
        ([(i, j) for j in range(columns)], sum(matrix[i]), result.row_totals_hidden[i]) for i in range(rows)
    ]
    published += [
        (
            [(i, j) for i in range(rows)],
            sum(matrix[i][j] for i in range(rows)),
            result.column_totals_hidden[j],
        )
        for j in range(columns)
    ]
    published.append((everything, sum(map(sum, matrix)), result.total_hidden))
    equations = [(cells, total) for cells, total, hidden in published if not hidden]
    known = {(i, j): matrix[i][j] for i, j in everything if not result.hidden[i][j]}

    def solvable(values: dict) -> bool:
        values = dict(values)
        while True:  # fill in what an equation forces
            forced = False
            for cells, total in equations:
                free = [cell for cell in cells if cell not in values]
                rest = total - sum(values[cell] for cell in cells if cell in values)
                if rest < 0 or (not free and rest != 0):
                    return False
                if len(free) == 1:
                    values[free[0]] = rest
                    forced = True
            if not forced:
                break
        free = [cell for cell in everything if cell not in values]
        if not free:
            return True

        def room(cell):
            limits = [cap]
            for cells, total in equations:
                if cell in cells:
                    limits.append(total - sum(values[c] for c in cells if c in values))
            return min(limits)

        cell = min(free, key=room)
        return any(solvable({**values, cell: v}) for v in range(room(cell) + 1))

    pinned = []
    for cell in everything:
        if result.hidden[cell[0]][cell[1]]:
            true = matrix[cell[0]][cell[1]]
            if not any(solvable({**known, cell: v}) for v in (true - 1, true + 1) if v >= 0):
                pinned.append(cell)
    return pinned


@settings(max_examples=1000, deadline=None)
@given(
    shape=st.tuples(st.integers(1, 4), st.integers(2, 4)),
    data=st.data(),
    threshold=thresholds,
)
def test_no_hidden_cell_of_a_small_2d_table_can_be_recomputed(shape, data, threshold):
    rows, columns = shape
    small = st.one_of(st.integers(0, 2 * threshold), st.sampled_from([0, 1, 2, 3, 5, 8, 20, 40]))
    matrix = data.draw(
        st.lists(st.lists(small, min_size=columns, max_size=columns), min_size=rows, max_size=rows)
    )
    result = suppress_2d(matrix, threshold)
    assert solutions_differ(matrix, result, threshold) == []


def test_the_attacker_finds_a_cell_left_alone():
    """The brute force is a real attacker: without secondary suppression it recovers the hidden cell."""
    from uebergang.monitoring.suppression import Suppressed2D

    matrix = [[2, 10], [7, 8]]
    naive = Suppressed2D(
        hidden=[[True, False], [False, False]],
        row_totals_hidden=[False, False],
        column_totals_hidden=[False, False],
        total_hidden=False,
    )
    assert solutions_differ(matrix, naive, 5) == [(0, 0)]


def test_a_bridge_between_hidden_blocks_is_closed():
    """Hidden cells where every line has two, yet one cell is a bridge and would be recomputable."""
    from uebergang.monitoring import suppression

    matrix = [[40, 20, 8, 20], [1, 1, 8, 40], [1, 5, 3, 40], [8, 5, 2, 3]]
    lonely_lines_only = suppression.Suppressed2D(
        hidden=[
            [False, False, True, True],
            [True, True, False, False],
            [True, True, True, False],
            [False, False, True, True],
        ],
        row_totals_hidden=[False] * 4,
        column_totals_hidden=[False] * 4,
        total_hidden=False,
    )
    assert solutions_differ(matrix, lonely_lines_only, 4) == [(2, 2)]
    result = suppress_2d(matrix, 4)
    assert sum(map(sum, result.hidden)) > sum(map(sum, lonely_lines_only.hidden))
    assert solutions_differ(matrix, result, 4) == []


def test_worked_examples():
    assert suppress_1d([3, 10, 0, 20], 5) == suppress_1d([3, 10, 0, 20], 5)
    result = suppress_1d([3, 10, 0, 20], 5)
    assert result.hidden == [True, True, False, False] and not result.total_hidden
    result = suppress_1d([3, 0, 0], 5)
    assert result.hidden == [True, False, False] and result.total_hidden
    result = suppress_1d([0, 0], 5)
    assert result.hidden == [False, False] and not result.total_hidden
    result = suppress_2d([[2, 10], [7, 8]], 5)
    assert result.hidden == [[True, True], [True, True]]
    assert result.row_totals_hidden == [False, False] and not result.total_hidden
    assert suppress_2d([], 5).hidden == []
