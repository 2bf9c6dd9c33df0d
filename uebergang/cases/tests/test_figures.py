"""The figures of the Verbleibsklärung: what they count, that small numbers are hidden, who sees them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from uebergang.cases import figures
from uebergang.cases.models import Case
from uebergang.monitoring.codes import codes_for
from uebergang.test import create_case

A = "/kreis-a/intern"


def close(case, outcome="moved_away", days=10):
    closed_at = timezone.now()
    destination = codes_for(case.tenant)["dual"] if outcome == "destination_reached" else None
    Case.objects.filter(pk=case.pk).update(
        status="closed",
        outcome=outcome,
        destination=destination,
        closed_at=closed_at,
        created_at=closed_at - timedelta(days=days),
    )


def test_a_protected_line_hides_small_counts_and_one_more_so_the_total_gives_nothing_away():
    protected = figures.line("t", {"a": 12, "b": 3, "c": 9, "d": 0}, threshold=5)
    shown = {c.label: c.display for c in protected.cells}
    assert shown["b"] == "." and shown["d"] == "0"
    assert shown["c"] == "."  # otherwise 24 − 12 − 9 − 0 would give b
    assert shown["a"] == "12" and protected.total.display == "24"
    small = figures.line("t", {"a": 2, "b": 1}, threshold=5)
    assert small.total.display == "." and [c.display for c in small.cells] == [".", "."]


def test_counts_outcomes_and_median_time_to_clear(cast):
    today = timezone.localdate()
    for i in range(6):
        case = create_case(
            cast.tenant_a, cast.case_worker, f"m{i}", date_of_birth=date(today.year - 17, 1, 1)
        )
        close(case, "destination_reached" if i < 5 else "moved_away", days=10 + i)
    for i in range(5):
        create_case(cast.tenant_a, cast.case_worker, f"o{i}", deadline=today - timedelta(days=1))
    Case.objects.filter(pk=cast.cases_a.case.pk).update(deadline=today + timedelta(days=60))
    result = figures.figures(cast.tenant_a, today)
    by_deadline = {c.label: c for c in result["open_lines"][1].cells}
    # 5 overdue, 0 due soon, 1 later (the cast's case): the 1 is hidden, and the 5 with it, since the
    # shown total 6 would give it away; the 0 stays.
    assert [c.display for c in result["open_lines"][1].cells] == [".", "0", "."]
    assert result["open_lines"][1].total.display == "6" and by_deadline["Frist überschritten"].count == 5
    year = next(y for y in result["years"] if y.year == 2026)
    outcomes = {c.label: c.display for c in year.outcomes.cells}
    assert outcomes["Anschluss geklärt"] == "." and outcomes["verzogen"] == "."  # 5 would reveal the 1
    assert year.outcomes.total.display == "6"
    assert year.median_days == "12"  # 10 … 15 days: median 12.5 rounds to 12
    few = figures.outcomes_by_year(cast.tenant_a, threshold=50)
    assert next(y for y in few if y.year == 2026).median_days == "."


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("steering", 200),
        ("case_worker", 200),
        ("partner", 403),
        ("coordinator_b", 403),
        ("association", 403),
        ("outsider", 403),
    ],
)
def test_who_sees_the_figures_and_no_name_is_on_the_page(client, cast, who, status):
    client.force_login(getattr(cast, who))
    response = client.get(f"{A}/verbleibsklaerung/zahlen/")
    assert response.status_code == status
    page = response.content.decode()
    assert cast.cases_a.young_person not in page and cast.cases_a.case.reference not in page
    if status == 200:
        assert "Offene Fälle nach Frist" in page and "Überleitungen nach Rechtskreis des Angebots" in page
