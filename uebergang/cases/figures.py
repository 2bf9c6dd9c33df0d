"""Figures of the Verbleibsklärung for coordinators, steering and case workers: counts only, protected.

Each table is one line (members adding up to a shown total) and is protected like a monitoring line
(`monitoring.suppression.protect_line`): counts from 1 to the tenant's threshold − 1 are hidden, then
more until no hidden cell is alone and the hidden ones add up to the threshold. The tables of open
cases are margins of the same total, never crossed with each other, so no hidden cell of one can be
worked out from another; the same holds for referrals by status and by legal sphere. Referrals per
offering are left out: offerings nest in their (public) legal sphere, and a per-offering line beside
the sphere line would let a reader subtract a hidden cell. A median time to clear is shown only for at least `threshold` cases. The
unknown share before and after clearing comes from the monitoring figures (protected there).
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from uebergang.monitoring import protected, queries
from uebergang.monitoring.suppression import is_small, protect_line
from uebergang.network.models import LegalSphere
from uebergang.tenants.models import Tenant

from .models import Case, Referral

MARK = protected.MARK


@dataclass(frozen=True)
class Cell:
    label: str
    count: int
    hidden: bool

    @property
    def display(self) -> str:
        return MARK if self.hidden else str(self.count)


@dataclass(frozen=True)
class Line:
    title: str
    cells: list[Cell]
    total: Cell


def line(title: str, counts: dict[str, int], threshold: int) -> Line:
    """A protected line: `counts` in their order (zeros kept), with its total."""
    total = sum(counts.values())
    total_hidden = is_small(total, threshold)
    hidden = protect_line(dict(counts), total_hidden, threshold)
    return Line(
        title,
        [Cell(label, n, label in hidden) for label, n in counts.items()],
        Cell(_("insgesamt"), total, total_hidden),
    )


AGE_BANDS = (
    (0, 15, gettext_noop("unter 16")),
    (16, 17, gettext_noop("16–17")),
    (18, 20, gettext_noop("18–20")),
    (21, 200, gettext_noop("21 und älter")),
)


def _age_band(case: Case, today: date) -> str:
    age = case.age_on(today)
    if age is None:
        return _("unbekannt")
    return next(_(label) for low, high, label in AGE_BANDS if low <= age <= high)


def open_cases(tenant: Tenant, today: date, threshold: int) -> list[Line]:
    cases = list(Case.objects.for_tenant(tenant).open().only("date_of_birth", "deadline", "status"))
    by_age = Counter(_age_band(c, today) for c in cases)
    ages = {_(label): by_age.get(_(label), 0) for *_r, label in AGE_BANDS}
    ages[_("unbekannt")] = by_age.get(_("unbekannt"), 0)
    soon = today + timedelta(days=30)
    deadlines = {
        _("Frist überschritten"): sum(c.deadline < today for c in cases),
        _("Frist in den nächsten 30 Tagen"): sum(today <= c.deadline <= soon for c in cases),
        _("Frist später"): sum(c.deadline > soon for c in cases),
    }
    statuses = Counter(c.status for c in cases)
    by_status = {label: statuses.get(value, 0) for value, label in Case.Status.choices if value != "closed"}
    return [
        line(_("Offene Fälle nach Alter"), ages, threshold),
        line(_("Offene Fälle nach Frist"), deadlines, threshold),
        line(_("Offene Fälle nach Stand"), by_status, threshold),
    ]


@dataclass(frozen=True)
class YearOutcomes:
    year: int
    outcomes: Line
    median_days: str  # the median days from opening to closing, or "." for fewer than threshold cases


def outcomes_by_year(tenant: Tenant, threshold: int) -> list[YearOutcomes]:
    closed = (
        Case.objects.for_tenant(tenant)
        .closed()
        .values_list("leaving_year", "outcome", "created_at", "closed_at")
    )
    per_year: dict[int, list] = {}
    for year, outcome, created, closed_at in closed:
        per_year.setdefault(year, []).append((outcome, (closed_at - created).days))
    result = []
    for year in sorted(per_year, reverse=True):
        rows = per_year[year]
        counts = Counter(outcome for outcome, _days in rows)
        outcomes = {label: counts.get(value, 0) for value, label in Case.Outcome.choices}
        days = [d for _o, d in rows]
        median = str(round(statistics.median(days))) if len(days) >= threshold else MARK
        result.append(YearOutcomes(year, line(str(year), outcomes, threshold), median))
    return result


def referrals(tenant: Tenant, threshold: int) -> list[Line]:
    rows = list(Referral.objects.for_tenant(tenant).values_list("status", "offering__legal_sphere"))
    statuses = Counter(status for status, _sphere in rows)
    spheres = Counter(sphere for _status, sphere in rows)
    return [
        line(
            _("Überleitungen nach Stand"),
            {label: statuses.get(value, 0) for value, label in Referral.Status.choices},
            threshold,
        ),
        line(
            _("Überleitungen nach Rechtskreis des Angebots"),
            {
                **{label: spheres.get(value, 0) for value, label in LegalSphere.choices},
                _("ohne Angabe"): spheres.get("", 0),
            },
            threshold,
        ),
    ]


def unknown_by_cohort(tenant: Tenant) -> list[dict]:
    """Per leaving year: leavers, unknown before and after the Verbleibsklärung (monitoring, protected)."""
    return queries.headline(tenant)


def figures(tenant: Tenant, today: date) -> dict:
    threshold = protected.effective_threshold(tenant)
    return {
        "threshold": threshold,
        "open_lines": open_cases(tenant, today, threshold),
        "years": outcomes_by_year(tenant, threshold),
        "referral_lines": referrals(tenant, threshold),
        "cohorts": unknown_by_cohort(tenant),
    }
